// Table Schema `pattern` (spec §7 "pattern details"): Python `re` syntax translated to JavaScript
// and applied to the whole value. The corpus is every pattern of the shipped SCDL schemas.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SchemaDescriptorError } from '../../src/schema/model.js';
import { compilePattern } from '../../src/schema/patterns.js';

const schemasDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas');

interface RawField { name: string; constraints?: { pattern?: string }; example?: unknown; examples?: unknown }

function schemaFields(name: string): RawField[] {
  return (JSON.parse(fs.readFileSync(path.join(schemasDir, name, 'schema.json'), 'utf8')) as { fields: RawField[] }).fields;
}

function patternOf(schema: string, field: string): RegExp {
  const found = schemaFields(schema).find((f) => f.name === field);
  assert.ok(found?.constraints?.pattern, `${schema}.${field} has a pattern`);
  return compilePattern(found.constraints.pattern, field);
}

test('every pattern of the shipped schemas compiles, and accepts its field\'s own example', () => {
  let count = 0;
  for (const dir of fs.readdirSync(schemasDir)) {
    if (!fs.existsSync(path.join(schemasDir, dir, 'schema.json'))) continue;
    for (const field of schemaFields(dir)) {
      const pattern = field.constraints?.pattern;
      if (pattern === undefined) continue;
      const regex = compilePattern(pattern, `${dir}.${field.name}`);
      count += 1;
      const example = field.example ?? (Array.isArray(field.examples) ? field.examples[0] : field.examples);
      if (typeof example === 'string') assert.ok(regex.test(example), `${dir}.${field.name}: ${example} should match ${pattern}`);
    }
  }
  assert.ok(count >= 40, `found ${count} patterns`);
});

const cases: Array<[schema: string, field: string, good: string[], bad: string[]]> = [
  ['budget', 'BGT_SIRET', ['22192720500197'], ['221 927 205 00197', '2219272050019', '22192720500197 ', '22192720500197\n']],
  ['dae', 'com_insee', ['75056', '2A004'], ['2C004', '7505']],
  ['dae', 'tel1', ['+33102030405', '+590690123456'], ['0102030405', '+33 1 02 03 04 05']],
  ['dae', 'disp_j', ['lundi|mercredi|vendredi', '7j/7', 'non renseigné'], ['lundi,mardi', 'non renseignéX', 'Lundi']],
  ['dae', 'photo1', ['http://www.monsite.com/monimage.jpg', 'https://a-b.fr/x/y.png'], ['http://monsite/monimage.jpg', 'ftp://www.monsite.com/a.jpg']],
  ['equipements', 'ADR_NOMVOIE', ["Rue de l'Église", 'Avenue Ardouin', 'Allée 3-5'], ['Rue #1', 'Rue de l’Église']],
  ['equipements', 'ADR_COMMUNE', ['Le Plessis-Trévise'], ['Saint Denis 2']],
  ['equipements', 'EQUIP_UID', ['94059-01010401-001'], ['94059-01010401-001X', '9405-01010401-001']],
  ['irve-statique', 'id_station_itinerance', ['FRA68P68021001', 'Non concerné'], ['fra68p68021001', 'FR', 'FRA68P68021001,FRA68P68021002']],
  ['irve-statique', 'horaires', ['Mo-Fr 08:00-12:00,Mo-Fr 14:00-18:00,Th 08:00-18:00', '24/7'], ['fermé', 'Mo-Fr 8h-12h']],
  ['irve-statique', 'code_insee_commune', ['21231', '2A004', '97411'], ['20004', '2C004', '2123']],
  ['irve-dynamique', 'id_pdc_itinerance', ['FRA68E680210015'], ['FRA68E680210015 ', 'F']],
  ['prenoms', 'ENFANT_PRENOM', ['Adam', 'Jean-Pierre', 'Élodie', "N'Golo"], ['adam', 'Adam ', 'ADAM2']],
  ['prenoms', 'COMMUNE_NOM', ['Rennes', 'Le Mans', 'Saint-Malo', "L'Haÿ-les-Roses"], ['rennes', 'RENNES', 'Rennes 35']],
  ['decp', 'codeCPV', ['79311000', '79311000-1'], ['7931100', '79311000-12']],
  ['deliberations', 'BUDGET_ANNEE', ['2017', '2017/2018'], ['2017-2018', '17/18']],
  ['subventions', 'datesPeriodeVersement', ['2017-03-14', '2017-03-14/2018-03-14'], ['14/03/2017', '2017-03-14_2018-03-14']],
  ['subventions', 'rnaBeneficiaire', ['W380475558'], ['w380475558', 'W38047555']],
];

for (const [schema, field, good, bad] of cases) {
  test(`${schema}.${field}: known-good values match, known-bad ones do not`, () => {
    const regex = patternOf(schema, field);
    for (const value of good) assert.ok(regex.test(value), `${JSON.stringify(value)} should match`);
    for (const value of bad) assert.ok(!regex.test(value), `${JSON.stringify(value)} should not match`);
  });
}

test('a pattern applies to the whole value, even unanchored or with a top-level alternation', () => {
  assert.ok(compilePattern('[0-9]{5}', 'p').test('35000'));
  assert.ok(!compilePattern('[0-9]{5}', 'p').test('350001'));
  assert.ok(!compilePattern('[0-9]{5}', 'p').test('x35000'));
  const either = compilePattern('a|b', 'p');
  assert.ok(either.test('a') && either.test('b'));
  assert.ok(!either.test('ab'));
});

test('Python syntax JavaScript does not read the same way is translated', () => {
  // Identity escapes outside classes (a SyntaxError in a `u` RegExp).
  assert.ok(compilePattern("l\\'\\-x", 'p').test("l'-x"));
  // Named groups and their back-references.
  const named = compilePattern('(?P<dep>\\d{2})-(?P=dep)', 'p');
  assert.ok(named.test('35-35'));
  assert.ok(!named.test('35-36'));
  // A leading inline flag.
  assert.ok(compilePattern('(?i)oui|non', 'p').test('OUI'));
  // `{,n}` is `{0,n}`; a brace that is not a quantifier is literal.
  assert.ok(compilePattern('a{,3}', 'p').test('aa'));
  assert.ok(compilePattern('a{b}', 'p').test('a{b}'));
  // `]` first in a class is a literal.
  assert.ok(compilePattern('[]a]+', 'p').test(']a]'));
  // `\A` and `\Z`.
  assert.ok(compilePattern('\\Aabc\\Z', 'p').test('abc'));
  // Comments are dropped.
  assert.ok(compilePattern('ab(?#deux lettres)', 'p').test('ab'));
});

test('\\d is ASCII, \\w is Unicode, and characters are code points', () => {
  assert.ok(compilePattern('\\d+', 'p').test('2024'));
  assert.ok(!compilePattern('\\d+', 'p').test('٢٠٢٤'));
  assert.ok(compilePattern('\\w+', 'p').test('Élodie'));
  assert.ok(!compilePattern('\\w+', 'p').test('a-b'));
  assert.ok(compilePattern('.', 'p').test('😀'));
  assert.ok(compilePattern('[\\U0001F600-\\U0001F64F]', 'p').test('😀'));
  // Python's `.` stops only at `\n`.
  assert.ok(compilePattern('a.b', 'p').test('a\rb'));
  assert.ok(!compilePattern('a.b', 'p').test('a\nb'));
});

test('constructs JavaScript cannot run are refused as a field-error naming the property', () => {
  for (const pattern of ['a++', '(?>ab)c', '(?x) a b', 'a(?i)b', '(abc', '\\q', '(?(1)a|b)']) {
    assert.throws(() => compilePattern(pattern, 'fields[2].constraints.pattern'), (error: unknown) => {
      assert.ok(error instanceof SchemaDescriptorError, pattern);
      assert.equal(error.code, 'field-error');
      assert.equal(error.property, 'fields[2].constraints.pattern');
      assert.ok(error.detail.fr.includes(pattern) && error.detail.en.includes(pattern), 'the detail quotes the pattern');
      return true;
    });
  }
});
