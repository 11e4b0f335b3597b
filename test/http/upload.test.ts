// Uploads over HTTP: a file from Excel (Windows-1252) is converted while it arrives (Utf8Copy),
// whether its first accented letter comes early or far down, as a raw body or a multipart form.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import iconv from 'iconv-lite';
import { testApp, type TestApp } from '../helpers/app.js';

describe('uploading a Windows-1252 file over HTTP', () => {
  let app: FastifyInstance;
  let headers: Record<string, string>;
  let setup: TestApp;
  before(async () => {
    setup = await testApp();
    ({ app, headers } = setup);
  });
  after(async () => setup?.dispose());

  // 3,000 plain lines before the first accented letter: the copy starts as ASCII, then converts.
  const lines = ['code_insee;nom_commune;montant', ...Array.from({ length: 3000 }, (_, i) => `44${String(i).padStart(3, '0')};Commune ${i};${i},5`), '44116;Paimbœuf;1 234,50', '01001;L’Abergement-Clémenciat;12'];
  const excel = iconv.encode(`${lines.join('\r\n')}\r\n`, 'windows-1252');

  const lastRecords = async (datasetId: string) => {
    const response = await app.inject(`/api/explore/v2.1/catalog/datasets/${datasetId}/records?limit=2&offset=3000`);
    assert.equal(response.statusCode, 200, response.body);
    return response.json().results as { code_insee: string; nom_commune: string; montant: number }[];
  };

  test('as the raw body of a PUT', async () => {
    const response = await app.inject({ method: 'PUT', url: '/api/management/v1/datasets/excel-raw/data', headers: { ...headers, 'content-type': 'text/csv' }, payload: excel });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().detected.encoding, 'windows-1252');
    assert.deepEqual(await lastRecords('excel-raw'), [
      { code_insee: '44116', nom_commune: 'Paimbœuf', montant: 1234.5 },
      { code_insee: '01001', nom_commune: 'L’Abergement-Clémenciat', montant: 12 },
    ]);
  });

  test('as a multipart form', async () => {
    const boundary = 'territoires-test-boundary';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="export.csv"\r\nContent-Type: text/csv\r\n\r\n`),
      excel,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await app.inject({ method: 'PUT', url: '/api/management/v1/datasets/excel-form/data', headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    assert.equal(response.statusCode, 201, response.body);
    assert.deepEqual((await lastRecords('excel-form')).map((r) => r.nom_commune), ['Paimbœuf', 'L’Abergement-Clémenciat']);
  });
});
