// The pages of Table Schema validation: a dataset that declares the `subventions` schema (SCDL) shows
// by its title whether its live version conforms, and its « Conformité » tab lists the report's
// errors row by row; the catalogue marks conforming datasets and offers the « Schéma » facet; in the
// back-office, editors choose the schema and only the organisation's administrators the policy.
// The expected findings were read from the SCDL example file by hand (the header is row 1, no cell
// spans lines, so the row is the line of the file). SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSession, datasetScope, PLATFORM } from '../../src/auth/index.js';
import { createPortal, getDataset, insertUser, setMembership, type Dataset } from '../../src/catalog/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { postgresUnavailableReason, type TestBackend } from '../helpers/backends.js';
import { createNantesPortal, publishCsv } from '../helpers/catalog.js';

const VALID_CSV = fs.readFileSync(new URL('../../schemas/subventions/example-valid.csv', import.meta.url), 'utf8');
const INVALID_CSV = fs.readFileSync(new URL('../../schemas/subventions/example-invalid.csv', import.meta.url), 'utf8');
const SCHEMA_METAS = { schema: 'subventions', schemaPolicy: 'warn' as const };

/**
 * [row, column, code] of errors example-invalid.csv must have against subventions 2.1.1 (schema.json):
 * pourcentageSubvention ≤ 1 (100 and 80 are not), dates in ISO form (05/12/2016 is not), numbers with
 * a point (100000,1 and 0,5), booleans oui/non (no, yes), idAttribuant of 14 digits (218601946),
 * rnaBeneficiaire W + 9 digits (W3222, W12455, W1234567), the period pattern (…_…), montant
 * required (row 10 empty), nature from its list (« aide en numéraire,aide en nature » with a comma).
 */
const EXPECTED_ERRORS: [number, string, string, string][] = [
  [2, 'pourcentageSubvention', 'constraint-error', '100'],
  [3, 'pourcentageSubvention', 'constraint-error', '80'],
  [5, 'dateConvention', 'type-error', '05/12/2016'],
  [5, 'rnaBeneficiaire', 'constraint-error', 'W3222'],
  [6, 'montant', 'type-error', '100000,1'],
  [6, 'notificationUE', 'type-error', 'no'],
  [7, 'idAttribuant', 'constraint-error', '218601946'],
  [8, 'datesPeriodeVersement', 'constraint-error', '2017-06-27_2018-06-27'],
  [8, 'notificationUE', 'type-error', 'yes'],
  [9, 'pourcentageSubvention', 'type-error', '0,5'],
  [10, 'montant', 'constraint-error', ''],
  [12, 'rnaBeneficiaire', 'constraint-error', 'W12455'],
  [16, 'nature', 'constraint-error', 'aide en numéraire,aide en nature'],
  [30, 'rnaBeneficiaire', 'constraint-error', 'W1234567'],
];

const pgReason = await postgresUnavailableReason();
const BACKENDS: { backend: TestBackend; skip: string | false }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: pgReason ?? false },
];

interface Browser {
  cookie: string;
  csrf: string;
}

function decode(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? '')
    .trim();
}

/** The rows of the table whose caption is `caption`, each as the text of its cells. */
function tableRows(html: string, caption: string): string[][] {
  const table = new RegExp(`<table[^>]*><caption>${caption}</caption>([\\s\\S]*?)</table>`).exec(html)?.[1];
  assert.ok(table, `a table captioned « ${caption} »`);
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => [...(row[1] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => decode(cell[1] ?? '')));
}

for (const { backend, skip } of BACKENDS) describe(`schema validation pages on ${backend}`, { skip }, () => {
  let setup: TestApp;
  let admin: Browser;
  let editor: Browser;

  before(async () => {
    setup = await testApp({ backend, organisation: { name: 'Région Pays de la Loire', kind: 'region' } });
    const { platform } = setup.t;
    await createPortal(platform.db, { slug: 'region', title: 'Open data Pays de la Loire', hostnames: [], scope: null, isDefault: true });
    await createNantesPortal(platform);
    // The conforming file at the region's level, the other in Nantes Métropole: Nantes' portal has no conforming dataset.
    await publishCsv(platform, 'subventions-antibes', VALID_CSV, { title: 'Subventions d’Antibes', metas: SCHEMA_METAS });
    await publishCsv(platform, 'subventions-poitiers', INVALID_CSV, { title: 'Subventions de Poitiers', organisation: 'nantes-metropole', metas: SCHEMA_METAS });
    await publishCsv(platform, 'budget', 'poste;montant\nvoirie;10\n', { title: 'Budget sans schéma', organisation: 'nantes-metropole' });
    const nantes = await platform.db.selectFrom('organisations').select('id').where('slug', '=', 'nantes-metropole').executeTakeFirstOrThrow();
    const signIn = async (email: string, role: 'admin' | 'editor'): Promise<Browser> => {
      const user = await insertUser(platform.db, { email, name: email.split('@')[0] ?? email });
      await setMembership(platform.db, user.id, nantes.id, role);
      const session = await createSession(platform.db, user.id, null);
      return { cookie: `territoires_session=${session.token}`, csrf: session.csrf };
    };
    admin = await signIn('chef@nantesmetropole.fr', 'admin');
    editor = await signIn('agent@nantesmetropole.fr', 'editor');
  });
  after(async () => setup?.dispose());

  const get = (url: string, who?: Browser) => setup.app.inject({ url, headers: who ? { cookie: who.cookie } : {} });
  const post = (url: string, who: Browser, fields: Record<string, string>, csrf = true) =>
    setup.app.inject({
      method: 'POST',
      url,
      headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...(csrf ? { _csrf: who.csrf } : {}), ...fields }).toString(),
    });
  const dataset = (id: string): Promise<Dataset> => getDataset(setup.t.platform.db, datasetScope(PLATFORM, null), id);

  test('a conforming dataset says so by its title, linked to its report, on every tab; a dataset without schema has no badge and no « Conformité » tab', async () => {
    assert.equal((await dataset('subventions-antibes')).live?.conformsTo, 'subventions@2.1.1');
    for (const tab of ['', 'table/', 'validation/']) {
      const page = await get(`/explore/dataset/subventions-antibes/${tab}`);
      assert.equal(page.statusCode, 200, tab);
      assert.match(page.body, /<a href="\/explore\/dataset\/subventions-antibes\/validation\/" class="schema-badge schema-ok"><span aria-hidden="true">✓ <\/span>Conforme au schéma Subventions \(SCDL\) 2\.1\.1/, tab);
    }
    const english = await get('/explore/dataset/subventions-antibes/?lang=en');
    assert.match(english.body, /Conforms to the schema Subventions \(SCDL\) 2\.1\.1/);

    const report = await get('/explore/dataset/subventions-antibes/validation/');
    assert.match(report.body, /<h2 id="validation-title">Conformité au schéma<\/h2>/);
    assert.match(report.body, /Le fichier est conforme au schéma Subventions \(SCDL\) 2\.1\.1/);
    assert.match(report.body, /Aucune erreur\./);
    assert.match(report.body, /publié quand même, avec son rapport/, 'the warn policy in words');
    // The number of records read: the lines of the file but its header.
    const records = VALID_CSV.trim().split('\n').length - 1;
    assert.match(report.body, new RegExp(`${records} enregistrements, 16 colonnes`));

    const plain = await get('/explore/dataset/budget/');
    assert.equal(plain.statusCode, 200);
    assert.doesNotMatch(plain.body, /schema-badge|Conforme|>Conformité</);
    assert.equal((await get('/explore/dataset/budget/validation/')).statusCode, 404);
  });

  test('a non-conforming dataset shows its error count by its title, and the report lists each error with its row, line, column, value and code', async () => {
    assert.equal((await dataset('subventions-poitiers')).live?.conformsTo, null, 'published under the warn policy, not conforming');
    const page = await get('/explore/dataset/subventions-poitiers/validation/');
    assert.equal(page.statusCode, 200);
    const badge = /class="schema-badge schema-errors"><span aria-hidden="true">✗ <\/span>Non conforme au schéma Subventions \(SCDL\) 2\.1\.1 — (\d+) erreurs/.exec(page.body);
    assert.ok(badge, 'the badge with its error count');
    const rows = tableRows(page.body, 'Erreurs trouvées dans le fichier, par ligne');
    assert.doesNotMatch(page.body, /Seuls les \d+ premiers constats/, 'nothing left out of this short file');
    assert.equal(Number(badge[1]), rows.length, 'the badge counts the errors the table lists');
    assert.ok(rows.length >= EXPECTED_ERRORS.length);
    for (const [row, field, code, value] of EXPECTED_ERRORS) {
      const found = rows.find((cells) => cells[0] === String(row) && cells[2]?.startsWith(field) && cells[4] === code);
      assert.ok(found, `row ${row}, ${field}: ${code}`);
      assert.equal(found[1], String(row), 'no cell spans lines: the line of the file is the row');
      assert.equal(found[3], value === '' ? '(vide)' : value);
      assert.ok((found[5] ?? '').length > 10, 'a message says what is wrong');
    }
    // Rows read as the file has them: sorted, and no error on a row the file does not have.
    const numbers = rows.map((cells) => Number(cells[0]));
    assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b));
    assert.ok(Math.max(...numbers) <= INVALID_CSV.trim().split('\n').length);
    // Counts per code: type-error as many times as the table lists it.
    const counts = tableRows(page.body, 'Nombre de constats de chaque type \\(erreurs et avertissements\\)');
    const typeErrors = counts.find((cells) => cells[1] === 'type-error');
    assert.equal(Number(typeErrors?.[3]), rows.filter((cells) => cells[4] === 'type-error').length);
    assert.equal(typeErrors?.[2], 'Erreur');
    // The file lacks the optional column dispositifAide (the schema's last): a warning, not an error.
    assert.ok(!rows.some((cells) => cells[2]?.startsWith('dispositifAide')));

    const english = await get('/explore/dataset/subventions-poitiers/validation/?lang=en');
    assert.match(english.body, /Does not conform to the schema Subventions \(SCDL\) 2\.1\.1 — \d+ errors/);
    const englishRows = tableRows(english.body, 'Errors found in the file, by row');
    assert.equal(englishRows.length, rows.length);
    assert.notEqual(englishRows[0]?.[5], rows[0]?.[5], 'the message in the page’s language');
  });

  test('the catalogue marks the conforming dataset and offers the « Schéma » facet, only where a dataset conforms', async () => {
    const catalogue = await get('/explore/');
    assert.equal(catalogue.statusCode, 200);
    assert.match(catalogue.body, /<h3 id="facet-schema">Schéma<\/h3>/);
    assert.match(catalogue.body, /<a href="\/explore\/\?refine\.schema=subventions"><span class="visually-hidden">Schéma : <\/span>subventions <span class="count">\(1</);
    const cards = catalogue.body.split('<li class="dataset">').slice(1);
    const card = (title: string) => cards.find((c) => c.includes(title)) ?? '';
    assert.match(card('Subventions d’Antibes'), /Conforme : subventions/);
    assert.doesNotMatch(card('Subventions de Poitiers'), /Conforme/);
    assert.doesNotMatch(card('Budget sans schéma'), /Conforme/);
    const refined = await get('/explore/?refine.schema=subventions');
    assert.equal(refined.statusCode, 200);
    assert.match(refined.body, /<strong>1 jeu de données<\/strong>/);
    assert.match(refined.body, /Subventions d’Antibes/);
    assert.doesNotMatch(refined.body, /Subventions de Poitiers<\/a>/);
    assert.match((await get('/explore/?lang=en')).body, /<h3 id="facet-schema">Schema<\/h3>/);
    // Nantes' portal holds the non-conforming dataset only: no facet to offer.
    const nantes = await get('/portals/nantes/explore/');
    assert.equal(nantes.statusCode, 200);
    assert.match(nantes.body, /Subventions de Poitiers/);
    assert.doesNotMatch(nantes.body, /facet-schema/);
  });

  test('in the back-office, an administrator sees the schema, the policy and the last report; an editor sees the policy but cannot change it', async () => {
    const page = await get('/espace/jeux/subventions-poitiers/schema', admin);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<option value="subventions" selected>Subventions \(SCDL\) 2\.1\.1 \(subventions\)<\/option>/);
    assert.match(page.body, /<input type="radio" id="schemaPolicy-warn" name="schemaPolicy" value="warn" checked\/>/);
    assert.match(page.body, /Bloquer la publication si le fichier contient des erreurs/);
    assert.match(page.body, /Version 1, publiée le/);
    assert.match(page.body, /Le fichier n’est pas conforme au schéma Subventions \(SCDL\) 2\.1\.1/);
    assert.match(page.body, /<a href="\/espace\/jeux\/subventions-poitiers\/schema\/versions\/1">Voir le rapport complet de la version 1<\/a>/);
    const full = await get('/espace/jeux/subventions-poitiers/schema/versions/1', admin);
    assert.equal(full.statusCode, 200);
    const rows = tableRows(full.body, 'Erreurs trouvées dans le fichier, par ligne');
    assert.ok(rows.some((cells) => cells[0] === '5' && cells[2]?.startsWith('dateConvention') && cells[4] === 'type-error'));
    assert.match((await get('/espace/jeux/subventions-poitiers', admin)).body, /href="\/espace\/jeux\/subventions-poitiers\/schema">Schéma de données/);

    const asEditor = await get('/espace/jeux/subventions-poitiers/schema', editor);
    assert.equal(asEditor.statusCode, 200);
    assert.doesNotMatch(asEditor.body, /name="schemaPolicy"/);
    assert.match(asEditor.body, /Règle de publication : Publier quand même et afficher les erreurs\. Seul un administrateur de l’organisation peut la changer\./);
    assert.match(asEditor.body, /<select id="field-schema" name="schema"/);

    const refused = await post('/espace/jeux/subventions-poitiers/schema', editor, { schema: 'subventions', schemaPolicy: 'block' });
    assert.equal(refused.statusCode, 403);
    assert.equal((await dataset('subventions-poitiers')).metas.schemaPolicy, 'warn');
    assert.equal((await get('/espace/jeux/subventions-poitiers/schema')).statusCode, 303, 'a visitor is sent to sign in');
  });

  test('an editor changes the schema; an administrator sets the policy, audited; then the editor can no longer remove the schema', async () => {
    const unknown = await post('/espace/jeux/budget/schema', editor, { schema: 'pas-un-schema' });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /id="field-schema-error"/);
    assert.equal((await dataset('budget')).metas.schema, null);
    const forged = await post('/espace/jeux/budget/schema', editor, { schema: 'subventions' }, false);
    assert.equal(forged.statusCode, 403);
    assert.equal((await dataset('budget')).metas.schema, null);

    const chosen = await post('/espace/jeux/budget/schema', editor, { schema: 'subventions' });
    assert.equal(chosen.statusCode, 303);
    assert.match((await get(String(chosen.headers.location), editor)).body, /Le schéma et la règle de publication sont enregistrés/);
    assert.equal((await dataset('budget')).metas.schema, 'subventions');
    // Declared after its version was published: no report yet, so no badge, and the tab says why.
    const tab = await get('/explore/dataset/budget/validation/');
    assert.equal(tab.statusCode, 200);
    assert.match(tab.body, /publiée avant que ce schéma soit déclaré/);
    assert.doesNotMatch(tab.body, /schema-badge/);

    const blocked = await post('/espace/jeux/budget/schema', admin, { schema: 'subventions', schemaPolicy: 'block' });
    assert.equal(blocked.statusCode, 303);
    assert.equal((await dataset('budget')).metas.schemaPolicy, 'block');
    const entry = await setup.t.platform.db.selectFrom('audit_log').selectAll().where('target', '=', 'dataset:budget').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(entry.action, 'dataset.update');
    assert.match(String(entry.details), /"schemaPolicy":"block"/);

    const locked = await get('/espace/jeux/budget/schema', editor);
    assert.doesNotMatch(locked.body, /<select id="field-schema"/);
    assert.match(locked.body, /seul un administrateur de l’organisation peut changer ou retirer le schéma/);
    assert.equal((await post('/espace/jeux/budget/schema', editor, { schema: '' })).statusCode, 403);
    assert.equal((await dataset('budget')).metas.schema, 'subventions');
  });

  test('« Valider un fichier » checks an upload against the chosen schema, shows the same report, and keeps nothing', async () => {
    const form = await get('/valider?schema=subventions');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<h1>Valider un fichier<\/h1>/);
    assert.match(form.body, /enctype="multipart\/form-data"/);
    assert.match(form.body, /<option value="subventions" selected>Subventions \(SCDL\) 2\.1\.1<\/option>/);
    assert.match((await get('/explore/')).body, /<a href="\/valider">/, 'linked from the catalogue');

    const multipart = (parts: { name: string; value: string; fileName?: string }[]) => {
      const boundary = '----territoires-test-boundary';
      const body = parts
        .map((p) => `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.fileName ? `; filename="${p.fileName}"\r\nContent-Type: text/csv` : ''}\r\n\r\n${p.value}\r\n`)
        .join('');
      return setup.app.inject({ method: 'POST', url: '/valider', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: `${body}--${boundary}--\r\n` });
    };
    const checked = await multipart([
      { name: 'schema', value: 'subventions' },
      { name: 'file', value: INVALID_CSV, fileName: 'subventions-poitiers.csv' },
    ]);
    assert.equal(checked.statusCode, 200);
    assert.match(checked.body, /<h2 id="validate-result">Rapport de validation de subventions-poitiers\.csv<\/h2>/);
    assert.match(checked.body, /Le fichier n’est pas conforme au schéma Subventions \(SCDL\) 2\.1\.1/);
    const rows = tableRows(checked.body, 'Erreurs trouvées dans le fichier, par ligne');
    for (const [row, field, code] of EXPECTED_ERRORS) assert.ok(rows.some((cells) => cells[0] === String(row) && cells[2]?.startsWith(field) && cells[4] === code), `row ${row}, ${field}: ${code}`);
    // The same file published gives the same list as the dataset's report.
    const published = tableRows((await get('/explore/dataset/subventions-poitiers/validation/')).body, 'Erreurs trouvées dans le fichier, par ligne');
    assert.deepEqual(rows, published);

    const valid = await multipart([
      { name: 'schema', value: 'subventions' },
      { name: 'file', value: VALID_CSV, fileName: 'antibes.csv' },
    ]);
    assert.match(valid.body, /Le fichier est conforme au schéma Subventions \(SCDL\) 2\.1\.1/);

    const noFile = await multipart([{ name: 'schema', value: 'subventions' }]);
    assert.equal(noFile.statusCode, 400);
    assert.match(noFile.body, /id="field-file-error"/);
    const noSchema = await multipart([
      { name: 'schema', value: 'pas-un-schema' },
      { name: 'file', value: VALID_CSV, fileName: 'antibes.csv' },
    ]);
    assert.equal(noSchema.statusCode, 400);
    assert.match(noSchema.body, /id="field-schema-error"/);
    // Nothing kept: the uploads' folder is empty again.
    const drafts = path.join(setup.t.platform.blobs.root, 'tmp', 'drafts');
    assert.deepEqual(fs.existsSync(drafts) ? fs.readdirSync(drafts) : [], []);
  });
});
