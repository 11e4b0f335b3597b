// docs/benchmarks.md holds one section per benchmark, each between its own markers, so that each
// benchmark rewrites its figures without erasing the others' (they take minutes; nobody runs them
// all at once).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPORT_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'benchmarks.md');

const TITLE = `# Benchmarks

*Chaque section est écrite par son script de \`bench/\` — each section is written by its script in \`bench/\`; do not edit by hand.*
`;

/** Replaces the section NAME of docs/benchmarks.md with `markdown`, adding it at the end if absent. */
export function writeSection(name: string, markdown: string, file = REPORT_FILE): void {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const doc = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : TITLE;
  const from = doc.indexOf(start);
  const to = doc.indexOf(end, from);
  let next: string;
  if (from >= 0 && to >= 0) {
    // Plain slicing, not String.replace: the figures must never be read as `$&` patterns.
    next = doc.slice(0, from) + block + doc.slice(to + end.length);
  } else {
    if (from >= 0) throw new Error(`${file}: ${start} has no ${end}; fix the file by hand`);
    next = `${doc.trimEnd()}\n\n${block}\n`;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, next);
}
