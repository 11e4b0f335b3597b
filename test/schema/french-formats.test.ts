// French formats behind Validata's custom checks (table-schema.md §8): SIREN/SIRET keys, COG
// codes, phone numbers, GPS boxes, ACTES matters, OSM opening hours.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import {
  actesMatter, frenchGps, isCodeCommuneInsee, isCodePostal, isFrenchPhoneNumber, isOpeningHours, isSiren, isSiret,
} from '../../src/schema/french-formats.js';

const require = createRequire(import.meta.url);

test('SIRET: real ones pass, a wrong key, a wrong SIREN part, separators and wrong lengths fail', () => {
  // Nantes (commune): SIREN 214401093, head office NIC 00015.
  assert.equal(isSiret('21440109300015'), true);
  // Poitiers: the subventions example-valid file's attributing body, and the invalid file's mistyped one.
  assert.equal(isSiret('21060004500392'), true);
  assert.equal(isSiret('21860194600000'), false);
  // Luhn holds on the 14 digits but not on the SIREN 218601947: still invalid.
  assert.equal(isSiret('21860194700003'), false);
  assert.equal(isSiret('218 601 946 00013'), false);
  assert.equal(isSiret('2144010930001'), false);
  assert.equal(isSiret('214401093000150'), false);
  assert.equal(isSiret('2144010930001A'), false);
  assert.equal(isSiret(''), false);
});

test('SIRET: La Poste establishments are valid when their digit sum is a multiple of 5 (INSEE exception)', () => {
  assert.equal(isSiret('35600000000048'), true); // head office: ordinary Luhn key
  // Digit sum 45 and no Luhn key: valid only through the exception.
  assert.equal(isSiret('35600000049837'), true);
  assert.equal(isSiret('35600000049838'), false); // digit sum 46
});

test('SIREN: every commune SIREN of the COG passes; wrong keys and lengths fail', () => {
  const communes = require('@etalab/decoupage-administratif/data/communes.json') as { siren?: string }[];
  const sirens = communes.flatMap((commune) => (commune.siren ? [commune.siren] : []));
  assert.ok(sirens.length > 30_000);
  assert.deepEqual(sirens.filter((siren) => !isSiren(siren)), []);
  assert.equal(isSiren('214401093'), true);
  assert.equal(isSiren('214401094'), false);
  assert.equal(isSiren('21440109'), false);
  assert.equal(isSiren('21440109300015'), false);
  assert.equal(isSiren('214 401 093'), false);
});

test('code commune INSEE: current, Corsican, overseas, arrondissement and former codes; unknown ones fail', () => {
  for (const code of ['44109', '2A004', '2B033', '97105', '97611', '75101', '13201']) assert.equal(isCodeCommuneInsee(code), true, code);
  // Former codes are still accepted: 01340 (Arbignieu, merged into Arboys en Bugey, 01015) and
  // 20004 (Ajaccio before Corsica was split into 2A and 2B).
  assert.equal(isCodeCommuneInsee('01340'), true);
  assert.equal(isCodeCommuneInsee('20004'), true);
  for (const code of ['99999', '00000', '4410', '441090', '2C004', '2a004', '44 109', '']) assert.equal(isCodeCommuneInsee(code), false, code);
});

test('code postal: five digits that some commune uses', () => {
  for (const code of ['44000', '75001', '20000', '97133', '01400']) assert.equal(isCodePostal(code), true, code);
  for (const code of ['00000', '99999', '4400', '44 000', '440000', 'ABCDE']) assert.equal(isCodePostal(code), false, code);
});

test('phone numbers: French national, international and short forms', () => {
  const valid = [
    '02 40 41 90 00', '0240419000', '02.40.41.90.00', '02-40-41-90-00', '06 12 34 56 78', '09 70 80 90 00',
    '+33 2 40 41 90 00', '+33240419000', '+33 (0)2 40 41 90 00', '0033 2 40 41 90 00',
    '0590 12 34 56', '+590 590 12 34 56', '+262 262 12 34 56', '+596 596 12 34 56', '+594 594 12 34 56',
    '15', '17', '18', '112', '114', '115', '119', '3949', '3237', '1014', '116000', '118712',
    '+32 2 279 22 11', '+1 202 555 0123', '+44 20 7946 0958', '+508 41 23 45', '+687 12 34 56',
  ];
  for (const number of valid) assert.equal(isFrenchPhoneNumber(number), true, number);
  const invalid = [
    '240419000', '02 40 41 90', '02 40 41 90 00 0', '00 00 00 00 00', '+33 02 40 41 90 00', '+33 2 40 41',
    '+999 1234567', '+32 1', '16', '12345', '02 40 41 90 0A', 'tél. 02 40 41 90 00', '', '+',
  ];
  for (const number of invalid) assert.equal(isFrenchPhoneNumber(number), false, number);
});

test('GPS: inside France, swapped, or outside', () => {
  const inside: [string, number, number][] = [
    ['Paris', 2.3522, 48.8566], ['Nantes', -1.5536, 47.2184], ['Ajaccio', 8.7369, 41.9192], ['Bastia', 9.4509, 42.6977],
    ['Strasbourg', 7.7521, 48.5734], ['Brest', -4.4861, 48.3904], ['Pointe-à-Pitre', -61.5331, 16.2411],
    ['Fort-de-France', -61.0588, 14.6161], ['Cayenne', -52.3135, 4.9224], ['Saint-Denis (La Réunion)', 55.4504, -20.8823],
    ['Mamoudzou', 45.2279, -12.7806], ['Saint-Pierre (SPM)', -56.1773, 46.7811],
  ];
  for (const [place, lon, lat] of inside) {
    assert.equal(frenchGps(lon, lat), 'ok', place);
    assert.equal(frenchGps(lat, lon), 'reversed', `${place} swapped`);
  }
  for (const [place, lon, lat] of [['Madrid', -3.7038, 40.4168], ['New York', -74.006, 40.7128], ['Null Island', 0, 0], ['Dakar', -17.4677, 14.7167]] as const) {
    assert.equal(frenchGps(lon, lat), 'outside', place);
  }
});

test('ACTES nomenclature: one of the 9 matters before a "/" with no space around it, case and accents ignored', () => {
  for (const text of [
    'Urbanisme/Documents d\'urbanisme', 'urbanisme/documents d\'urbanisme', 'COMMANDE PUBLIQUE/Marchés publics',
    'Domaines de competences par themes/Aménagement du territoire', 'Libertés publiques et pouvoirs de police/Police municipale',
    'Finances locales/Décisions budgétaires', 'Autres domaines de compétences/Autres', 'Fonction publique/Personnel titulaire',
    'Institutions et vie politique/Élections', 'Domaine et patrimoine/Acquisitions',
  ]) {
    assert.equal(actesMatter(text).valid, true, text);
  }
  assert.deepEqual(actesMatter('finances locales/x'), { valid: true, matter: 'Finances locales' });
  assert.deepEqual(actesMatter('Urbanisme'), { valid: false, problem: 'no-slash', matter: 'Urbanisme' });
  assert.deepEqual(actesMatter('Urbanisme /Documents'), { valid: false, problem: 'space-around-slash', matter: 'Urbanisme' });
  assert.deepEqual(actesMatter('Urbanisme/ Documents'), { valid: false, problem: 'space-around-slash', matter: 'Urbanisme' });
  assert.deepEqual(actesMatter('Culture/Musées'), { valid: false, problem: 'unknown-matter', matter: null });
  // The matter is the text before the FIRST slash.
  assert.equal(actesMatter('Sport/Urbanisme/Documents').valid, false);
});

test('opening hours: the supported OSM subset', () => {
  const valid = [
    'Mo-Fr 08:30-12:00,13:30-17:30; Sa 08:30-12:00', '24/7', 'Mo-Su 00:00-24:00', 'Mo,We,Fr 09:00-12:00', 'Tu-Sa 10:00-19:00; PH off',
    'Mo-Fr 08:00-12:00, Sa 09:00-12:00', 'Mo-Fr 22:00-02:00', 'Fr 18:00+', 'Jan-Mar Mo-Fr 08:00-18:00', 'Dec 25 off', 'Mo[1] 10:00-12:00',
    'Mo-Fr 09:00-17:00 "sur rendez-vous"', 'Su off', 'PH closed', 'Mo-Fr 9:00-17:00',
  ];
  for (const text of valid) assert.equal(isOpeningHours(text), true, text);
  const invalid = [
    '', 'Lu-Ve 8h30-12h', 'Mon-Fri 09:00-17:00', 'Mo-Fr 08:00-12:00;', 'Mo-Fr 08:60-12:00', 'Mo-Fr 08:00-49:00', 'mo-fr 08:00-12:00',
    'Mo-Fr 08:00', 'Mo-Xy 08:00-12:00', 'du lundi au vendredi', 'Mo[6] 10:00-12:00',
  ];
  for (const text of invalid) assert.equal(isOpeningHours(text), false, text);
});
