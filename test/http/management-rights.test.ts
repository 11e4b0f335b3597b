// Who may write what through the management API: an editor publishes in their organisation and
// nowhere else, a viewer publishes nothing, a dataset one cannot see stays not found, and every
// write done is in the audit log. Keys acting for users carry their owners' rights.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiKey } from '../../src/auth/index.js';
import { createOrganisation, insertUser, listAudit, setMembership, type KeyScope, type Role } from '../../src/catalog/index.js';
import { postgresUnavailableReason, type TestBackend } from '../helpers/backends.js';
import { testApp, type TestApp } from '../helpers/app.js';

const pgReason = await postgresUnavailableReason();
const BACKENDS: { backend: TestBackend; skip: string | false }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: pgReason ?? false },
];

const CSV = 'code_insee;nom;population\n44109;Nantes;320732\n44162;Saint-Herblain;50000\n';

for (const { backend, skip } of BACKENDS) {
  describe(`management API rights (${backend})`, { skip }, () => {
    let setup: TestApp;
    const keys: Record<string, Record<string, string>> = {};
    before(async () => {
      setup = await testApp({ backend });
      const db = setup.t.platform.db;
      const nantes = await createOrganisation(db, { name: 'Nantes', kind: 'commune', slug: 'nantes' });
      await createOrganisation(db, { name: 'Rezé', kind: 'commune', slug: 'reze' });
      const person = async (name: string, role: Role | null, scopes: KeyScope[]) => {
        const user = await insertUser(db, { email: `${name}@example.fr`, name });
        if (role) await setMembership(db, user.id, nantes.id, role);
        keys[name] = { authorization: `Apikey ${(await createApiKey(db, { name, scopes, userId: user.id })).key}` };
      };
      await person('editrice', 'editor', ['read', 'publish']);
      await person('lectrice', 'viewer', ['read', 'publish']);
      await person('lecture-seule', 'editor', ['read']);
      await person('inconnue', null, ['read', 'publish']);
      const put = (id: string, organisation: string, visibility = 'public') =>
        setup.app.inject({ method: 'PUT', url: `/api/management/v1/datasets/${id}/data?organisation=${organisation}&visibility=${visibility}`, headers: { ...setup.headers, 'content-type': 'text/csv' }, payload: CSV });
      assert.equal((await put('reze-prive', 'reze', 'private')).statusCode, 201);
      assert.equal((await put('reze-public', 'reze')).statusCode, 201);
    });
    after(async () => setup?.dispose());

    const inject = (who: string, method: 'PUT' | 'PATCH' | 'DELETE' | 'GET' | 'POST', url: string, payload?: string | object) =>
      setup.app.inject({ method, url, headers: { ...keys[who], ...(typeof payload === 'string' ? { 'content-type': 'text/csv' } : {}) }, ...(payload === undefined ? {} : { payload }) });

    test('an editor publishes a new dataset in their organisation, found without naming it', async () => {
      const response = await inject('editrice', 'PUT', '/api/management/v1/datasets/nantes-communes/data?visibility=private', CSV);
      assert.equal(response.statusCode, 201, response.body);
      const meta = await inject('editrice', 'GET', '/api/management/v1/datasets/nantes-communes');
      assert.equal(meta.json().owner, 'nantes');
      // Private: the editor sees it, an anonymous caller does not.
      assert.equal((await setup.app.inject('/api/explore/v2.1/catalog/datasets/nantes-communes')).statusCode, 404);
      const entries = await listAudit(setup.t.platform.db, { limit: 50 });
      assert.ok(entries.some((e) => e.action === 'dataset.publish' && e.target === 'dataset:nantes-communes' && e.outcome === 'done' && e.actor.startsWith('key:')));
    });

    test('an editor cannot publish in another organisation, nor overwrite its datasets', async () => {
      const elsewhere = await inject('editrice', 'PUT', '/api/management/v1/datasets/nouveau/data?organisation=reze', CSV);
      assert.equal(elsewhere.statusCode, 403, elsewhere.body);
      assert.match(elsewhere.json().message_fr, /Vous n'avez pas le droit de faire cela \(publier ce jeu de données\)/);
      assert.match(elsewhere.json().message, /\(publish this dataset\)/);
      const overwrite = await inject('editrice', 'PUT', '/api/management/v1/datasets/reze-public/data', CSV);
      assert.equal(overwrite.statusCode, 403);
      assert.equal((await inject('editrice', 'PATCH', '/api/management/v1/datasets/reze-public', { title: 'Piraté' })).statusCode, 403);
      assert.equal((await inject('editrice', 'DELETE', '/api/management/v1/datasets/reze-public')).statusCode, 403);
      // Nothing was published or changed.
      assert.equal((await setup.app.inject('/api/explore/v2.1/catalog/datasets/nouveau')).statusCode, 404);
      const reze = await setup.app.inject('/api/explore/v2.1/catalog/datasets/reze-public');
      assert.notEqual(reze.json().metas.default.title, 'Piraté');
    });

    test('another organisation’s private dataset is not found, not forbidden', async () => {
      assert.equal((await inject('editrice', 'GET', '/api/management/v1/datasets/reze-prive')).statusCode, 404);
      assert.equal((await inject('editrice', 'PATCH', '/api/management/v1/datasets/reze-prive', { title: 'x' })).statusCode, 404);
      const list = await inject('editrice', 'GET', '/api/management/v1/datasets?limit=100');
      assert.ok(!list.json().results.some((d: { dataset_id: string }) => d.dataset_id === 'reze-prive'));
    });

    test('a viewer, a key without the publish scope and a user of no organisation publish nothing', async () => {
      for (const who of ['lectrice', 'lecture-seule', 'inconnue']) {
        const response = await inject(who, 'PUT', `/api/management/v1/datasets/essai-${who}/data?organisation=nantes`, CSV);
        assert.equal(response.statusCode, 403, `${who}: ${response.body}`);
      }
      // The viewer still reads the organisation's private dataset.
      assert.equal((await inject('lectrice', 'GET', '/api/management/v1/datasets/nantes-communes')).statusCode, 200);
    });

    test('the editor changes metadata of their dataset, and the change is audited', async () => {
      const response = await inject('editrice', 'PATCH', '/api/management/v1/datasets/nantes-communes', { title: 'Communes de Nantes', visibility: 'public' });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal((await setup.app.inject('/api/explore/v2.1/catalog/datasets/nantes-communes')).statusCode, 200);
      const entries = await listAudit(setup.t.platform.db, { limit: 50 });
      const update = entries.find((e) => e.action === 'dataset.update' && e.target === 'dataset:nantes-communes');
      assert.ok(update);
      assert.deepEqual(JSON.parse(update.details).visibility, 'public');
    });

    test('jobs: an editor follows those of their datasets only', async () => {
      const mine = await inject('editrice', 'GET', '/api/management/v1/jobs');
      assert.equal(mine.statusCode, 200);
      const all = await setup.app.inject({ url: '/api/management/v1/jobs', headers: setup.headers });
      assert.ok(all.json().total_count > mine.json().total_count);
      const other = all.json().results.find((j: { id: string }) => !mine.json().results.some((m: { id: string }) => m.id === j.id));
      assert.equal((await inject('editrice', 'GET', `/api/management/v1/jobs/${other.id}`)).statusCode, 404);
    });

    test('without credentials: 401', async () => {
      const response = await setup.app.inject({ method: 'PUT', url: '/api/management/v1/datasets/x/data', headers: { 'content-type': 'text/csv' }, payload: CSV });
      assert.equal(response.statusCode, 401);
    });
  });
}
