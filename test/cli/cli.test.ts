// The `territoires` command as a user runs it, on a local data directory, with the server running.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { runCli, startServer, stopServer } from '../helpers/cli.js';
import { temporaryDir, writeTemporaryFile } from '../helpers/platform.js';

describe('territoires CLI', () => {
  const dir = temporaryDir();
  const env = { TERRITOIRES_DATA_DIR: dir };
  let server: Awaited<ReturnType<typeof startServer>>;

  before(async () => {
    server = await startServer(['--demo'], env);
  });
  after(async () => {
    await stopServer(server.child);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('--help on every command', async () => {
    for (const command of ['serve', 'publish', 'orgs', 'datasets', 'keys']) {
      const result = await runCli([command, '--help']);
      assert.equal(result.code, 0, command);
      assert.match(result.stdout, /Usage: territoires/);
      assert.match(result.stdout, /--data-dir/);
    }
    const global = await runCli(['--help']);
    assert.match(global.stdout, /publish/);
    const unknown = await runCli(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Commande inconnue « frobnicate » .* \/ Unknown command "frobnicate"/);
    const incomplete = await runCli(['publish']);
    assert.equal(incomplete.stderr.trim(), 'territoires: publish demande un FICHIER et --dataset ID (voir `territoires publish --help`). / publish needs a FILE and --dataset ID (see `territoires publish --help`).');
  });

  test('orgs list shows the demo region as a tree, filtered by kind or territory', async () => {
    const all = await runCli(['orgs', 'list'], env);
    assert.equal(all.code, 0);
    assert.match(all.stdout, /pays-de-la-loire\s+region\s+52\s+Région Pays de la Loire/);
    const departements = await runCli(['orgs', 'list', '--kind', 'departement', '--json'], env);
    assert.deepEqual(JSON.parse(departements.stdout).map((o: { name: string }) => o.name).sort(), ['Loire-Atlantique', 'Maine-et-Loire', 'Mayenne', 'Sarthe', 'Vendée']);
    const nantesMetropole = await runCli(['orgs', 'list', '--within', '244400404', '--kind', 'commune', '--json'], env);
    assert.equal(JSON.parse(nantesMetropole.stdout).length, 24, 'the 24 communes of Nantes Métropole');
    const bad = await runCli(['orgs', 'list', '--kind', 'kingdom'], env);
    assert.equal(bad.code, 2);
  });

  test('publish creates a dataset owned by --org while the server runs, and the server serves it at once', async () => {
    const file = writeTemporaryFile('equipements.csv', iconv.encode('nom;commune;capacité\r\nPiscine du Petit Port;Nantes;1200\r\nPatinoire;Nantes;800\r\n', 'windows-1252'));
    const result = await runCli(['publish', file, '--dataset', 'equipements-nantes', '--org', 'nantes', '--title', 'Équipements sportifs'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /equipements-nantes v1, 2 enregistrements/);
    assert.match(result.stdout, /windows-1252/);
    assert.match(result.stdout, /capacite\s+int\s+capacité/);
    const response = await fetch(`${server.url}/portals/loire-atlantique/api/explore/v2.1/catalog/datasets/equipements-nantes/records`);
    assert.deepEqual((await response.json()).results[0], { nom: 'Piscine du Petit Port', commune: 'Nantes', capacite: 1200 });
    const again = await runCli(['publish', file, '--dataset', 'equipements-nantes', '--visibility', 'private'], env);
    assert.match(again.stdout, /v2/);
    assert.equal((await fetch(`${server.url}/api/explore/v2.1/catalog/datasets/equipements-nantes`)).status, 404, 'made private by --visibility');
  });

  test('preview shows what publish would read, and takes the same settings', async () => {
    const file = writeTemporaryFile('stations.csv', 'Stations vélo\n\nnom,capacite,ouverte,latitude,longitude\nCommerce,20,1,47.2130,-1.5590\nGare,35,0,47.2170,-1.5420\n');
    const text = await runCli(['preview', file], env);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /2 enregistrements \/ records \(utf-8, « , », en-tête ligne \/ header line 3\)/);
    assert.match(text.stdout, /geo_point_2d\s+geo_point_2d/);
    const json = JSON.parse((await runCli(['preview', file, '--type', 'ouverte=boolean', '--json'], env)).stdout);
    assert.equal(json.fields[2].type, 'boolean');
    const published = await runCli(['publish', file, '--dataset', 'stations-velo', '--type', 'ouverte=boolean'], env);
    assert.match(published.stdout, /ouverte\s+boolean/);
    const bad = await runCli(['preview', file, '--delimiter', 'x'], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /delimiter/);
  });

  test('publish refuses what it cannot use, with a message in French and English', async () => {
    const missing = await runCli(['publish', '/no/such.csv', '--dataset', 'x'], env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /n'existe pas ou ne peut pas être lu. \/ The file such.csv does not exist/);
    const noDataset = await runCli(['publish', '/no/such.csv'], env);
    assert.equal(noDataset.code, 2);
    const badId = await runCli(['publish', writeTemporaryFile('a.csv', 'a\n1\n'), '--dataset', 'Pas Un Slug'], env);
    assert.match(badId.stderr, /Identifiant de jeu de données invalide/);
    const badVisibility = await runCli(['publish', writeTemporaryFile('a.csv', 'a\n1\n'), '--dataset', 'ok', '--visibility', 'secret'], env);
    assert.match(badVisibility.stderr, /visibility/);
  });

  test('versions list shows what changed; rollback puts an earlier version live again', async () => {
    const v1 = writeTemporaryFile('v1.csv', 'code,nom\nA,Un\nB,Deux\n');
    const v2 = writeTemporaryFile('v2.csv', 'code,nom,rang\nA,Un,1\nB,Deux,2\nC,Trois,3\n');
    await runCli(['publish', v1, '--dataset', 'rangs'], env);
    await runCli(['publish', v2, '--dataset', 'rangs'], env);
    const list = await runCli(['versions', 'list', '--dataset', 'rangs'], env);
    assert.match(list.stdout, /^2\s+\*\s+3\s+\+1\s+\+rang/m);
    assert.match(list.stdout, /^1\s+2\s+\+2/m);
    const rollback = await runCli(['versions', 'rollback', '--dataset', 'rangs', '--to', '1'], env);
    assert.equal(rollback.code, 0, rollback.stderr);
    const records = await (await fetch(`${server.url}/api/explore/v2.1/catalog/datasets/rangs/records`)).json();
    assert.equal(records.total_count, 2);
    const missing = await runCli(['versions', 'rollback', '--dataset', 'rangs', '--to', '9'], env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /les versions conservées sont : 2, 1/);
  });

  test('datasets list shows every dataset with its visibility', async () => {
    const result = await runCli(['datasets', 'list', '--json'], env);
    const rows = JSON.parse(result.stdout) as { dataset_id: string; visibility: string; records_count: number }[];
    const byId = Object.fromEntries(rows.map((r) => [r.dataset_id, r]));
    assert.equal(byId['suivi-interne-nantes']?.visibility, 'private');
    assert.equal(byId['adresses-loire-atlantique']?.records_count, 50000);
  });

  test('keys create --admin prints a key once; the server accepts it; revoked, it is refused', async () => {
    const created = await runCli(['keys', 'create', '--admin', '--name', 'ci'], env);
    assert.equal(created.code, 0);
    const key = created.stdout.trim();
    assert.match(key, /^tk_[A-Za-z0-9_-]{43}$/);
    assert.ok(!fs.readFileSync(`${dir}/catalog.sqlite`).includes(Buffer.from(key)), 'the key is not stored in clear');
    const response = await fetch(`${server.url}/api/management/v1/datasets`, { headers: { authorization: `Apikey ${key}` } });
    assert.equal(response.status, 200);
    const listed = await runCli(['keys', 'list'], env);
    assert.match(listed.stdout, /ci\s+tk_/);
    assert.doesNotMatch(listed.stdout, new RegExp(key));
    const id = /^(k\w+)\s+ci/m.exec(listed.stdout)?.[1];
    assert.ok(id);
    assert.equal((await runCli(['keys', 'revoke', id], env)).code, 0);
    assert.equal((await fetch(`${server.url}/api/management/v1/datasets`, { headers: { authorization: `Apikey ${key}` } })).status, 401);
    assert.equal((await runCli(['keys', 'create'], env)).code, 2, 'only --admin keys exist for now');
  });
});

describe('territoires CLI on a platform started without the demo', () => {
  const dir = temporaryDir();
  const env = { TERRITOIRES_DATA_DIR: dir };
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('an administrator creates organisations and a portal, then publishes', async () => {
    const file = writeTemporaryFile('a.csv', 'code_insee,nom\n85191,La Roche-sur-Yon\n');
    const tooEarly = await runCli(['publish', file, '--dataset', 'communes'], env);
    assert.equal(tooEarly.code, 2);
    assert.match(tooEarly.stderr, /aucune organisation .*territoires orgs create/);
    assert.equal((await runCli(['orgs', 'create', '--name', 'Département de la Vendée', '--kind', 'departement', '--insee', '85', '--slug', 'vendee'], env)).code, 0);
    const commune = await runCli(['orgs', 'create', '--name', 'La Roche-sur-Yon', '--kind', 'commune', '--insee', '85191', '--parent', '85'], env);
    assert.match(commune.stdout, /la-roche-sur-yon/);
    assert.equal((await runCli(['orgs', 'create', '--name', 'X'], env)).code, 2, '--kind is required');
    const portal = await runCli(['portals', 'create', '--slug', 'vendee', '--title', 'Open data Vendée', '--host', 'data.vendee.localhost', '--org', 'vendee', '--default'], env);
    assert.equal(portal.code, 0, portal.stderr);
    assert.match((await runCli(['portals', 'list'], env)).stdout, /vendee\s+yes\s+data\.vendee\.localhost\s+Département de la Vendée/);
    const twice = await runCli(['portals', 'create', '--slug', 'vendee', '--title', 'Encore'], env);
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /Le portail vendee existe déjà\. \/ The portal vendee already exists\./);
    const badColor = await runCli(['portals', 'create', '--slug', 'autre', '--title', 'Autre', '--color', 'red'], env);
    assert.match(badColor.stderr, /#RRVVBB/);
    assert.equal((await runCli(['orgs', 'create', '--name', 'X', '--kind', 'other', '--slug', 'Bad Slug!'], env)).code, 2);
    const published = await runCli(['publish', file, '--dataset', 'communes', '--org', 'la-roche-sur-yon'], env);
    assert.equal(published.code, 0, published.stderr);
    const server = await startServer([], env);
    try {
      const list = await (await fetch(`${server.url}/api/explore/v2.1/catalog/datasets`)).json();
      assert.deepEqual(list.results.map((d: { dataset_id: string }) => d.dataset_id), ['communes']);
      assert.equal(list.results[0].metas.default.publisher, 'La Roche-sur-Yon');
      const busy = await runCli(['serve'], { ...env, PORT: new URL(server.url).port });
      assert.equal(busy.code, 2);
      assert.equal(busy.stderr.trim().split('\n').length, 1);
      assert.match(busy.stderr, /Le port \d+ est déjà utilisé/);
    } finally {
      await stopServer(server.child);
    }
  });
});
