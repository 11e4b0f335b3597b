// One validation of bench:schema, in a process of its own so that its peak memory (maxRSS) is the
// validation's alone: `node --import tsx bench/schema-run.ts FILE SCHEMA.json` prints one JSON line.
import fs from 'node:fs';
import { readSchemaDescriptor } from '../src/schema/descriptor.js';
// The validator alone (not the registry, which opens the catalog's database drivers).
import { validateFile } from '../src/schema/validate.js';

const [file, schemaFile] = process.argv.slice(2);
if (!file || !schemaFile) {
  console.error('usage: node --import tsx bench/schema-run.ts FILE SCHEMA.json');
  process.exit(2);
}
const schema = readSchemaDescriptor(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
const baselineRss = process.resourceUsage().maxRSS * 1024;
const start = process.hrtime.bigint();
const report = await validateFile(file, schema);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
console.log(JSON.stringify({ ms, rows: report.table.rows, valid: report.valid, errors: report.errorCount, counts: report.counts, baselineRss, peakRss: process.resourceUsage().maxRSS * 1024 }));
