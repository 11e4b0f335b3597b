// range() over a date or datetime field in group_by (ODS §5.6): equal widths, `range(d, 1 month)`,
// or static bounds, `range(d, *, date'2024-01-01', date'2025-01-01', *)`. Keys are text in the form
// the documentation's comments show, `[2020-01-01T00:00:00.000Z, 2020-01-02T00:00:00.000Z[`: lower
// bound included, upper excluded, in UTC (§12: unverified on a live portal). Widths of a week,
// month, quarter or year start where the calendar's do (ISO weeks start on Monday) and take no
// multiple, as ODS documents; smaller units take any whole number.
import type { Compiled, Compiler } from './odsql/compile.js';
import { odsqlError } from './odsql/errors.js';
import type { Expr } from './odsql/parser.js';

const CALENDAR_UNITS = new Set(['week', 'month', 'quarter', 'year']);
const INTERVALS: Record<string, string> = { millisecond: 'to_milliseconds', second: 'to_seconds', minute: 'to_minutes', hour: 'to_hours', day: 'to_days' };

/** A date or datetime as a UTC timestamp. */
function utc(compiled: Compiled): string {
  return compiled.type === 'date' ? `cast(${compiled.sql} as timestamp)` : `timezone('UTC', ${compiled.sql})`;
}

/** A UTC timestamp as a key's bound: `2020-01-01T00:00:00.000Z`. */
function bound(timestamp: string): string {
  return `(strftime(${timestamp}, '%Y-%m-%dT%H:%M:%S.%g') || 'Z')`;
}

export function dateRangeKey(compiler: Compiler, call: Extract<Expr, { kind: 'call' }>, value: Compiled, bounds: Expr[]): Compiled {
  const at = utc(value);
  const [first] = bounds;
  const width = bounds.length !== 1 ? undefined : first?.kind === 'duration' ? first : first?.kind === 'distance' ? { amount: first.metres, unit: 'minute' as const, start: first.start } : undefined;
  if (width) {
    // `5 m` reads as five metres elsewhere: here, five minutes.
    const { amount, unit } = width;
    if (!Number.isInteger(amount) || amount <= 0) throw odsqlError('group_by', width.start, 'the width of range() must be a positive whole number', 'la largeur de range() doit être un nombre entier positif');
    let low: string;
    let high: string;
    if (CALENDAR_UNITS.has(unit)) {
      if (amount !== 1) throw odsqlError('group_by', width.start, `range() takes 1 ${unit}, not ${amount}`, `range() prend 1 ${unit}, pas ${amount}`);
      low = `date_trunc('${unit}', ${at})`;
      high = `(${low} + interval 1 ${unit})`;
    } else {
      const interval = `${INTERVALS[unit]}(${amount})`;
      low = `time_bucket(${interval}, ${at}, timestamp '1970-01-01')`;
      high = `(${low} + ${interval})`;
    }
    return { sql: `case when ${value.sql} is null then null else '[' || ${bound(low)} || ', ' || ${bound(high)} || '[' end`, type: 'text', aggregate: false };
  }
  const openLow = first?.kind === 'star';
  const openHigh = bounds[bounds.length - 1]?.kind === 'star';
  const steps = bounds.filter((b) => b.kind !== 'star');
  if (steps.length === 0) throw odsqlError('group_by', call.start, 'range() on a date takes a width (1 day, 1 month…) or date bounds', 'range() sur une date prend une largeur (1 day, 1 month…) ou des bornes de dates');
  const times = steps.map((b) => {
    if (b.kind !== 'date') throw odsqlError('group_by', b.start, "a date such as date'2024-01-01' or * is expected", "une date comme date'2024-01-01' ou * est attendue");
    const compiled = compiler.value(b, 'group_by');
    return { sql: utc(compiled), ms: Date.parse(b.value) };
  });
  if (times.some((t, i) => i > 0 && !(t.ms > (times[i - 1]?.ms ?? t.ms)))) throw odsqlError('group_by', call.start, 'range() bounds must increase', 'les bornes de range() doivent croître');
  const cases: string[] = [];
  const firstTime = times[0];
  const lastTime = times[times.length - 1];
  if (openLow && firstTime) cases.push(`when ${at} < ${firstTime.sql} then '[*, ' || ${bound(firstTime.sql)} || '['`);
  for (let i = 0; i + 1 < times.length; i += 1) {
    const [low, high] = [times[i], times[i + 1]];
    if (low && high) cases.push(`when ${at} >= ${low.sql} and ${at} < ${high.sql} then '[' || ${bound(low.sql)} || ', ' || ${bound(high.sql)} || '['`);
  }
  if (openHigh && lastTime) cases.push(`when ${at} >= ${lastTime.sql} then '[' || ${bound(lastTime.sql)} || ', *['`);
  return { sql: cases.length > 0 ? `case ${cases.join(' ')} else null end` : 'cast(null as varchar)', type: 'text', aggregate: false };
}
