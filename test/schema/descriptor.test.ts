// Reading Table Schema descriptors (spec §3): every shipped SCDL schema loads, defaults and old
// spellings are applied, and each invalid descriptor is refused with the property that is wrong.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseSchemaText, readSchemaDescriptor } from '../../src/schema/descriptor.js';
import { SchemaDescriptorError } from '../../src/schema/model.js';

const schemasDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas');
const shipped = fs.readdirSync(schemasDir).filter((dir) => fs.existsSync(path.join(schemasDir, dir, 'schema.json')));
const load = (dir: string) => parseSchemaText(fs.readFileSync(path.join(schemasDir, dir, 'schema.json'), 'utf8'));

test('every schema in schemas/ loads, with as many fields as its descriptor', () => {
  assert.ok(shipped.length >= 13);
  for (const dir of shipped) {
    const raw = JSON.parse(fs.readFileSync(path.join(schemasDir, dir, 'schema.json'), 'utf8')) as { fields: unknown[] };
    const schema = load(dir);
    assert.equal(schema.fields.length, raw.fields.length, dir);
    assert.deepEqual(schema.descriptor, raw, `${dir}: the descriptor is kept as given`);
  }
});

test('the shipped schemas read as their authors meant', () => {
  const subventions = load('subventions');
  const notification = subventions.fields.find((f) => f.name === 'notificationUE')!;
  assert.deepEqual([notification.type, notification.trueValues, notification.falseValues], ['boolean', ['oui'], ['non']]);
  assert.equal(subventions.fields.find((f) => f.name === 'pourcentageSubvention')!.constraints.minimum, 0.01);
  assert.deepEqual(subventions.customChecks.find((c) => c.name === 'one-of-required')?.params, { column1: 'idBeneficiaire', column2: 'rnaBeneficiaire' });

  const irve = load('irve-statique');
  const xy = irve.fields.find((f) => f.name === 'coordonneesXY')!;
  assert.deepEqual([xy.type, xy.format, xy.example], ['geopoint', 'array', '[7.48710500,48.345345]']);
  // A boolean example written as JSON false is kept as text for the hints.
  assert.equal(irve.fields.find((f) => f.name === 'gratuit')!.example, 'false');
  assert.equal(irve.fields.find((f) => f.name === 'date_maj')!.format, '%Y-%m-%d');

  const menus = load('menus-collectifs');
  const texture = menus.fields.find((f) => f.name === 'menuPlatTexture')!;
  assert.equal(texture.arrayItem?.type, 'string');
  assert.equal(texture.arrayItem?.constraints.required, true);
  assert.ok(texture.arrayItem?.constraints.enum?.includes('haché'));
  assert.equal(menus.fields.find((f) => f.name === 'menuPlatSiqo')!.example, '["agriculture biologique"]');

  const prenoms = load('prenoms');
  assert.equal(prenoms.version, 'v1.1.6');
  assert.deepEqual(prenoms.missingValues, ['']);
  // `examples` (plural, non-standard) gives the hint example.
  assert.equal(prenoms.fields.find((f) => f.name === 'ENFANT_PRENOM')!.example, 'Adam');

  const decp = load('decp');
  assert.equal(decp.fields.find((f) => f.name === 'tauxAvance')!.example, '0.25');
});

test('defaults: type string, format default, missing values [""], no keys, no checks', () => {
  const schema = readSchemaDescriptor({ fields: [{ name: 'a' }], whatever: { unknown: true } });
  const [field] = schema.fields;
  assert.equal(field!.type, 'string');
  assert.equal(field!.format, 'default');
  assert.deepEqual(field!.missingValues, ['']);
  assert.deepEqual(field!.constraints, {});
  assert.deepEqual([schema.missingValues, schema.primaryKey, schema.uniqueKeys, schema.foreignKeys, schema.customChecks, schema.fieldsMatch], [[''], [], [], [], [], null]);
  assert.deepEqual([field!.title, field!.description, field!.example], [null, null, null]);
});

test('old spellings: `fmt:` formats, keys as one string, v2 missing-value objects', () => {
  const schema = readSchemaDescriptor({
    fields: [
      { name: 'id', type: 'integer' },
      { name: 'parent', type: 'integer' },
      { name: 'jour', type: 'date', format: 'fmt:%d/%m/%Y' },
    ],
    primaryKey: 'id',
    foreignKeys: [{ fields: 'parent', reference: { resource: '', fields: 'id' } }],
    missingValues: ['', { value: '-99', label: 'refusé' }],
  });
  assert.equal(schema.fields[2]!.format, '%d/%m/%Y');
  assert.deepEqual(schema.primaryKey, ['id']);
  assert.deepEqual(schema.foreignKeys, [{ fields: ['parent'], reference: { resource: '', fields: ['id'] } }]);
  assert.deepEqual(schema.missingValues, ['', '-99']);
  // Key fields are required (Table Schema), so a null key cell is a `required` failure.
  assert.equal(schema.fields[0]!.constraints.required, true);
  assert.equal(schema.fields[1]!.constraints.required, undefined);
});

test('a field\'s own missingValues replace the schema\'s', () => {
  const schema = readSchemaDescriptor({ missingValues: ['', 'NA'], fields: [{ name: 'a' }, { name: 'b', missingValues: ['-'] }] });
  assert.deepEqual(schema.fields[0]!.missingValues, ['', 'NA']);
  assert.deepEqual(schema.fields[1]!.missingValues, ['-']);
});

test('custom checks are read with default params, whatever their name', () => {
  const schema = readSchemaDescriptor({ fields: [{ name: 'a' }], custom_checks: [{ name: 'no-such-check' }, { name: 'siret', params: { column: 'a' } }] });
  assert.deepEqual(schema.customChecks, [{ name: 'no-such-check', params: {} }, { name: 'siret', params: { column: 'a' } }]);
});

function refused(descriptor: unknown, code: 'schema-error' | 'field-error', property: string, frWord?: string): void {
  assert.throws(() => readSchemaDescriptor(descriptor), (error: unknown) => {
    assert.ok(error instanceof SchemaDescriptorError, `expected a SchemaDescriptorError for ${property}`);
    assert.equal(error.code, code);
    assert.equal(error.property, property);
    assert.ok(error.detail.fr.length > 10 && error.detail.en.length > 10);
    assert.notEqual(error.detail.fr, error.detail.en);
    if (frWord) assert.ok(error.detail.fr.includes(frWord), `${error.detail.fr} should mention ${frWord}`);
    return true;
  });
}

const fields = (...list: unknown[]) => ({ fields: list });

test('an invalid top level is a schema-error naming the property', () => {
  refused([], 'schema-error', '(schema)');
  refused('{"fields": []}', 'schema-error', '(schema)');
  refused({ title: 'sans champs' }, 'schema-error', 'fields', 'fields');
  refused({ fields: {} }, 'schema-error', 'fields');
  refused({ fields: [], missingValues: '' }, 'schema-error', 'missingValues');
  refused({ fields: [], missingValues: ['', 0] }, 'schema-error', 'missingValues[1]');
  refused({ fields: [{ name: 'a' }], primaryKey: 'b' }, 'schema-error', 'primaryKey', '« b »');
  refused({ fields: [{ name: 'a' }], primaryKey: [] }, 'schema-error', 'primaryKey');
  refused({ fields: [{ name: 'a' }], uniqueKeys: [['a', 'c']] }, 'schema-error', 'uniqueKeys[0]', '« c »');
  refused({ fields: [{ name: 'a' }], foreignKeys: [{ fields: 'z', reference: { resource: 'autre', fields: 'id' } }] }, 'schema-error', 'foreignKeys[0].fields');
  refused({ fields: [{ name: 'a' }], foreignKeys: [{ fields: 'a', reference: { fields: 'nope' } }] }, 'schema-error', 'foreignKeys[0].reference.fields');
  refused({ fields: [{ name: 'a' }, { name: 'b' }], foreignKeys: [{ fields: ['a', 'b'], reference: { resource: 'x', fields: 'id' } }] }, 'schema-error', 'foreignKeys[0].reference.fields');
  refused({ fields: [{ name: 'a' }], foreignKeys: [{ fields: 'a' }] }, 'schema-error', 'foreignKeys[0]');
  refused({ fields: [], fieldsMatch: 'loose' }, 'schema-error', 'fieldsMatch');
  refused({ fields: [], custom_checks: [{ params: { column: 'a' } }] }, 'schema-error', 'custom_checks[0].name');
  refused({ fields: [], custom_checks: [{ name: 'siret', params: 'a' }] }, 'schema-error', 'custom_checks[0].params');
  refused({ fields: [], custom_checks: {} }, 'schema-error', 'custom_checks');
});

test('an invalid field is a field-error naming the property', () => {
  refused(fields('a'), 'field-error', 'fields[0]');
  refused(fields({ name: 'a' }, { title: 'sans nom' }), 'field-error', 'fields[1].name', 'n° 2');
  refused(fields({ name: 'a', type: 'text' }), 'field-error', 'fields[0].type', '« string »');
  refused(fields({ name: 'a', type: 'string', format: 'url' }), 'field-error', 'fields[0].format', 'uri');
  refused(fields({ name: 'a', type: 'geopoint', format: 'lonlat' }), 'field-error', 'fields[0].format');
  refused(fields({ name: 'a', type: 'integer', format: 'currency' }), 'field-error', 'fields[0].format');
  refused(fields({ name: 'a', type: 'date', format: 'yyyy-mm-dd' }), 'field-error', 'fields[0].format', '%Y-%m-%d');
  refused(fields({ name: 'a', type: 'date', format: '%Y-%Q' }), 'field-error', 'fields[0].format');
  refused(fields({ name: 'a', constraints: [] }), 'field-error', 'fields[0].constraints');
  refused(fields({ name: 'a', constraints: { required: 'yes' } }), 'field-error', 'fields[0].constraints.required');
  refused(fields({ name: 'a', constraints: { unique: 1 } }), 'field-error', 'fields[0].constraints.unique');
  refused(fields({ name: 'a', constraints: { minLength: -1 } }), 'field-error', 'fields[0].constraints.minLength');
  refused(fields({ name: 'a', constraints: { maxLength: 2.5 } }), 'field-error', 'fields[0].constraints.maxLength');
  refused(fields({ name: 'a', constraints: { maxLength: '10' } }), 'field-error', 'fields[0].constraints.maxLength');
  refused(fields({ name: 'a', constraints: { enum: 'oui' } }), 'field-error', 'fields[0].constraints.enum');
  refused(fields({ name: 'a', constraints: { enum: [] } }), 'field-error', 'fields[0].constraints.enum');
  refused(fields({ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd', constraints: { pattern: '(\\d{2}' } }), 'field-error', 'fields[3].constraints.pattern');
  refused(fields({ name: 'a', constraints: { pattern: 5 } }), 'field-error', 'fields[0].constraints.pattern');
  refused(fields({ name: 'a', type: 'object', constraints: { jsonSchema: 'x' } }), 'field-error', 'fields[0].constraints.jsonSchema');
  refused(fields({ name: 'a', missingValues: 'NA' }), 'field-error', 'fields[0].missingValues');
  refused(fields({ name: 'a', type: 'boolean', trueValues: 'oui' }), 'field-error', 'fields[0].trueValues');
  refused(fields({ name: 'a', type: 'number', decimalChar: '' }), 'field-error', 'fields[0].decimalChar');
  refused(fields({ name: 'a', type: 'number', bareNumber: 'no' }), 'field-error', 'fields[0].bareNumber');
  refused(fields({ name: 'a', type: 'list', itemType: 'geopoint' }), 'field-error', 'fields[0].itemType');
  refused(fields({ name: 'a', type: 'array', arrayItem: { type: 'texte' } }), 'field-error', 'fields[0].arrayItem.type');
  refused(fields({ name: 'a', type: 'array', arrayItem: 'string' }), 'field-error', 'fields[0].arrayItem');
});

test('constraint values must cast with the field\'s type and format', () => {
  refused(fields({ name: 'a', type: 'integer', constraints: { minimum: 'abc' } }), 'field-error', 'fields[0].constraints.minimum');
  refused(fields({ name: 'a', type: 'integer', constraints: { maximum: 1.5 } }), 'field-error', 'fields[0].constraints.maximum');
  refused(fields({ name: 'a', type: 'date', constraints: { minimum: '31/12/2017' } }), 'field-error', 'fields[0].constraints.minimum');
  refused(fields({ name: 'a', type: 'integer', constraints: { enum: [1, 'deux'] } }), 'field-error', 'fields[0].constraints.enum[1]', '« deux »');
  refused(fields({ name: 'a', type: 'boolean', trueValues: ['oui'], falseValues: ['non'], constraints: { enum: ['oui', 'true'] } }), 'field-error', 'fields[0].constraints.enum[1]');
  // The same values in the field's own format are fine.
  const schema = readSchemaDescriptor(fields(
    { name: 'd', type: 'date', format: '%d/%m/%Y', constraints: { minimum: '01/01/2000', enum: ['31/12/2017'] } },
    { name: 'n', type: 'number', decimalChar: ',', constraints: { minimum: '0,01', maximum: 1 } },
    { name: 'b', type: 'boolean', trueValues: ['oui'], falseValues: ['non'], constraints: { enum: ['oui', true] } },
  ));
  assert.equal(schema.fields.length, 3);
  // A bound on a type without order is ignored, as frictionless does.
  assert.equal(readSchemaDescriptor(fields({ name: 's', constraints: { minimum: 'x' } })).fields[0]!.constraints.minimum, 'x');
});

test('a JSON syntax error names its line and column', () => {
  const text = '{\n  "fields": [\n    { "name": "a", }\n  ]\n}';
  assert.throws(() => parseSchemaText(text), (error: unknown) => {
    assert.ok(error instanceof SchemaDescriptorError);
    assert.equal(error.code, 'schema-error');
    assert.equal(error.property, '(JSON)');
    assert.ok(error.detail.fr.includes('ligne 3, colonne 20'), error.detail.fr);
    assert.ok(error.detail.en.includes('line 3, column 20'), error.detail.en);
    return true;
  });
  assert.throws(() => parseSchemaText('{"fields": [1 2]}'), (error: unknown) => error instanceof SchemaDescriptorError && error.detail.fr.includes('ligne 1, colonne 15'));
  assert.throws(() => parseSchemaText(''), (error: unknown) => error instanceof SchemaDescriptorError && error.property === '(JSON)');
});
