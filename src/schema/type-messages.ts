// What a `type-error` says (spec §8, Messages): frictionless's note, and a sentence in French and
// English naming what is wrong and, whenever we can compute it, the corrected value — Validata's
// hints made concrete: `47800,20` → `47800.20`, `31/12/2017` → `2017-12-31`, `Oui` → `oui`,
// `www.exemple.fr` → `https://www.exemple.fr`. Only called on failures: speed does not matter here.
import { INVALID } from './model.js';
import type { Message, SchemaField } from './model.js';
import { compileCast, DEFAULT_FALSE_VALUES, DEFAULT_TRUE_VALUES, firstInvalidItem, isEmail, isUri, listItemField } from './cast.js';
import { castGeopointArray, castGeopointDefault } from './cast-geo.js';
import { en, fr, listOf } from './message-text.js';
import { daysInMonth, strftime, type DateParts } from './strptime.js';

export function typeErrorMessage(field: SchemaField, text: string): { note: string; message: Message } {
  return { note: `type is "${field.type}/${field.format}"`, message: describe(field, text) };
}

const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
const sentence = (frTitle: string, enTitle: string, frWhy: string, enWhy: string): Message => ({ fr: `${frTitle}. ${capital(frWhy)}`, en: `${enTitle}. ${capital(enWhy)}` });
const withExample = (field: SchemaField, message: Message): Message =>
  field.example === null || field.example === '' ? message : { fr: `${message.fr} Exemple : ${fr(field.example)}.`, en: `${message.en} Example: ${en(field.example)}.` };

function describe(field: SchemaField, text: string): Message {
  switch (field.type) {
    case 'number': case 'integer': return numberMessage(field, text);
    case 'boolean': return booleanMessage(field, text);
    case 'date': case 'datetime': case 'time': return temporalMessage(field, text);
    case 'year': {
      const year = /(?:^|\D)(\d{4})(?:\D|$)/.exec(text)?.[1];
      const why = year && year !== text ? [`écrivez ${fr(year)}.`, `write ${en(year)}.`] : ['une année s\'écrit avec quatre chiffres, par exemple 2018.', 'a year is written with four digits, for example 2018.'];
      return sentence("Format d'année incorrect", 'Invalid year', why[0]!, why[1]!);
    }
    case 'yearmonth': {
      const m = /^(\d{1,2})[/.-](\d{4})$/.exec(text.trim()) ?? /^(\d{4})[/.](\d{1,2})$/.exec(text.trim());
      const fixed = m ? (m[1]!.length === 4 ? `${m[1]}-${m[2]!.padStart(2, '0')}` : `${m[2]}-${m[1]!.padStart(2, '0')}`) : null;
      return fixed && compileCast(field)(fixed) !== INVALID
        ? sentence('Format de mois incorrect', 'Invalid year and month', `écrivez ${fr(fixed)} (année-mois).`, `write ${en(fixed)} (year-month).`)
        : sentence('Format de mois incorrect', 'Invalid year and month', 'la forme attendue est aaaa-mm, par exemple 2021-04.', 'the expected form is yyyy-mm, for example 2021-04.');
    }
    case 'duration':
      return withExample(field, sentence('Format de durée incorrect', 'Invalid duration', 'une durée s\'écrit au format ISO 8601, par exemple P1Y2M10D (1 an, 2 mois, 10 jours) ou PT1H30M (1 h 30).', 'a duration is written in ISO 8601, for example P1Y2M10D or PT1H30M.'));
    case 'geopoint': return geopointMessage(field, text);
    case 'string': return withExample(field, stringMessage(field, text));
    case 'array': case 'list': return arrayMessage(field, text);
    case 'object':
      return withExample(field, sentence('Objet JSON incorrect', 'Invalid JSON object', 'la valeur doit être un objet JSON entre accolades, par exemple {"clé": "valeur"}.', 'the value must be a JSON object in braces, for example {"key": "value"}.'));
    case 'geojson':
      return withExample(field, sentence('Géométrie incorrecte', 'Invalid geometry', `la valeur doit être un objet ${field.format === 'topojson' ? 'TopoJSON' : 'GeoJSON'}, par exemple {"type": "Point", "coordinates": [2.35, 48.85]}.`, `the value must be a ${field.format === 'topojson' ? 'TopoJSON' : 'GeoJSON'} object, for example {"type": "Point", "coordinates": [2.35, 48.85]}.`));
    case 'any':
      return sentence('Valeur incorrecte', 'Invalid value', 'valeur illisible.', 'unreadable value.');
  }
}

// ——— numbers ———

const UNIT = /^([^\d+\-.,]*)(.*?)([^\d.,]*)$/;

/** The number a French publisher most likely meant, and what had to change to get it. */
function repairNumber(field: SchemaField, text: string): { value: string; changes: Array<[string, string]> } | null {
  const changes: Array<[string, string]> = [];
  let value = text.trim();
  const parts = UNIT.exec(value);
  if (parts && (parts[1]!.trim() !== '' || parts[3]!.trim() !== '')) {
    value = parts[2]!.trim();
    changes.push(["retirez l'unité ou le symbole", 'remove the unit or symbol']);
  }
  if (/\d[\s\u00a0\u202f']+\d/.test(value)) {
    value = value.replace(/(?<=\d)[\s\u00a0\u202f']+(?=\d)/g, '');
    changes.push(['retirez les espaces entre les chiffres', 'remove the spaces between digits']);
  }
  const decimal = field.decimalChar ?? '.';
  if (decimal === '.') {
    if (/^-?\d{1,3}(?:\.\d{3})+,\d+$/.test(value)) {
      value = value.replace(/\./g, '').replace(',', '.');
      changes.push(['retirez les points des milliers et mettez un point à la place de la virgule', 'remove the thousands dots and use a dot instead of the comma']);
    } else if (/^[-+]?\d*,\d+$/.test(value)) {
      value = value.replace(',', '.');
      changes.push(['le séparateur décimal doit être un point, pas une virgule', 'the decimal separator must be a dot, not a comma']);
    }
  }
  if (decimal !== '.' && /^[-+]?\d*\.\d+$/.test(value)) {
    value = value.replace('.', decimal);
    changes.push([`le séparateur décimal doit être ${fr(decimal)}`, `the decimal separator must be ${en(decimal)}`]);
  }
  if (field.type === 'integer' && /^[-+]?\d+\.0+$/.test(value)) {
    value = value.replace(/\.0+$/, '');
    changes.push(['un entier s\'écrit sans décimales', 'an integer has no decimals']);
  }
  if (changes.length === 0 || value === text) return null;
  return compileCast(field)(value) === INVALID ? null : { value, changes };
}

function numberMessage(field: SchemaField, text: string): Message {
  const integer = field.type === 'integer';
  const title = integer ? ['Format entier incorrect', 'Invalid integer'] : ['Format de nombre incorrect', 'Invalid number'];
  const repair = repairNumber(field, text);
  if (repair) {
    const frWhy = repair.changes.map((c) => c[0]).join(', ');
    const enWhy = repair.changes.map((c) => c[1]).join(', ');
    return sentence(title[0]!, title[1]!, `${frWhy} : écrivez ${fr(repair.value)}.`, `${enWhy}: write ${en(repair.value)}.`);
  }
  if (integer && /^[-+]?\d*[.,]\d+$/.test(text.trim())) {
    return sentence(title[0]!, title[1]!, 'un nombre entier est attendu, sans décimales.', 'a whole number is expected, without decimals.');
  }
  const decimal = field.decimalChar ?? '.';
  const form = integer
    ? ['seulement des chiffres, avec un signe - éventuel (ex. 1250).', 'digits only, with an optional - sign (e.g. 1250).']
    : decimal === '.'
      ? ['des chiffres et un point comme séparateur décimal, sans espace ni unité (ex. 1250.50).', 'digits and a dot as the decimal separator, no spaces or units (e.g. 1250.50).']
      : [`des chiffres et ${fr(decimal)} comme séparateur décimal (ex. 1250${decimal}50).`, `digits and ${en(decimal)} as the decimal separator (e.g. 1250${decimal}50).`];
  return sentence(title[0]!, title[1]!, `${fr(text)} n'est pas ${integer ? 'un nombre entier' : 'un nombre'} ; écrivez ${form[0]}`, `${en(text)} is not ${integer ? 'an integer' : 'a number'}; write ${form[1]}`);
}

// ——— booleans ———

const YES = new Set(['oui', 'o', 'yes', 'y', 'vrai', 'true', '1', 'x', 'ok']);
const NO = new Set(['non', 'n', 'no', 'faux', 'false', '0']);

function booleanMessage(field: SchemaField, text: string): Message {
  const trueValues = field.trueValues ?? DEFAULT_TRUE_VALUES;
  const falseValues = field.falseValues ?? DEFAULT_FALSE_VALUES;
  const accepted = {
    fr: `valeurs acceptées : ${listOf(trueValues, fr)} pour vrai, ${listOf(falseValues, fr)} pour faux`,
    en: `accepted values: ${listOf(trueValues, en)} for true, ${listOf(falseValues, en)} for false`,
  };
  const word = text.trim().toLowerCase();
  const same = [...trueValues, ...falseValues].find((v) => v.toLowerCase() === word);
  const guess = same ?? (YES.has(word) ? trueValues[0] : NO.has(word) ? falseValues[0] : undefined);
  if (guess !== undefined) {
    return sentence('Valeur booléenne incorrecte', 'Invalid boolean', `écrivez ${fr(guess)} (${accepted.fr}, en respectant les majuscules).`, `write ${en(guess)} (${accepted.en}, case-sensitive).`);
  }
  return sentence('Valeur booléenne incorrecte', 'Invalid boolean', `${fr(text)} n'est pas accepté ; ${accepted.fr}.`, `${en(text)} is not accepted; ${accepted.en}.`);
}

// ——— dates and times ———

const SAMPLE: DateParts = { year: 2017, month: 12, day: 31, hour: 14, minute: 30, second: 0, microsecond: 0, offset: null };
const FR_PLACEHOLDERS: Record<string, string> = { Y: 'aaaa', y: 'aa', m: 'mm', d: 'jj', H: 'hh', I: 'hh', M: 'mm', S: 'ss', f: 'ffffff', z: '+hhmm' };
const EN_PLACEHOLDERS: Record<string, string> = { Y: 'yyyy', y: 'yy', m: 'mm', d: 'dd', H: 'hh', I: 'hh', M: 'mm', S: 'ss', f: 'ffffff', z: '+hhmm' };

/** The expected form in words and an example, for the field's type and format. */
function expectedForm(field: SchemaField): { fr: string; en: string; example: string } {
  const defaults = {
    date: { fr: 'aaaa-mm-jj', en: 'yyyy-mm-dd', example: '2017-12-31' },
    time: { fr: 'hh:mm:ss', en: 'hh:mm:ss', example: '14:30:00' },
    datetime: { fr: 'aaaa-mm-jjThh:mm:ss, avec un fuseau éventuel (Z ou +01:00)', en: 'yyyy-mm-ddThh:mm:ss, with an optional zone (Z or +01:00)', example: '2017-12-31T14:30:00+01:00' },
  } as const;
  const kind = field.type as keyof typeof defaults;
  if (field.format === 'default' || field.format === 'any') return defaults[kind];
  const words = (table: Record<string, string>) => field.format.replace(/%(.)/g, (whole, letter: string) => table[letter] ?? whole);
  return { fr: words(FR_PLACEHOLDERS), en: words(EN_PLACEHOLDERS), example: strftime(SAMPLE, field.format) };
}

interface Recognised { parts: DateParts; hasDate: boolean; hasTime: boolean; zone: string | null; exists: boolean }

/** Reads the date forms French files contain: ISO, `jj/mm/aaaa` (also with `-` or `.`), `aaaa/mm/jj`, with an optional time. */
function recognise(text: string): Recognised | null {
  const t = text.trim();
  const time = '(?:[T\\s]+(\\d{1,2})[:h](\\d{2})(?:[:m](\\d{2})(?:[.,](\\d{1,6})\\d*)?)?\\s*(Z|[+-]\\d{2}:?\\d{2})?)?';
  let m = new RegExp(`^(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})${time}$`, 'i').exec(t);
  let ymd: [number, number, number] | null = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
  if (!m) {
    m = new RegExp(`^(\\d{1,2})[-/.](\\d{1,2})[-/.](\\d{4})${time}$`, 'i').exec(t);
    if (m) ymd = [Number(m[3]), Number(m[2]), Number(m[1])];
  }
  if (!m || !ymd) {
    const onlyTime = /^(\d{1,2})[:h](\d{2})(?:[:m](\d{2}))?$/i.exec(t);
    if (!onlyTime) return null;
    const parts = { ...SAMPLE, hour: Number(onlyTime[1]), minute: Number(onlyTime[2]), second: Number(onlyTime[3] ?? 0) };
    return { parts, hasDate: false, hasTime: true, zone: null, exists: parts.hour <= 23 && parts.minute <= 59 && parts.second <= 59 };
  }
  const [year, month, day] = ymd;
  const parts: DateParts = { year, month, day, hour: Number(m[4] ?? 0), minute: Number(m[5] ?? 0), second: Number(m[6] ?? 0), microsecond: m[7] ? Number(m[7].padEnd(6, '0')) : 0, offset: null };
  const exists = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && parts.hour <= 23 && parts.minute <= 59 && parts.second <= 59;
  return { parts, hasDate: true, hasTime: m[4] !== undefined, zone: m[8] ?? null, exists };
}

const pad = (n: number): string => String(n).padStart(2, '0');

function render(field: SchemaField, r: Recognised): string {
  const p = r.parts;
  if (field.format !== 'default' && field.format !== 'any') return strftime(p, field.format);
  const date = `${String(p.year).padStart(4, '0')}-${pad(p.month)}-${pad(p.day)}`;
  const time = `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
  if (field.type === 'date') return date;
  if (field.type === 'time') return time;
  const zone = r.zone === null ? '' : r.zone.toUpperCase() === 'Z' ? 'Z' : r.zone.includes(':') ? r.zone : `${r.zone.slice(0, 3)}:${r.zone.slice(3)}`;
  return `${date}T${time}${zone}`;
}

function temporalMessage(field: SchemaField, text: string): Message {
  const title = { date: ['Format de date incorrect', 'Invalid date'], time: ["Format d'heure incorrect", 'Invalid time'], datetime: ['Format de date et heure incorrect', 'Invalid date and time'] }[field.type as 'date']!;
  const form = expectedForm(field);
  const r = recognise(text);
  if (r && !r.exists) {
    return sentence(title[0]!, title[1]!, `${fr(text)} n'existe pas dans le calendrier : vérifiez le jour, le mois ou l'heure.`, `${en(text)} does not exist in the calendar: check the day, month or time.`);
  }
  if (r && (r.hasDate || field.type === 'time')) {
    const fixed = render(field, r);
    if (fixed !== text && compileCast(field)(fixed) !== INVALID) {
      if (field.type === 'datetime' && !r.hasTime) {
        return sentence(title[0]!, title[1]!, `l'heure manque : écrivez par exemple ${fr(fixed)} avec l'heure réelle ; la forme attendue est ${form.fr}.`, `the time is missing: write for example ${en(fixed)} with the actual time; the expected form is ${form.en}.`);
      }
      const extra = field.type === 'date' && r.hasTime ? [' (sans l\'heure)', ' (without the time)'] : ['', ''];
      return sentence(title[0]!, title[1]!, `écrivez ${fr(fixed)}${extra[0]} ; la forme attendue est ${form.fr}.`, `write ${en(fixed)}${extra[1]}; the expected form is ${form.en}.`);
    }
  }
  return sentence(title[0]!, title[1]!, `la forme attendue est ${form.fr}, par exemple ${fr(form.example)}.`, `the expected form is ${form.en}, for example ${en(form.example)}.`);
}

// ——— geopoints ———

function geopointMessage(field: SchemaField, text: string): Message {
  const title = ['Coordonnées incorrectes', 'Invalid coordinates'] as const;
  const numbers = text.match(/-?\d+(?:\.\d+)?/g);
  const pair = numbers && numbers.length === 2 && /^[\s[\]{},;"a-z:]*-?\d+(?:\.\d+)?[\s,;]+-?\d+(?:\.\d+)?[\s\]}"]*$/i.test(text) ? numbers.map(Number) : null;
  const write = (lon: number, lat: number): string => (field.format === 'array' ? `[${lon}, ${lat}]` : field.format === 'object' ? `{"lon": ${lon}, "lat": ${lat}}` : `${lon}, ${lat}`);
  const valid = (candidate: string): boolean => (field.format === 'array' ? castGeopointArray(candidate) : field.format === 'object' ? compileCast(field)(candidate) : castGeopointDefault(candidate)) !== INVALID;
  if (pair) {
    const [a, b] = pair as [number, number];
    const inRange = Math.abs(a) <= 180 && Math.abs(b) <= 90;
    if (!inRange && Math.abs(b) <= 180 && Math.abs(a) <= 90 && valid(write(b, a))) {
      return sentence(title[0], title[1], `la longitude vient en premier, puis la latitude : écrivez ${fr(write(b, a))}.`, `longitude comes first, then latitude: write ${en(write(b, a))}.`);
    }
    if (inRange && valid(write(a, b)) && write(a, b) !== text) {
      return sentence(title[0], title[1], `écrivez ${fr(write(a, b))} (longitude, latitude).`, `write ${en(write(a, b))} (longitude, latitude).`);
    }
    if (!inRange) {
      return sentence(title[0], title[1], 'hors limites : la longitude va de -180 à 180 et la latitude de -90 à 90 (en degrés décimaux, WGS 84).', 'out of range: longitude goes from -180 to 180 and latitude from -90 to 90 (decimal degrees, WGS 84).');
    }
  }
  return withExample(field, sentence(title[0], title[1], `la forme attendue est ${fr(write(2.35, 48.85))} : longitude puis latitude, en degrés décimaux avec un point.`, `the expected form is ${en(write(2.35, 48.85))}: longitude then latitude, in decimal degrees with a dot.`));
}

// ——— strings ———

function stringMessage(field: SchemaField, text: string): Message {
  const trimmed = text.trim();
  switch (field.format) {
    case 'email': {
      const bare = trimmed.replace(/^mailto:/i, '');
      if (bare !== text && isEmail(bare)) return sentence('Adresse e-mail incorrecte', 'Invalid e-mail address', `écrivez ${fr(bare)}.`, `write ${en(bare)}.`);
      if (/@.*[;,\s]+.*@/.test(trimmed)) return sentence('Adresse e-mail incorrecte', 'Invalid e-mail address', 'une seule adresse par cellule.', 'one address per cell.');
      return sentence('Adresse e-mail incorrecte', 'Invalid e-mail address', `${fr(text)} n'est pas une adresse e-mail valide (forme nom@domaine.fr).`, `${en(text)} is not a valid e-mail address (form name@domain.fr).`);
    }
    case 'uri': {
      const fixed = isUri(trimmed) ? trimmed : /^(?:www\.|[\w-]+\.[a-z]{2,})/i.test(trimmed) ? `https://${trimmed}` : null;
      if (fixed && fixed !== text && !/\s/.test(fixed)) return sentence('Adresse web incorrecte', 'Invalid URL', `l'adresse doit commencer par https:// (ou http://) : écrivez ${fr(fixed)}.`, `the address must start with https:// (or http://): write ${en(fixed)}.`);
      return sentence('Adresse web incorrecte', 'Invalid URL', `${fr(text)} n'est pas une adresse web complète ; elle doit commencer par https:// (ou http://).`, `${en(text)} is not a complete web address; it must start with https:// (or http://).`);
    }
    case 'uuid':
      return sentence('Identifiant UUID incorrect', 'Invalid UUID', 'la forme attendue est 8-4-4-4-12 caractères hexadécimaux, par exemple 65d5b6c7-102c-4440-ac3b-768f708edc0a.', 'the expected form is 8-4-4-4-12 hexadecimal characters, for example 65d5b6c7-102c-4440-ac3b-768f708edc0a.');
    case 'binary':
      return sentence('Contenu binaire incorrect', 'Invalid binary content', 'la valeur doit être encodée en base64.', 'the value must be base64-encoded.');
    case 'wkt':
      return sentence('Géométrie WKT incorrecte', 'Invalid WKT geometry', 'la forme attendue est par exemple POINT (2.35 48.85) ou POLYGON ((…)).', 'the expected form is for example POINT (2.35 48.85) or POLYGON ((…)).');
    default:
      return sentence('Format de texte incorrect', 'Invalid text', 'valeur illisible.', 'unreadable value.');
  }
}

// ——— arrays and lists ———

const TYPE_WORDS: Record<string, [string, string]> = {
  string: ['un texte', 'a text'], number: ['un nombre', 'a number'], integer: ['un nombre entier', 'an integer'], boolean: ['un booléen', 'a boolean'],
  date: ['une date', 'a date'], time: ['une heure', 'a time'], datetime: ['une date et heure', 'a date and time'], year: ['une année', 'a year'],
  yearmonth: ['un mois', 'a month'], duration: ['une durée', 'a duration'], geopoint: ['un point', 'a point'], geojson: ['une géométrie GeoJSON', 'a GeoJSON geometry'],
  object: ['un objet JSON', 'a JSON object'], array: ['une liste JSON', 'a JSON array'], list: ['une liste', 'a list'], any: ['une valeur', 'a value'],
};

function arrayMessage(field: SchemaField, text: string): Message {
  const item = field.type === 'list' ? listItemField(field) : field.arrayItem;
  const bad = firstInvalidItem(field, text);
  if (bad && item) {
    const [frType, enType] = TYPE_WORDS[item.type] ?? ['une valeur valide', 'a valid value'];
    return sentence('Élément de liste incorrect', 'Invalid list item', `l'élément n° ${bad.index + 1} (${fr(bad.item)}) n'est pas ${frType}${item.format !== 'default' ? ` au format ${item.format}` : ''}.`, `item ${bad.index + 1} (${en(bad.item)}) is not ${enType}${item.format !== 'default' ? ` in format ${item.format}` : ''}.`);
  }
  if (field.type === 'list') {
    const delimiter = field.delimiter ?? ',';
    return sentence('Liste incorrecte', 'Invalid list', `les éléments doivent être séparés par ${fr(delimiter)}.`, `items must be separated by ${en(delimiter)}.`);
  }
  // A plain value or a `;`/`,` separated list instead of a JSON array: show the JSON form.
  const items = text.trim().replace(/^\[|\]$/g, '').split(/\s*[;,|]\s*/).map((s) => s.trim().replace(/^["']|["']$/g, '')).filter((s) => s !== '');
  const fixed = items.length > 0 ? JSON.stringify(items) : '["valeur 1", "valeur 2"]';
  const ok = items.length > 0 && compileCast(field)(fixed) !== INVALID && fixed !== text;
  return ok
    ? sentence('Liste incorrecte', 'Invalid array', `la valeur doit être une liste JSON, entre crochets, chaque élément entre guillemets droits : écrivez ${fr(fixed)}.`, `the value must be a JSON array, in brackets, each item in straight double quotes: write ${en(fixed)}.`)
    : withExample(field, sentence('Liste incorrecte', 'Invalid array', 'la valeur doit être une liste JSON, entre crochets, chaque élément entre guillemets droits, par exemple ["valeur 1", "valeur 2"].', 'the value must be a JSON array, in brackets, each item in straight double quotes, for example ["value 1", "value 2"].'));
}
