// `territoires schemas list|show NAME|add --url URL|--file PATH [--name N]|remove NAME`: the schema
// registry (docs/schemas.md). Reading it needs no data directory: without a catalog, the shipped
// schemas are all there is; adding and removing write to the catalog.
import fs from 'node:fs';
import path from 'node:path';
import { callerLabel, PLATFORM } from '../auth/index.js';
import { backendOf, openCatalogStore, type CatalogDb } from '../catalog/index.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { FetchPolicy } from '../ingest/index.js';
import { openPlatform } from '../platform.js';
import { addSchema, findSchema, listSchemas, removeSchema, shippedSchemas, type RegistryEntry } from '../schema/index.js';
import type { Command } from './main.js';
import { printTable, usageError } from './output.js';

const USAGE = 'territoires schemas list [--json] | schemas show NAME [--json] | schemas add --url URL|--file PATH [--name NAME] | schemas remove NAME';

export const schemasCommand: Command = {
  summary: 'Liste, montre, ajoute ou retire les schémas du registre / lists, shows, adds or removes the schemas of the registry',
  usage: USAGE,
  options: { json: { type: 'boolean' }, url: { type: 'string' }, file: { type: 'string' }, name: { type: 'string' } },
  async run({ values, positionals, config }) {
    const [action, name] = positionals;
    if (action === 'list') return list(config, values.json === true);
    if (action === 'show' && name) return show(config, name, values.json === true);
    if (action === 'add' && (typeof values.url === 'string') !== (typeof values.file === 'string')) return add(config, values);
    if (action === 'remove' && name) return remove(config, name);
    throw usageError('schemas', 'schemas takes list, show NAME, add --url URL|--file PATH [--name NAME] or remove NAME', 'schemas attend list, show NOM, add --url URL|--file CHEMIN [--name NOM] ou remove NOM');
  },
};

/** How the CLI reads a URL: the platform's policy, from the same settings (src/platform.ts). */
export function fetchPolicyOf(config: Config): FetchPolicy {
  return { allowedHosts: config.fetchAllowHosts, timeoutMs: config.fetchTimeoutMs, maxBytes: config.uploadMaxBytes };
}

/** Runs `use` with the catalog when one exists, else with null: nothing is created to read the shipped schemas. */
export async function withCatalogIfAny<T>(config: Config, use: (db: CatalogDb | null) => Promise<T>): Promise<T> {
  const exists = backendOf(config.databaseUrl) === 'postgres' || fs.existsSync(config.databaseUrl.slice('sqlite:'.length));
  if (!exists) return use(null);
  const store = await openCatalogStore(config.databaseUrl);
  try {
    return await use(store.db);
  } finally {
    await store.close();
  }
}

async function list(config: Config, json: boolean): Promise<number> {
  const entries = await withCatalogIfAny(config, async (db) => (db ? listSchemas(db) : shippedSchemas()));
  if (json) {
    process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    return 0;
  }
  printTable(['name', 'version', 'origin', 'fields', 'title'], entries.map((e) => [e.name, e.version ?? '', e.origin, String(e.fieldCount), e.title ?? '']));
  return 0;
}

async function show(config: Config, name: string, json: boolean): Promise<number> {
  const found = await withCatalogIfAny(config, (db) => findSchema(db, name));
  if (!found) throw new AppError('SCHEMA_NOT_FOUND', { schema: name });
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...found.entry, descriptor: found.schema.descriptor }, null, 2)}\n`);
    return 0;
  }
  const { entry, schema } = found;
  process.stdout.write(`${describeEntry(entry)}\n`);
  if (entry.homepage ?? entry.sourceUrl) process.stdout.write(`${entry.homepage ?? entry.sourceUrl}\n`);
  if (entry.customChecks.length) process.stdout.write(`Contrôles / checks: ${entry.customChecks.join(', ')}\n`);
  process.stdout.write('\n');
  printTable(
    ['field', 'type', 'required', 'title'],
    schema.fields.map((f) => [f.name, f.format === 'default' ? f.type : `${f.type} (${f.format})`, f.constraints.required ? 'oui / yes' : '', f.title ?? '']),
  );
  return 0;
}

async function add(config: Config, values: Record<string, string | boolean | string[] | undefined>): Promise<number> {
  const file = values.file as string | undefined;
  let descriptorText: string | undefined;
  if (file !== undefined) {
    try {
      descriptorText = fs.readFileSync(file, 'utf8');
    } catch {
      throw new AppError('INGEST_FILE_NOT_FOUND', { file });
    }
  }
  const platform = await openPlatform(config);
  try {
    const entry = await addSchema(
      platform.db,
      { name: values.name as string | undefined, url: values.url as string | undefined, descriptorText },
      { fetch: platform.fetchPolicy, scratchDir: path.join(platform.blobs.root, 'tmp'), addedBy: callerLabel(PLATFORM) },
    );
    process.stdout.write(`Schéma ajouté / schema added: ${describeEntry(entry)}\n`);
    return 0;
  } finally {
    await platform.close();
  }
}

async function remove(config: Config, name: string): Promise<number> {
  const platform = await openPlatform(config);
  try {
    await removeSchema(platform.db, name);
    process.stdout.write(`Schéma retiré / schema removed: ${name}\n`);
    return 0;
  } finally {
    await platform.close();
  }
}

function describeEntry(entry: RegistryEntry): string {
  return `${entry.name}${entry.version ? ` ${entry.version}` : ''}${entry.title ? ` — ${entry.title}` : ''} (${entry.fieldCount} champs / fields)`;
}
