// Table Schema dates, times and datetimes with a pattern format (`%d/%m/%Y`) are read the way
// Python's `datetime.strptime` reads them, since frictionless does (spec §6.5): the format becomes
// a regular expression built from the same per-directive alternatives as CPython's `_strptime`
// (so `%m` takes one or two digits, `%Y` exactly four), matched case-insensitively from the start;
// text left over is an error ("unconverted data remains"), and the result must be a real date.
// Month and day names are English (the C locale).

export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
  /** Seconds east of UTC when the format has `%z`; null for a naive value. */
  offset: number | null;
}

/** A format that strptime would refuse (`%Q`, a lone `%`): Python's "bad directive". */
export class StrptimeFormatError extends Error {}

export const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

const alternatives = (words: string[]): string => [...words].sort((a, b) => b.length - a.length).join('|');

// CPython Lib/_strptime.py, TimeRE: the same alternatives, in the same order (the order decides
// which one a backtracking match keeps).
const DIRECTIVES: Record<string, string> = {
  d: '3[01]|[12]\\d|0[1-9]|[1-9]| [1-9]',
  f: '[0-9]{1,6}',
  H: '2[0-3]|[0-1]\\d|\\d',
  I: '1[0-2]|0[1-9]|[1-9]',
  j: '36[0-6]|3[0-5]\\d|[12]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9]',
  m: '1[0-2]|0[1-9]|[1-9]',
  M: '[0-5]\\d|\\d',
  S: '6[0-1]|[0-5]\\d|\\d',
  w: '[0-6]',
  u: '[1-7]',
  y: '\\d\\d',
  Y: '\\d\\d\\d\\d',
  // Python writes the `Z` alternative case-sensitive; checked after the match.
  z: '[+-]\\d\\d:?[0-5]\\d(?::?[0-5]\\d(?:\\.\\d{1,6})?)?|Z',
  Z: 'utc|gmt',
  p: 'am|pm',
  a: alternatives(WEEKDAYS.map((w) => w.slice(0, 3))),
  A: alternatives(WEEKDAYS),
  b: alternatives(MONTHS.map((m) => m.slice(0, 3))),
  B: alternatives(MONTHS),
};
// C-locale composites, expanded before reading (as TimeRE does).
const COMPOSITES: Record<string, string> = { c: '%a %b %d %H:%M:%S %Y', x: '%m/%d/%y', X: '%H:%M:%S' };

export type Strptime = (text: string) => DateParts | null;

/** Compiles a strptime format once; throws StrptimeFormatError when Python would refuse it. */
export function compileStrptime(format: string): Strptime {
  const expanded = format.replace(/%([cxX])/g, (_, letter: string) => COMPOSITES[letter]!);
  const order: string[] = [];
  let source = '';
  for (let i = 0; i < expanded.length; i++) {
    const c = expanded[i]!;
    if (c === '%') {
      const letter = expanded[i + 1];
      if (letter === undefined) throw new StrptimeFormatError(`stray % in format "${format}"`);
      i += 1;
      if (letter === '%') {
        source += '%';
        continue;
      }
      const alternative = DIRECTIVES[letter];
      if (alternative === undefined) throw new StrptimeFormatError(`"%${letter}" is a bad directive in format "${format}"`);
      order.push(letter);
      source += `(${alternative})`;
    } else if (/\s/.test(c)) {
      while (i + 1 < expanded.length && /\s/.test(expanded[i + 1]!)) i += 1;
      source += '\\s+';
    } else {
      source += c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
    }
  }
  const regex = new RegExp(`^(?:${source})`, 'i');
  return (text) => {
    const match = regex.exec(text);
    if (match === null || match[0].length !== text.length) return null;
    return build(order, match);
  };
}

function build(order: string[], match: RegExpExecArray): DateParts | null {
  let year = 1900;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let microsecond = 0;
  let offset: number | null = null;
  let julian = 0;
  let pm: boolean | null = null;
  let twelveHour = false;
  for (let k = 0; k < order.length; k++) {
    const text = match[k + 1]!;
    switch (order[k]) {
      case 'Y': year = Number(text); break;
      case 'y': year = Number(text) + (Number(text) <= 68 ? 2000 : 1900); break;
      case 'm': month = Number(text); break;
      case 'b': case 'B': month = MONTHS.findIndex((m) => m.startsWith(text.toLowerCase())) + 1; break;
      case 'd': day = Number(text); break;
      case 'H': hour = Number(text); break;
      case 'I': hour = Number(text); twelveHour = true; break;
      case 'M': minute = Number(text); break;
      case 'S': second = Number(text); break;
      case 'f': microsecond = Number(text.padEnd(6, '0')); break;
      case 'p': pm = text.toLowerCase() === 'pm'; break;
      case 'j': julian = Number(text); break;
      case 'z': {
        if (text === 'z') return null;
        offset = text === 'Z' ? 0 : zoneOffset(text);
        break;
      }
      default: break; // %a %A %w %u %Z are read but, as in Python, not checked against the date.
    }
  }
  if (twelveHour) {
    if (pm === true) hour = hour === 12 ? 12 : hour + 12;
    else if (hour === 12) hour = 0;
  }
  // datetime() refuses a 60th or 61st second even though the regex admits them.
  if (second > 59) return null;
  if (year < 1) return null; // datetime.MINYEAR
  if (julian > 0) {
    const date = utcDate(year, 1, julian);
    year = date.getUTCFullYear();
    month = date.getUTCMonth() + 1;
    day = date.getUTCDate();
  } else if (day > daysInMonth(year, month)) {
    return null;
  }
  return { year, month, day, hour, minute, second, microsecond, offset };
}

function zoneOffset(text: string): number {
  const digits = text.slice(1).replace(/:/g, '');
  const seconds = Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4)) * 60 + Number(digits.slice(4, 6) || 0);
  return text[0] === '-' ? -seconds : seconds;
}

/** A UTC Date for any year from 1 (Date.UTC reads years 0–99 as 1900–1999). */
export function utcDate(year: number, month: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const title = (word: string): string => word[0]!.toUpperCase() + word.slice(1);

/** Writes a date the way Python's strftime would with this format (used to show the expected form in hints). */
export function strftime(parts: DateParts, format: string): string {
  const weekday = (utcDate(parts.year, parts.month, parts.day).getUTCDay() + 6) % 7;
  const expanded = format.replace(/%([cxX])/g, (_, letter: string) => COMPOSITES[letter]!);
  return expanded.replace(/%(.)/g, (whole, letter: string) => {
    switch (letter) {
      case 'Y': return pad(parts.year, 4);
      case 'y': return pad(parts.year % 100);
      case 'm': return pad(parts.month);
      case 'd': return pad(parts.day);
      case 'H': return pad(parts.hour);
      case 'I': return pad(parts.hour % 12 === 0 ? 12 : parts.hour % 12);
      case 'M': return pad(parts.minute);
      case 'S': return pad(parts.second);
      case 'f': return pad(parts.microsecond, 6);
      case 'p': return parts.hour < 12 ? 'AM' : 'PM';
      case 'j': return pad(Math.round((utcDate(parts.year, parts.month, parts.day).getTime() - utcDate(parts.year, 1, 1).getTime()) / 86_400_000) + 1, 3);
      case 'b': return title(MONTHS[parts.month - 1]!.slice(0, 3));
      case 'B': return title(MONTHS[parts.month - 1]!);
      case 'a': return title(WEEKDAYS[weekday]!.slice(0, 3));
      case 'A': return title(WEEKDAYS[weekday]!);
      case 'w': return String((weekday + 1) % 7);
      case 'u': return String(weekday + 1);
      case 'z': {
        const offset = parts.offset ?? 0;
        const abs = Math.abs(offset);
        return `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 3600))}${pad(Math.floor((abs % 3600) / 60))}`;
      }
      case 'Z': return parts.offset === null ? '' : 'UTC';
      case '%': return '%';
      default: return whole;
    }
  });
}
