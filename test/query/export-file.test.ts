// The files DuckDB writes for an export (CSV, Parquet), sent while they are written. Piped, the
// stream reads into two buffers in turn: a destination that takes its time must still receive
// every byte as DuckDB wrote it, which a COPY of the same query to a file of our own gives here.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { sqlLiteral } from '../../src/data/index.js';
import { copiedFile } from '../../src/query/export-file.js';
import { testPlatform, type TestPlatform } from '../helpers/platform.js';

// About 7 MB over 120,000 rows, each line different: a chunk sent twice or overwritten shows.
const ROWS_SQL = "select i, 'rue numéro ' || i || repeat('x', 30) as voie from range(120000) as t(i) order by i";
const CSV = "format csv, header false, delimiter ';'";

describe('export files: a COPY sent as it is written', () => {
  let t: TestPlatform;
  let expected: Buffer;
  const temporaryFiles = () => {
    const dir = path.join(t.dataDir, 'tmp');
    return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  };
  const gone = async () => {
    for (let i = 0; i < 100 && temporaryFiles().length > 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    return temporaryFiles();
  };

  before(async () => {
    t = await testPlatform();
    const reference = path.join(t.dataDir, 'reference.csv');
    await t.platform.engine.withConnection((c) => c.run(`copy (${ROWS_SQL}) to ${sqlLiteral(reference)} (${CSV})`));
    expected = Buffer.concat([Buffer.from('i;voie\r\n'), fs.readFileSync(reference)]);
    assert.ok(expected.length > 5 * 2 ** 20, 'several chunks of 1 MB');
  });
  after(async () => t?.dispose());

  test('piped into a slow destination: every byte, in order, after the prefix; the file is gone after', async () => {
    const received: Buffer[] = [];
    // Keeps each chunk it is given and reads it only when it calls back, later: a buffer read into
    // again before that would show here as the wrong bytes.
    const slow = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _encoding, callback) {
        setTimeout(() => {
          received.push(Buffer.from(chunk));
          callback();
        }, 3);
      },
    });
    const stream = await copiedFile(t.platform, ROWS_SQL, [], CSV, '.csv', 'i;voie\r\n');
    const finished = new Promise<void>((resolve, reject) => {
      slow.on('finish', resolve);
      stream.on('error', reject);
    });
    const ended = new Promise<void>((resolve) => stream.on('end', resolve));
    stream.pipe(slow);
    await Promise.all([finished, ended]);
    assert.ok(Buffer.concat(received).equals(expected), 'the bytes DuckDB wrote');
    assert.deepEqual(await gone(), []);
  });

  test('read as an iterable: the same bytes', async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of await copiedFile(t.platform, ROWS_SQL, [], CSV, '.csv', 'i;voie\r\n')) chunks.push(chunk as Buffer);
    assert.ok(Buffer.concat(chunks).equals(expected));
    assert.deepEqual(await gone(), []);
  });

  test('an empty result: the prefix alone', async () => {
    const chunks: Buffer[] = [];
    const stream = await copiedFile(t.platform, `${ROWS_SQL} limit 0`, [], CSV, '.csv', 'i;voie\r\n');
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(Buffer.from(chunk));
        callback();
      },
    });
    stream.pipe(sink);
    await new Promise((resolve) => sink.on('finish', resolve));
    assert.equal(Buffer.concat(chunks).toString(), 'i;voie\r\n');
  });

  test('a COPY DuckDB refuses is an error before any byte, and leaves no file', async () => {
    await assert.rejects(copiedFile(t.platform, "select cast('pas un nombre' as integer) as n", [], CSV, '.csv'), /Conversion Error/);
    assert.deepEqual(await gone(), []);
  });

  test('a destination that fails mid-way stops the stream, and the file goes', async () => {
    let writes = 0;
    const failing = new Writable({
      write(_chunk: Buffer, _encoding, callback) {
        writes += 1;
        callback(writes === 3 ? new Error('client gone') : null);
      },
    });
    failing.on('error', () => undefined);
    const stream = await copiedFile(t.platform, ROWS_SQL, [], CSV, '.csv');
    stream.pipe(failing);
    await new Promise((resolve) => stream.on('close', resolve));
    assert.ok(writes < 6, `stopped after the failure (${writes} writes)`);
    assert.deepEqual(await gone(), []);
  });

  test('an export nobody reads any more is stopped: the engine no longer spends CPU on it', async () => {
    // About 600 MB of CSV, three seconds of DuckDB's two threads if it went on to the end.
    const stream = await copiedFile(t.platform, "select i, 'voie ' || i as voie from range(30000000) as t(i)", [], CSV, '.csv');
    stream.destroy();
    await new Promise((resolve) => stream.on('close', resolve));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const used = process.cpuUsage(before);
    const cpuMs = (used.user + used.system) / 1000;
    assert.ok(cpuMs < 250, `${cpuMs.toFixed(0)} ms of CPU in the half second after the client left`);
    assert.deepEqual(await gone(), []);
  });
});
