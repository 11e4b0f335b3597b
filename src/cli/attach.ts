// `territoires attach FILE --dataset ID [--title TITLE]`: a file kept as it is with a dataset.
import path from 'node:path';
import { attachFile } from '../ingest/index.js';
import { openPlatform } from '../platform.js';
import type { Command } from './main.js';
import { usageError } from './output.js';

export const attachCommand: Command = {
  summary: 'Joint un fichier (PDF, zip…) à un jeu de données / attaches a file (PDF, zip…) to a dataset',
  usage: 'territoires attach FILE --dataset ID [--title TITLE]',
  options: { dataset: { type: 'string' }, title: { type: 'string' } },
  async run({ values, positionals, config }) {
    const [file] = positionals;
    const datasetId = values.dataset as string | undefined;
    if (!file || !datasetId) throw usageError('attach', 'attach needs a FILE and --dataset ID', 'attach demande un FICHIER et --dataset ID');
    const platform = await openPlatform(config);
    try {
      const row = await attachFile(platform, datasetId, file, path.basename(file), values.title as string | undefined);
      process.stdout.write(`Pièce jointe / attachment ${row.id} (${row.mimetype}, ${row.byte_size} octets / bytes): ${datasetId}\n`);
      return 0;
    } finally {
      await platform.close();
    }
  },
};
