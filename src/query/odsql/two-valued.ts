// ODSQL's two-valued conditions over SQL's three values.

/**
 * A condition that is false, never null, when a value it reads is null (so that `not` keeps that
 * record, §5.3), written for DuckDB to still push it into the Parquet scan and skip row groups on
 * their statistics: the bare test first (a null is not kept by a WHERE), then the same test made
 * two-valued for a `not` or an `or` around it. coalesce() alone hides the test from the scan.
 */
export const twoValued = (sql: string): string => `(${sql} and coalesce(${sql}, false))`;
