// `territoires publish FILE --dataset ID [--org ORG]`: a new version of a dataset from a file of
// the local disk, on the local data directory (the server may be running: they share it safely),
// or, with --remote, through the management API of a platform running elsewhere.
import { checkVisibility, type DatasetMetas, type Visibility } from '../catalog/index.js';
import { publishFile, publishFromUrl, type ReadOptions } from '../ingest/index.js';
import { openPlatform } from '../platform.js';
import type { Command } from './main.js';
import { usageError } from './output.js';
import { publishRemotely } from './remote-publish.js';
import { describeRead, READ_FLAGS, READ_FLAGS_USAGE, readOptionsFromFlags, readStepsFile } from './read-flags.js';

export const publishCommand: Command = {
  summary: 'Publie un fichier (CSV, XLSX, JSON, GeoJSON, Shapefile zippé) ou une URL comme nouvelle version d’un jeu / publishes a file (CSV, XLSX, JSON, GeoJSON, zipped Shapefile) or a URL as a new version of a dataset',
  usage: `territoires publish FILE|URL --dataset ID [--schedule CRON] [--steps STEPS.json] [--org SLUG|SIREN|INSEE] [--title TITLE] [--description TEXT] [--visibility public|restricted|private] [--schema NAME [--schema-policy warn|block]] [--remote URL [--api-key KEY]] ${READ_FLAGS_USAGE}`,
  options: {
    dataset: { type: 'string' },
    org: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    visibility: { type: 'string' },
    schedule: { type: 'string' },
    steps: { type: 'string' },
    remote: { type: 'string' },
    'api-key': { type: 'string' },
    schema: { type: 'string' },
    'schema-policy': { type: 'string' },
    ...READ_FLAGS,
  },
  async run({ values, positionals, config }) {
    const [file] = positionals;
    const datasetId = values.dataset as string | undefined;
    if (!file || !datasetId) throw usageError('publish', 'publish needs a FILE and --dataset ID', 'publish demande un FICHIER et --dataset ID');
    const visibility = typeof values.visibility === 'string' ? checkVisibility(values.visibility) : undefined;
    const read = readOptionsFromFlags(values);
    const metas = schemaMetas(values);
    if (typeof values.remote === 'string') {
      if (metas) throw usageError('publish', '--schema applies to a local publish; on a remote platform, PUT …/datasets/ID/schema', '--schema vaut pour une publication locale ; sur une plateforme distante, PUT …/datasets/ID/schema');
      return publishToRemote(values, file, datasetId, visibility, read);
    }
    const platform = await openPlatform(config);
    try {
      const steps = values.steps ? await readStepsFile(values.steps as string) : undefined;
      const request = { steps, datasetId, organisation: values.org as string | undefined, title: values.title as string | undefined, description: values.description as string | undefined, visibility, read, metas };
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
      const declared = result.dataset.metas.schema;
      if (declared) {
        process.stdout.write(
          result.version.conformsTo
            ? `Conforme au schéma / conforms to the schema ${result.version.conformsTo}\n`
            : `Non conforme au schéma ${declared}, publié avec son rapport (territoires validate ${file} --schema ${declared}) / does not conform to the schema ${declared}, published with its report\n`,
        );
      }
      return 0;
    } finally {
      await platform.close();
    }
  },
};

type FlagValues = Record<string, string | boolean | string[] | undefined>;

/** `--schema NAME [--schema-policy warn|block]`: the schema the file is validated against, declared with the dataset (docs/schemas.md). */
function schemaMetas(values: FlagValues): Partial<DatasetMetas> | undefined {
  const schema = values.schema as string | undefined;
  const policy = values['schema-policy'] as string | undefined;
  if (policy !== undefined && policy !== 'warn' && policy !== 'block') throw usageError('publish', '--schema-policy is warn or block', '--schema-policy vaut warn ou block');
  if (schema === undefined && policy === undefined) return undefined;
  return { ...(schema === undefined ? {} : { schema }), ...(policy === undefined ? {} : { schemaPolicy: policy }) };
}

async function publishToRemote(values: FlagValues, source: string, datasetId: string, visibility: Visibility | undefined, read: ReadOptions): Promise<number> {
  // The key of the platform called, not a setting of this one: from the flag, or from the
  // environment so that it stays out of the shell's history.
  const apiKey = (values['api-key'] as string | undefined) ?? process.env.TERRITOIRES_API_KEY;
  if (!apiKey) throw usageError('publish', '--remote needs an API key: --api-key KEY or TERRITOIRES_API_KEY', '--remote demande une clé d’API : --api-key CLÉ ou TERRITOIRES_API_KEY');
  const steps = values.steps ? await readStepsFile(values.steps as string) : undefined;
  const answer = await publishRemotely({
    remote: values.remote as string,
    apiKey,
    datasetId,
    source,
    schedule: values.schedule as string | undefined,
    steps,
    organisation: values.org as string | undefined,
    title: values.title as string | undefined,
    description: values.description as string | undefined,
    visibility,
    read,
  });
  if (answer.status === 'unchanged' || !answer.version) {
    process.stdout.write(`Inchangé depuis la dernière lecture, rien n'est publié / unchanged since the last read, nothing published: ${datasetId}\n`);
    return 0;
  }
  process.stdout.write(
    `${answer.created ? 'Jeu créé et publié / dataset created and published' : 'Nouvelle version publiée / new version published'}: ${datasetId} v${answer.version.number}, ${answer.version.records_count} enregistrements / records\n`,
  );
  for (const field of answer.fields ?? []) process.stdout.write(`  ${field.name.padEnd(28)} ${field.type.padEnd(8)} ${field.label}\n`);
  return 0;
}
