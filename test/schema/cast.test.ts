// Casting cells to their field's type and format (spec §6), as frictionless-py reads them, and the
// type-error messages French publishers see, with the corrected value whenever one can be given.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileCast, typeErrorMessage } from '../../src/schema/cast.js';
import { readSchemaDescriptor } from '../../src/schema/descriptor.js';
import { INVALID, type SchemaField } from '../../src/schema/model.js';

/** A field read from a descriptor, as the validator gets it. */
function field(descriptor: Record<string, unknown>): SchemaField {
  return readSchemaDescriptor({ fields: [{ name: 'f', ...descriptor }] }).fields[0]!;
}

function accepts(descriptor: Record<string, unknown>, cases: Array<[string, unknown]>): void {
  const run = compileCast(field(descriptor));
  for (const [text, expected] of cases) assert.deepEqual(run(text), expected, `${JSON.stringify(descriptor)} ${JSON.stringify(text)}`);
}

function rejects(descriptor: Record<string, unknown>, texts: string[]): void {
  const run = compileCast(field(descriptor));
  for (const text of texts) assert.equal(run(text), INVALID, `${JSON.stringify(descriptor)} should refuse ${JSON.stringify(text)}`);
}

/** The type-error message in both languages; the French one must quote `fix`. */
function says(descriptor: Record<string, unknown>, text: string, fix: string): { fr: string; en: string; note: string } {
  const f = field(descriptor);
  assert.equal(compileCast(f)(text), INVALID, `${text} should be a type error`);
  const { note, message } = typeErrorMessage(f, text);
  assert.ok(message.fr.includes(`« ${fix} »`), `${message.fr}\n  should suggest « ${fix} »`);
  assert.ok(message.en.includes(`"${fix}"`), `${message.en}\n  should suggest "${fix}"`);
  return { ...message, note };
}

test('string: default takes anything, untrimmed; the formats check their syntax', () => {
  accepts({}, [['  Adam ', '  Adam '], ['', ''], ['😀', '😀']]);
  accepts({ format: 'email' }, [['p.nom@domaine.fr', 'p.nom@domaine.fr'], ['contact@mairie-saint-étienne.fr', 'contact@mairie-saint-étienne.fr']]);
  rejects({ format: 'email' }, ['p.nom@domaine', 'p.nom.domaine.fr', 'a@b@c.fr', ' p.nom@domaine.fr', 'p nom@domaine.fr']);
  accepts({ format: 'uri' }, [['https://www.exemple.fr', 'https://www.exemple.fr'], ['HTTP://A.FR/x', 'HTTP://A.FR/x'], ['mailto:a@b.fr', 'mailto:a@b.fr']]);
  rejects({ format: 'uri' }, ['www.exemple.fr', '//exemple.fr', 'exemple']);
  accepts({ format: 'uuid' }, [['65d5b6c7-102c-4440-ac3b-768f708edc0a', '65d5b6c7-102c-4440-ac3b-768f708edc0a']]);
  rejects({ format: 'uuid' }, ['65d5b6c7102c4440ac3b768f708edc0a', '65d5b6c7-102c-4440-ac3b-768f708edc0']);
  accepts({ format: 'binary' }, [['aGVsbG8=', 'aGVsbG8=']]);
  rejects({ format: 'binary' }, ['aGVsbG8', 'héllo==']);
  accepts({ format: 'wkt' }, [['POINT (2.35 48.85)', 'POINT (2.35 48.85)'], ['POLYGON ((0 0, 1 0, 1 1, 0 0))', 'POLYGON ((0 0, 1 0, 1 1, 0 0))'], ['MULTIPOINT ((1 2), (3 4))', 'MULTIPOINT ((1 2), (3 4))'], ['GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))', 'GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))'], ['POINT EMPTY', 'POINT EMPTY']]);
  rejects({ format: 'wkt' }, ['POINT (2.35)', 'POINT (1 2, 3 4)', 'LINESTRING (0 0)', 'POLYGON ((0 0, 1 0, 1 1, 0 1))', 'CIRCLE (1 2)', '2.35 48.85']);
});

test('number: XSD decimal, trimmed, NaN/INF; French forms are type errors unless declared', () => {
  accepts({ type: 'number' }, [['47800.20', 47800.2], [' 12.5 ', 12.5], ['-3', -3], ['1.5E3', 1500], ['.5', 0.5], ['NaN', NaN], ['INF', Infinity], ['-INF', -Infinity], ['inf', Infinity]]);
  rejects({ type: 'number' }, ['47800,20', '12 800', '22 kW', '1 000,50 €', '0x10', '', '1e', '--1', '1.2.3']);
  accepts({ type: 'number', decimalChar: ',' }, [['47800,20', 47800.2]]);
  // frictionless: with another decimal mark, a `.` is an error.
  rejects({ type: 'number', decimalChar: ',' }, ['47800.20']);
  accepts({ type: 'number', groupChar: ' ' }, [['12 800', 12800]]);
  accepts({ type: 'number', decimalChar: ',', groupChar: '.' }, [['1.234,56', 1234.56]]);
  accepts({ type: 'number', bareNumber: false }, [['22 kW', 22], ['95%', 95], ['€95', 95], ['EUR -12.5', -12.5]]);
});

test('number messages give the corrected value', () => {
  const comma = says({ type: 'number' }, '47800,20', '47800.20');
  assert.equal(comma.note, 'type is "number/default"');
  assert.match(comma.fr, /virgule/);
  says({ type: 'number' }, '12 800', '12800');
  says({ type: 'number' }, '22 kW', '22');
  says({ type: 'number' }, '1 234,50 €', '1234.50');
  says({ type: 'number' }, '1.234,56', '1234.56');
  says({ type: 'number', decimalChar: ',' }, '47800.20', '47800,20');
});

test('integer: optional sign and digits, bigint past 2^53', () => {
  accepts({ type: 'integer' }, [['42', 42], ['-7', -7], [' 3 ', 3], ['+5', 5], ['9007199254740993', 9007199254740993n], ['0012', 12]]);
  rejects({ type: 'integer' }, ['5.0', '1,5', '12 800', '', '-', '3 places']);
  accepts({ type: 'integer', groupChar: ' ' }, [['12 800', 12800]]);
  accepts({ type: 'integer', bareNumber: false }, [['3 places', 3]]);
  says({ type: 'integer' }, '5.0', '5');
  says({ type: 'integer' }, '12 800', '12800');
  const decimals = typeErrorMessage(field({ type: 'integer' }), '1.5');
  assert.match(decimals.message.fr, /entier/);
});

test('boolean: exact, case-sensitive match of trueValues / falseValues', () => {
  accepts({ type: 'boolean' }, [['true', true], ['True', true], ['1', true], ['FALSE', false], ['0', false]]);
  rejects({ type: 'boolean' }, ['oui', 'yes', ' true', 'tRue']);
  const ouiNon = { type: 'boolean', trueValues: ['oui'], falseValues: ['non'] };
  accepts(ouiNon, [['oui', true], ['non', false]]);
  rejects(ouiNon, ['Oui', 'NON', 'true', 'oui ']);
  const oui = says(ouiNon, 'Oui', 'oui');
  assert.ok(oui.fr.includes('« non »'), 'the accepted values are listed');
  says(ouiNon, 'yes', 'oui');
  says(ouiNon, 'faux', 'non');
  says({ type: 'boolean' }, 'vrai', 'true');
});

test('date default: strptime %Y-%m-%d, lenient digits, strict calendar', () => {
  accepts({ type: 'date' }, [['2017-12-31', '2017-12-31'], ['2021-4-5', '2021-04-05'], ['2024-02-29', '2024-02-29']]);
  rejects({ type: 'date' }, ['2021-02-30', '2023-02-29', '2021-13-01', '31/12/2017', '2017-12-31T10:00:00', '17-12-31', '2017-12-31 ', '0000-01-01']);
  const french = says({ type: 'date' }, '31/12/2017', '2017-12-31');
  assert.equal(french.note, 'type is "date/default"');
  says({ type: 'date' }, '2017-12-31T10:00:00', '2017-12-31');
  const impossible = typeErrorMessage(field({ type: 'date' }), '2021-02-30');
  assert.match(impossible.message.fr, /n'existe pas/);
});

test('date with a pattern: strptime directives, and the hint in the field\'s own format', () => {
  accepts({ type: 'date', format: '%d/%m/%Y' }, [['31/12/2017', '2017-12-31'], ['1/2/2017', '2017-02-01']]);
  rejects({ type: 'date', format: '%d/%m/%Y' }, ['2017-12-31', '31/02/2017', '31/12/17']);
  says({ type: 'date', format: '%d/%m/%Y' }, '2017-12-31', '31/12/2017');
  accepts({ type: 'date', format: '%Y-%m-%d' }, [['2021-12-30', '2021-12-30'], ['2021-1-3', '2021-01-03']]);
  accepts({ type: 'date', format: '%d %B %Y' }, [['5 April 2021', '2021-04-05'], ['5 APRIL 2021', '2021-04-05']]);
  accepts({ type: 'date', format: '%y%m%d' }, [['210405', '2021-04-05'], ['690405', '1969-04-05']]);
  accepts({ type: 'date', format: '%Y %j' }, [['2021 032', '2021-02-01']]);
  accepts({ type: 'date', format: 'le %d/%m/%Y' }, [['le 05/04/2021', '2021-04-05']]);
  accepts({ type: 'date', format: 'any' }, [['2021-04-05', '2021-04-05'], ['25/12/2021', '2021-12-25'], ['April 5, 2021', '2021-04-05']]);
});

test('datetime default: frictionless\'s isoparse leniencies, seconds required', () => {
  const utc = Date.UTC(2022, 9, 18, 12, 35, 49);
  accepts({ type: 'datetime' }, [
    ['2022-10-18T12:35:49Z', utc],
    ['2022-10-18T12:35:49+0000', utc],
    ['2022-10-18T14:35:49+02:00', utc],
    ['2022-10-18T14:35:49+02', utc],
    ['2022-10-18 12:35:49', utc],
    ['2022-10-18T12:35:49', utc],
    ['2022-10-18T12:35:49.250Z', utc + 250],
    ['2022-10-17T24:00:00', Date.UTC(2022, 9, 18)],
  ]);
  rejects({ type: 'datetime' }, ['2022-10-18T12:35', '2022-10-18', '18/10/2022 12:35:49', '2022-10-18T25:00:00', '2022-02-30T12:00:00', '2022-10-18T12:35:49+2', '2022-10-18T12:35:49 ']);
  says({ type: 'datetime' }, '2022-10-18T12:35', '2022-10-18T12:35:00');
  says({ type: 'datetime' }, '18/10/2022 12:35', '2022-10-18T12:35:00');
  accepts({ type: 'datetime', format: '%d/%m/%Y %H:%M' }, [['18/10/2022 12:35', utc - 49_000]]);
  accepts({ type: 'datetime', format: '%Y-%m-%dT%H:%M:%S%z' }, [['2022-10-18T14:35:49+0200', utc]]);
  accepts({ type: 'datetime', format: '%I:%M %p %d/%m/%Y' }, [['12:35 PM 18/10/2022', utc - 49_000]]);
});

test('time: hh:mm:ss, fractions kept, zone dropped', () => {
  accepts({ type: 'time' }, [['14:30:00', '14:30:00'], ['14:30:00.5', '14:30:00.500000'], ['14:30:00Z', '14:30:00'], ['24:00:00', '00:00:00']]);
  rejects({ type: 'time' }, ['14:30', '14h30', '25:00:00', '14:60:00']);
  says({ type: 'time' }, '14h30', '14:30:00');
  accepts({ type: 'time', format: '%H:%M' }, [['9:05', '09:05:00']]);
});

test('year, yearmonth, duration', () => {
  accepts({ type: 'year' }, [['2018', 2018], ['0999', 999]]);
  rejects({ type: 'year' }, ['17', '02017', '2018.0', ' 201', '']);
  says({ type: 'year' }, '2017-01-01', '2017');
  accepts({ type: 'yearmonth' }, [['2021-04', '2021-04'], ['2021-4', '2021-04']]);
  rejects({ type: 'yearmonth' }, ['2021-13', '04/2021', '2021']);
  says({ type: 'yearmonth' }, '04/2021', '2021-04');
  accepts({ type: 'duration' }, [
    ['P1Y2M10DT2H30M', { years: 1, months: 2, days: 10, seconds: 9000 }],
    ['PT36H', { years: 0, months: 0, days: 0, seconds: 129600 }],
    ['P0D', { years: 0, months: 0, days: 0, seconds: 0 }],
    ['P2W', { years: 0, months: 0, days: 14, seconds: 0 }],
    ['PT0.5S', { years: 0, months: 0, days: 0, seconds: 0.5 }],
  ]);
  rejects({ type: 'duration' }, ['P', '1Y', 'P1H', 'PT1D', '3 jours']);
});

test('geopoint: lon then lat, in range, three formats', () => {
  accepts({ type: 'geopoint' }, [['2.35, 48.85', [2.35, 48.85]], ['2.35,48.85', [2.35, 48.85]]]);
  rejects({ type: 'geopoint' }, ['[2.35,48.85]', '2.35 48.85', '2,35, 48,85', '48.85, 200', '200, 48.85']);
  accepts({ type: 'geopoint', format: 'array' }, [['[2.35,48.85]', [2.35, 48.85]], ['[7.48710500,48.345345]', [7.487105, 48.345345]], ['[ -61.5 , 16.25 ]', [-61.5, 16.25]], ['["2.35", "48.85"]', [2.35, 48.85]]]);
  rejects({ type: 'geopoint', format: 'array' }, ['2.35, 48.85', '[2.35]', '[2.35,48.85,3]', '[2.35,95]', '[181,0]', '[+2.35,48.85]', '[2,35,48,85]']);
  accepts({ type: 'geopoint', format: 'object' }, [['{"lon": 2.35, "lat": 48.85}', [2.35, 48.85]]]);
  rejects({ type: 'geopoint', format: 'object' }, ['{"lon": 2.35}', '{"lon": 2.35, "lat": 48.85, "alt": 3}', '{"lat": 2.35, "lng": 48.85}']);
  says({ type: 'geopoint', format: 'array' }, '2.35, 48.85', '[2.35, 48.85]');
  // Tahiti written lat, lon: the longitude is out of range as a latitude, so the swap is certain.
  says({ type: 'geopoint', format: 'array' }, '[-17.53, -149.57]', '[-149.57, -17.53]');
  says({ type: 'geopoint' }, '[2.35, 48.85]', '2.35, 48.85');
});

test('object, geojson, array, list, any', () => {
  accepts({ type: 'object' }, [['{"a": 1}', { a: 1 }]]);
  rejects({ type: 'object' }, ['[1]', 'a=1', '{a: 1}', 'null']);
  const point = { type: 'Point', coordinates: [2.35, 48.85] };
  accepts({ type: 'geojson' }, [[JSON.stringify(point), point], [JSON.stringify({ type: 'Feature', geometry: point, properties: null }), { type: 'Feature', geometry: point, properties: null }]]);
  rejects({ type: 'geojson' }, ['{"type": "Point", "coordinates": [2.35]}', '{"type": "LineString", "coordinates": [[0, 0]]}', '{"type": "Cercle"}', 'POINT (1 2)']);
  accepts({ type: 'geojson', format: 'topojson' }, [['{"type": "Topology", "objects": {}, "arcs": []}', { type: 'Topology', objects: {}, arcs: [] }]]);
  accepts({ type: 'array' }, [['["a", 1]', ['a', 1]], ['[]', []]]);
  rejects({ type: 'array' }, ['a, b', '{"a": 1}', "['a']"]);
  says({ type: 'array' }, 'agriculture biologique; label rouge', '["agriculture biologique","label rouge"]');
  accepts({ type: 'list' }, [['a,b,c', ['a', 'b', 'c']]]);
  accepts({ type: 'list', itemType: 'integer', delimiter: ';' }, [['1;2;3', [1, 2, 3]]]);
  rejects({ type: 'list', itemType: 'integer' }, ['1,deux,3', '1,,3']);
  accepts({ type: 'any' }, [['n\'importe quoi', 'n\'importe quoi']]);
});

test('array with arrayItem: each item cast; one bad item makes the cell a type error', () => {
  const integers = { type: 'array', arrayItem: { type: 'integer' } };
  accepts(integers, [['[1, "2", null]', [1, 2, null]], ['[]', []]]);
  rejects(integers, ['[1, "deux"]', '[1.5]', '[true]']);
  const message = typeErrorMessage(field(integers), '[1, "deux"]');
  assert.equal(message.note, 'type is "array/default"');
  assert.ok(message.message.fr.includes('n° 2') && message.message.fr.includes('« deux »'), message.message.fr);
  // menus-collectifs: string items; their enum is a constraint (constraints.ts), not a type error.
  const siqo = { type: 'array', arrayItem: { type: 'string', constraints: { enum: ['label rouge'] } } };
  accepts(siqo, [['["label rouge", "autre"]', ['label rouge', 'autre']], ['["label rouge", ""]', ['label rouge', null]]]);
  rejects(siqo, ['[1]']);
  const dates = { type: 'array', arrayItem: { type: 'date', format: '%d/%m/%Y' } };
  accepts(dates, [['["31/12/2017"]', ['2017-12-31']]]);
  rejects(dates, ['["2017-12-31"]']);
});

test('every type-error message has a note, a French and an English sentence', () => {
  const samples: Array<[Record<string, unknown>, string]> = [
    [{ format: 'email' }, 'mailto:a@b.fr'], [{ format: 'uri' }, 'www.exemple.fr'], [{ format: 'uuid' }, 'x'], [{ format: 'binary' }, '!'], [{ format: 'wkt' }, 'x'],
    [{ type: 'number' }, 'x'], [{ type: 'integer' }, 'x'], [{ type: 'boolean' }, 'x'], [{ type: 'date' }, 'x'], [{ type: 'time' }, 'x'], [{ type: 'datetime' }, 'x'],
    [{ type: 'year' }, 'x'], [{ type: 'yearmonth' }, 'x'], [{ type: 'duration' }, 'x'], [{ type: 'geopoint' }, 'x'], [{ type: 'geojson' }, 'x'],
    [{ type: 'object' }, 'x'], [{ type: 'array' }, '{}'], [{ type: 'list', itemType: 'integer' }, 'x'],
  ];
  for (const [descriptor, text] of samples) {
    const f = field(descriptor);
    assert.equal(compileCast(f)(text), INVALID, `${JSON.stringify(descriptor)} ${text}`);
    const { note, message } = typeErrorMessage(f, text);
    assert.equal(note, `type is "${f.type}/${f.format}"`);
    assert.ok(message.fr.length > 20 && message.en.length > 20 && message.fr !== message.en, `${JSON.stringify(descriptor)}: ${message.fr}`);
  }
  says({ format: 'email' }, 'mailto:a@b.fr', 'a@b.fr');
  says({ format: 'uri' }, 'www.exemple.fr', 'https://www.exemple.fr');
});
