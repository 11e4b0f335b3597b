// A scheduled refresh that fails mails the dataset's administrators and editors (and those of the
// parent it delegates to), with the error and the date of the last successful update; viewers
// and other organisations hear nothing, and the live version stays.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { mailboxMailer } from '../../src/auth/index.js';
import { createOrganisation, insertUser, listVersions, setMembership, type Role } from '../../src/catalog/index.js';
import { publishFromUrl } from '../../src/ingest/index.js';
import { mailRefreshFailure, startScheduler } from '../../src/jobs/index.js';
import { testPlatform, type TestPlatform } from '../helpers/platform.js';

let body = 'code_insee;nom\n44109;Nantes\n';
const server = http.createServer((_request, response) => void response.writeHead(200, { 'content-type': 'text/csv' }).end(body));

describe('a scheduled refresh that fails', () => {
  let t: TestPlatform;
  const mailbox = fs.mkdtempSync(path.join(os.tmpdir(), 'territoires-mailbox-'));
  const fetchPolicy = { allowedHosts: ['127.0.0.1'], timeoutMs: 2000, maxBytes: 1_000_000 };
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t = await testPlatform();
    const db = t.platform.db;
    const departement = await createOrganisation(db, { name: 'Loire-Atlantique', kind: 'departement', slug: 'loire-atlantique' });
    const commune = await createOrganisation(db, { name: 'Couëron', kind: 'commune', slug: 'coueron', parentId: departement.id, administeredByParent: true });
    const other = await createOrganisation(db, { name: 'Indre', kind: 'commune', slug: 'indre', parentId: departement.id });
    const member = async (email: string, organisationId: string, role: Role) => setMembership(db, (await insertUser(db, { email, name: email })).id, organisationId, role);
    await member('editrice@coueron.fr', commune.id, 'editor');
    await member('lectrice@coueron.fr', commune.id, 'viewer');
    await member('admin@loire-atlantique.fr', departement.id, 'admin');
    await member('editeur@indre.fr', other.id, 'editor');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/equipements.csv`;
    await publishFromUrl(t.platform, { datasetId: 'coueron-equipements', url, schedule: '* * * * * *', organisation: 'coueron', title: 'Équipements de Couëron' }, t.platform.publishOptions, fetchPolicy);
  });
  after(async () => {
    server.close();
    await t?.dispose();
    fs.rmSync(mailbox, { recursive: true, force: true });
  });

  test('mails the editors, with the error, and the live version stays', async () => {
    body = 'code_insee;nom\n';
    const mailer = mailboxMailer(mailbox, 'Territoires <territoires@localhost>');
    const mailed: string[][] = [];
    const scheduler = startScheduler(t.platform, {
      publish: t.platform.publishOptions,
      fetch: fetchPolicy,
      log: () => undefined,
      retryDelaysMs: [],
      onFailure: async (uid, error) => mailed.push(await mailRefreshFailure(t.platform.db, mailer, 'https://data.example.fr', uid, error)),
    });
    try {
      const deadline = Date.now() + 8000;
      while (Date.now() < deadline && mailed.length === 0) await new Promise((r) => setTimeout(r, 100));
    } finally {
      scheduler.stop();
    }
    assert.deepEqual(mailed[0], ['admin@loire-atlantique.fr', 'editrice@coueron.fr']);
    const files = fs.readdirSync(mailbox);
    assert.ok(files.length >= 2);
    const mail = fs.readFileSync(path.join(mailbox, files[0] ?? ''), 'utf8');
    assert.match(mail, /coueron-equipements/);
    assert.match(mail, /https:\/\/data\.example\.fr\/espace\/jeux\/coueron-equipements/);
    assert.match(mail, /dernière mise à jour réussie/);
    const uid = (await t.platform.db.selectFrom('datasets').select('id').where('dataset_id', '=', 'coueron-equipements').executeTakeFirstOrThrow()).id;
    assert.equal((await listVersions(t.platform.db, uid)).length, 1);
  });
});
