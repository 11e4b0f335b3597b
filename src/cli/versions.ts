// `territoires versions list|rollback --dataset ID`: the versions kept of a dataset, what changed
// between them, and going back to one.
import { datasetScope, PLATFORM } from '../auth/index.js';
import { getDataset, listVersions } from '../catalog/index.js';
import { diffVersions, rollbackTo } from '../data/index.js';
import { openPlatform } from '../platform.js';
import type { Command } from './main.js';
import { printTable, usageError } from './output.js';

export const versionsCommand: Command = {
  summary: 'Liste les versions d’un jeu ou revient à l’une d’elles / lists the versions of a dataset or rolls back to one',
  usage: 'territoires versions list --dataset ID | territoires versions rollback --dataset ID --to NUMBER',
  options: { dataset: { type: 'string' }, to: { type: 'string' } },
  async run({ values, positionals, config }) {
    const action = positionals[0];
    const datasetId = values.dataset as string | undefined;
    if ((action !== 'list' && action !== 'rollback') || !datasetId) throw usageError('versions', 'versions takes list or rollback, and --dataset ID', 'versions attend list ou rollback, et --dataset ID');
    const to = Number(values.to);
    if (action === 'rollback' && !Number.isSafeInteger(to)) throw usageError('versions', 'versions rollback needs --to NUMBER', 'versions rollback demande --to NUMÉRO');
    const platform = await openPlatform(config);
    try {
      const dataset = await getDataset(platform.db, datasetScope(PLATFORM, null), datasetId);
      if (action === 'rollback') {
        const version = await rollbackTo(platform, dataset.uid, dataset.datasetId, to);
        process.stdout.write(`Version ${version.number} en ligne / live again: ${datasetId}, ${version.rowCount} enregistrements / records\n`);
        return 0;
      }
      const versions = await listVersions(platform.db, dataset.uid);
      printTable(
        ['version', 'live', 'records', 'change', 'fields', 'published'],
        versions.map((v, index) => {
          const change = diffVersions(versions[index + 1], v);
          const fields = [...change.fields_added.map((f) => `+${f}`), ...change.fields_removed.map((f) => `-${f}`), ...change.fields_retyped].join(' ');
          return [String(v.number), v.id === dataset.liveVersionId ? '*' : '', String(v.rowCount), `${change.records_delta >= 0 ? '+' : ''}${change.records_delta}`, fields, v.publishedAt ?? ''];
        }),
      );
      return 0;
    } finally {
      await platform.close();
    }
  },
};
