// Hierarchical text facets (ODS Explore v2.1 §2.4, §6.3): a field of paths, by the `hierarchical`
// annotation or by facet(name="x", hierarchical=true, separator="/"), lists its first segments,
// with the next level nested under a refined value; refine and exclude take a path and its
// subtree. Expected answers are written by hand from the rows below.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { datasetScope, PLATFORM } from '../../src/auth/index.js';
import { getDataset } from '../../src/catalog/index.js';
import { publishFile } from '../../src/ingest/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { writeTemporaryFile } from '../helpers/platform.js';

const BASE = '/api/explore/v2.1/catalog/datasets/lieux';

const LIEUX = [
  'nom,theme,rubrique,mots',
  "Musée d'arts,Culture/Musées/Beaux-arts,Loisirs > Visites,\"Culture/Musées;Culture/Patrimoine\"",
  "Musée d'histoire,Culture/Musées/Histoire,Loisirs > Visites,Sport/Stades",
  'Château,Culture/Patrimoine,Loisirs > Visites > Châteaux,',
  'Médiathèque,Culture,Services,',
  'Musée virtuel,Culture/Musées virtuels,Loisirs > En ligne,',
  'Piscine,Sport/Piscines,Loisirs > Baignade,',
  'Stade,Sport/Stades/Football,Loisirs,',
  'Gymnase,Sport/Salles,Loisirs,',
  'Parc,Environnement/Parcs,,',
  'Sans thème,,,',
].join('\n');

interface FacetValue {
  name: string;
  value: string;
  count?: number;
  state: string;
  facets?: FacetValue[];
}

describe('hierarchical facets', () => {
  let setup: TestApp;

  before(async () => {
    setup = await testApp();
    const platform = setup.t.platform;
    // `rubrique` gets the annotation as a publisher gives it: an `annotate` step.
    const steps = [{ op: 'annotate', field: 'rubrique', annotations: { hierarchical: ' > ' } }];
    await publishFile(platform, { file: writeTemporaryFile('lieux.csv', LIEUX), datasetId: 'lieux', steps }, platform.publishOptions);
    const dataset = await getDataset(platform.db, datasetScope(PLATFORM, null), 'lieux');
    const version = await platform.db.selectFrom('versions').select(['id', 'fields']).where('id', '=', dataset.liveVersionId ?? '').executeTakeFirstOrThrow();
    // `mots` is multivalued too, in the OpenAPI examples' form of the annotation (`["/"]`), set on the live version's fields as an ODS dataset carries it (§6.2).
    const annotations: Record<string, Record<string, unknown>> = { mots: { multivalued: ';', hierarchical: ['/'] } };
    const fields = (JSON.parse(version.fields) as { name: string; annotations: Record<string, unknown> }[]).map((f) => ({ ...f, annotations: { ...f.annotations, ...annotations[f.name] } }));
    await platform.db.updateTable('versions').set({ fields: JSON.stringify(fields) }).where('id', '=', version.id).execute();
  });
  after(async () => setup?.dispose());

  async function facets(params: [string, string][]): Promise<{ status: number; body: { facets?: { name: string; facets: FacetValue[] }[]; message?: string; location?: unknown } }> {
    const response = await setup.app.inject(`${BASE}/facets?${new URLSearchParams(params).toString()}`);
    return { status: response.statusCode, body: response.json() };
  }

  async function names(params: [string, string][]): Promise<string[]> {
    const response = await setup.app.inject(`${BASE}/records?${new URLSearchParams([['select', 'nom'], ['order_by', 'nom'], ...params]).toString()}`);
    assert.equal(response.statusCode, 200, response.body);
    return (response.json() as { results: { nom: string }[] }).results.map((r) => r.nom);
  }

  const THEME = 'facet(name="theme", hierarchical=true, separator="/")';

  test('facet(hierarchical=true): the first segments, counting every record below each', async () => {
    const { status, body } = await facets([['facet', THEME]]);
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(body.facets, [
      {
        name: 'theme',
        facets: [
          { name: 'Culture', value: 'Culture', count: 5, state: 'displayed' },
          { name: 'Sport', value: 'Sport', count: 3, state: 'displayed' },
          { name: 'Environnement', value: 'Environnement', count: 1, state: 'displayed' },
        ],
      },
    ]);
  });

  test('refine on a path keeps the records at it and below it, not those whose value only starts with its text', async () => {
    assert.deepEqual(await names([['refine', 'theme:"Culture/Musées"'], ['facet', THEME]]), ["Musée d'arts", "Musée d'histoire"]);
    assert.deepEqual(await names([['refine', 'theme:Culture'], ['facet', THEME]]), ['Château', "Musée d'arts", "Musée d'histoire", 'Musée virtuel', 'Médiathèque']);
    assert.deepEqual(await names([['exclude', 'theme:Culture'], ['facet', THEME]]), ['Gymnase', 'Parc', 'Piscine', 'Sans thème', 'Stade']);
    // Without the hierarchy, a refine is the whole value.
    assert.deepEqual(await names([['refine', 'theme:Culture']]), ['Médiathèque']);
  });

  test('a refined value holds the next level as nested facets, down to the refined path’s children', async () => {
    const { status, body } = await facets([['facet', THEME], ['refine', 'theme:"Culture/Musées"']]);
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(body.facets?.[0]?.facets, [
      {
        name: 'Culture',
        value: 'Culture',
        count: 2,
        state: 'refined',
        facets: [
          {
            name: 'Musées',
            value: 'Culture/Musées',
            count: 2,
            state: 'refined',
            facets: [
              { name: 'Beaux-arts', value: 'Culture/Musées/Beaux-arts', count: 1, state: 'displayed' },
              { name: 'Histoire', value: 'Culture/Musées/Histoire', count: 1, state: 'displayed' },
            ],
          },
        ],
      },
    ]);
  });

  test('disjunctive and hierarchical: the other values stay offered, with their counts', async () => {
    const { status, body } = await facets([['facet', 'facet(name="theme", hierarchical=true, separator="/", disjunctive=true)'], ['refine', 'theme:"Culture/Musées"']]);
    assert.equal(status, 200, JSON.stringify(body));
    const top = body.facets?.[0]?.facets ?? [];
    assert.deepEqual(top.map((v) => [v.value, v.count, v.state]), [['Culture', 5, 'refined'], ['Sport', 3, 'displayed'], ['Environnement', 1, 'displayed']]);
    const culture = top[0]?.facets ?? [];
    // Médiathèque is at `Culture` itself: no child of it.
    assert.deepEqual(culture.map((v) => [v.name, v.value, v.count, v.state]), [['Musées', 'Culture/Musées', 2, 'refined'], ['Musées virtuels', 'Culture/Musées virtuels', 1, 'displayed'], ['Patrimoine', 'Culture/Patrimoine', 1, 'displayed']]);
    assert.deepEqual(culture[0]?.facets?.map((v) => v.value), ['Culture/Musées/Beaux-arts', 'Culture/Musées/Histoire']);
  });

  test('the `hierarchical` annotation gives the separator; hierarchical=false in the request turns it off', async () => {
    const plain = await facets([['facet', 'rubrique']]);
    assert.equal(plain.status, 200, JSON.stringify(plain.body));
    assert.deepEqual(plain.body.facets?.[0]?.facets.map((v) => [v.value, v.count]), [['Loisirs', 7], ['Services', 1]]);
    const refined = await facets([['facet', 'rubrique'], ['refine', 'rubrique:"Loisirs > Visites"']]);
    assert.deepEqual(refined.body.facets?.[0]?.facets, [
      {
        name: 'Loisirs',
        value: 'Loisirs',
        count: 3,
        state: 'refined',
        facets: [{ name: 'Visites', value: 'Loisirs > Visites', count: 3, state: 'refined', facets: [{ name: 'Châteaux', value: 'Loisirs > Visites > Châteaux', count: 1, state: 'displayed' }] }],
      },
    ]);
    assert.deepEqual(await names([['refine', 'rubrique:"Loisirs > Visites"']]), ['Château', "Musée d'arts", "Musée d'histoire"]);
    const excluded = await facets([['facet', 'rubrique'], ['exclude', 'rubrique:"Loisirs > Visites"']]);
    assert.deepEqual(excluded.body.facets?.[0]?.facets, [
      { name: 'Loisirs', value: 'Loisirs', count: 4, state: 'displayed' },
      { name: 'Services', value: 'Services', count: 1, state: 'displayed' },
      { name: 'Visites', value: 'Loisirs > Visites', state: 'excluded' },
    ]);
    const flat = await facets([['facet', 'facet(name="rubrique", hierarchical=false)']]);
    assert.deepEqual(flat.body.facets?.[0]?.facets.map((v) => [v.value, v.count]), [['Loisirs', 2], ['Loisirs > Visites', 2], ['Loisirs > Baignade', 1], ['Loisirs > En ligne', 1], ['Loisirs > Visites > Châteaux', 1], ['Services', 1]]);
  });

  test('a multivalued field of paths: a record counts once under a prefix its values share', async () => {
    const { status, body } = await facets([['facet', 'mots']]);
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(body.facets?.[0]?.facets.map((v) => [v.value, v.count]), [['Culture', 1], ['Sport', 1]]);
    const refined = await facets([['facet', 'mots'], ['refine', 'mots:Culture']]);
    assert.deepEqual(refined.body.facets?.[0]?.facets[0]?.facets?.map((v) => [v.value, v.count]), [['Culture/Musées', 1], ['Culture/Patrimoine', 1]]);
    assert.deepEqual(await names([['refine', 'mots:"Culture/Patrimoine"']]), ["Musée d'arts"]);
    assert.deepEqual(await names([['refine', 'mots:Sport']]), ["Musée d'histoire"]);
  });

  test('facet options that are not true, false or a quoted separator are 400s with their column', async () => {
    for (const [facet, at] of [
      ['facet(name="theme", hierarchical=yes)', 'facet(name="theme", '.length],
      ['facet(name="theme", hierarchical=true, separator="")', 'facet(name="theme", hierarchical=true, '.length],
      ['facet(name="theme", hierarchical=true, separator=/)', 'facet(name="theme", hierarchical=true, '.length],
    ] as const) {
      const { status, body } = await facets([['facet', facet]]);
      assert.equal(status, 400, facet);
      assert.deepEqual(body.location, { parameter: 'facet', column: at + 1 }, `${facet}: ${body.message}`);
    }
  });
});
