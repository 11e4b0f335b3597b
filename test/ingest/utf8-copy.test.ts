// The UTF-8 copy made while a file is received (decode.ts, Utf8Copy): for a Windows-1252 file it
// must hold exactly what transcoding the whole file gives; for any other file there is none.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { Utf8Copy } from '../../src/ingest/index.js';
import { temporaryDir } from '../helpers/platform.js';

/** Gives the bytes to a copy in chunks of `size`, as a request body comes. */
async function copyOf(bytes: Buffer, size: number): Promise<string | undefined> {
  const copy = new Utf8Copy(path.join(temporaryDir(), 'copy.csv'));
  for (let at = 0; at < bytes.length; at += size) await copy.write(bytes.subarray(at, at + size));
  const file = await copy.file();
  return file === undefined ? undefined : fs.readFileSync(file, 'utf8');
}

describe('the UTF-8 copy of an upload', () => {
  const ascii = 'code_insee;nom;montant\n'.concat('44109;Nantes;12,5\n'.repeat(5000));
  const excel = `${ascii}44116;Paimbœuf;1 234,50 €\n01001;L’Abergement-Clémenciat;3\n`;

  test('a Windows-1252 file, its first non-ASCII byte far down, comes out as UTF-8, whatever the chunks', async () => {
    const bytes = iconv.encode(excel, 'windows-1252');
    for (const size of [7, 4096, 65536, bytes.length]) assert.equal(await copyOf(bytes, size), excel, `chunks of ${size} bytes`);
  });

  test('UTF-8, ASCII, zip and UTF-16 files get no copy', async () => {
    assert.equal(await copyOf(Buffer.from(excel, 'utf8'), 4096), undefined, 'UTF-8');
    assert.equal(await copyOf(Buffer.from(ascii, 'utf8'), 4096), undefined, 'ASCII needs no copy');
    assert.equal(await copyOf(Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.from([0x9c, 0xe9, 0x80])]), 4096), undefined, 'zip');
    assert.equal(await copyOf(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(excel, 'utf-16le')]), 4096), undefined, 'UTF-16');
  });
});
