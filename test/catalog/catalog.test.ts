// The catalog store, on SQLite and on a real PostgreSQL (a fresh database per run).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { datasetScope, ANONYMOUS, PLATFORM } from '../../src/auth/index.js';
import {
  createDataset, createOrganisation, createPortal, findOrganisation, getDataset, listDatasets, listOrganisations,
  resolvePortalByHost, findPortalBySlug, insertVersion, switchLiveVersion, listVersions, newVersionId, nextVersionNumber,
  type OrganisationRow,
} from '../../src/catalog/index.js';
import { postgresUnavailableReason, type TestBackend } from '../helpers/backends.js';
import { testPlatform, type TestPlatform } from '../helpers/platform.js';

const pgReason = await postgresUnavailableReason();
const BACKENDS: { backend: TestBackend; skip: string | false }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: pgReason ?? false },
];
console.log(`# catalog backends: ${BACKENDS.map((b) => `${b.backend} ${b.skip ? `skipped (${b.skip})` : 'ran'}`).join(', ')}`);

for (const { backend, skip } of BACKENDS) {
  describe(`catalog on ${backend}`, { skip }, () => {
    let t: TestPlatform;
    let region: OrganisationRow;
    let departement: OrganisationRow;
    let epci: OrganisationRow;
    let commune: OrganisationRow;
    let otherDepartement: OrganisationRow;

    before(async () => {
      t = await testPlatform(backend);
      const db = t.platform.db;
      region = await createOrganisation(db, { name: 'Région Pays de la Loire', slug: 'pays-de-la-loire', kind: 'region', cog: '52' });
      departement = await createOrganisation(db, { name: 'Loire-Atlantique', kind: 'departement', cog: '44', parentId: region.id });
      otherDepartement = await createOrganisation(db, { name: 'Vendée', kind: 'departement', cog: '85', parentId: region.id });
      epci = await createOrganisation(db, { name: 'Nantes Métropole', kind: 'epci', siren: '244400404', parentId: departement.id });
      commune = await createOrganisation(db, { name: 'Nantes', kind: 'commune', cog: '44109', siren: '214401093', parentId: epci.id, population: 327734 });
    });
    after(async () => t?.dispose());

    test('reports which backend it runs on', () => {
      assert.equal(t.platform.store.backend, backend);
    });

    test('organisations form a tree that a prefix finds', async () => {
      assert.equal(commune.path, `/${region.id}/${departement.id}/${epci.id}/${commune.id}/`);
      const below = await listOrganisations(t.platform.db, { within: departement });
      assert.deepEqual(below.map((o) => o.name), ['Loire-Atlantique', 'Nantes Métropole', 'Nantes']);
      assert.equal((await listOrganisations(t.platform.db, { kind: 'departement' })).length, 2);
    });

    test('an organisation is found by slug, SIREN or code INSEE', async () => {
      for (const reference of ['nantes', '214401093', '44109']) {
        assert.equal((await findOrganisation(t.platform.db, reference))?.id, commune.id, reference);
      }
      assert.equal(await findOrganisation(t.platform.db, 'nowhere'), undefined);
    });

    test('two organisations with the same name get distinct slugs', async () => {
      const a = await createOrganisation(t.platform.db, { name: 'Teillé', kind: 'commune', cog: '44201', parentId: departement.id });
      const b = await createOrganisation(t.platform.db, { name: 'Teillé', kind: 'commune', cog: '72350', parentId: region.id });
      assert.equal(a.slug, 'teille');
      assert.equal(b.slug, 'teille-72350');
    });

    test('an unknown kind is refused with the field named', async () => {
      await assert.rejects(createOrganisation(t.platform.db, { name: 'X', kind: 'kingdom' as never }), (e: Error & { code?: string; location?: unknown }) => {
        assert.equal(e.code, 'INVALID_FIELD');
        assert.deepEqual(e.location, { field: 'kind' });
        return true;
      });
    });

    test('portals resolve from their hostnames, and the default answers unclaimed hosts', async () => {
      await createPortal(t.platform.db, { slug: 'region', title: 'Région', hostnames: ['data.region.localhost'], scope: null, isDefault: true });
      await createPortal(t.platform.db, { slug: 'la', title: 'Loire-Atlantique', hostnames: ['LA.localhost'], scope: departement });
      assert.equal((await resolvePortalByHost(t.platform.db, 'la.localhost:3000'))?.slug, 'la');
      assert.equal((await resolvePortalByHost(t.platform.db, 'data.region.localhost'))?.slug, 'region');
      assert.equal((await resolvePortalByHost(t.platform.db, 'localhost:3000'))?.slug, 'region');
      assert.equal((await resolvePortalByHost(t.platform.db, '127.0.0.1'))?.slug, 'region');
      const la = await findPortalBySlug(t.platform.db, 'la');
      assert.equal(la?.scope?.organisationId, departement.id);
      assert.deepEqual(la?.hostnames, ['la.localhost']);
    });

    test('datasets are listed within the portal scope and by visibility', async () => {
      const db = t.platform.db;
      await createDataset(db, { datasetId: 'region-public', owner: region, title: 'R' });
      await createDataset(db, { datasetId: 'nantes-public', owner: commune, title: 'N' });
      await createDataset(db, { datasetId: 'nantes-private', owner: commune, title: 'NP', visibility: 'private' });
      await createDataset(db, { datasetId: 'nantes-restricted', owner: epci, title: 'NR', visibility: 'restricted' });
      await createDataset(db, { datasetId: 'vendee-public', owner: otherDepartement, title: 'V' });
      const la = await findPortalBySlug(db, 'la');
      const region_ = await findPortalBySlug(db, 'region');
      const ids = async (caller: typeof ANONYMOUS, portal: typeof la) =>
        (await listDatasets(db, datasetScope(caller, portal ?? null), { limit: 100, offset: 0 })).datasets.map((d) => d.datasetId).sort();
      assert.deepEqual(await ids(ANONYMOUS, region_), ['nantes-public', 'region-public', 'vendee-public']);
      assert.deepEqual(await ids(ANONYMOUS, la), ['nantes-public']);
      assert.deepEqual(await ids(PLATFORM, la), ['nantes-private', 'nantes-public', 'nantes-restricted']);
      const counted = await listDatasets(db, datasetScope(ANONYMOUS, la ?? null), { limit: 0, offset: 0 });
      assert.equal(counted.total, 1, 'the total counts only what the caller may see');
      await assert.rejects(getDataset(db, datasetScope(ANONYMOUS, region_ ?? null), 'nantes-private'), { code: 'DATASET_NOT_FOUND' });
      await assert.rejects(getDataset(db, datasetScope(ANONYMOUS, la ?? null), 'vendee-public'), { code: 'DATASET_NOT_FOUND' });
    });

    test('a dataset id must be a slug, and unique', async () => {
      await assert.rejects(createDataset(t.platform.db, { datasetId: 'Not A Slug', owner: region, title: 'x' }), { code: 'INVALID_DATASET_ID' });
      await assert.rejects(createDataset(t.platform.db, { datasetId: 'region-public', owner: region, title: 'again' }));
    });

    test('publishing a version moves the live pointer in one step', async () => {
      const db = t.platform.db;
      const dataset = await getDataset(db, datasetScope(PLATFORM, null), 'region-public');
      assert.equal(dataset.liveVersionId, null);
      const fields = [{ name: 'a', label: 'A', type: 'int' as const, description: null, annotations: {} }];
      for (const rows of [10, 20]) {
        const id = newVersionId();
        await insertVersion(db, id, await nextVersionNumber(db, dataset.uid), { datasetUid: dataset.uid, file: `datasets/${dataset.uid}/${id}.parquet`, fields, rowCount: rows, byteSize: 100, checksum: 'x', source: {} });
        await switchLiveVersion(db, dataset.uid, id);
      }
      const live = await getDataset(db, datasetScope(PLATFORM, null), 'region-public');
      const versions = await listVersions(db, dataset.uid);
      assert.deepEqual(versions.map((v) => v.number), [2, 1]);
      assert.equal(live.liveVersionId, versions[0]?.id);
      assert.equal(live.live?.rowCount, 20);
      assert.deepEqual(live.live?.fields, fields);
      assert.ok(live.dataUpdatedAt);
    });
  });
}
