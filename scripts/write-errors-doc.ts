// npm run docs:errors — rewrites the table of docs/errors.md from src/errors.ts.
import fs from 'node:fs';
import { errorsTable } from '../src/errors.js';

const file = new URL('../docs/errors.md', import.meta.url);
const doc = fs.readFileSync(file, 'utf8');
const updated = doc.replace(/<!-- errors:start -->\n[\s\S]*?<!-- errors:end -->/, `<!-- errors:start -->\n${errorsTable()}\n<!-- errors:end -->`);
fs.writeFileSync(file, updated);
console.log('docs/errors.md updated');
