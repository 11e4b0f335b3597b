// `territoires publish FILE --dataset ID [--org ORG]`: a new version of a dataset from a file of
// the local disk, on the local data directory (the server may be running: they share it safely).
import { checkVisibility } from '../catalog/index.js';
import { publishFile, publishFromUrl } from '../ingest/index.js';
import { openPlatform } from '../platform.js';
import type { Command } from './main.js';
import { usageError } from './output.js';
import { describeRead, READ_FLAGS, READ_FLAGS_USAGE, readOptionsFromFlags, readStepsFile } from './read-flags.js';

export const publishCommand: Command = {
  summary: 'Publie un fichier (CSV, XLSX, JSON, GeoJSON, Shapefile zippé) ou une URL comme nouvelle version d’un jeu / publishes a file (CSV, XLSX, JSON, GeoJSON, zipped Shapefile) or a URL as a new version of a dataset',
  usage: `territoires publish FILE|URL --dataset ID [--schedule CRON] [--steps STEPS.json] [--org SLUG|SIREN|INSEE] [--title TITLE] [--description TEXT] [--visibility public|restricted|private] ${READ_FLAGS_USAGE}`,
  options: {
    dataset: { type: 'string' },
    org: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    visibility: { type: 'string' },
    schedule: { type: 'string' },
    steps: { type: 'string' },
    ...READ_FLAGS,
  },
  async run({ values, positionals, config }) {
    const [file] = positionals;
    const datasetId = values.dataset as string | undefined;
    if (!file || !datasetId) throw usageError('publish', 'publish needs a FILE and --dataset ID', 'publish demande un FICHIER et --dataset ID');
    const visibility = typeof values.visibility === 'string' ? checkVisibility(values.visibility) : undefined;
    const read = readOptionsFromFlags(values);
    const platform = await openPlatform(config);
    try {
      const steps = values.steps ? await readStepsFile(values.steps as string) : undefined;
      const request = { steps, datasetId, organisation: values.org as string | undefined, title: values.title as string | undefined, description: values.description as string | undefined, visibility, read };
      const isUrl = /^https?:\/\//i.test(file);
      if (values.schedule !== undefined && !isUrl) throw usageError('publish', '--schedule needs a URL to read again', '--schedule demande une URL à relire');
      const outcome = isUrl
        ? await publishFromUrl(platform, { ...request, url: file, schedule: values.schedule as string | undefined }, platform.publishOptions, platform.fetchPolicy)
        : { status: 'published' as const, ...(await publishFile(platform, { ...request, file }, platform.publishOptions)) };
      if (outcome.status === 'unchanged') {
        process.stdout.write(`Inchangé depuis la dernière lecture, rien n'est publié / unchanged since the last read, nothing published: ${datasetId}\n`);
        return 0;
      }
      const result = outcome;
      process.stdout.write(
        `${result.created ? 'Jeu créé et publié / dataset created and published' : 'Nouvelle version publiée / new version published'}: ${datasetId} v${result.version.number}, ` +
          `${result.version.rowCount} enregistrements / records (${describeRead(result.read)})\n`,
      );
      for (const field of result.version.fields) process.stdout.write(`  ${field.name.padEnd(28)} ${field.type.padEnd(8)} ${field.label}\n`);
      return 0;
    } finally {
      await platform.close();
    }
  },
};
