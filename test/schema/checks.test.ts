// Validata's custom checks (table-schema.md §8): what each reports on a passing and a failing row,
// how absent columns and empty cells are skipped, and the `check-error` of an unknown or
// mis-parameterised check.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { CUSTOM_CHECKS, DEPRECATED_CHECK_NAMES, makeCustomCheck } from '../../src/schema/checks/index.js';
import type { CellValue, CustomCheck, FindingDraft, RowView, TableSchema } from '../../src/schema/model.js';

// ------------------------------------------------------------------------------------- helpers

/** A cell as written (its cast value is the text, null when empty), or [cast value, text]. */
type Cell = string | [CellValue, string];

/** A record; a column not among the keys is absent from the file. */
function rowOf(cells: Record<string, Cell>, row = 2): RowView {
  const cell = (field: string) => (Object.hasOwn(cells, field) ? cells[field] : undefined);
  return {
    row,
    blank: Object.values(cells).every((c) => (typeof c === 'string' ? c : c[1]) === ''),
    value: (field) => {
      const c = cell(field);
      if (c === undefined) return undefined;
      if (typeof c === 'string') return c === '' ? null : c;
      return c[0];
    },
    text: (field) => {
      const c = cell(field);
      return c === undefined ? undefined : typeof c === 'string' ? c : c[1];
    },
  };
}

function schemaOf(fields: string[]): TableSchema {
  return {
    name: 'test', title: null, description: null, version: null, homepage: null,
    fields: fields.map((name) => ({ name, type: 'string', format: 'default', title: null, description: null, example: null, missingValues: [''], constraints: {} })),
    missingValues: [''], primaryKey: [], uniqueKeys: [], foreignKeys: [], fieldsMatch: null, customChecks: [], descriptor: {},
  };
}

/** The columns a declaration names: the schema the tests declare them in. */
function columnsIn(params: Record<string, unknown>): string[] {
  return Object.values(params).flatMap((value) => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.map(String) : []));
}

function isCheck(made: CustomCheck | FindingDraft): made is CustomCheck {
  return typeof (made as CustomCheck).row === 'function';
}

function make(name: string, params: Record<string, unknown>, fields = columnsIn(params)): CustomCheck {
  const made = makeCustomCheck({ name, params }, schemaOf(fields));
  assert.ok(isCheck(made), `expected a check, got ${JSON.stringify(made)}`);
  return made;
}

function checkError(name: string, params: Record<string, unknown>, fields = columnsIn(params)): FindingDraft {
  const made = makeCustomCheck({ name, params }, schemaOf(fields));
  assert.ok(!isCheck(made), `expected a check-error for ${name}`);
  return made;
}

function findings(check: CustomCheck, cells: Record<string, Cell>): FindingDraft[] {
  return check.row(rowOf(cells)) ?? [];
}

/** The single finding of a row. */
function only(check: CustomCheck, cells: Record<string, Cell>): FindingDraft {
  const found = findings(check, cells);
  assert.equal(found.length, 1, JSON.stringify(found));
  return found[0]!;
}

// ------------------------------------------------------------------------------------ registry

test('every check name of Validata and frformat that the spec lists is known; aliases point at known checks', () => {
  const names = [
    'french-siret-value', 'french-siren-value', 'nomenclature-actes-value', 'year-interval-value', 'cohesive-columns-value',
    'compare-columns-value', 'sum-columns-value', 'one-of-required', 'french-gps-coordinates', 'phone-number-value',
    'opening-hours-value', 'siret', 'siren', 'nomenclature-acte', 'code-commune-insee', 'code-postal', 'coordonnees-gps-francaises',
  ];
  for (const name of names) assert.equal(typeof CUSTOM_CHECKS[name], 'function', name);
  assert.deepEqual(DEPRECATED_CHECK_NAMES, { 'french-siret-value': 'siret', 'french-siren-value': 'siren', 'nomenclature-actes-value': 'nomenclature-acte' });
});

test('an unknown check is one check-error saying it was not run', () => {
  const error = checkError('french-iban-value', { column: 'IBAN' });
  assert.equal(error.code, 'check-error');
  assert.equal(error.field, null);
  assert.equal(error.value, null);
  assert.match(error.message.fr, /« french-iban-value ».*inconnu|inconnu.*« french-iban-value »/);
  assert.match(error.message.fr, /pas été effectué/);
  assert.match(error.message.en, /"french-iban-value".*not run/);
  assert.match(error.note, /not known/);
});

test('wrong params are one check-error naming the check and the param', () => {
  const cases: [string, Record<string, unknown>, string[], RegExp][] = [
    ['french-siret-value', {}, ['SIRET'], /column/],
    ['french-siret-value', { column: 42 }, ['SIRET'], /column/],
    ['french-siret-value', { column: 'SIRETT' }, ['SIRET'], /SIRETT/],
    ['compare-columns-value', { column: 'A', op: '=>', column2: 'B' }, ['A', 'B'], /=>/],
    ['compare-columns-value', { column: 'A', op: '>=' }, ['A', 'B'], /column2/],
    ['sum-columns-value', { column: 'A', columns: 'B' }, ['A', 'B'], /columns/],
    ['sum-columns-value', { column: 'A', columns: [] }, ['A', 'B'], /columns/],
    ['cohesive-columns-value', { column: 'A', othercolumns: ['B', 'Z'] }, ['A', 'B'], /Z/],
    ['one-of-required', { column1: 'A' }, ['A', 'B'], /column2/],
  ];
  for (const [name, params, fields, detail] of cases) {
    const error = checkError(name, params, fields);
    assert.equal(error.code, 'check-error', name);
    assert.equal(error.field, null);
    assert.match(error.message.fr, new RegExp(`« ${name} ».*pas été effectué`), name);
    assert.match(error.message.en, detail, `${name} ${JSON.stringify(params)}`);
    assert.match(error.message.fr, detail, `${name} ${JSON.stringify(params)}`);
  }
});

test('every custom check of the shipped SCDL and national schemas can be made', () => {
  const root = new URL('../../schemas/', import.meta.url);
  let count = 0;
  for (const folder of fs.readdirSync(root)) {
    const file = new URL(`${folder}/schema.json`, root);
    if (!fs.existsSync(file)) continue;
    const descriptor = JSON.parse(fs.readFileSync(file, 'utf8')) as { fields: { name: string }[]; custom_checks?: { name: string; params: Record<string, unknown> }[] };
    for (const declaration of descriptor.custom_checks ?? []) {
      const made = makeCustomCheck(declaration, schemaOf(descriptor.fields.map((field) => field.name)));
      assert.ok(isCheck(made), `${folder}: ${JSON.stringify(made)}`);
      count++;
    }
  }
  assert.ok(count >= 25, `${count} checks`);
});

// ----------------------------------------------------------------------------- SIRET and SIREN

test('french-siret-value: a valid SIRET passes; absent columns and empty cells are skipped', () => {
  const check = make('french-siret-value', { column: 'COLL_SIRET' });
  assert.deepEqual(findings(check, { COLL_SIRET: '21440109300015' }), []);
  assert.deepEqual(findings(check, { COLL_SIRET: '35600000049837' }), []);
  assert.deepEqual(findings(check, { COLL_SIRET: '' }), []);
  assert.deepEqual(findings(check, { OTHER: '123' }), []);
  // A column typed integer: judged on the text, not the cast number.
  assert.deepEqual(findings(check, { COLL_SIRET: [21440109300015, '21440109300015'] }), []);
});

test('french-siret-value: a wrong key says the number was probably mistyped and where to check it', () => {
  const finding = only(make('french-siret-value', { column: 'idAttribuant' }), { idAttribuant: '21860194600000' });
  assert.equal(finding.code, 'french-siret-value');
  assert.equal(finding.field, 'idAttribuant');
  assert.equal(finding.value, '21860194600000');
  assert.match(finding.message.fr, /mal saisi/);
  assert.match(finding.message.fr, /annuaire-entreprises\.data\.gouv\.fr/);
  assert.match(finding.message.en, /mistyped/);
  assert.match(finding.note, /checksum/);
});

test('french-siret-value: the hint names the fix (separators, SIREN given, spreadsheet damage, length)', () => {
  const check = make('french-siret-value', { column: 'S' });
  // Spaces between valid digits are the field pattern's business, as in Validata (python-stdnum).
  assert.deepEqual(findings(check, { S: '218 601 946 00013' }), []);
  assert.match(only(check, { S: '218 601 946 00000' }).message.fr, /SIRET/);
  assert.match(only(check, { S: '218601946' }).message.fr, /est un SIREN/);
  assert.match(only(check, { S: '2.18601946000130E+13' }).message.fr, /formatez la colonne en texte/);
  assert.match(only(check, { S: '21440109300015.0' }).message.fr, /« 21440109300015 »/);
  assert.match(only(check, { S: '2144010930001' }).message.fr, /14 chiffres.*13/);
  assert.match(only(check, { S: 'SIRET inconnu' }).message.fr, /que des chiffres/);
});

test('siret (frformat name) runs the same rule and reports under its own name', () => {
  const check = make('siret', { column: 'S' });
  assert.deepEqual(findings(check, { S: '21440109300015' }), []);
  assert.equal(only(check, { S: '21860194600000' }).code, 'siret');
});

test('french-siren-value and siren: a SIRET given for a SIREN gets its first 9 digits suggested', () => {
  for (const name of ['french-siren-value', 'siren']) {
    const check = make(name, { column: 'expt_siren' });
    assert.deepEqual(findings(check, { expt_siren: '214401093' }), []);
    assert.deepEqual(findings(check, { expt_siren: '' }), []);
    const wrong = only(check, { expt_siren: '214401094' });
    assert.equal(wrong.code, name);
    assert.match(wrong.message.fr, /mal saisi/);
    assert.match(only(check, { expt_siren: '21440109300015' }).message.fr, /« 214401093 »/);
  }
});

// ---------------------------------------------------------------------------------- formats

test('nomenclature-actes-value: matter before the slash; spaces around it and unknown matters are explained', () => {
  const check = make('nomenclature-actes-value', { column: 'DELIB_MATIERE_NOM' });
  assert.deepEqual(findings(check, { DELIB_MATIERE_NOM: "domaines de compétences par thèmes/aménagement du territoire" }), []);
  assert.deepEqual(findings(check, { DELIB_MATIERE_NOM: '' }), []);
  const spaced = only(check, { DELIB_MATIERE_NOM: 'Urbanisme / Documents d\'urbanisme' });
  assert.equal(spaced.code, 'nomenclature-actes-value');
  assert.match(spaced.message.fr, /« Urbanisme\/Documents d'urbanisme »/);
  const unknown = only(check, { DELIB_MATIERE_NOM: 'Culture/Musées' });
  assert.match(unknown.message.fr, /« Culture »/);
  assert.match(unknown.message.fr, /Commande publique/);
  assert.match(only(check, { DELIB_MATIERE_NOM: 'Urbanisme' }).message.fr, /barre oblique/);
  assert.equal(only(make('nomenclature-acte', { column: 'M' }), { M: 'Culture/Musées' }).code, 'nomenclature-acte');
});

test('year-interval-value: YYYY/YYYY increasing; a single year only with allow-year-only "yes" or "true"', () => {
  const allowing = make('year-interval-value', { column: 'BUDGET_ANNEE', 'allow-year-only': 'yes' });
  assert.deepEqual(findings(allowing, { BUDGET_ANNEE: '2017/2018' }), []);
  assert.deepEqual(findings(allowing, { BUDGET_ANNEE: '2017' }), []);
  assert.deepEqual(findings(allowing, { BUDGET_ANNEE: '' }), []);
  const reversed = only(allowing, { BUDGET_ANNEE: '2018/2017' });
  assert.equal(reversed.code, 'year-interval-value');
  assert.equal(reversed.field, 'BUDGET_ANNEE');
  assert.match(reversed.message.fr, /« 2017\/2018 »/);
  assert.match(only(allowing, { BUDGET_ANNEE: '2017-2018' }).message.fr, /« 2017\/2018 »/);
  assert.equal(findings(allowing, { BUDGET_ANNEE: 'deux mille dix-sept' }).length, 1);
  assert.deepEqual(findings(make('year-interval-value', { column: 'Y', 'allow-year-only': 'true' }), { Y: '2017' }), []);
  for (const params of [{ column: 'Y' }, { column: 'Y', 'allow-year-only': 'no' }, { column: 'Y', 'allow-year-only': true }]) {
    const single = only(make('year-interval-value', params, ['Y']), { Y: '2017' });
    assert.match(single.message.fr, /année seule/);
  }
});

test('french-gps-coordinates: in France passes, a swap is reversed-french-gps-coordinates, elsewhere is french-gps-coordinates', () => {
  const check = make('french-gps-coordinates', { column: 'coordonneesXY' });
  assert.deepEqual(findings(check, { coordonneesXY: [[-1.5536, 47.2184], '[-1.5536,47.2184]'] }), []);
  assert.deepEqual(findings(check, { coordonneesXY: '' }), []);
  const swapped = only(check, { coordonneesXY: [[47.2184, -1.5536], '[47.2184,-1.5536]'] });
  assert.equal(swapped.code, 'reversed-french-gps-coordinates');
  assert.equal(swapped.field, 'coordonneesXY');
  assert.equal(swapped.value, '[47.2184,-1.5536]');
  assert.match(swapped.message.fr, /inversées.*« \[-1\.5536, 47\.2184\] »/);
  const madrid = only(check, { coordonneesXY: [[-3.7038, 40.4168], '[-3.7038,40.4168]'] });
  assert.equal(madrid.code, 'french-gps-coordinates');
  assert.match(madrid.message.fr, /n'est pas en France/);
  // A column typed string, as older schemas have: the text is read.
  assert.match(only(check, { coordonneesXY: '47.2184, -1.5536' }).message.fr, /« -1\.5536, 47\.2184 »/);
  assert.equal(only(check, { coordonneesXY: 'Nantes' }).code, 'french-gps-coordinates');
  // frformat's name has a single error code.
  assert.equal(only(make('coordonnees-gps-francaises', { column: 'P' }), { P: [[47.2184, -1.5536], '[47.2184,-1.5536]'] }).code, 'coordonnees-gps-francaises');
});

test('phone-number-value: French and international numbers pass; a lost leading zero is pointed out', () => {
  const check = make('phone-number-value', { column: 'tel' });
  for (const tel of ['02 40 41 90 00', '+33 2 40 41 90 00', '115', '3949', '+32 2 279 22 11', '']) assert.deepEqual(findings(check, { tel }), [], tel);
  const lost = only(check, { tel: '240419000' });
  assert.equal(lost.code, 'phone-number-value');
  assert.match(lost.message.fr, /« 0240419000 »/);
  assert.match(only(check, { tel: '+33 02 40 41 90 00' }).message.fr, /retirez le 0/);
  assert.match(only(check, { tel: 'standard mairie' }).message.fr, /n'est pas un numéro de téléphone valide/);
});

test('opening-hours-value: OSM syntax passes; French day names are explained', () => {
  const check = make('opening-hours-value', { column: 'horaires' });
  assert.deepEqual(findings(check, { horaires: 'Mo-Fr 08:30-12:00,13:30-17:30; Sa 08:30-12:00' }), []);
  const french = only(check, { horaires: 'Lu-Ve 08:30-12:00' });
  assert.equal(french.code, 'opening-hours-value');
  assert.match(french.message.fr, /Mo, Tu, We, Th, Fr, Sa, Su/);
  assert.match(only(check, { horaires: 'Mo-Fr 8h30-12h' }).message.fr, /08:30/);
});

test('code-commune-insee and code-postal: known codes pass; a lost leading zero and a postcode for a commune code are explained', () => {
  const commune = make('code-commune-insee', { column: 'insee' });
  for (const insee of ['44109', '2A004', '97105', '']) assert.deepEqual(findings(commune, { insee }), [], insee);
  assert.equal(only(commune, { insee: '99999' }).code, 'code-commune-insee');
  assert.match(only(commune, { insee: '1001' }).message.fr, /« 01001 »/);
  assert.match(only(commune, { insee: '44000' }).message.fr, /code postal/);
  const postal = make('code-postal', { column: 'cp' });
  for (const cp of ['44000', '75001', '']) assert.deepEqual(findings(postal, { cp }), [], cp);
  assert.equal(only(postal, { cp: '00000' }).code, 'code-postal');
  assert.match(only(postal, { cp: '1400' }).message.fr, /« 01400 »/);
});

// --------------------------------------------------------------------------- multi-column checks

test('compare-columns-value: dates through their text, numbers numerically, both columns named in the message', () => {
  const dates = make('compare-columns-value', { column: 'PREF_DATE', op: '>=', column2: 'DELIB_DATE' });
  assert.deepEqual(findings(dates, { PREF_DATE: '2017-02-03', DELIB_DATE: '2017-01-15' }), []);
  assert.deepEqual(findings(dates, { PREF_DATE: '2017-01-15', DELIB_DATE: '2017-01-15' }), []);
  const early = only(dates, { PREF_DATE: '2017-01-03', DELIB_DATE: '2017-01-15' });
  assert.equal(early.code, 'compare-columns-value');
  assert.equal(early.field, 'PREF_DATE');
  assert.equal(early.value, '2017-01-03');
  assert.match(early.message.fr, /PREF_DATE \(2017-01-03\).*postérieure ou égale.*DELIB_DATE \(2017-01-15\)/);
  // Skipped when a cell is empty or a column absent.
  assert.deepEqual(findings(dates, { PREF_DATE: '', DELIB_DATE: '2017-01-15' }), []);
  assert.deepEqual(findings(dates, { DELIB_DATE: '2017-01-15' }), []);

  const votes = make('compare-columns-value', { column: 'VOTE_EFFECTIF', op: '>=', column2: 'VOTE_REEL' });
  // 10 >= 9 numerically, although "10" < "9" as text.
  assert.deepEqual(findings(votes, { VOTE_EFFECTIF: [10, '10'], VOTE_REEL: [9, '9'] }), []);
  assert.match(only(votes, { VOTE_EFFECTIF: [9, '9'], VOTE_REEL: [10, '10'] }).message.fr, /VOTE_EFFECTIF \(9\).*VOTE_REEL \(10\)/);
  assert.deepEqual(findings(votes, { VOTE_EFFECTIF: [10n ** 20n, '100000000000000000000'], VOTE_REEL: [9, '9'] }), []);

  const ops: [string, boolean, boolean, boolean][] = [['<', true, false, false], ['<=', true, true, false], ['==', false, true, false], ['>', false, false, true]];
  for (const [op, less, equal, greater] of ops) {
    const check = make('compare-columns-value', { column: 'A', op, column2: 'B' });
    assert.equal(findings(check, { A: [1, '1'], B: [2, '2'] }).length === 0, less, `1 ${op} 2`);
    assert.equal(findings(check, { A: [2, '2'], B: [2, '2'] }).length === 0, equal, `2 ${op} 2`);
    assert.equal(findings(check, { A: [3, '3'], B: [2, '2'] }).length === 0, greater, `3 ${op} 2`);
  }
});

test('compare-columns-value: values of different kinds are "non comparables"', () => {
  const check = make('compare-columns-value', { column: 'A', op: '<', column2: 'B' });
  const finding = only(check, { A: [12, '12'], B: 'douze' });
  assert.equal(finding.code, 'compare-columns-value');
  assert.match(finding.message.fr, /non comparables.*A.*nombre.*B.*texte/i);
  assert.match(finding.message.en, /not comparable/);
});

test('sum-columns-value: exact decimal sums; a wrong total names the columns and the sum', () => {
  const check = make('sum-columns-value', { column: 'VOTE_REEL', columns: ['VOTE_POUR', 'VOTE_CONTRE', 'VOTE_ABSTENTION'] });
  assert.deepEqual(findings(check, { VOTE_REEL: [40, '40'], VOTE_POUR: [30, '30'], VOTE_CONTRE: [5, '5'], VOTE_ABSTENTION: [5, '5'] }), []);
  const wrong = only(check, { VOTE_REEL: [40, '40'], VOTE_POUR: [30, '30'], VOTE_CONTRE: [5, '5'], VOTE_ABSTENTION: [4, '4'] });
  assert.equal(wrong.code, 'sum-columns-value');
  assert.equal(wrong.field, 'VOTE_REEL');
  assert.equal(wrong.value, '40');
  assert.match(wrong.message.fr, /VOTE_REEL vaut 40.*VOTE_POUR \+ VOTE_CONTRE \+ VOTE_ABSTENTION font 39 \(30 \+ 5 \+ 4\)/);
  assert.deepEqual(findings(check, { VOTE_REEL: [40, '40'], VOTE_POUR: [30, '30'], VOTE_CONTRE: '', VOTE_ABSTENTION: [4, '4'] }), []);
  assert.deepEqual(findings(check, { VOTE_POUR: [30, '30'] }), []);

  const money = make('sum-columns-value', { column: 'total', columns: ['a', 'b'] });
  assert.notEqual(0.1 + 0.2, 0.3); // why the sum cannot be done on doubles
  assert.deepEqual(findings(money, { total: [0.3, '0,3'], a: [0.1, '0,1'], b: [0.2, '0,2'] }), []);
  assert.deepEqual(findings(money, { total: [1234.56, '1 234,56'], a: [1000.5, '1000.5'], b: [234.06, '234.06'] }), []);
  assert.match(only(money, { total: [0.3, '0.3'], a: [0.1, '0.1'], b: [0.21, '0.21'] }).message.fr, /font 0\.31/);
  assert.match(only(money, { total: [1, '1'], a: 'un', b: [0, '0'] }).message.fr, /« un ».*n'est pas un nombre/);
});

test('cohesive-columns-value: all filled or all empty, empty cells included', () => {
  const check = make('cohesive-columns-value', { column: 'BUDGET_ANNEE', othercolumns: ['BUDGET_NOM'] });
  assert.deepEqual(check.start?.(new Set(['BUDGET_ANNEE', 'BUDGET_NOM'])), []);
  assert.deepEqual(findings(check, { BUDGET_ANNEE: '2017', BUDGET_NOM: 'Budget principal' }), []);
  assert.deepEqual(findings(check, { BUDGET_ANNEE: '', BUDGET_NOM: '' }), []);
  const half = only(check, { BUDGET_ANNEE: '2017', BUDGET_NOM: '' });
  assert.equal(half.code, 'cohesive-columns-value');
  assert.equal(half.field, 'BUDGET_ANNEE');
  assert.match(half.message.fr, /BUDGET_ANNEE est rempli.*BUDGET_NOM est vide/);
  assert.match(only(check, { BUDGET_ANNEE: '', BUDGET_NOM: 'Budget principal' }).message.fr, /Remplissez BUDGET_ANNEE/);
});

test('cohesive-columns-value: some columns absent is one header finding and no row finding; all absent is nothing', () => {
  const check = make('cohesive-columns-value', { column: 'VOTE_EFFECTIF', othercolumns: ['VOTE_REEL', 'VOTE_POUR'] });
  const header = check.start?.(new Set(['VOTE_EFFECTIF', 'VOTE_REEL', 'OTHER']));
  assert.equal(header?.length, 1);
  assert.equal(header[0]!.code, 'cohesive-columns-value');
  assert.match(header[0]!.message.fr, /VOTE_POUR/);
  assert.deepEqual(findings(check, { VOTE_EFFECTIF: '43', VOTE_REEL: '' }), []);
  assert.deepEqual(check.start?.(new Set(['OTHER'])), []);
  assert.deepEqual(findings(check, { OTHER: 'x' }), []);
});

test('one-of-required: one of two cells filled, blank rows included; column/column2 also accepted', () => {
  for (const params of [{ column1: 'idBeneficiaire', column2: 'rnaBeneficiaire' }, { column: 'idBeneficiaire', column2: 'rnaBeneficiaire' }]) {
    const check = make('one-of-required', params);
    assert.deepEqual(check.start?.(new Set(['idBeneficiaire', 'rnaBeneficiaire'])), []);
    assert.deepEqual(findings(check, { idBeneficiaire: '52499120500013', rnaBeneficiaire: '' }), []);
    assert.deepEqual(findings(check, { idBeneficiaire: '', rnaBeneficiaire: 'W333216789' }), []);
    const both = only(check, { idBeneficiaire: '', rnaBeneficiaire: '', objet: 'Fonctionnement' });
    assert.equal(both.code, 'one-of-required');
    assert.equal(both.field, 'idBeneficiaire');
    assert.match(both.message.fr, /au moins l'une des deux colonnes idBeneficiaire ou rnaBeneficiaire/);
    const blank = check.row(rowOf({ idBeneficiaire: '', rnaBeneficiaire: '', objet: '' }));
    assert.equal(blank?.length, 1);
  }
});

test('one-of-required: one column absent makes the other required; both absent is one header finding', () => {
  const check = make('one-of-required', { column1: 'idBeneficiaire', column2: 'rnaBeneficiaire' });
  assert.deepEqual(check.start?.(new Set(['rnaBeneficiaire'])), []);
  assert.deepEqual(findings(check, { rnaBeneficiaire: 'W333216789' }), []);
  const alone = only(check, { rnaBeneficiaire: '' });
  assert.equal(alone.field, 'rnaBeneficiaire');
  assert.match(alone.message.fr, /Remplissez rnaBeneficiaire.*idBeneficiaire est absente/);

  const header = check.start?.(new Set(['objet']));
  assert.equal(header?.length, 1);
  assert.equal(header[0]!.code, 'one-of-required');
  assert.match(header[0]!.message.fr, /ni la colonne idBeneficiaire ni la colonne rnaBeneficiaire/);
  assert.deepEqual(findings(check, { objet: 'Fonctionnement' }), []);
});

// ------------------------------------------------------------------ the subventions SCDL examples

function subventionsFindings(file: string): { row: number; finding: FindingDraft }[] {
  const root = new URL('../../schemas/subventions/', import.meta.url);
  const descriptor = JSON.parse(fs.readFileSync(new URL('schema.json', root), 'utf8')) as { fields: { name: string }[]; custom_checks: { name: string; params: Record<string, unknown> }[] };
  const schema = schemaOf(descriptor.fields.map((field) => field.name));
  const checks = descriptor.custom_checks.map((declaration) => makeCustomCheck(declaration, schema)).filter(isCheck);
  assert.equal(checks.length, descriptor.custom_checks.length);
  const [header, ...records] = parse(fs.readFileSync(new URL(file, root), 'utf8')) as string[][];
  const out: { row: number; finding: FindingDraft }[] = [];
  records.forEach((record, index) => {
    const cells = Object.fromEntries(header!.map((label, column) => [label, record[column] ?? '']));
    for (const check of checks) for (const finding of check.row(rowOf(cells, index + 2)) ?? []) out.push({ row: index + 2, finding });
  });
  return out;
}

test('subventions: the valid example passes every custom check of its schema', () => {
  assert.deepEqual(subventionsFindings('example-valid.csv'), []);
});

test('subventions: the invalid example gets its mistyped SIRETs and its row without beneficiary id reported', () => {
  const found = subventionsFindings('example-invalid.csv');
  const attribuant = found.filter(({ finding }) => finding.field === 'idAttribuant');
  assert.equal(attribuant.length, 29); // every row: 21860194600000, or the SIREN 218601946
  assert.ok(attribuant.every(({ finding }) => finding.code === 'french-siret-value'));
  assert.match(attribuant.find(({ finding }) => finding.value === '218601946')!.finding.message.fr, /est un SIREN/);
  const oneOf = found.filter(({ finding }) => finding.code === 'one-of-required');
  assert.deepEqual(oneOf.map(({ row }) => row), [9]); // "Amicale des coureurs cyclistes…": no SIRET, no RNA
  const decimal = found.find(({ finding }) => finding.value === '32402138500000.0');
  assert.match(decimal!.finding.message.fr, /32402138500000/);
  // Beneficiaries also in the valid example are not reported.
  assert.equal(found.some(({ finding }) => finding.value === '52499120500013' || finding.value === '38033590100027'), false);
});
