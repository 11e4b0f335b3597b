// Attachments: kept with a dataset, listed by the Explore API's attachments endpoint (ODS §2.10)
// and in the dataset object, downloaded as they were sent, hidden with a dataset one may not see.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createOperatorKey } from '../../src/auth/index.js';
import { createOrganisation } from '../../src/catalog/index.js';
import { buildApp } from '../../src/http/app.js';
import { attachmentId, publishFile } from '../../src/ingest/index.js';
import { testPlatform, writeTemporaryFile, type TestPlatform } from '../helpers/platform.js';

describe('attachments', () => {
  let t: TestPlatform;
  let app: FastifyInstance;
  let headers: Record<string, string>;
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2048, 0x42), Buffer.from('\n%%EOF\n')]);
  before(async () => {
    t = await testPlatform();
    await createOrganisation(t.platform.db, { name: 'La Roche-sur-Yon', kind: 'commune' });
    await publishFile(t.platform, { file: writeTemporaryFile('d.csv', 'numero,objet\n2026-01,Budget\n'), datasetId: 'deliberations' }, t.platform.publishOptions);
    await publishFile(t.platform, { file: writeTemporaryFile('p.csv', 'a\n1\n'), datasetId: 'brouillon', visibility: 'private' }, t.platform.publishOptions);
    headers = { authorization: `Apikey ${(await createOperatorKey(t.platform.db, 'a')).key}` };
    app = await buildApp(t.platform);
  });
  after(async () => {
    await app?.close();
    await t?.dispose();
  });

  test('ids are made from file names as ODS makes them', () => {
    assert.equal(attachmentId('cities1000.zip'), 'cities1000_zip');
    assert.equal(attachmentId('Délibération n°12.PDF'), 'deliberation_n_12_pdf');
  });

  test('a publisher attaches a PDF; the API lists it and serves its bytes', async () => {
    const upload = await app.inject({ method: 'POST', url: '/api/management/v1/datasets/deliberations/attachments?filename=Conseil%20du%2012%20décembre.pdf&title=Procès-verbal', headers: { ...headers, 'content-type': 'application/pdf' }, payload: pdf });
    assert.equal(upload.statusCode, 201, upload.body);
    assert.deepEqual(upload.json(), { id: 'conseil_du_12_decembre_pdf', title: 'Procès-verbal', mimetype: 'application/pdf', url: 'odsfile://Conseil du 12 décembre.pdf', byte_size: pdf.length });
    const list = (await app.inject({ url: '/api/explore/v2.1/catalog/datasets/deliberations/attachments', headers: { host: 'data.example.localhost' } })).json();
    assert.deepEqual(list, {
      links: [],
      attachments: [{
        href: 'http://data.example.localhost/api/explore/v2.1/catalog/datasets/deliberations/attachments/conseil_du_12_decembre_pdf',
        metas: { 'mime-type': 'application/pdf', title: 'Procès-verbal', url: 'odsfile://Conseil du 12 décembre.pdf', id: 'conseil_du_12_decembre_pdf' },
      }],
    });
    const dataset = (await app.inject('/api/explore/v2.1/catalog/datasets/deliberations')).json();
    assert.deepEqual(dataset.attachments, [{ id: 'conseil_du_12_decembre_pdf', title: 'Procès-verbal', mimetype: 'application/pdf', url: 'odsfile://Conseil du 12 décembre.pdf' }]);
    const file = await app.inject('/api/explore/v2.1/catalog/datasets/deliberations/attachments/conseil_du_12_decembre_pdf');
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'application/pdf');
    assert.match(String(file.headers['content-disposition']), /filename\*=UTF-8''Conseil%20du%2012%20d%C3%A9cembre\.pdf/);
    assert.ok(file.rawPayload.equals(pdf), 'the bytes are those sent');
    assert.equal((await app.inject('/api/explore/v2.1/catalog/datasets/deliberations/attachments/nope_pdf')).json().code, 'ATTACHMENT_NOT_FOUND');
  });

  test('the same name replaces the file; delete removes it', async () => {
    const again = await app.inject({ method: 'POST', url: '/api/management/v1/datasets/deliberations/attachments?filename=Conseil%20du%2012%20décembre.pdf', headers: { ...headers, 'content-type': 'application/pdf' }, payload: Buffer.from('%PDF-1.4 v2') });
    assert.equal(again.statusCode, 201);
    assert.equal((await app.inject('/api/explore/v2.1/catalog/datasets/deliberations/attachments')).json().attachments.length, 1);
    assert.equal((await app.inject('/api/explore/v2.1/catalog/datasets/deliberations/attachments/conseil_du_12_decembre_pdf')).body, '%PDF-1.4 v2');
    assert.equal((await app.inject({ method: 'DELETE', url: '/api/management/v1/datasets/deliberations/attachments/conseil_du_12_decembre_pdf', headers })).statusCode, 204);
    assert.deepEqual((await app.inject('/api/explore/v2.1/catalog/datasets/deliberations/attachments')).json().attachments, []);
  });

  test("a private dataset's attachments are as invisible as the dataset", async () => {
    await app.inject({ method: 'POST', url: '/api/management/v1/datasets/brouillon/attachments?filename=notes.txt', headers: { ...headers, 'content-type': 'text/plain' }, payload: 'secret' });
    assert.equal((await app.inject('/api/explore/v2.1/catalog/datasets/brouillon/attachments')).statusCode, 404);
    assert.equal((await app.inject('/api/explore/v2.1/catalog/datasets/brouillon/attachments/notes_txt')).statusCode, 404);
    assert.equal((await app.inject({ url: '/api/explore/v2.1/catalog/datasets/brouillon/attachments/notes_txt', headers })).body, 'secret');
    assert.equal((await app.inject({ method: 'POST', url: '/api/management/v1/datasets/brouillon/attachments', payload: 'x' })).statusCode, 401);
  });
});
