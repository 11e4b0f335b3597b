// The first HTTP routes, on the demo region (the shared fixture, built by the same code as
// `serve --demo`), on SQLite and PostgreSQL: portals by Host and by path, the Explore v2.1 catalog
// and records, the private dataset hidden everywhere, errors in the ODS shape, the management API.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createOperatorKey } from '../../src/auth/index.js';
import { ensureDemoRegion, DEMO_HOSTNAMES } from '../../src/demo/index.js';
import { buildApp } from '../../src/http/app.js';
import { postgresUnavailableReason, type TestBackend } from '../helpers/backends.js';
import { testPlatform, type TestPlatform } from '../helpers/platform.js';

const pgReason = await postgresUnavailableReason();
const BACKENDS: { backend: TestBackend; skip: string | false }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: pgReason ?? false },
];

const EXPLORE = '/api/explore/v2.1/catalog/datasets';
const PUBLIC_DATASETS = ['adresses-loire-atlantique', 'communes-pays-de-la-loire', 'subventions-la-roche-sur-yon'];

for (const { backend, skip } of BACKENDS) {
  describe(`HTTP API on the demo region (${backend})`, { skip }, () => {
    let t: TestPlatform;
    let app: FastifyInstance;
    let operatorKey: string;

    before(async () => {
      t = await testPlatform(backend);
      await ensureDemoRegion(t.platform, t.platform.publishOptions);
      operatorKey = (await createOperatorKey(t.platform.db, 'tests')).key;
      app = await buildApp(t.platform);
    });
    after(async () => {
      await app?.close();
      await t?.dispose();
    });

    const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
    const ids = (body: { results: { dataset_id: string }[] }) => body.results.map((r) => r.dataset_id).sort();

    test('the regional portal answers on unclaimed hosts and lists every public dataset', async () => {
      for (const host of ['localhost:3000', '127.0.0.1:3000', DEMO_HOSTNAMES.region]) {
        const response = await get(EXPLORE, { host });
        assert.equal(response.statusCode, 200);
        assert.equal(response.json().total_count, 3, host);
        assert.deepEqual(ids(response.json()), PUBLIC_DATASETS);
      }
    });

    test("Loire-Atlantique's portal shows its own datasets and those below it, by Host or by path", async () => {
      const byHost = await get(EXPLORE, { host: `${DEMO_HOSTNAMES.loireAtlantique}:3000` });
      const byPath = await get(`/portals/loire-atlantique${EXPLORE}`);
      assert.deepEqual(ids(byHost.json()), ['adresses-loire-atlantique']);
      assert.deepEqual(byPath.json(), byHost.json());
      const withKey = await get(EXPLORE, { host: DEMO_HOSTNAMES.loireAtlantique, authorization: `Apikey ${operatorKey}` });
      assert.deepEqual(ids(withKey.json()), ['adresses-loire-atlantique', 'suivi-interne-nantes'], 'the Nantes dataset is below Loire-Atlantique');
    });

    test("La Roche-sur-Yon's portal shows only its SCDL example", async () => {
      const response = await get(EXPLORE, { host: DEMO_HOSTNAMES.laRocheSurYon });
      assert.deepEqual(ids(response.json()), ['subventions-la-roche-sur-yon']);
      assert.equal((await get(`${EXPLORE}/communes-pays-de-la-loire/records`, { host: DEMO_HOSTNAMES.laRocheSurYon })).statusCode, 404);
    });

    test('the dataset object has the shape of ODS Explore v2.1 §6.2', async () => {
      const body = (await get(`${EXPLORE}/communes-pays-de-la-loire`)).json();
      assert.equal(body.dataset_id, 'communes-pays-de-la-loire');
      assert.match(body.dataset_uid, /^da_[a-z0-9]{6}$/);
      assert.equal(body.visibility, 'domain');
      assert.equal(body.has_records, true);
      assert.deepEqual(body.features, ['analyze']);
      assert.deepEqual(body.fields.map((f: { name: string; type: string }) => `${f.name}:${f.type}`), [
        'code_insee:text', 'nom:text', 'population:int', 'code_departement:text', 'departement:text', 'siren_epci:text', 'epci:text',
      ]);
      assert.equal(body.metas.default.publisher, 'Région Pays de la Loire');
      assert.equal(body.metas.default.records_count, 1228);
      assert.equal(body.metas.default.license, 'Licence Ouverte v2.0');
      assert.match(body.metas.default.modified, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$/);
    });

    test('records come in pages with the total count, codes as text and numbers as numbers', async () => {
      const response = await get(`${EXPLORE}/communes-pays-de-la-loire/records?limit=2&offset=0`);
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), {
        total_count: 1228,
        results: [
          { code_insee: '44001', nom: 'Abbaretz', population: 2073, code_departement: '44', departement: 'Loire-Atlantique', siren_epci: '244400537', epci: 'CC de Nozay' },
          { code_insee: '44002', nom: 'Aigrefeuille-sur-Maine', population: 4156, code_departement: '44', departement: 'Loire-Atlantique', siren_epci: '200067635', epci: 'CA Clisson Sèvre et Maine Agglo' },
        ],
      });
      const next = (await get(`${EXPLORE}/communes-pays-de-la-loire/records/?limit=1&offset=2`)).json();
      assert.equal(next.results[0].code_insee, '44003');
      assert.equal((await get(`${EXPLORE}/communes-pays-de-la-loire/records`)).json().results.length, 10, 'limit defaults to 10');
    });

    test('the Excel-French address file comes out right: Paimbœuf, decimal commas, dates', async () => {
      const body = (await get(`${EXPLORE}/adresses-loire-atlantique`)).json();
      const types = Object.fromEntries(body.fields.map((f: { name: string; type: string }) => [f.name, f.type]));
      assert.deepEqual(types, {
        id: 'text', numero: 'int', rep: 'text', nom_voie: 'text', code_postal: 'text', code_insee: 'text', nom_commune: 'text',
        code_departement: 'text', lon: 'double', lat: 'double', type_position: 'text', source: 'text', date_der_maj: 'date',
        geo_point_2d: 'geo_point_2d',
      });
      assert.ok(body.features.includes('geo'), 'a dataset with points has the geo feature');
      assert.equal(body.metas.default.records_count, 50000);
      const page = (await get(`${EXPLORE}/adresses-loire-atlantique/records?limit=100&offset=9900`)).json();
      assert.equal(page.results.length, 100);
      const { platform } = t;
      const paimboeuf = await platform.engine.query(
        'select count(*) as n from read_parquet($1) where nom_commune = $2',
        [platform.blobs.absolute(`datasets/${body.dataset_uid}`) + '/*.parquet', 'Paimbœuf'],
      );
      assert.ok(Number(paimboeuf[0]?.n) > 0, 'Paimbœuf is spelled with its œ');
      for (const record of page.results) {
        assert.equal(typeof record.lon, 'number');
        assert.deepEqual(record.geo_point_2d, { lon: record.lon, lat: record.lat }, 'the point is made of the lon and lat columns');
        assert.match(record.date_der_maj, /^\d{4}-\d\d-\d\d$/);
      }
    });

    test('the private dataset appears nowhere without rights', async () => {
      for (const host of [DEMO_HOSTNAMES.region, DEMO_HOSTNAMES.loireAtlantique, 'localhost']) {
        const list = (await get(`${EXPLORE}?limit=100`, { host })).json();
        assert.ok(!ids(list).includes('suivi-interne-nantes'), host);
        for (const url of [`${EXPLORE}/suivi-interne-nantes`, `${EXPLORE}/suivi-interne-nantes/records`]) {
          const response = await get(url, { host });
          assert.equal(response.statusCode, 404, url);
          // Exactly the answer for a dataset that does not exist: nothing tells that it does.
          const missing = await get(url.replace('suivi-interne-nantes', 'suivi-interne-nant3s'), { host });
          assert.equal(response.json().message, missing.json().message.replace('nant3s', 'nantes'));
        }
        const home = await get('/', { host });
        assert.ok(!home.body.includes('Suivi interne'), `home page of ${host}`);
      }
    });

    test('an operator key sees the private dataset, and the answer is marked private', async () => {
      for (const authorization of [`Apikey ${operatorKey}`, `apikey ${operatorKey}`, `Bearer ${operatorKey}`]) {
        const response = await get(`${EXPLORE}/suivi-interne-nantes/records`, { authorization });
        assert.equal(response.statusCode, 200, authorization);
        assert.equal(response.json().total_count, 3);
        assert.equal(response.headers['cache-control'], 'private, no-cache');
        assert.match(String(response.headers.vary), /Authorization/);
      }
      const viaParam = await get(`${EXPLORE}/suivi-interne-nantes?apikey=${operatorKey}`);
      assert.equal(viaParam.json().visibility, 'restricted');
      const bad = await get(EXPLORE, { authorization: 'Apikey tk_wrong' });
      assert.equal(bad.statusCode, 401);
      assert.equal(bad.json().code, 'API_KEY_INVALID');
    });

    test('bad input gets an ODS error body in English and French', async () => {
      const unknown = await get(`${EXPLORE}/does-not-exist/records`);
      assert.equal(unknown.statusCode, 404);
      assert.deepEqual(unknown.json(), {
        error_code: 'NotFoundResource',
        message: 'The requested dataset does-not-exist does not exist.',
        message_fr: "Le jeu de données demandé does-not-exist n'existe pas.",
        code: 'DATASET_NOT_FOUND',
      });
      const cases: [string, string][] = [
        ['limit=abc', 'Invalid value for limit API parameter: abc was found but -1 <= limit <= 100 is expected.'],
        ['limit=200', 'Invalid value for limit API parameter: 200 was found but -1 <= limit <= 100 is expected.'],
        ['limit=-2', 'Invalid value for limit API parameter: -2 was found but -1 <= limit <= 100 is expected.'],
        ['offset=-1', 'Invalid value for offset API parameter: -1 was found but 0 <= offset is expected.'],
        ['limit=100&offset=9901', 'Invalid value for sum of offset + limit API parameter: 10001 was found but <= 10000 is expected.'],
      ];
      for (const [query, message] of cases) {
        const response = await get(`${EXPLORE}/communes-pays-de-la-loire/records?${query}`);
        assert.equal(response.statusCode, 400, query);
        assert.equal(response.json().error_code, 'InvalidRESTParameterError');
        assert.equal(response.json().message, message);
        assert.ok(response.json().message_fr.length > 0);
      }
      assert.equal((await get(`${EXPLORE}/communes-pays-de-la-loire/records?limit=-1`)).json().results.length, 100, 'limit=-1 is the most allowed');
      const noPortal = await get(`/portals/atlantis${EXPLORE}`);
      assert.equal(noPortal.statusCode, 404);
      assert.equal(noPortal.json().code, 'PORTAL_NOT_FOUND');
      const noRoute = await get('/api/nothing-here');
      assert.equal(noRoute.statusCode, 404);
      assert.equal(noRoute.json().code, 'ROUTE_NOT_FOUND');
    });

    test('a parameter that would change the answer and is not applied yet is refused, not ignored', async () => {
      // v2.0's q on the catalog's dataset list (ODSQL there is applied: explore-catalog.test.ts), and qv1 (the v1 language) anywhere.
      for (const parameter of ['q=communes', 'qv1=communes']) {
        const response = await get(`${EXPLORE}?${parameter}`);
        assert.equal(response.statusCode, 400, parameter);
        assert.equal(response.json().code, 'PARAMETER_NOT_SUPPORTED');
        assert.equal(response.json().location.parameter, parameter.split('=')[0]);
      }
      for (const parameter of ['qv1=nantes']) {
        const response = await get(`${EXPLORE}/communes-pays-de-la-loire/records?${parameter}`);
        assert.equal(response.statusCode, 400, parameter);
        assert.equal(response.json().code, 'PARAMETER_NOT_SUPPORTED');
        assert.equal(response.json().location.parameter, parameter.split('=')[0]);
      }
      assert.equal((await get(`${EXPLORE}/communes-pays-de-la-loire/records?_=123&timezone=Europe/Paris`)).statusCode, 200, 'unknown and harmless parameters are ignored');
      assert.equal((await get('/?q=ecole')).statusCode, 200, 'pages do not take the API checks');
    });

    test('CORS: answers carry the ODS headers, errors too, and preflights succeed', async () => {
      const response = await get(EXPLORE);
      assert.equal(response.headers['access-control-allow-origin'], '*');
      assert.equal((await get(`${EXPLORE}/nope/records`)).headers['access-control-allow-origin'], '*');
      const preflight = await app.inject({ method: 'OPTIONS', url: `${EXPLORE}/communes-pays-de-la-loire/records`, headers: { origin: 'https://example.org', 'access-control-request-headers': 'ODS-Widgets-Version' } });
      assert.equal(preflight.statusCode, 204);
      assert.match(String(preflight.headers['access-control-allow-headers']), /ODS-Widgets-Version/);
    });

    test('the home page of each portal lists its datasets, in French by default and in English on request', async () => {
      const region = await get('/', { host: DEMO_HOSTNAMES.region });
      assert.equal(region.statusCode, 200);
      assert.match(String(region.headers['content-type']), /text\/html/);
      assert.match(region.body, /<html lang="fr">/);
      assert.match(region.body, /Open data Pays de la Loire/);
      assert.match(region.body, /3 jeux de données/);
      assert.match(region.body, /Communes des Pays de la Loire/);
      assert.match(region.body, /1\u202f228/, 'numbers in the French way');
      const la = await get('/', { host: DEMO_HOSTNAMES.loireAtlantique });
      assert.match(la.body, /1 jeu de données/);
      assert.match(la.body, /Adresses des Pays de la Loire/);
      assert.doesNotMatch(la.body, /Communes des Pays de la Loire/);
      const byPath = await get('/portals/la-roche-sur-yon/?lang=en');
      assert.match(byPath.body, /<html lang="en">/);
      assert.match(byPath.body, /1 dataset/);
      // Each dataset links to its page on this portal, in the page's language.
      assert.match(byPath.body, /href="\/portals\/la-roche-sur-yon\/explore\/dataset\/subventions-la-roche-sur-yon\/\?lang=en"/);
    });

    test('/api/health reports each part', async () => {
      const response = await get('/api/health');
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { status: 'up', catalog: { status: 'up', backend }, data_plane: { status: 'up' } });
    });

    test('write routes need an operator key', async () => {
      for (const [method, url] of [['GET', '/api/management/v1/datasets'], ['PUT', '/api/management/v1/datasets/x/data'], ['PATCH', '/api/management/v1/datasets/communes-pays-de-la-loire'], ['DELETE', '/api/management/v1/datasets/communes-pays-de-la-loire']] as const) {
        const response = await app.inject({ method, url, headers: { 'content-type': 'text/csv' }, payload: 'a\n1\n' });
        assert.equal(response.statusCode, 401, `${method} ${url}`);
        assert.equal(response.json().code, 'API_KEY_REQUIRED');
        assert.match(response.json().message_fr, /clé d'API/);
      }
    });

    test('with the key, a publisher uploads a CSV, changes its visibility and deletes it', async () => {
      const headers = { authorization: `Apikey ${operatorKey}` };
      const upload = await app.inject({ method: 'PUT', url: '/api/management/v1/datasets/ecoles-nantes/data?organisation=nantes&title=%C3%89coles', headers: { ...headers, 'content-type': 'text/csv' }, payload: 'uai;nom;effectif\n0440001A;École Aristide Briand;212\n0440002B;École du Port;98\n' });
      assert.equal(upload.statusCode, 201, upload.body);
      assert.equal(upload.json().version.records_count, 2);
      assert.deepEqual(upload.json().detected, { format: 'csv', encoding: 'utf-8', delimiter: ';', header_line: 1, sheet: null, json_path: null });
      const onLa = await get(`${EXPLORE}/ecoles-nantes/records`, { host: DEMO_HOSTNAMES.loireAtlantique });
      assert.deepEqual(onLa.json().results[0], { uai: '0440001A', nom: 'École Aristide Briand', effectif: 212 });
      const hide = await app.inject({ method: 'PATCH', url: '/api/management/v1/datasets/ecoles-nantes', headers, payload: { visibility: 'private' } });
      assert.equal(hide.statusCode, 200);
      assert.equal((await get(`${EXPLORE}/ecoles-nantes/records`)).statusCode, 404);
      const badVisibility = await app.inject({ method: 'PATCH', url: '/api/management/v1/datasets/ecoles-nantes', headers, payload: { visibility: 'secret' } });
      assert.equal(badVisibility.statusCode, 400);
      assert.deepEqual(badVisibility.json().location, { field: 'visibility' });
      const form = await app.inject({ method: 'PATCH', url: '/api/management/v1/datasets/ecoles-nantes', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'title=x' });
      assert.equal(form.statusCode, 400, 'a body that is not JSON is refused, not silently ignored');
      const plain = await app.inject({ method: 'PUT', url: '/api/management/v1/datasets/ecoles-texte/data', headers: { ...headers, 'content-type': 'text/plain' }, payload: 'a;b\n1;2\n' });
      assert.equal(plain.statusCode, 201, 'text/plain uploads are files too');
      const json = await app.inject({ method: 'PUT', url: '/api/management/v1/datasets/ecoles-json/data', headers, payload: Buffer.from('[{"uai":"0440001A","effectif":212}]') });
      assert.equal(json.statusCode, 201, json.body);
      assert.equal(json.json().detected.format, 'json', 'a body without a name is read by its content');
      assert.match(json.json().job_id, /^j[a-z0-9]{12}$/);
      const badJson = await app.inject({ method: 'PATCH', url: '/api/management/v1/datasets/ecoles-nantes', headers: { ...headers, 'content-type': 'application/json' }, payload: '{"title":' });
      assert.equal(badJson.statusCode, 400);
      assert.equal(badJson.json().code, 'MALFORMED_BODY');
      const republished = await app.inject({ method: 'PUT', url: '/api/management/v1/datasets/ecoles-nantes/data?visibility=public&title=%C3%89coles%20publiques', headers, payload: Buffer.from('uai;nom;effectif\n0440001A;École Aristide Briand;215\n') });
      assert.equal(republished.statusCode, 200, 'a body without Content-Type is taken as the file (curl -T)');
      const reopened = (await get(`${EXPLORE}/ecoles-nantes`)).json();
      assert.equal(reopened.metas.default.title, 'Écoles publiques', 'the metadata of the request applies to an existing dataset');
      assert.equal(reopened.metas.default.records_count, 1);
      const ragged = await app.inject({ method: 'PUT', url: '/api/management/v1/datasets/ecoles-nantes/data', headers: { ...headers, 'content-type': 'text/csv' }, payload: 'uai;nom\n1;2;3\n' });
      assert.equal(ragged.statusCode, 400);
      assert.deepEqual(ragged.json().location, { line: 2 });
      const detail = (await get('/api/management/v1/datasets/ecoles-nantes', headers)).json();
      assert.equal(detail.versions.length, 2, 'the refused upload added no version');
      assert.deepEqual(detail.jobs.map((j: { status: string }) => j.status), ['failed', 'succeeded', 'succeeded']);
      const versions = (await get('/api/management/v1/datasets/ecoles-nantes/versions', headers)).json();
      assert.deepEqual(versions.results.map((v: { number: number; live: boolean; changes: { records_delta: number } }) => [v.number, v.live, v.changes.records_delta]), [[2, true, -1], [1, false, 2]]);
      const back = await app.inject({ method: 'POST', url: '/api/management/v1/datasets/ecoles-nantes/versions/1/publish', headers });
      assert.equal(back.statusCode, 200);
      assert.equal((await get(`${EXPLORE}/ecoles-nantes/records`)).json().total_count, 2, 'version 1 is live again');
      assert.equal((await app.inject({ method: 'POST', url: '/api/management/v1/datasets/ecoles-nantes/versions/7/publish', headers })).json().code, 'VERSION_NOT_FOUND');
      assert.equal((await app.inject({ method: 'DELETE', url: '/api/management/v1/datasets/ecoles-nantes', headers })).statusCode, 204);
      assert.equal((await get('/api/management/v1/datasets/ecoles-nantes', headers)).statusCode, 404);
    });

    test('the preview route shows what a publish would read, with the settings of the query, and publishes nothing', async () => {
      const headers = { authorization: `Apikey ${operatorKey}`, 'content-type': 'text/csv' };
      const payload = 'Inventaire 2026\nid;actif;lat;lon\n1;1;47.2;-1.55\n2;0;47.3;-1.5\n';
      const detected = await app.inject({ method: 'POST', url: '/api/management/v1/preview?filename=inventaire.csv', headers, payload });
      assert.equal(detected.statusCode, 200, detected.body);
      assert.equal(detected.json().header_line, 2);
      assert.deepEqual(detected.json().fields.map((f: { name: string; type: string }) => `${f.name}:${f.type}`), ['id:int', 'actif:int', 'lat:double', 'lon:double', 'geo_point_2d:geo_point_2d']);
      const set = await app.inject({ method: 'POST', url: '/api/management/v1/preview?type=actif:boolean&type=id:text&delimiter=semicolon', headers, payload });
      assert.deepEqual(set.json().fields.slice(0, 2).map((f: { type: string; samples: unknown[] }) => [f.type, f.samples]), [['text', ['1', '2']], ['boolean', [true, false]]]);
      const wrong = await app.inject({ method: 'POST', url: '/api/management/v1/preview?type=actif:colour', headers, payload });
      assert.equal(wrong.statusCode, 400);
      assert.deepEqual(wrong.json().location, { parameter: 'type' });
      const list = await app.inject({ method: 'GET', url: '/api/management/v1/datasets?limit=1000', headers });
      assert.ok(!JSON.stringify(list.json()).includes('inventaire'), 'nothing was published');
      const published = await app.inject({ method: 'PUT', url: '/api/management/v1/datasets/inventaire/data?type=actif:boolean', headers, payload });
      assert.equal(published.statusCode, 201);
      assert.deepEqual(published.json().detected, { format: 'csv', encoding: 'utf-8', delimiter: ';', header_line: 2, sheet: null, json_path: null });
      assert.equal((await get(`${EXPLORE}/inventaire/records`)).json().results[0].actif, true);
      await app.inject({ method: 'DELETE', url: '/api/management/v1/datasets/inventaire', headers });
    });

    test('a browser form uploads the file as multipart, with its name', async () => {
      const boundary = '----territoires';
      const form = (name: string, content: string) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`;
      const headers = { authorization: `Apikey ${operatorKey}`, 'content-type': `multipart/form-data; boundary=${boundary}` };
      const response = await app.inject({ method: 'PUT', url: '/api/management/v1/datasets/formulaire/data', headers, payload: form('marches.csv', 'id;objet\n1;Voirie\n2;Écoles\n') });
      assert.equal(response.statusCode, 201, response.body);
      assert.equal(response.json().version.records_count, 2);
      const detail = (await get('/api/management/v1/datasets/formulaire', { authorization: `Apikey ${operatorKey}` })).json();
      assert.equal(detail.versions[0].read.file, 'marches.csv', 'the name of the uploaded file is kept');
      const empty = await app.inject({ method: 'PUT', url: '/api/management/v1/datasets/formulaire/data', headers, payload: `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n--${boundary}--\r\n` });
      assert.equal(empty.json().code, 'UPLOAD_NO_FILE');
      await app.inject({ method: 'DELETE', url: '/api/management/v1/datasets/formulaire', headers: { authorization: `Apikey ${operatorKey}` } });
    });

    test('an upload past the configured size is refused with 413 and publishes nothing', async () => {
      const small = await testPlatform(backend, { TERRITOIRES_UPLOAD_MAX_BYTES: '100' });
      try {
        await ensureDemoRegionLight(small);
        const key = (await createOperatorKey(small.platform.db, 'k')).key;
        const smallApp = await buildApp(small.platform);
        const response = await smallApp.inject({ method: 'PUT', url: '/api/management/v1/datasets/big/data', headers: { authorization: `Apikey ${key}`, 'content-type': 'text/csv' }, payload: `a\n${'1\n'.repeat(200)}` });
        assert.equal(response.statusCode, 413);
        assert.equal(response.json().code, 'PAYLOAD_TOO_LARGE');
        const boundary = 'b';
        const multipart = await smallApp.inject({
          method: 'PUT',
          url: '/api/management/v1/datasets/big/data',
          headers: { authorization: `Apikey ${key}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
          payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\na\n${'1\n'.repeat(200)}\r\n--${boundary}--\r\n`,
        });
        assert.equal(multipart.statusCode, 413, multipart.body);
        assert.equal((await smallApp.inject({ method: 'GET', url: '/api/management/v1/datasets/big', headers: { authorization: `Apikey ${key}` } })).statusCode, 404);
        await smallApp.close();
      } finally {
        await small.dispose();
      }
    });
  });
}

/** One organisation is enough where the demo's datasets are not needed. */
async function ensureDemoRegionLight(t: TestPlatform): Promise<void> {
  const { createOrganisation } = await import('../../src/catalog/index.js');
  await createOrganisation(t.platform.db, { name: 'Région', kind: 'region' });
}
