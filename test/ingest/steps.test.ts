// Processing steps: stored with the dataset, replayed on every publish; the join ("croisement")
// reads another dataset only when it is at least as open.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { datasetScope, PLATFORM } from '../../src/auth/index.js';
import { createOrganisation, getDataset } from '../../src/catalog/index.js';
import { parseSteps, previewFile, processingOf, publishFile } from '../../src/ingest/index.js';
import { testPlatform, writeTemporaryFile, type TestPlatform } from '../helpers/platform.js';

describe('processing steps', () => {
  let t: TestPlatform;
  const rows = async (file: string) => t.platform.engine.query('select * from read_parquet($1)', [t.platform.blobs.absolute(file)]);
  before(async () => {
    t = await testPlatform();
    await createOrganisation(t.platform.db, { name: 'Région', kind: 'region' });
    await publishFile(t.platform, { file: writeTemporaryFile('communes.csv', 'code_insee,nom,population\n44109,Nantes,327734\n85191,La Roche-sur-Yon,57011\n'), datasetId: 'communes' }, t.platform.publishOptions);
    await publishFile(t.platform, { file: writeTemporaryFile('secret.csv', 'code_insee,revenu\n44109,1\n'), datasetId: 'secret', visibility: 'private' }, t.platform.publishOptions);
  });
  after(async () => t?.dispose());

  const equipments = 'Code INSEE;Équipement;Catégories;Places;lat;lon\n44109;Piscine;sport / eau;1200;47.2;-1.55\n85191;Gymnase;sport;300;46.67;-1.43\n44109;Patinoire;sport / glace;0;47.21;-1.56\n';

  test('rename, drop, set a type and a label, split, filter, build a point, join: replayed on every publish', async () => {
    const steps = [
      { op: 'rename', field: 'equipement', to: 'nom' },
      { op: 'set_type', field: 'places', type: 'double' },
      { op: 'set_label', field: 'places', label: 'Places assises', description: 'Capacité du public' },
      { op: 'split', field: 'categories', separator: '/', into: ['famille', 'sous_famille'] },
      { op: 'drop', field: 'categories' },
      { op: 'filter', field: 'places', operator: '>', value: 0 },
      { op: 'geo_point', latitude: 'lat', longitude: 'lon', to: 'position' },
      { op: 'join', dataset: 'communes', on: 'code_insee', dataset_field: 'code_insee', fields: ['population'] },
    ];
    const result = await publishFile(t.platform, { file: writeTemporaryFile('eq.csv', equipments), datasetId: 'equipements', steps }, t.platform.publishOptions);
    assert.deepEqual(result.version.fields.map((f) => `${f.name}:${f.type}`), [
      'code_insee:text', 'nom:text', 'places:double', 'lat:double', 'lon:double', 'geo_point_2d:geo_point_2d', 'famille:text', 'sous_famille:text', 'position:geo_point_2d', 'population:int',
    ]);
    assert.equal(result.version.fields[2]?.label, 'Places assises');
    const published = await rows(result.version.file);
    assert.deepEqual(published.map((r) => [r.nom, r.places, r.famille, r.sous_famille, r.population]), [['Piscine', 1200, 'sport', 'eau', 327734n], ['Gymnase', 300, 'sport', null, 57011n]]);
    assert.deepEqual(published[0]?.position, { lon: -1.55, lat: 47.2 });
    // The next file goes through the same steps without being told.
    const next = await publishFile(t.platform, { file: writeTemporaryFile('eq2.csv', `${equipments}44109;Stade;sport / foot;35000;47.25;-1.52\n`), datasetId: 'equipements' }, t.platform.publishOptions);
    assert.equal(next.version.rowCount, 3);
    assert.ok(next.version.fields.some((f) => f.name === 'population'));
  });

  test('the preview of a dataset shows its steps applied', async () => {
    const dataset = await getDataset(t.platform.db, datasetScope(PLATFORM, null), 'equipements');
    const preview = await previewFile(t.platform, writeTemporaryFile('p.csv', equipments), {}, 'p.csv', processingOf(t.platform, dataset, dataset.visibility));
    assert.equal(preview.records_count, 2);
    assert.deepEqual(preview.fields.at(-1), { name: 'population', label: 'population', type: 'int', samples: [327734, 57011] });
  });

  test('a public dataset may not be joined with a private one, checked at every publish', async () => {
    const steps = [{ op: 'join', dataset: 'secret', on: 'code_insee', dataset_field: 'code_insee', fields: ['revenu'] }];
    await assert.rejects(publishFile(t.platform, { file: writeTemporaryFile('x.csv', 'code_insee\n44109\n'), datasetId: 'fuite', steps }, t.platform.publishOptions), (error: Error & { code?: string; messageFr?: string }) => {
      assert.equal(error.code, 'JOIN_LESS_OPEN');
      assert.match(error.messageFr ?? '', /secret est private : un jeu public ne peut être croisé/);
      return true;
    });
    const ok = await publishFile(t.platform, { file: writeTemporaryFile('y.csv', 'code_insee\n44109\n'), datasetId: 'interne', visibility: 'private', steps }, t.platform.publishOptions);
    assert.deepEqual((await rows(ok.version.file))[0], { code_insee: '44109', revenu: 1n });
  });

  test('steps given with a file that fails are not kept', async () => {
    const dataset = await getDataset(t.platform.db, datasetScope(PLATFORM, null), 'equipements');
    await assert.rejects(publishFile(t.platform, { file: writeTemporaryFile('w.csv', 'a\n1\n'), datasetId: 'equipements', steps: [{ op: 'drop', field: 'nope' }] }, t.platform.publishOptions));
    assert.deepEqual((await getDataset(t.platform.db, datasetScope(PLATFORM, null), 'equipements')).steps, dataset.steps);
  });

  test('steps that cannot apply are refused, naming the step', async () => {
    assert.throws(() => parseSteps([{ op: 'explode' }]), /steps\[0\]\.op/);
    assert.throws(() => parseSteps([{ op: 'rename', field: 'a', to: 'Not A Name' }]), /steps\[0\]\.to/);
    assert.throws(() => parseSteps([{ op: 'filter', field: 'a', operator: '~' }]), /steps\[0\]\.operator/);
    assert.throws(() => parseSteps([{ op: 'annotate', field: 'a', annotations: { facet: 'yes' } }]), /steps\[0\]\.annotations\.facet/);
    assert.throws(() => parseSteps([{ op: 'annotate', field: 'a', annotations: { colour: 'red' } }]), /steps\[0\]\.annotations\.colour/);
    assert.deepEqual(parseSteps([{ op: 'annotate', field: 'a', annotations: { facet: true, multivalued: ';' } }]), [{ op: 'annotate', field: 'a', annotations: { facet: true, multivalued: ';' } }]);
    await assert.rejects(
      publishFile(t.platform, { file: writeTemporaryFile('z.csv', 'a,b\n1,2\n'), datasetId: 'z', steps: [{ op: 'drop', field: 'b' }, { op: 'rename', field: 'b', to: 'c' }] }, t.platform.publishOptions),
      (error: Error & { location?: object }) => {
        assert.deepEqual(error.location, { field: 'steps[1].field' });
        return true;
      },
    );
  });
});
