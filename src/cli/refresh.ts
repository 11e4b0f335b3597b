// `territoires refresh --dataset ID`: reads a URL dataset's source again now.
import { refreshDataset } from '../ingest/index.js';
import { openPlatform } from '../platform.js';
import type { Command } from './main.js';
import { usageError } from './output.js';

export const refreshCommand: Command = {
  summary: 'Relit maintenant la source d’un jeu lu depuis une URL / reads a URL dataset’s source again now',
  usage: 'territoires refresh --dataset ID',
  options: { dataset: { type: 'string' } },
  async run({ values, config }) {
    const datasetId = values.dataset as string | undefined;
    if (!datasetId) throw usageError('refresh', 'refresh needs --dataset ID', 'refresh demande --dataset ID');
    const platform = await openPlatform(config);
    try {
      const result = await refreshDataset(platform, datasetId, platform.publishOptions, platform.fetchPolicy);
      process.stdout.write(
        result.status === 'unchanged'
          ? `Inchangé, rien n'est publié / unchanged, nothing published: ${datasetId}\n`
          : `Nouvelle version publiée / new version published: ${datasetId} v${result.version.number}, ${result.version.rowCount} enregistrements / records\n`,
      );
      return 0;
    } finally {
      await platform.close();
    }
  },
};
