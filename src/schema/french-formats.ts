// French formats that Validata checks through custom checks and the frformat library: SIREN,
// SIRET, codes commune INSEE, codes postaux, phone numbers, GPS points in France, the ACTES
// nomenclature, OSM opening hours. Pure functions: the reference lists (COG 2026, from
// @etalab/decoupage-administratif) are shipped with the product and read once, on first use.
// Spec: ../specs/table-schema.md §8.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------- SIREN, SIRET

/** Luhn checksum over a string of digits (INSEE: SIREN and SIRET keys). */
function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

const LA_POSTE_SIREN = '356000000';
const LA_POSTE_HEAD_OFFICE = '35600000000048';

/** 9 digits, Luhn key. Strict: separators are not removed (SCDL fields also carry `^\d{9}$`). */
export function isSiren(text: string): boolean {
  return /^\d{9}$/.test(text) && luhn(text);
}

/**
 * 14 digits; Luhn on the 14 digits and on the SIREN. INSEE exception (as python-stdnum applies
 * it): La Poste's establishments other than its head office have no Luhn key, their digit sum is
 * a multiple of 5 instead.
 */
export function isSiret(text: string): boolean {
  if (!/^\d{14}$/.test(text)) return false;
  if (text.startsWith(LA_POSTE_SIREN) && text !== LA_POSTE_HEAD_OFFICE) {
    let sum = 0;
    for (const char of text) sum += char.charCodeAt(0) - 48;
    return sum % 5 === 0;
  }
  return luhn(text) && luhn(text.slice(0, 9));
}

// ------------------------------------------------------------------- COG: communes, codes postaux

interface RawCommune { code: string; type: string; anciensCodes?: string[]; codesPostaux?: string[] }

interface CogSets {
  communes: Set<string>;
  postcodes: Set<string>;
}

let cogSets: CogSets | null = null;

/** The COG's codes, read on first use (an 8 MB file: not at import time). */
function cog(): CogSets {
  if (cogSets) return cogSets;
  const communes = require('@etalab/decoupage-administratif/data/communes.json') as RawCommune[];
  const sets: CogSets = { communes: new Set(), postcodes: new Set() };
  // Every entry counts: current communes, communes déléguées and associées, Paris/Lyon/Marseille
  // arrondissements municipaux, and the former codes of merged communes (`anciensCodes`, which
  // include the pre-1976 Corsican 20xxx codes).
  for (const commune of communes) {
    sets.communes.add(commune.code);
    for (const code of commune.anciensCodes ?? []) sets.communes.add(code);
    for (const code of commune.codesPostaux ?? []) sets.postcodes.add(code);
  }
  cogSets = sets;
  return sets;
}

/** An existing or former code commune INSEE (`44109`, `2A004`, `97105`, `75101`). */
export function isCodeCommuneInsee(text: string): boolean {
  return /^(?:\d{5}|2[AB]\d{3})$/.test(text) && cog().communes.has(text);
}

/** Five digits and the postcode of at least one commune (CEDEX codes are not in the list). */
export function isCodePostal(text: string): boolean {
  return /^\d{5}$/.test(text) && cog().postcodes.has(text);
}

// ---------------------------------------------------------------------------------------- phones

// ARCEP short numbers: emergency (15, 17, 18, 112, 114, 115, 119, 191, 196, 197), harmonised
// European 116xxx, directory 118xxx, and the 4-digit 1xxx / 3xxx services (3949, 3237…).
const SHORT_NUMBER = /^(?:15|17|18|112|114|115|119|191|196|197|116\d{3}|118\d{3}|1\d{3}|3\d{3})$/;

// ITU-T E.164 country calling codes (assigned ones), prefix-free: at most one matches a number.
const COUNTRY_CODES = new Set(
  ('1 7 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 ' +
    '81 82 84 86 90 91 92 93 94 95 98 211 212 213 216 218 220 221 222 223 224 225 226 227 228 229 230 231 ' +
    '232 233 234 235 236 237 238 239 240 241 242 243 244 245 246 247 248 249 250 251 252 253 254 255 256 ' +
    '257 258 260 261 262 263 264 265 266 267 268 269 290 291 297 298 299 350 351 352 353 354 355 356 357 ' +
    '358 359 370 371 372 373 374 375 376 377 378 379 380 381 382 383 385 386 387 389 420 421 423 500 501 ' +
    '502 503 504 505 506 507 508 509 590 591 592 593 594 595 596 597 598 599 670 672 673 674 675 676 677 ' +
    '678 679 680 681 682 683 685 686 687 688 689 690 691 692 800 808 850 852 853 855 856 870 878 880 881 ' +
    '882 883 886 888 960 961 962 963 964 965 966 967 968 970 971 972 973 974 975 976 977 979 992 993 994 ' +
    '995 996 998').split(' '),
);

/** Country codes whose numbers follow the French 9-digit national plan: France and its DROM. */
const FRENCH_PLAN_CODES = new Set(['33', '262', '590', '594', '596']);

/** The digits of a phone number with its separators removed, `+` for the international prefix. */
export function compactPhoneNumber(text: string): string {
  let compact = text.trim();
  // `+33 (0)1 23…`: the bracketed national prefix is dropped in international form.
  if (/^(?:\+|00)/.test(compact)) compact = compact.replace(/\(0\)/g, '');
  compact = compact.replace(/[\s.\-()/]/g, '');
  if (compact.startsWith('00')) compact = `+${compact.slice(2)}`;
  return compact;
}

/**
 * A French number (10 digits from `01` to `09`, overseas included; or a short number), or an
 * international one: `+` (or `00`), an assigned country code, 7 to 15 digits in all (E.164).
 * Spaces, dots, dashes, slashes and brackets between digits are accepted.
 */
export function isFrenchPhoneNumber(text: string): boolean {
  const compact = compactPhoneNumber(text);
  if (/^0[1-9]\d{8}$/.test(compact) || SHORT_NUMBER.test(compact)) return true;
  const international = /^\+(\d{7,15})$/.exec(compact)?.[1];
  if (!international) return false;
  for (const length of [1, 2, 3]) {
    const code = international.slice(0, length);
    if (!COUNTRY_CODES.has(code)) continue;
    const national = international.slice(length);
    if (FRENCH_PLAN_CODES.has(code)) return /^[1-9]\d{8}$/.test(national);
    return national.length >= 4;
  }
  return false;
}

// ------------------------------------------------------------------------------------------- GPS

/** [west, south, east, north] in WGS84 degrees: the extents of each territory's départements. */
const FRENCH_BOXES: readonly (readonly [number, number, number, number])[] = [
  [-5.141277, 41.333571, 9.560091, 51.088989], // metropolitan France, Corsica included
  [-61.809839, 15.832041, -61.001959, 16.514488], // Guadeloupe
  [-61.229033, 14.388646, -60.809655, 14.878723], // Martinique
  [-54.60239, 2.111055, -51.619041, 5.748138], // Guyane
  [55.216526, -21.389631, 55.836654, -20.8718], // La Réunion
  [45.01833, -13.005254, 45.299985, -12.63659], // Mayotte
  [-56.42, 46.74, -56.12, 47.15], // Saint-Pierre-et-Miquelon (not in Validata's list)
];

function inFrance(lon: number, lat: number): boolean {
  return FRENCH_BOXES.some(([west, south, east, north]) => lon >= west && lon <= east && lat >= south && lat <= north);
}

/** Validata `french-gps-coordinates`: in France, in France once swapped (written lat, lon), or neither. */
export function frenchGps(lon: number, lat: number): 'ok' | 'reversed' | 'outside' {
  if (inFrance(lon, lat)) return 'ok';
  return inFrance(lat, lon) ? 'reversed' : 'outside';
}

// ------------------------------------------------------------------------------ ACTES nomenclature

/** The 9 level-1 matters of the ACTES nomenclature (contrôle de légalité dématérialisé). */
export const ACTES_MATTERS = [
  'Commande publique',
  'Urbanisme',
  'Domaine et patrimoine',
  'Fonction publique',
  'Institutions et vie politique',
  'Libertés publiques et pouvoirs de police',
  'Finances locales',
  'Domaines de compétences par thèmes',
  'Autres domaines de compétences',
] as const;
export type ActesMatter = (typeof ACTES_MATTERS)[number];

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const MATTER_BY_FOLDED = new Map<string, ActesMatter>(ACTES_MATTERS.map((matter) => [fold(matter), matter]));

export type ActesVerdict =
  | { valid: true; matter: ActesMatter }
  /** `matter`: the one recognised despite the problem (to suggest a fix), else null. */
  | { valid: false; problem: 'no-slash' | 'space-around-slash' | 'unknown-matter'; matter: ActesMatter | null };

/**
 * `matière/sous-matière`: the text before the first `/` is one of the 9 matters (case and accents
 * ignored); the `/` is mandatory, with no space before or after it.
 */
export function actesMatter(text: string): ActesVerdict {
  const slash = text.indexOf('/');
  if (slash < 0) return { valid: false, problem: 'no-slash', matter: MATTER_BY_FOLDED.get(fold(text.trim())) ?? null };
  const matter = MATTER_BY_FOLDED.get(fold(text.slice(0, slash)));
  if (/\s/.test(text.charAt(slash - 1)) || /\s/.test(text.charAt(slash + 1))) {
    return { valid: false, problem: 'space-around-slash', matter: matter ?? MATTER_BY_FOLDED.get(fold(text.slice(0, slash).trim())) ?? null };
  }
  return matter ? { valid: true, matter } : { valid: false, problem: 'unknown-matter', matter: null };
}

// ------------------------------------------------------------------------------- opening hours

// A subset of the OpenStreetMap `opening_hours` grammar (wiki "Key:opening_hours/specification"),
// the forms found in French public data:
//   expression := rule ((';' | ',') rule)*        (',' separates rules when a selector follows)
//   rule       := '24/7' [modifier] | [months] [weekdays] [times] [modifier]   (not all empty)
//   months     := month-item (',' month-item)*;  month-item := Mon [day] ['-' (Mon [day] | day)]
//   weekdays   := day-item (',' day-item)*;  day-item := Day ['-' Day] ['[' nth (',' nth)* ']'] | PH | SH
//   times      := span (',' span)*;  span := hh:mm '-' hh:mm ['+'] | hh:mm '+'   (end up to 48:00)
//   modifier   := ('open' | 'closed' | 'off' | 'unknown') ['"comment"'] | '"comment"'
// Not supported (rejected): years, week numbers, `easter`, sunrise/sunset events, PH offsets,
// `||` fallback rules, repeated times (`10:00-16:00/01:30`).

const OH_TOKEN = /\s*(24\/7|"[^"]*"|\d{1,2}:\d{2}|\d+|Mo|Tu|We|Th|Fr|Sa|Su|PH|SH|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|open|closed|off|unknown|[-,;[\]+])/y;
const OH_DAYS = new Set(['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su']);
const OH_MONTHS = new Set(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
const OH_STATES = new Set(['open', 'closed', 'off', 'unknown']);

function ohTokens(text: string): string[] | null {
  const tokens: string[] = [];
  OH_TOKEN.lastIndex = 0;
  while (OH_TOKEN.lastIndex < text.length) {
    const start = OH_TOKEN.lastIndex;
    const match = OH_TOKEN.exec(text);
    if (!match) return /^\s*$/.test(text.slice(start)) ? tokens : null;
    tokens.push(match[1]!);
  }
  return tokens;
}

class OpeningHoursParser {
  private at = 0;
  constructor(private readonly tokens: string[]) {}

  private peek(offset = 0): string | undefined {
    return this.tokens[this.at + offset];
  }
  private take(): string | undefined {
    return this.tokens[this.at++];
  }
  private isNumber(token: string | undefined, min: number, max: number): boolean {
    return token !== undefined && /^\d+$/.test(token) && Number(token) >= min && Number(token) <= max;
  }
  private isTime(token: string | undefined, maxHour: number): boolean {
    const match = token === undefined ? null : /^(\d{1,2}):(\d{2})$/.exec(token);
    return match !== null && Number(match[1]) <= maxHour && Number(match[2]) <= 59;
  }
  private startsSelector(token: string | undefined): boolean {
    return token !== undefined && (OH_DAYS.has(token) || OH_MONTHS.has(token) || token === 'PH' || token === 'SH');
  }

  expression(): boolean {
    if (!this.rule()) return false;
    while (this.peek() === ';' || (this.peek() === ',' && this.startsSelector(this.peek(1)))) {
      this.take();
      if (!this.rule()) return false;
    }
    return this.at === this.tokens.length;
  }

  private rule(): boolean {
    let matched = false;
    if (this.peek() === '24/7') {
      this.take();
      matched = true;
    } else {
      if (OH_MONTHS.has(this.peek() ?? '')) {
        if (!this.list(() => this.monthItem(), (next) => OH_MONTHS.has(next ?? ''))) return false;
        matched = true;
      }
      if (this.startsSelector(this.peek())) {
        if (!this.list(() => this.dayItem(), (next) => next === 'PH' || next === 'SH' || OH_DAYS.has(next ?? ''))) return false;
        matched = true;
      }
      if (this.isTime(this.peek(), 24)) {
        if (!this.list(() => this.timeSpan(), (next) => this.isTime(next, 24))) return false;
        matched = true;
      }
    }
    if (OH_STATES.has(this.peek() ?? '')) {
      this.take();
      matched = true;
    }
    if (this.peek()?.startsWith('"')) {
      this.take();
      matched = true;
    }
    return matched;
  }

  /** item (',' item)*, a ',' belonging to the list only when the next token can start an item. */
  private list(item: () => boolean, startsItem: (next: string | undefined) => boolean): boolean {
    if (!item()) return false;
    while (this.peek() === ',' && startsItem(this.peek(1))) {
      this.take();
      if (!item()) return false;
    }
    return true;
  }

  private monthItem(): boolean {
    this.take();
    if (this.isNumber(this.peek(), 1, 31)) this.take();
    if (this.peek() !== '-') return true;
    this.take();
    if (OH_MONTHS.has(this.peek() ?? '')) {
      this.take();
      if (this.isNumber(this.peek(), 1, 31)) this.take();
      return true;
    }
    return this.isNumber(this.take(), 1, 31);
  }

  private dayItem(): boolean {
    const first = this.take();
    if (first === 'PH' || first === 'SH') return true;
    if (this.peek() === '-') {
      this.take();
      if (!OH_DAYS.has(this.take() ?? '')) return false;
    }
    if (this.peek() !== '[') return true;
    this.take();
    do {
      if (this.peek() === '-') this.take();
      if (!this.isNumber(this.take(), 1, 5)) return false;
      if (this.peek() === '-') {
        this.take();
        if (!this.isNumber(this.take(), 1, 5)) return false;
      }
    } while (this.peek() === ',' && this.take() !== undefined);
    return this.take() === ']';
  }

  private timeSpan(): boolean {
    this.take();
    if (this.peek() === '+') return this.take() !== undefined;
    if (this.take() !== '-' || !this.isTime(this.take(), 48)) return false;
    if (this.peek() === '+') this.take();
    return true;
  }
}

/** An OSM `opening_hours` expression, within the subset described above. */
export function isOpeningHours(text: string): boolean {
  const tokens = ohTokens(text);
  return tokens !== null && tokens.length > 0 && new OpeningHoursParser(tokens).expression();
}
