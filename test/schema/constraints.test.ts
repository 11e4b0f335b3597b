// Field constraints (spec §7) on cast values: each failure with frictionless's note and a French
// and English message carrying the fix (bound, lengths, allowed values, near miss, example).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileCast } from '../../src/schema/cast.js';
import { compileConstraints } from '../../src/schema/constraints.js';
import { readSchemaDescriptor } from '../../src/schema/descriptor.js';
import { INVALID, type ConstraintFailure, type SchemaField } from '../../src/schema/model.js';

function field(descriptor: Record<string, unknown>): SchemaField {
  return readSchemaDescriptor({ fields: [{ name: 'f', ...descriptor }] }).fields[0]!;
}

/** Casts then checks a cell as the engine does; null text is a missing value. */
function check(descriptor: Record<string, unknown>): (text: string | null) => ConstraintFailure[] | null {
  const f = field(descriptor);
  const cast = compileCast(f);
  const constraints = compileConstraints(f);
  return (text) => {
    if (text === null) return constraints(null, '');
    const value = cast(text);
    assert.notEqual(value, INVALID, `${JSON.stringify(text)} should cast`);
    return constraints(value as Exclude<typeof value, typeof INVALID>, text);
  };
}

function passes(descriptor: Record<string, unknown>, texts: Array<string | null>): void {
  const run = check(descriptor);
  for (const text of texts) assert.equal(run(text), null, `${JSON.stringify(descriptor)} should accept ${JSON.stringify(text)}`);
}

function fails(descriptor: Record<string, unknown>, text: string | null, constraint: string): ConstraintFailure {
  const failures = check(descriptor)(text);
  assert.ok(failures !== null, `${JSON.stringify(descriptor)} should refuse ${JSON.stringify(text)}`);
  const failure = failures.find((f) => f.constraint === constraint);
  assert.ok(failure, `expected a ${constraint} failure, got ${failures.map((f) => f.constraint).join(', ')}`);
  assert.ok(failure.message.fr.length > 10 && failure.message.en.length > 10 && failure.message.fr !== failure.message.en);
  return failure;
}

test('required: a missing value fails only `required`, whatever the other constraints', () => {
  const descriptor = { constraints: { required: true, minLength: 3, pattern: '\\d+', enum: ['123'] } };
  const failures = check(descriptor)(null);
  assert.deepEqual(failures?.map((f) => f.note), ['constraint "required" is "True"']);
  assert.match(failures![0]!.message.fr, /obligatoire/);
  passes({ constraints: { minLength: 3, pattern: '\\d+' } }, [null]);
  passes(descriptor, ['123']);
});

test('a passing cell gives null, and `unique` is left to the table checks', () => {
  passes({ constraints: { unique: true, maxLength: 5 } }, ['a', 'a']);
  passes({ type: 'integer' }, ['1']);
});

test('minLength / maxLength count code points, items and keys', () => {
  passes({ constraints: { maxLength: 2 } }, ['😀😀', 'é'.normalize('NFC') + 'e']);
  const long = fails({ constraints: { maxLength: 2 } }, '😀😀😀', 'maxLength');
  assert.equal(long.note, 'constraint "maxLength" is "2"');
  assert.ok(long.message.fr.includes('3 caractères') && long.message.fr.includes('2 au maximum'), long.message.fr);
  const short = fails({ constraints: { minLength: 3 } }, '😀😀', 'minLength');
  assert.ok(short.message.fr.includes('2 caractères') && short.message.fr.includes('au moins 3'), short.message.fr);
  passes({ constraints: { minLength: 2 } }, ['😀😀']);
  fails({ type: 'array', constraints: { maxLength: 1 } }, '["a", "b"]', 'maxLength');
  passes({ type: 'array', constraints: { minLength: 2 } }, ['["a", "b"]']);
  const keys = fails({ type: 'object', constraints: { minLength: 2 } }, '{"a": 1}', 'minLength');
  assert.match(keys.message.fr, /clés/);
  // Length does not apply to numbers (frictionless supports it on strings, arrays, objects, lists only).
  passes({ type: 'integer', constraints: { maxLength: 1 } }, ['12345']);
});

test('minimum / maximum on numbers hold exactly in decimal; NaN fails, INF passes a minimum', () => {
  const percent = { type: 'number', constraints: { minimum: 0.01, maximum: 1 } };
  passes(percent, ['0.45', '0.01', '0.010', '1', '1.0']);
  const low = fails(percent, '0', 'minimum');
  assert.equal(low.note, 'constraint "minimum" is "0.01"');
  assert.ok(low.message.fr.includes('0.01'), low.message.fr);
  assert.ok(fails(percent, '1.5', 'maximum').message.fr.includes('1'));
  // Equal as binary floats, smaller as decimals.
  fails(percent, '0.0099999999999999999', 'minimum');
  fails(percent, '1.00000000000000001', 'maximum');
  fails(percent, 'NaN', 'minimum');
  fails(percent, 'NaN', 'maximum');
  passes({ type: 'number', constraints: { minimum: 0 } }, ['INF']);
  fails({ type: 'number', constraints: { maximum: 10 } }, 'INF', 'maximum');
  fails({ type: 'number', constraints: { minimum: 0 } }, '-INF', 'minimum');
  passes({ type: 'number', decimalChar: ',', constraints: { minimum: '0,01' } }, ['0,01', '0,5']);
  fails({ type: 'number', decimalChar: ',', constraints: { minimum: '0,01' } }, '0,001', 'minimum');
});

test('bounds on integers (bigint included), dates, times, datetimes, years, months, durations', () => {
  const count = { type: 'integer', constraints: { minimum: 1, maximum: 999999 } };
  passes(count, ['1', '353', '999999']);
  fails(count, '0', 'minimum');
  fails(count, '9007199254740993', 'maximum');
  passes({ type: 'integer', constraints: { minimum: 9007199254740992 } }, ['9007199254740993']);
  const since2000 = { type: 'date', constraints: { minimum: '2000-01-01' } };
  passes(since2000, ['2000-01-01', '2021-4-5']);
  const early = fails(since2000, '1999-12-31', 'minimum');
  assert.ok(early.message.fr.includes('2000-01-01'), early.message.fr);
  passes({ type: 'date', format: '%d/%m/%Y', constraints: { maximum: '31/12/2020' } }, ['01/06/2020']);
  fails({ type: 'date', format: '%d/%m/%Y', constraints: { maximum: '31/12/2020' } }, '01/01/2021', 'maximum');
  passes({ type: 'time', constraints: { minimum: '08:00:00', maximum: '18:00:00' } }, ['12:00:00', '18:00:00']);
  fails({ type: 'time', constraints: { maximum: '18:00:00' } }, '18:00:00.5', 'maximum');
  passes({ type: 'datetime', constraints: { maximum: '2022-10-18T12:00:00Z' } }, ['2022-10-18T13:00:00+01:00']);
  fails({ type: 'datetime', constraints: { maximum: '2022-10-18T12:00:00Z' } }, '2022-10-18T12:00:01Z', 'maximum');
  fails({ type: 'year', constraints: { minimum: 2000 } }, '1999', 'minimum');
  fails({ type: 'yearmonth', constraints: { maximum: '2021-06' } }, '2021-7', 'maximum');
  passes({ type: 'duration', constraints: { maximum: 'P1Y' } }, ['P6M', 'P1Y']);
  fails({ type: 'duration', constraints: { maximum: 'P1Y' } }, 'P1Y1M', 'maximum');
  // Months and days cannot be ordered against each other: component-wise, 30 days is not within one month.
  fails({ type: 'duration', constraints: { maximum: 'P1M' } }, 'P30D', 'maximum');
  passes({ type: 'duration', constraints: { minimum: 'PT1H' } }, ['PT90M', 'P1D']);
});

test('exclusive bounds (v2)', () => {
  const positive = { type: 'number', constraints: { exclusiveMinimum: 0, exclusiveMaximum: 100 } };
  passes(positive, ['0.5', '99.9']);
  assert.equal(fails(positive, '0', 'exclusiveMinimum').note, 'constraint "exclusiveMinimum" is "0"');
  assert.match(fails(positive, '100', 'exclusiveMaximum').message.fr, /strictement/);
});

test('pattern: whole value, strings only, with the repaired value or the field\'s example', () => {
  const siret = { constraints: { pattern: '^\\d{14}$' }, example: '21860194600013' };
  passes(siret, ['21860194600013']);
  const spaced = fails(siret, '218 601 946 00013', 'pattern');
  assert.equal(spaced.note, 'constraint "pattern" is "^\\d{14}$"');
  assert.ok(spaced.message.fr.includes('« 21860194600013 »'), spaced.message.fr);
  // A code postal whose leading zero the spreadsheet dropped.
  const postcode = fails({ constraints: { pattern: '^\\d{5}$' } }, '1000', 'pattern');
  assert.ok(postcode.message.fr.includes('« 01000 »') && postcode.message.fr.includes('zéro'), postcode.message.fr);
  const other = fails(siret, 'inconnu', 'pattern');
  assert.ok(other.message.fr.includes('« 21860194600013 »') && other.message.en.includes('"21860194600013"'), 'the example is shown');
  // No trimming: "Adam " fails a name pattern, and the hint says why.
  const name = fails({ constraints: { pattern: "[A-Z][a-z]+" } }, 'Adam ', 'pattern');
  assert.ok(name.message.fr.includes('« Adam »'), name.message.fr);
  // Never run on a number's cast value (spec §10).
  passes({ type: 'integer', constraints: { pattern: '^\\d{3}$' } }, ['12345']);
});

test('enum: cast values compared, case and accents count, the near miss is suggested', () => {
  const implantation = { constraints: { enum: ['Voirie', 'Parking public', 'Parking privé à usage public'] } };
  passes(implantation, ['Voirie', 'Parking public']);
  const lower = fails(implantation, 'voirie', 'enum');
  assert.equal(lower.note, `constraint "enum" is "['Voirie', 'Parking public', 'Parking privé à usage public']"`);
  assert.ok(lower.message.fr.includes('Écrivez « Voirie »'), lower.message.fr);
  assert.ok(lower.message.en.includes('Write "Voirie"'), lower.message.en);
  assert.ok(fails(implantation, 'Parking prive a usage public', 'enum').message.fr.includes('« Parking privé à usage public »'));
  assert.ok(fails(implantation, 'Parking publc', 'enum').message.fr.includes('« Parking public »'), 'a small typo is suggested too');
  const apostrophe = fails({ constraints: { enum: ["Equipement d'enseignement"] } }, 'Equipement d’enseignement', 'enum');
  assert.ok(apostrophe.message.fr.includes("« Equipement d'enseignement »"));
  assert.equal(apostrophe.note, `constraint "enum" is "["Equipement d'enseignement"]"`);
  const unrelated = fails(implantation, 'Garage', 'enum');
  assert.ok(unrelated.message.fr.includes('« Voirie »') && unrelated.message.fr.includes('« Parking public »'), 'the allowed values are listed');
  const many = Array.from({ length: 14 }, (_, i) => `valeur ${i + 1}`);
  assert.ok(fails({ constraints: { enum: many } }, 'autre', 'enum').message.fr.includes('et 4 autres'));
  // Values are compared once cast.
  passes({ type: 'number', constraints: { enum: [1, '2.5'] } }, ['1.0', '2.50']);
  fails({ type: 'number', constraints: { enum: [1] } }, 'NaN', 'enum');
  passes({ type: 'date', format: '%d/%m/%Y', constraints: { enum: ['31/12/2017'] } }, ['31/12/2017']);
  passes({ type: 'boolean', trueValues: ['oui'], falseValues: ['non'], constraints: { enum: ['oui'] } }, ['oui']);
  fails({ type: 'boolean', trueValues: ['oui'], falseValues: ['non'], constraints: { enum: ['oui'] } }, 'non', 'enum');
  passes({ type: 'geopoint', format: 'array', constraints: { enum: ['[2.35, 48.85]'] } }, ['[2.35,48.85]']);
});

test('arrayItem constraints apply to each item, notes prefixed `array item`', () => {
  const siqo = { type: 'array', arrayItem: { type: 'string', constraints: { required: false, enum: ['agriculture biologique', 'label rouge'] } } };
  passes(siqo, ['["agriculture biologique","label rouge"]', '[]', '["label rouge", ""]']);
  const bio = fails(siqo, '["bio", "label rouge"]', 'enum');
  assert.ok(bio.note.startsWith('array item constraint "enum" is "['), bio.note);
  assert.ok(bio.message.fr.includes('« bio »'), bio.message.fr);
  const texture = { type: 'array', arrayItem: { type: 'string', constraints: { required: true, enum: ['haché', 'mixé'] } } };
  assert.equal(fails(texture, '["haché", ""]', 'required').note, 'array item constraint "required" is "True"');
  assert.ok(fails(texture, '["Haché"]', 'enum').message.fr.includes('« haché »'));
});

test('jsonSchema: a subset of JSON Schema on object and array cells', () => {
  const address = { type: 'object', constraints: { jsonSchema: { type: 'object', required: ['code_postal'], properties: { code_postal: { type: 'string', pattern: '^\\d{5}$' } } } } };
  passes(address, ['{"code_postal": "35000"}']);
  assert.match(fails(address, '{"ville": "Rennes"}', 'jsonSchema').message.fr, /code_postal/);
  assert.match(fails(address, '{"code_postal": 35000}', 'jsonSchema').message.fr, /string/);
  const list = { type: 'array', constraints: { jsonSchema: { type: 'array', items: { type: 'integer' }, maxItems: 2 } } };
  passes(list, ['[1, 2]']);
  fails(list, '[1, "2"]', 'jsonSchema');
  fails(list, '[1, 2, 3]', 'jsonSchema');
});

test('several failed constraints on one cell are each reported', () => {
  const failures = check({ constraints: { maxLength: 5, pattern: '\\d+', enum: ['12345'] } })('abcdefg');
  assert.deepEqual(failures?.map((f) => f.constraint), ['maxLength', 'pattern', 'enum']);
});
