// A declared schema sets the types of the version's fields: the ones our ingest can read as the
// schema means them get that type, the others stay text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readSchemaDescriptor } from '../../src/schema/descriptor.js';
import { fieldTypesOf } from '../../src/schema/field-types.js';
import { findSchema } from '../../src/schema/registry.js';

async function shipped(name: string) {
  const found = await findSchema(null, name);
  assert.ok(found, name);
  return fieldTypesOf(found.schema);
}

test('the SCDL subventions: amounts are numbers, the date a date, oui/non a boolean, SIRETs text', async () => {
  const types = await shipped('subventions');
  assert.equal(types.montant, 'double');
  assert.equal(types.pourcentageSubvention, 'double');
  assert.equal(types.dateConvention, 'date');
  assert.equal(types.notificationUE, 'boolean');
  assert.equal(types.idAttribuant, 'text');
  assert.equal(Object.keys(types).length, 16);
});

test('IRVE: %Y-%m-%d dates, integers, default booleans; a geopoint stays text', async () => {
  const types = await shipped('irve-statique');
  assert.equal(types.date_mise_en_service, 'date');
  assert.equal(types.nbre_pdc, 'int');
  assert.equal(types.puissance_nominale, 'double');
  assert.equal(types.gratuit, 'boolean');
  assert.equal(types.coordonneesXY, 'text');
  assert.equal((await shipped('irve-dynamique')).horodatage, 'datetime');
});

test('a year is an integer; an array stays text', async () => {
  assert.equal((await shipped('prenoms')).ANNEE, 'int');
  assert.equal((await shipped('menus-collectifs')).menuPlatSiqo, 'text');
  assert.equal((await shipped('menus-collectifs')).menuDate, 'date');
});

test('what our reader would not read stays text', () => {
  const schema = readSchemaDescriptor({
    fields: [
      { name: 'date_pointee', type: 'date', format: '%d.%m.%Y' },
      { name: 'date_libre', type: 'date', format: 'any' },
      { name: 'date_fr', type: 'date', format: '%d/%m/%Y' },
      { name: 'horaire', type: 'datetime', format: '%d/%m/%Y %H:%M' },
      { name: 'anglais', type: 'boolean', trueValues: ['yes'], falseValues: ['no'] },
      { name: 'inverse', type: 'boolean', trueValues: ['non'], falseValues: ['oui'] },
      { name: 'vrai_faux', type: 'boolean', trueValues: ['Vrai'], falseValues: ['Faux'] },
      { name: 'prix', type: 'number', bareNumber: false },
      { name: 'milliers', type: 'integer', groupChar: '.' },
      { name: 'heure', type: 'time' },
      { name: 'duree', type: 'duration' },
    ],
  });
  assert.deepEqual(fieldTypesOf(schema), {
    date_pointee: 'text',
    date_libre: 'text',
    date_fr: 'date',
    horaire: 'text',
    anglais: 'text',
    inverse: 'text',
    vrai_faux: 'boolean',
    prix: 'text',
    milliers: 'text',
    heure: 'text',
    duree: 'text',
  });
});
