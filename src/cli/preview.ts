// `territoires preview FILE`: what a publish would detect and read, without publishing anything.
import { previewFile } from '../ingest/index.js';
import { openPlatform } from '../platform.js';
import type { Command } from './main.js';
import { printTable, usageError } from './output.js';
import { describeRead, READ_FLAGS, READ_FLAGS_USAGE, readOptionsFromFlags } from './read-flags.js';

export const previewCommand: Command = {
  summary: 'Montre ce qu’une publication détecterait, sans rien publier / shows what a publish would detect, publishing nothing',
  usage: `territoires preview FILE ${READ_FLAGS_USAGE} [--json]`,
  options: { ...READ_FLAGS, json: { type: 'boolean' } },
  async run({ values, positionals, config }) {
    const [file] = positionals;
    if (!file) throw usageError('preview', 'preview needs a FILE', 'preview demande un FICHIER');
    const options = readOptionsFromFlags(values);
    const platform = await openPlatform(config);
    try {
      const preview = await previewFile(platform, file, options);
      if (values.json) {
        process.stdout.write(`${JSON.stringify(preview, null, 2)}\n`);
        return 0;
      }
      process.stdout.write(`${preview.file}: ${preview.records_count} enregistrements / records (${describeRead(preview)})\n\n`);
      printTable(['field', 'type', 'label', 'samples'], preview.fields.map((f) => [f.name, f.type, f.label, f.samples.map((s) => (typeof s === 'object' ? JSON.stringify(s) : String(s))).join(' | ').slice(0, 80)]));
      for (const [field, count] of Object.entries(preview.points_outside_france)) {
        if (count > 0) process.stdout.write(`\n${count} point(s) de ${field} hors de France : coordonnées inversées ou fausses ? / outside France: swapped or wrong coordinates?\n`);
      }
      return 0;
    } finally {
      await platform.close();
    }
  },
};
