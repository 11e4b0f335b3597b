// Dataset aliases per portal (docs/DESIGN.md "Dataset ids"): the old ids of a migrated
// OpenDataSoft domain answer on that portal's every Explore route, as the dataset itself and with
// its visibility, never on another portal, never in the place of a real dataset of the portal;
// managed with the operator key. On SQLite and on PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createOrganisation, createPortal, topOrganisation } from '../../src/catalog/index.js';
import { attachFile, publishFile } from '../../src/ingest/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { postgresUnavailableReason, type TestBackend } from '../helpers/backends.js';
import { runCli } from '../helpers/cli.js';
import { writeTemporaryFile } from '../helpers/platform.js';

const pgReason = await postgresUnavailableReason();
const BACKENDS: { backend: TestBackend; skip: string | false }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: pgReason ?? false },
];

const MANAGEMENT = '/api/management/v1/portals';
const EXPLORE = '/api/explore/v2.1/catalog/datasets';
const BUDGET_CSV = 'poste;montant\nvoirie;1200\necoles;3400\nculture;800\n';

for (const { backend, skip } of BACKENDS) {
  describe(`dataset aliases on ${backend}`, { skip }, () => {
    let setup: TestApp;
    let app: FastifyInstance;

    before(async () => {
      setup = await testApp({ backend });
      app = setup.app;
      const { platform } = setup.t;
      const region = await topOrganisation(platform.db);
      assert.ok(region, 'testApp made the top organisation');
      await createOrganisation(platform.db, { name: 'Nantes', kind: 'commune', slug: 'nantes', parentId: region.id });
      await createOrganisation(platform.db, { name: 'Rezé', kind: 'commune', slug: 'reze', parentId: region.id });
      await createPortal(platform.db, { slug: 'nantes', title: 'Nantes', hostnames: ['data.nantes.localhost'], scope: await orgBySlug('nantes') });
      await createPortal(platform.db, { slug: 'reze', title: 'Rezé', hostnames: [], scope: await orgBySlug('reze') });
      const file = writeTemporaryFile('budget.csv', BUDGET_CSV);
      const publish = (datasetId: string, organisation: string, visibility: 'public' | 'private') => publishFile(platform, { file, datasetId, title: datasetId, organisation, visibility }, platform.publishOptions);
      await publish('budget-nantes', 'nantes', 'public');
      await publish('suivi-nantes', 'nantes', 'private');
      await publish('budget-reze', 'reze', 'public');
      await attachFile(platform, 'budget-nantes', writeTemporaryFile('notice.txt', 'Notice du budget\n'), 'notice.txt', 'Notice');

      async function orgBySlug(slug: string) {
        return platform.db.selectFrom('organisations').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow();
      }
    });
    after(async () => setup?.dispose());

    const put = (portal: string, alias: string, payload: unknown, headers = setup.headers) => app.inject({ method: 'PUT', url: `${MANAGEMENT}/${portal}/aliases/${alias}`, headers, payload: payload as object });
    const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers });

    test('the management API adds, lists and removes aliases, with the operator key only', async () => {
      const added = await put('nantes', 'budget-primitif', { dataset_id: 'budget-nantes' });
      assert.equal(added.statusCode, 200, added.body);
      assert.equal(added.json().alias, 'budget-primitif');
      assert.equal(added.json().dataset_id, 'budget-nantes');
      assert.equal((await put('nantes', 'ancien-suivi', { dataset_id: 'suivi-nantes' })).statusCode, 200);
      assert.equal((await put('nantes', 'temporaire', { dataset_id: 'suivi-nantes' })).statusCode, 200);
      // Again, or to another dataset: one alias, naming the last one given.
      assert.equal((await put('nantes', 'temporaire', { dataset_id: 'budget-nantes' })).statusCode, 200);
      assert.equal((await put('nantes', 'temporaire', { dataset_id: 'budget-nantes' })).statusCode, 200);
      const list = (await get(`${MANAGEMENT}/nantes/aliases`, setup.headers)).json();
      assert.equal(list.total_count, 3);
      assert.deepEqual(list.results.map((a: { alias: string; dataset_id: string }) => [a.alias, a.dataset_id]), [
        ['ancien-suivi', 'suivi-nantes'],
        ['budget-primitif', 'budget-nantes'],
        ['temporaire', 'budget-nantes'],
      ]);
      assert.equal((await app.inject({ method: 'DELETE', url: `${MANAGEMENT}/nantes/aliases/temporaire`, headers: setup.headers })).statusCode, 204);
      const again = await app.inject({ method: 'DELETE', url: `${MANAGEMENT}/nantes/aliases/temporaire`, headers: setup.headers });
      assert.equal(again.statusCode, 404);
      assert.equal(again.json().message, 'The portal nantes has no dataset alias temporaire.');
      assert.equal((await get(`${MANAGEMENT}/nantes/aliases`, setup.headers)).json().total_count, 2);
      assert.equal((await get(`${MANAGEMENT}/nantes/aliases`)).statusCode, 401);
      assert.equal((await put('nantes', 'sans-cle', { dataset_id: 'budget-nantes' }, {})).statusCode, 401);
      assert.equal((await get(`${MANAGEMENT}/nulle-part/aliases`, setup.headers)).statusCode, 404);
    });

    test('bad aliases are refused, saying what and where', async () => {
      const otherPortal = await put('nantes', 'budget-de-reze', { dataset_id: 'budget-reze' });
      assert.equal(otherPortal.statusCode, 404, 'a dataset the portal does not show cannot have an alias there');
      assert.equal(otherPortal.json().message, 'The requested dataset budget-reze does not exist.');
      const hidesReal = await put('nantes', 'suivi-nantes', { dataset_id: 'budget-nantes' });
      assert.equal(hidesReal.statusCode, 409, 'an alias may not be the id of a dataset of the portal, private or not');
      const badId = await put('nantes', 'Pas%20Bon', { dataset_id: 'budget-nantes' });
      assert.equal(badId.statusCode, 400);
      assert.deepEqual(badId.json().location, { field: 'alias' });
      const noDataset = await put('nantes', 'vide', {});
      assert.equal(noDataset.statusCode, 400);
      assert.deepEqual(noDataset.json().location, { field: 'dataset_id' });
      const ofAlias = await put('nantes', 'alias-d-alias', { dataset_id: 'budget-primitif' });
      assert.equal(ofAlias.statusCode, 404, 'an alias names a real id, not another alias');
    });

    test('an alias answers on its portal’s every Explore route as the dataset, showing its real id', async () => {
      const base = `/portals/nantes${EXPLORE}`;
      const dataset = await get(`${base}/budget-primitif`);
      assert.equal(dataset.statusCode, 200);
      assert.equal(dataset.json().dataset_id, 'budget-nantes');
      const records = (await get(`${base}/budget-primitif/records?order_by=montant desc&include_links=true`)).json();
      assert.equal(records.total_count, 3);
      assert.deepEqual(records.results.map((r: { poste: string }) => r.poste), ['ecoles', 'voirie', 'culture']);
      const link = new URL(records.results[0]._links[0].href);
      assert.match(link.pathname, /^\/portals\/nantes\/api\/explore\/v2\.1\/catalog\/datasets\/budget-nantes\/records\/[0-9a-f]{40}$/, 'links name the real id');
      const id = link.pathname.split('/').at(-1);
      const record = await get(`${base}/budget-primitif/records/${id}`);
      assert.deepEqual(record.json(), { poste: 'ecoles', montant: 3400 });
      const facets = await get(`${base}/budget-primitif/facets?facet=poste`);
      assert.equal(facets.statusCode, 200);
      const csv = await get(`${base}/budget-primitif/exports/csv?delimiter=,&with_bom=false`);
      assert.equal(csv.statusCode, 200);
      assert.equal(csv.body.trim().split(/\r?\n/).length, 4, 'a header and the 3 rows');
      assert.match(String(csv.headers['content-disposition']), /filename="budget-nantes\.csv"/);
      const attachments = (await get(`${base}/budget-primitif/attachments`)).json();
      assert.equal(attachments.attachments.length, 1);
      const file = await get(`${base}/budget-primitif/attachments/notice_txt`);
      assert.equal(file.body, 'Notice du budget\n');
      const v1 = (await get(`/portals/nantes/api/records/1.0/search/?dataset=budget-primitif`)).json();
      assert.equal(v1.nhits, 3);
      // By the portal's host too.
      const byHost = await get(`${EXPLORE}/budget-primitif`, { host: 'data.nantes.localhost' });
      assert.equal(byHost.json().dataset_id, 'budget-nantes');
    });

    test('an alias answers nowhere else: not on another portal, not on the platform', async () => {
      for (const url of [`/portals/reze${EXPLORE}/budget-primitif`, `/portals/reze${EXPLORE}/budget-primitif/records`, `${EXPLORE}/budget-primitif`]) {
        const response = await get(url);
        assert.equal(response.statusCode, 404, url);
        assert.equal(response.json().message, 'The requested dataset budget-primitif does not exist.');
      }
      const list = (await get(`/portals/nantes${EXPLORE}?limit=100`)).json();
      assert.deepEqual(list.results.map((d: { dataset_id: string }) => d.dataset_id), ['budget-nantes'], 'the catalog lists real ids only');
    });

    test('an alias of a private dataset is as hidden as the dataset', async () => {
      for (const path of ['', '/records', '/facets', '/exports/csv']) {
        const anonymous = await get(`/portals/nantes${EXPLORE}/ancien-suivi${path}`);
        assert.equal(anonymous.statusCode, 404, path);
        const missing = await get(`/portals/nantes${EXPLORE}/ancien-suivj${path}`);
        assert.equal(anonymous.json().message, missing.json().message.replace('suivj', 'suivi'), 'nothing tells that it exists');
      }
      const operator = await get(`/portals/nantes${EXPLORE}/ancien-suivi/records`, setup.headers);
      assert.equal(operator.statusCode, 200);
      assert.equal(operator.json().total_count, 3);
      assert.equal(operator.headers['cache-control'], 'private, no-cache');
    });

    test('a real dataset of the portal created later under an alias’s id wins over the alias, even unseen', async () => {
      assert.equal((await put('nantes', 'budget-2024', { dataset_id: 'budget-nantes' })).statusCode, 200);
      assert.equal((await get(`/portals/nantes${EXPLORE}/budget-2024`)).json().dataset_id, 'budget-nantes');
      const { platform } = setup.t;
      await publishFile(platform, { file: writeTemporaryFile('b.csv', 'a\n1\n'), datasetId: 'budget-2024', title: 'Brouillon', organisation: 'nantes', visibility: 'private' }, platform.publishOptions);
      assert.equal((await get(`/portals/nantes${EXPLORE}/budget-2024`)).statusCode, 404);
      assert.equal((await get(`/portals/nantes${EXPLORE}/budget-2024`, setup.headers)).json().dataset_id, 'budget-2024');
    });

    test('the CLI lists, adds and removes aliases too', async () => {
      const env = { TERRITOIRES_DATA_DIR: setup.t.dataDir, ...(backend === 'postgres' ? { DATABASE_URL: setup.t.databaseUrl } : {}) };
      const added = await runCli(['portals', 'alias', 'nantes', 'vieux-budget', 'budget-nantes'], env);
      assert.equal(added.code, 0, added.stderr);
      assert.equal((await get(`/portals/nantes${EXPLORE}/vieux-budget`)).json().dataset_id, 'budget-nantes');
      assert.match((await runCli(['portals', 'aliases', 'nantes'], env)).stdout, /vieux-budget\s+budget-nantes/);
      assert.equal((await runCli(['portals', 'unalias', 'nantes', 'vieux-budget'], env)).code, 0);
      assert.equal((await get(`/portals/nantes${EXPLORE}/vieux-budget`)).statusCode, 404);
      const again = await runCli(['portals', 'unalias', 'nantes', 'vieux-budget'], env);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /The portal nantes has no dataset alias vieux-budget\./);
      assert.equal((await runCli(['portals', 'alias', 'nantes'], env)).code, 2, 'arguments missing');
    });

    test('another portal’s dataset id may be an alias here, and stays that dataset there', async () => {
      assert.equal((await put('nantes', 'budget-reze', { dataset_id: 'budget-nantes' })).statusCode, 200);
      assert.equal((await get(`/portals/nantes${EXPLORE}/budget-reze`)).json().dataset_id, 'budget-nantes');
      assert.equal((await get(`/portals/reze${EXPLORE}/budget-reze`)).json().dataset_id, 'budget-reze');
    });
  });
}
