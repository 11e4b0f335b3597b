// `territoires datasets list`: every dataset of the platform, whatever its visibility.
import { datasetScope, PLATFORM } from '../auth/index.js';
import { listDatasets } from '../catalog/index.js';
import { openPlatform } from '../platform.js';
import type { Command } from './main.js';
import { printTable, usageError } from './output.js';

export const datasetsCommand: Command = {
  summary: 'Liste les jeux de données / lists the datasets',
  usage: 'territoires datasets list [--json]',
  options: { json: { type: 'boolean' } },
  async run({ values, positionals, config }) {
    if (positionals[0] !== 'list') throw usageError('datasets', 'datasets takes "list"', 'datasets attend « list »');
    const platform = await openPlatform(config);
    try {
      const { datasets } = await listDatasets(platform.db, datasetScope(PLATFORM, null), { limit: 1_000_000, offset: 0 });
      if (values.json) {
        const rows = datasets.map((d) => ({ dataset_id: d.datasetId, title: d.title, owner: d.owner.slug, visibility: d.visibility, records_count: d.live?.rowCount ?? 0, data_updated_at: d.dataUpdatedAt }));
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      } else {
        printTable(['dataset_id', 'visibility', 'records', 'owner', 'title'], datasets.map((d) => [d.datasetId, d.visibility, String(d.live?.rowCount ?? 0), d.owner.slug, d.title]));
      }
      return 0;
    } finally {
      await platform.close();
    }
  },
};
