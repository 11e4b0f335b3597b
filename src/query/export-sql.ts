// Values as text in DuckDB SQL, written exactly as the JSON answer and the JavaScript CSV writer
// write them, so that DuckDB can write a CSV export itself and give the same bytes
// (test/query/export-sql.test.ts compares both on the same values). Each cell is made in two
// steps: the inner SELECT computes what a cell needs once (a number's text), the outer one the
// cell; DuckDB would otherwise compute a repeated sub-expression as many times as it is written.
import type { Field } from '../catalog/index.js';
import { multivaluedSeparator, sqlIdentifier } from '../data/index.js';

/** A cell: the inner SELECT's items (`expr as name`) and the outer expression over their names. */
export interface CellSql {
  inner: string[];
  cell: string;
}

/**
 * A DOUBLE as JavaScript's String(number), from the double `x` and DuckDB's text of it `text`:
 * `5` (DuckDB writes `5.0`), `100000000000000000000` (DuckDB: `1e+20`), `1e-7` (DuckDB: `1e-07`).
 * Both give the shortest digits that read back as the same double; only the notation differs.
 * JavaScript writes plain decimals when the decimal exponent is from -6 to 20, `d.ddde±x` otherwise.
 */
function jsNumberOfText(x: string, text: string): string {
  const mantissa = `split_part(${text}, 'e', 1)`;
  const exponent = `try_cast(split_part(${text}, 'e', 2) as integer)`;
  const digits = `replace(replace(${mantissa}, '-', ''), '.', '')`;
  const sign = `(case when ${x} < 0 then '-' else '' end)`;
  // The first two branches are the common cases, tested on the number (cheaper than on its text):
  // there DuckDB writes plain decimals too. DuckDB evaluates the others only for the rows they get.
  return `(case
    when ${x} <> trunc(${x}) and abs(${x}) >= 0.0001 and abs(${x}) < 1e15 then ${text}
    when ${x} = trunc(${x}) and abs(${x}) < 1e15 then cast(cast(${x} as bigint) as varchar)
    when not contains(${text}, 'e') then (case when ends_with(${text}, '.0') then (case when ${x} = 0 then '0' else substr(${text}, 1, length(${text}) - 2) end) when ${text} = 'nan' then 'NaN' when ${text} = 'inf' then 'Infinity' when ${text} = '-inf' then '-Infinity' else ${text} end)
    when ${exponent} < -6 or ${exponent} > 20 then ${mantissa} || 'e' || (case when ${exponent} >= 0 then '+' else '-' end) || cast(abs(${exponent}) as varchar)
    when ${exponent} >= 0 then ${sign} || (case when length(${digits}) <= ${exponent} + 1 then ${digits} || repeat('0', ${exponent} + 1 - length(${digits})) else substr(${digits}, 1, ${exponent} + 1) || '.' || substr(${digits}, ${exponent} + 2) end)
    else ${sign} || '0.' || repeat('0', -${exponent} - 1) || ${digits}
  end)`;
}

/** A DOUBLE expression as JavaScript writes it, in two steps named after `name`. */
function jsNumber(expression: string, name: string): CellSql {
  return { inner: [`${expression} as ${name}_n`, `cast(${expression} as varchar) as ${name}_t`], cell: jsNumberOfText(`${name}_n`, `${name}_t`) };
}

/** The same in one expression, for tests and for the rare values (integers past 2^53). */
export function jsNumberSql(x: string): string {
  return jsNumberOfText(x, `cast(${x} as varchar)`);
}

/**
 * A TIMESTAMPTZ as the JSON answer writes it (src/data/values.ts, isoWithOffset): UTC, `+00:00`,
 * milliseconds only when not zero. The driver truncates microseconds to milliseconds toward zero.
 */
function isoDatetime(column: string, name: string): CellSql {
  const millis = `(epoch_us(${column}) // 1000)`;
  return {
    inner: [`make_timestamp(${millis} * 1000) as ${name}_ts`, `${millis} % 1000 as ${name}_ms`],
    cell: `(strftime(${name}_ts, '%Y-%m-%dT%H:%M:%S') || (case when ${name}_ms <> 0 then strftime(${name}_ts, '.%g') else '' end) || '+00:00')`,
  };
}

/**
 * The CSV cell of a field's column (null for an empty cell), or undefined when only the JavaScript
 * writer gives the right bytes (shapes and files: their JSON is re-serialised). `name` prefixes the
 * inner columns; `param(value)` binds a value and returns its placeholder: separators are never SQL text.
 */
export function csvCellSql(field: Field, name: string, param: (value: string) => string, listSeparator: string): CellSql | undefined {
  const column = sqlIdentifier(field.name);
  const direct = (cell: string): CellSql => ({ inner: [`${cell} as ${name}_v`], cell: `${name}_v` });
  switch (field.type) {
    case 'text': {
      const separator = multivaluedSeparator(field);
      // An empty text is an empty cell, as null is (DuckDB would write `""` for it).
      return direct(separator === undefined ? `nullif(${column}, '')` : `nullif(replace(${column}, ${param(separator)}, ${param(listSeparator)}), '')`);
    }
    case 'int':
      // Exact up to 2^53, as the JSON answer's numbers are; past it, the double JavaScript shows.
      return direct(`(case when abs(${column}) <= 9007199254740991 then cast(${column} as varchar) else ${jsNumberSql(`cast(${column} as double)`)} end)`);
    case 'double':
      return jsNumber(column, name);
    case 'boolean':
    case 'date':
      return direct(`cast(${column} as varchar)`);
    case 'datetime':
      // In the request's zone (its `timezone` annotation, query/plan.ts), the JavaScript writer gives the offset.
      return typeof field.annotations.timezone === 'string' ? undefined : isoDatetime(column, name);
    case 'geo_point_2d': {
      // ODS Explore v2.1 §2.8: a point's cell is `lat, lon`.
      const lat = jsNumber(`struct_extract(${column}, 'lat')`, `${name}_lat`);
      const lon = jsNumber(`struct_extract(${column}, 'lon')`, `${name}_lon`);
      return { inner: [`${column} is null as ${name}_null`, ...lat.inner, ...lon.inner], cell: `(case when ${name}_null then null else ${lat.cell} || ', ' || ${lon.cell} end)` };
    }
    default:
      return undefined;
  }
}
