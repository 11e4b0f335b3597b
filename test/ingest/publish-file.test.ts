// The CSV ingest: encodings, delimiters, types (codes stay text), and bad files refused with the
// line, without leaving a half-published dataset behind.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { datasetScope, PLATFORM } from '../../src/auth/index.js';
import { createOrganisation, findDataset, listJobs } from '../../src/catalog/index.js';
import { publishFile } from '../../src/ingest/index.js';
import { testPlatform, writeTemporaryFile, type TestPlatform } from '../helpers/platform.js';

describe('publishing a CSV file', () => {
  let t: TestPlatform;
  before(async () => {
    t = await testPlatform();
    await createOrganisation(t.platform.db, { name: 'Région Pays de la Loire', kind: 'region', cog: '52', slug: 'pays-de-la-loire' });
    await createOrganisation(t.platform.db, { name: 'Nantes', kind: 'commune', cog: '44109' });
  });
  after(async () => t?.dispose());

  const publish = (file: string, datasetId: string, organisation?: string) => publishFile(t.platform, { file, datasetId, organisation }, t.platform.publishOptions);
  const records = async (datasetId: string) => {
    const dataset = await findDataset(t.platform.db, datasetScope(PLATFORM, null), datasetId);
    assert.ok(dataset?.liveVersionId);
    const { getVersion } = await import('../../src/catalog/index.js');
    const version = await getVersion(t.platform.db, dataset.liveVersionId);
    assert.ok(version);
    return t.platform.engine.query('select * from read_parquet($1)', [t.platform.blobs.absolute(version.file)]);
  };

  test('a Windows-1252 file from Excel keeps œ, € and ’, with ; and decimal commas', async () => {
    const text = 'code_insee;nom_commune;montant;lat\r\n44116;Paimbœuf;1 234,50;47,2866\r\n01001;L’Abergement-Clémenciat;€ 12;46,1534\r\n';
    const file = writeTemporaryFile('excel.csv', iconv.encode(text, 'windows-1252'));
    const result = await publish(file, 'excel');
    assert.equal(result.read.encoding, 'windows-1252');
    assert.equal(result.read.delimiter, ';');
    assert.deepEqual(result.version.fields.map((f) => [f.name, f.type]), [['code_insee', 'text'], ['nom_commune', 'text'], ['montant', 'text'], ['lat', 'double']]);
    const rows = await records('excel');
    assert.deepEqual(rows.map((r) => r.nom_commune), ['Paimbœuf', 'L’Abergement-Clémenciat']);
    assert.deepEqual(rows.map((r) => r.code_insee), ['44116', '01001']);
    assert.deepEqual(rows.map((r) => r.lat), [47.2866, 46.1534]);
    assert.equal(rows[1]?.montant, '€ 12');
  });

  test('UTF-8 with a BOM, commas, and each type detected; codes keep their leading zeros', async () => {
    const text = '\ufeffcode_postal,Code Département,population,surface,littoral,date_maj,horodatage,siret\n' +
      '01000,01,15000,"12.5",oui,2024-01-31,2024-01-31T10:00:00+01:00,21060004500392\n' +
      '44000,44,327734,65.19,non,2025-06-30,2025-06-30 08:30:00,21440109300015\n';
    const result = await publish(writeTemporaryFile('bom.csv', text), 'types');
    assert.equal(result.read.encoding, 'utf-8');
    assert.deepEqual(result.version.fields.map((f) => `${f.name}:${f.type}`), [
      'code_postal:text', 'code_departement:text', 'population:int', 'surface:double', 'littoral:boolean', 'date_maj:date', 'horodatage:datetime', 'siret:text',
    ]);
    assert.equal(result.version.fields[1]?.label, 'Code Département', 'the label keeps the header as written');
    const rows = await records('types');
    assert.equal(rows[0]?.code_postal, '01000');
    assert.equal(rows[0]?.code_departement, '01');
    assert.equal(rows[1]?.population, 327734n);
    assert.equal(rows[0]?.littoral, true);
    assert.equal((rows[0]?.horodatage as Date).toISOString(), '2024-01-31T09:00:00.000Z');
    // A naive time is read as Paris time: 08:30 in summer is 06:30 UTC.
    assert.equal((rows[1]?.horodatage as Date).toISOString(), '2025-06-30T06:30:00.000Z');
  });

  test('thousands spaces in whole numbers, and camelCase SCDL headers that name codes', async () => {
    const text = 'nomCommune;codeDepartement;habitants;codePostal\nNantes;44;327\u202f734;44000\nAngers;49;157 175;49000\nLaval;53;49\u00a0728;53000\n';
    const result = await publish(writeTemporaryFile('camel.csv', text), 'camel');
    assert.deepEqual(result.version.fields.map((f) => `${f.name}:${f.type}`), ['nomcommune:text', 'codedepartement:text', 'habitants:int', 'codepostal:text']);
    assert.deepEqual((await records('camel')).map((r) => r.habitants), [327734n, 157175n, 49728n]);
    const amounts = await publish(writeTemporaryFile('amounts.csv', 'objet;montant\nA;20 000\nB;35 000\n'), 'amounts');
    assert.equal(amounts.version.fields[1]?.type, 'int', 'amounts written with thousands spaces are quantities, not identifiers');
  });

  test('tab-separated files and French dates', async () => {
    const result = await publish(writeTemporaryFile('tab.tsv', 'nom\tdate\nA\t22/11/2026\nB\t01/02/2025\n'), 'tabs');
    assert.equal(result.read.delimiter, '\t');
    assert.deepEqual(result.version.fields.map((f) => f.type), ['text', 'date']);
    assert.equal(((await records('tabs'))[0]?.date as Date).toISOString().slice(0, 10), '2026-11-22');
  });

  test('quoted cells may hold the delimiter and line breaks', async () => {
    const result = await publish(writeTemporaryFile('quoted.csv', 'id,texte\n1,"a, b"\n2,"ligne 1\nligne 2"\n'), 'quoted');
    assert.equal(result.version.rowCount, 2);
    assert.equal((await records('quoted'))[1]?.texte, 'ligne 1\nligne 2');
  });

  test('a new dataset belongs to --org, else to the top organisation', async () => {
    const a = await publish(writeTemporaryFile('a.csv', 'x\n1\n'), 'owned', '44109');
    assert.equal(a.dataset.owner.slug, 'nantes');
    const b = await publish(writeTemporaryFile('b.csv', 'x\n1\n'), 'top-owned');
    assert.equal(b.dataset.owner.slug, 'pays-de-la-loire');
  });

  test('a ragged row is refused with its line, and no dataset is left behind', async () => {
    const file = writeTemporaryFile('ragged.csv', 'a;b;c\n1;2;3\n4;5;6\n7;8\n');
    await assert.rejects(publish(file, 'ragged'), (error: Error & { code?: string; location?: { line?: number }; messageFr?: string }) => {
      assert.equal(error.code, 'INGEST_CSV_MALFORMED');
      assert.equal(error.location?.line, 4);
      assert.match(error.message, /line 4: this line has a different number of columns than the header \(2 columns, 3 expected\)/);
      assert.match(error.messageFr ?? '', /ligne 4 : cette ligne n'a pas le même nombre de colonnes/);
      return true;
    });
    assert.equal(await findDataset(t.platform.db, datasetScope(PLATFORM, null), 'ragged'), undefined);
  });

  test('a bad file for an existing dataset leaves its live version as it was, and the job says why', async () => {
    const before = await records('tabs');
    await assert.rejects(publish(writeTemporaryFile('bad.csv', 'nom\tdate\n"unclosed\n'), 'tabs'), { code: 'INGEST_CSV_MALFORMED' });
    assert.deepEqual(await records('tabs'), before);
    const dataset = await findDataset(t.platform.db, datasetScope(PLATFORM, null), 'tabs');
    const [lastJob] = await listJobs(t.platform.db, dataset?.uid);
    assert.equal(lastJob?.status, 'failed');
    assert.match(lastJob?.error ?? '', /INGEST_CSV_MALFORMED/);
  });

  test('empty files, header-only files and missing files are refused', async () => {
    await assert.rejects(publish(writeTemporaryFile('empty.csv', ''), 'empty'), { code: 'INGEST_EMPTY_FILE' });
    await assert.rejects(publish(writeTemporaryFile('header.csv', 'a,b\n'), 'header-only'), { code: 'INGEST_EMPTY_FILE' });
    await assert.rejects(publish('/nonexistent/file.csv', 'missing'), { code: 'INGEST_FILE_NOT_FOUND' });
    await assert.rejects(publish(writeTemporaryFile('x.csv', 'a\n1\n'), 'x', 'no-such-org'), { code: 'ORGANISATION_NOT_FOUND' });
  });
});

describe('the column limit', () => {
  test('a file with more columns than TERRITOIRES_MAX_COLUMNS is refused, for CSV and JSON alike', async () => {
    const t = await testPlatform('sqlite', { TERRITOIRES_MAX_COLUMNS: '3' });
    try {
      await createOrganisation(t.platform.db, { name: 'Région', kind: 'region' });
      const publish = (name: string, content: string) => publishFile(t.platform, { file: writeTemporaryFile(name, content), datasetId: name.replace('.', '-') }, t.platform.publishOptions);
      await assert.rejects(publish('wide.csv', 'a,b,c,d\n1,2,3,4\n'), (error: Error & { code?: string; messageFr?: string }) => {
        assert.equal(error.code, 'INGEST_TOO_MANY_COLUMNS');
        assert.equal(error.messageFr, 'Le fichier wide.csv a 4 colonnes ; cette plateforme en accepte au plus 3.');
        return true;
      });
      await assert.rejects(publish('wide.json', '[{"a":1,"b":2,"c":3,"d":4}]'), { code: 'INGEST_TOO_MANY_COLUMNS' });
      assert.equal((await publish('narrow.csv', 'a,b,c\n1,2,3\n')).version.fields.length, 3);
    } finally {
      await t.dispose();
    }
  });
});
