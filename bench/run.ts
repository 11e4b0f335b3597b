// npm run bench [-- --rows N]: measures the platform (ingest, HTTP Explore API) against the raw
// engine, DuckDB run directly on the same files in the same process and the same run, and writes
// its section of docs/benchmarks.md. The ratios (ours / raw) are the point: absolute figures
// depend on the machine, the ratios say what our layers (catalog, typing, HTTP, JSON) cost on top
// of DuckDB.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createOrganisation } from '../src/catalog/index.js';
import { loadConfig } from '../src/config.js';
import { PARQUET_COPY_OPTIONS, sqlLiteral, writeReadCopy, type SqlParams } from '../src/data/index.js';
import { buildApp } from '../src/http/app.js';
import { publishFile } from '../src/ingest/index.js';
import { openPlatform } from '../src/platform.js';
import { REPORT_FILE, writeSection } from './report.js';
import { fmt, measure, msSince, now } from './timing.js';

const WARMUP = 5;
const RUNS = 50;
const here = path.dirname(fileURLToPath(import.meta.url));

const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
const rows = Number(args.rows);
if (!Number.isSafeInteger(rows) || rows < 10_000) {
  // The deepest page read below ends at row 10,000; fewer rows would measure an empty page.
  console.error('usage: npm run bench -- [--rows N]   (N ≥ 10000, default 1000000)');
  process.exit(2);
}

/** WARMUP calls, then RUNS sequential timed calls. */
const measureCall = (call: () => Promise<void>) => measure(call, RUNS, WARMUP);
const ratio = (ours: number, raw: number): string => `${fmt(ours / raw)}×`;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'territoires-bench-'));
const csv = path.join(tmp, 'adresses.csv');
const dataDir = path.join(tmp, 'data');

// An explicit environment, not process.env: a DATABASE_URL of the shell must not send the bench
// to a real catalog, and logs would both slow the server and clutter the output.
const config = loadConfig({ TERRITOIRES_DATA_DIR: dataDir, LOG_LEVEL: 'silent', TERRITOIRES_RATE_LIMIT_EXEMPT: '127.0.0.1' });
const platform = await openPlatform(config);
const app = await buildApp(platform);

try {
  console.error(`generating ${rows.toLocaleString('en-US')} addresses in ${tmp} …`);
  const generated = spawnSync(process.execPath, [path.join(here, 'gen-addresses.mjs'), '--rows', String(rows), '--out', csv], { stdio: 'inherit' });
  if (generated.status !== 0) throw new Error(`gen-addresses.mjs exited with ${generated.status}`);
  const csvBytes = fs.statSync(csv).size;

  // The default owner of a dataset is the first organisation without a parent.
  await createOrganisation(platform.db, { name: 'Pays de la Loire', kind: 'region', cog: '52' });

  // Ingest, one shot each (a 1M-row ingest is long enough that one run is a fair figure).
  // Ours: encoding/delimiter detection, CSV parsing in JS, type inference, typed Parquet, catalog rows.
  console.error('ingest: ours …');
  let start = now();
  const { version } = await publishFile(platform, { file: csv, datasetId: 'adresses', title: 'Adresses' }, platform.publishOptions);
  const oursIngestMs = msSince(start);
  const parquet = platform.blobs.absolute(version.file);
  // Raw: DuckDB's own CSV reader straight to Parquet, with the same Parquet settings as ours.
  console.error('ingest: raw DuckDB …');
  const rawParquet = path.join(tmp, 'raw.parquet');
  start = now();
  await platform.engine.query(
    `copy (select * from read_csv(${sqlLiteral(csv)})) to ${sqlLiteral(rawParquet)} (${PARQUET_COPY_OPTIONS})`,
  );
  const rawIngestMs = msSince(start);
  const [rawCount] = await platform.engine.query('select count(*)::integer as n from read_parquet($1)', [rawParquet]);
  if (version.rowCount !== rows || rawCount?.n !== rows) throw new Error(`row counts differ: ours ${version.rowCount}, raw ${String(rawCount?.n)}, expected ${rows}`);

  // The layout the API reads in normal use: the read copy, written in the background after the
  // first read (src/data/read-copy.ts); written here before any timing, so that none runs beside it.
  start = now();
  await writeReadCopy(platform, version);
  const readCopyMs = msSince(start);

  const [duck] = await platform.engine.query('select version() as v');
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
  const base = `http://127.0.0.1:${address.port}/api/explore/v2.1/catalog/datasets`;

  // Each API call is checked once for its status and its shape, so that a 4xx answered in 1 ms
  // never passes for a fast API; the timed calls then read the whole body without parsing it (the
  // client's JSON.parse is not the server's cost).
  async function check(url: string, results: number): Promise<void> {
    const response = await fetch(url);
    const body = (await response.json()) as { results?: unknown[] };
    if (response.status !== 200 || body.results?.length !== results) throw new Error(`${url}: status ${response.status}, ${body.results?.length} results, expected ${results}`);
  }
  const get = (url: string) => async (): Promise<void> => {
    const response = await fetch(url);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url}: status ${response.status}`);
  };
  // Raw: the same SQL our records query runs, on a fresh connection each call (as ours does).
  const raw = (sql: string, params: SqlParams) => async (): Promise<void> => {
    await platform.engine.query(sql, params);
  };

  const cases = [
    { name: 'records, first page (`limit=100`)', url: `${base}/adresses/records?limit=100`, results: 100, sql: 'select * from read_parquet($1) limit 100' },
    { name: 'records, deepest page (`limit=100&offset=9900`)', url: `${base}/adresses/records?limit=100&offset=9900`, results: 100, sql: 'select * from read_parquet($1) limit 100 offset 9900' },
    { name: 'catalog list vs. `count(*)` (floor)', url: base, results: 1, sql: 'select count(*) from read_parquet($1)' },
  ];
  const queryRows: string[] = [];
  for (const c of cases) {
    console.error(`query: ${c.name} …`);
    await check(c.url, c.results);
    const ours = await measureCall(get(c.url));
    const theirs = await measureCall(raw(c.sql, [parquet]));
    queryRows.push(`| ${c.name} | ${fmt(ours.median)} | ${fmt(ours.p95)} | ${fmt(theirs.median)} | ${fmt(theirs.p95)} | ${ratio(ours.median, theirs.median)} |`);
  }

  const perSecond = (ms: number): string => fmt(rows / (ms / 1000), 0);
  const ingestTable = [
    '| ingest | rows | ours (s) | ours (rows/s) | raw DuckDB (s) | raw (rows/s) | ours / raw |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| CSV (${fmt(csvBytes / 1024 ** 2, 0)} MiB) → Parquet | ${rows.toLocaleString('en-US')} | ${fmt(oursIngestMs / 1000)} | ${perSecond(oursIngestMs)} | ${fmt(rawIngestMs / 1000)} | ${perSecond(rawIngestMs)} | ${ratio(oursIngestMs, rawIngestMs)} |`,
  ].join('\n');
  const queryTable = [
    `| call (${WARMUP} warm-up + ${RUNS} sequential calls) | ours median (ms) | ours p95 (ms) | raw median (ms) | raw p95 (ms) | ours / raw (medians) |`,
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...queryRows,
  ].join('\n');
  console.log(`${ingestTable}\n\n${queryTable}`);

  const cpu = os.cpus();
  const machine = `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${fmt(os.totalmem() / 1024 ** 3, 1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, DuckDB ${String(duck?.v)}`;
  // The file's title is report.ts's; this section's headings sit one level below it.
  const doc = `## API Explore et ingestion en processus — Explore API and in-process ingest

*Généré par \`bench/run.ts\` le ${new Date().toISOString()} — generated by \`bench/run.ts\`; do not edit by hand.*

**Français.** On compare la plateforme au moteur brut : DuckDB exécuté directement, dans le même
processus et la même exécution, sur le même fichier. Les données sont ${rows.toLocaleString('fr-FR')} adresses
synthétiques au format BAN (\`bench/gen-addresses.mjs\`). On mesure la publication du CSV (jeu
\`adresses\`) et des appels à l'API Explore v2.1 en HTTP sur 127.0.0.1. Les chiffres de l'API
comprennent HTTP, la sérialisation JSON et la recherche du jeu dans le catalogue, ce que le moteur
brut ne fait pas : le rapport « nous / brut » est le coût de ces couches, pas un défaut du moteur.

**English.** We compare the platform with the raw engine: DuckDB run directly, in the same process
and the same run, on the same file. The data are ${rows.toLocaleString('en-US')} synthetic BAN-like addresses
(\`bench/gen-addresses.mjs\`). We time publishing the CSV (dataset \`adresses\`) and Explore v2.1 API
calls over HTTP on 127.0.0.1. **The API figures include HTTP, JSON serialisation and the catalog
lookup, which the raw engine does not do**: the ours/raw ratio is the cost of those layers.

- Machine: ${machine}.
- Reproduce: \`npm run bench -- --rows ${rows}\` (default 1,000,000 rows).
- Ingest: one run each. Ours detects the encoding and delimiter, types the columns from the first 10,000 rows (codes keep their
  leading zeros), writes the Parquet in one guarded pass over DuckDB's reader (read again the exact way if a later row
  disagrees) and records the version in the catalog. Raw is
  \`COPY (SELECT * FROM read_csv(file)) TO file (${PARQUET_COPY_OPTIONS})\`,
  the same Parquet settings as ours, with DuckDB's own CSV sniffer.
- Queries: ${WARMUP} warm-up calls, then ${RUNS} sequential calls; median and p95 (nearest rank) in ms.
  Ours reads the version's read copy (a DuckDB database file beside the Parquet, written in
  ${fmt(readCopyMs / 1000)} s before the timings; in normal use, in the background after the first read).
  Raw is the SQL a DuckDB user would write on the Parquet file of the live version, through \`platform.engine.query\`
  (a fresh DuckDB connection per call, as the API does). The catalog list is compared with a raw
  \`count(*)\` only as a floor: it reads no Parquet at all.

### Ingest

${ingestTable}

### Explore API v2.1

${queryTable}
`;
  // Only this benchmark's section: bench/ingest.ts writes its own in the same file.
  writeSection('explore', doc);
  console.error(`wrote the explore section of ${path.relative(process.cwd(), REPORT_FILE)}`);
} finally {
  await app.close();
  await platform.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
