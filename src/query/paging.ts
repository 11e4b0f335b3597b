// limit and offset as the Explore API takes them (ODS Explore v2.1 §3): limit defaults to 10,
// -1 ≤ limit ≤ 100 (-1 meaning the most allowed), offset ≥ 0 and offset + limit ≤ 10,000.
import { AppError } from '../errors.js';
import { lastValue, wholeNumber } from './query-string.js';

export interface PagingCaps {
  maxLimit: number;
  maxWindow: number;
}

export const RECORDS_CAPS: PagingCaps = { maxLimit: 100, maxWindow: 10_000 };

/** With group_by (§3): limit ≤ 20,000 and offset + limit ≤ 20,000. */
export const GROUPED_CAPS: PagingCaps = { maxLimit: 20_000, maxWindow: 20_000 };

export interface Paging {
  limit: number;
  offset: number;
}

/** Raw query-string values (a repeated key gives an array: the last one counts). */
export function parsePaging(raw: { limit?: unknown; offset?: unknown; rows?: unknown }, caps: PagingCaps = RECORDS_CAPS): Paging {
  // `rows` is the undocumented alias ods-widgets sends (§3); `limit` wins when both are given.
  const limitText = lastValue(raw.limit) ?? lastValue(raw.rows);
  const offsetText = lastValue(raw.offset);
  let limit = 10;
  if (limitText !== undefined) {
    const value = wholeNumber(limitText, 9);
    if (value === undefined || value < -1 || value > caps.maxLimit) {
      throw new AppError('INVALID_PARAMETER', { parameter: 'limit', value: limitText, expected: `-1 <= limit <= ${caps.maxLimit}` }, { parameter: 'limit' });
    }
    limit = value === -1 ? caps.maxLimit : value;
  }
  let offset = 0;
  if (offsetText !== undefined) {
    const value = wholeNumber(offsetText, 9);
    if (value === undefined || value < 0) {
      throw new AppError('INVALID_PARAMETER', { parameter: 'offset', value: offsetText, expected: '0 <= offset' }, { parameter: 'offset' });
    }
    offset = value;
  }
  if (offset + limit > caps.maxWindow) {
    throw new AppError('INVALID_PARAMETER', { parameter: 'sum of offset + limit', value: offset + limit, expected: `<= ${caps.maxWindow}` }, { parameter: 'offset' });
  }
  return { limit, offset };
}

/**
 * LIMIT and OFFSET as SQL over bound parameters numbered after `n` (`$n+1`…), with their values;
 * a negative limit is none. The first page has no OFFSET: with one, even 0, DuckDB reads a page of
 * a large table in a second pass (2–3 ms more on 1,000,000 rows).
 */
export function pageClause(paging: Paging, n: number): { sql: string; params: number[] } {
  const params: number[] = [];
  let sql = '';
  if (paging.limit >= 0) {
    params.push(paging.limit);
    sql += ` limit $${n + params.length}`;
  }
  if (paging.offset > 0) {
    params.push(paging.offset);
    sql += ` offset $${n + params.length}`;
  }
  return { sql, params };
}
