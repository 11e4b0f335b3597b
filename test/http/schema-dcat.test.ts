// What a harvester such as data.gouv.fr learns of conformity: the DCAT export ties a dataset to
// the published address of the Table Schema its live version conforms to (dct:conformsTo), and the
// Explore API's dataset object shows it in the dcat template (`conforms_to`). A dataset whose live
// version does not conform claims nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp } from '../helpers/app.js';
import { publishCsv } from '../helpers/catalog.js';

const example = (name: string) => fs.readFileSync(new URL(`../../schemas/subventions/${name}`, import.meta.url), 'utf8');
const SUBVENTIONS_SCHEMA = 'https://schema.data.gouv.fr/schemas/scdl/subventions/2.1.1/schema.json';

describe('conformity in the catalog exports', () => {
  let setup: TestApp;
  before(async () => {
    setup = await testApp();
    const metas = { schema: 'subventions', schemaPolicy: 'warn' as const };
    await publishCsv(setup.t.platform, 'subventions-conformes', example('example-valid.csv'), { title: 'Subventions conformes', metas });
    await publishCsv(setup.t.platform, 'subventions-a-corriger', example('example-invalid.csv'), { title: 'Subventions à corriger', metas });
  });
  after(async () => setup?.dispose());

  const get = async (url: string) => {
    const response = await setup.app.inject({ method: 'GET', url });
    assert.equal(response.statusCode, 200, response.body);
    return response;
  };

  test('dct:conformsTo names the schema.data.gouv.fr address for the conforming dataset only', async () => {
    const turtle = (await get('/api/explore/v2.1/catalog/exports/ttl')).body;
    const conformsTo = turtle.match(/dct:conformsTo <[^>]+>/g) ?? [];
    assert.deepEqual(conformsTo, [`dct:conformsTo <${SUBVENTIONS_SCHEMA}>`]);
  });

  test('the dataset object shows conforms_to in its dcat template', async () => {
    const ok = JSON.parse((await get('/api/explore/v2.1/catalog/datasets/subventions-conformes')).body);
    assert.deepEqual(ok.metas.dcat, { conforms_to: 'subventions@2.1.1' });
    const bad = JSON.parse((await get('/api/explore/v2.1/catalog/datasets/subventions-a-corriger')).body);
    assert.deepEqual(bad.metas.dcat, { conforms_to: null });
  });

  test('the schema facet counts the conforming dataset, and refines the catalog to it', async () => {
    const facets = JSON.parse((await get('/api/explore/v2.1/catalog/facets?facet=schema')).body);
    assert.deepEqual(facets.facets, [{ name: 'schema', facets: [{ name: 'subventions', count: 1, state: 'displayed', value: 'subventions' }] }]);
    const refined = JSON.parse((await get('/api/explore/v2.1/catalog/datasets?refine=schema:subventions&select=dataset_id')).body);
    assert.deepEqual(refined.results, [{ dataset_id: 'subventions-conformes' }]);
  });
});
