// The schema registry (docs/schemas.md): the Table Schemas shipped with the platform (the SCDL and
// national ones under schemas/, one folder each, the folder name being the registry name) and those
// an administrator added (the catalog's table_schemas). Also how a `--schema NAME|PATH|URL`
// argument of the CLI or the API becomes a schema.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkSlug, deleteTableSchema, findTableSchemaByName, insertTableSchema, isUniqueViolation, listTableSchemas, randomId, slugify,
  type CatalogDb, type TableSchemaRow,
} from '../catalog/index.js';
import { AppError } from '../errors.js';
// From its own file: the ingest's front door loads DuckDB, which reading a schema never needs.
import { fetchToFile, type FetchPolicy } from '../ingest/remote.js';
import { parseSchemaText } from './descriptor.js';
import { SchemaDescriptorError, type TableSchema } from './model.js';

export interface RegistryEntry {
  name: string;
  title: string | null;
  version: string | null;
  origin: 'shipped' | 'added';
  sourceUrl: string | null;
  /** shipped only: the canonical schema.data.gouv.fr address when known */
  homepage: string | null;
  fieldCount: number;
  customChecks: string[];
}

// Resolved from this file, not from the working directory: the CLI runs from anywhere.
const SHIPPED_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

// Where schema.data.gouv.fr publishes each shipped schema (schemas/README.md: "the canonical public
// address of every published schema is https://schema.data.gouv.fr/schemas/<id>/<version>/<file>").
// Only those the README traces to that site; `decp` is published from its own repository.
const SCHEMA_DATA_GOUV: Readonly<Record<string, string>> = {
  deliberations: 'scdl/deliberations/2.1.5/schema.json',
  budget: 'scdl/budget/0.8.3/schema.json',
  subventions: 'scdl/subventions/2.1.1/schema.json',
  equipements: 'scdl/equipements/0.1.5/schema.json',
  catalogue: 'scdl/catalogue/0.1.3/schema.json',
  prenoms: 'scdl/prenoms/1.1.6/schema.json',
  'menus-collectifs': 'scdl/menus-collectifs/1.2.3/schema.json',
  'plats-menus-collectifs': 'scdl/plats-menus-collectifs/0.7.2/schema.json',
  'irve-statique': 'etalab/schema-irve-statique/2.3.1/schema-statique.json',
  'irve-dynamique': 'etalab/schema-irve-dynamique/2.3.1/schema-dynamique.json',
  'decp-dpa': 'etalab/schema-decp-dpa/1.0.0/schema.json',
  dae: 'atlasante/schema-dae/1.0.7/schema.json',
};

interface Shipped {
  entry: RegistryEntry;
  schema: TableSchema;
  /** Every spelling that names it, lowercased: folder, `scdl/<folder>`, the schema's `name`, its schema.data.gouv.fr id. */
  spellings: Set<string>;
}

let shipped: Shipped[] | undefined;

function loadShipped(): Shipped[] {
  shipped ??= fs
    .readdirSync(SHIPPED_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(SHIPPED_DIR, entry.name, 'schema.json')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = path.join(SHIPPED_DIR, name, 'schema.json');
      let schema: TableSchema;
      try {
        schema = parseSchemaText(fs.readFileSync(file, 'utf8'));
      } catch (error) {
        // A shipped file is ours: failing to read it is a bug of the platform, not of a request.
        throw new Error(`shipped schema ${file} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
      }
      const sdg = SCHEMA_DATA_GOUV[name];
      const entry: RegistryEntry = {
        ...summaryOf(name, schema),
        origin: 'shipped',
        sourceUrl: null,
        homepage: sdg ? `https://schema.data.gouv.fr/schemas/${sdg}` : null,
      };
      const spellings = new Set([name, `scdl/${name}`]);
      if (schema.name) spellings.add(schema.name.toLowerCase());
      if (sdg) spellings.add(sdg.split('/').slice(0, 2).join('/').toLowerCase());
      return { entry, schema, spellings };
    });
  return shipped;
}

/** The schemas that ship with the platform, by name. */
export function shippedSchemas(): RegistryEntry[] {
  return loadShipped().map((s) => s.entry);
}

function shippedNamed(name: string): Shipped | undefined {
  const key = name.trim().toLowerCase();
  return loadShipped().find((s) => s.spellings.has(key));
}

/** Shipped schemas first, then the added ones, each by name. */
export async function listSchemas(db: CatalogDb): Promise<RegistryEntry[]> {
  const rows = await listTableSchemas(db);
  return [...shippedSchemas(), ...rows.map((row) => addedEntry(row, storedSchemaOrNull(row)))];
}

/**
 * A shipped schema by its folder name (`subventions`), `scdl/<name>`, its own `name`
 * (`schema-irve-statique`) or its schema.data.gouv.fr id; else an added one by its registry name.
 */
export async function findSchema(db: CatalogDb | null, name: string): Promise<{ entry: RegistryEntry; schema: TableSchema } | undefined> {
  const found = shippedNamed(name);
  if (found) return { entry: found.entry, schema: found.schema };
  if (!db) return undefined;
  const row = await findTableSchemaByName(db, name.trim().toLowerCase().replace(/^scdl\//, ''));
  if (!row) return undefined;
  const schema = checkedSchema(row.descriptor, row.name);
  return { entry: addedEntry(row, schema), schema };
}

export interface ResolveContext {
  db: CatalogDb | null;
  fetch: FetchPolicy;
  /** Where a schema read from a URL is written while it is read. */
  scratchDir: string;
}

/**
 * `--schema NAME|PATH|URL`: a URL is fetched (with the platform's fetch policy, so loopback and
 * private addresses are refused unless allowed), an existing file is read, anything else is a
 * registry name. `label` names the schema in messages.
 */
export async function resolveSchema(ref: string, ctx: ResolveContext): Promise<{ schema: TableSchema; label: string }> {
  // Any scheme goes to the fetch, which refuses those other than http(s) with URL_INVALID.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) return { schema: checkedSchema(await fetchText(ref, ctx), ref), label: ref };
  if (isFile(ref)) return { schema: checkedSchema(fs.readFileSync(ref, 'utf8'), ref), label: ref };
  const found = await findSchema(ctx.db, ref);
  if (!found) throw new AppError('SCHEMA_NOT_FOUND', { schema: ref });
  return { schema: found.schema, label: found.entry.name };
}

export interface AddSchemaInput {
  /** The registry name; by default the descriptor's `name`, slugified. */
  name?: string;
  /** The descriptor itself (an uploaded file's text)… */
  descriptorText?: string;
  /** …or where to read it. */
  url?: string;
}

/** An administrator adds a schema: checked as a Table Schema before it is stored. */
export async function addSchema(db: CatalogDb, input: AddSchemaInput, ctx: { fetch: FetchPolicy; scratchDir: string; addedBy: string | null }): Promise<RegistryEntry> {
  if (input.url === undefined && input.descriptorText === undefined) throw new AppError('PARAMETER_REQUIRED', { parameter: 'url' }, { parameter: 'url' });
  if (input.url !== undefined && input.descriptorText !== undefined) {
    throw new AppError('INVALID_PARAMETER', { parameter: 'url', value: input.url, expected: 'either a URL or a descriptor, not both', expected_fr: 'soit une URL, soit un descripteur, pas les deux' }, { parameter: 'url' });
  }
  // A name given is checked before anything is fetched.
  if (input.name !== undefined) await checkNewName(db, input.name);
  const text = input.url !== undefined ? await fetchText(input.url, ctx) : (input.descriptorText as string);
  const schema = checkedSchema(text, input.url ?? input.name ?? 'descriptor');
  const name = input.name ?? slugify(schema.name ?? '');
  if (name === '') throw new AppError('PARAMETER_REQUIRED', { parameter: 'name' }, { parameter: 'name' });
  if (input.name === undefined) await checkNewName(db, name);
  let row: TableSchemaRow;
  try {
    row = await insertTableSchema(db, { name, title: schema.title, version: schema.version, descriptor: text, sourceUrl: input.url ?? null, addedBy: ctx.addedBy });
  } catch (error) {
    // Two administrators adding the same name at once: the store's unique index decides.
    if (isUniqueViolation(error)) throw new AppError('SCHEMA_NAME_TAKEN', { schema: name }, { field: 'name' });
    throw error;
  }
  return addedEntry(row, schema);
}

/** Removes an added schema; the shipped ones stay. */
export async function removeSchema(db: CatalogDb, name: string): Promise<void> {
  if (shippedNamed(name)) throw new AppError('SCHEMA_SHIPPED', { schema: name });
  if (!(await deleteTableSchema(db, name))) throw new AppError('SCHEMA_NOT_FOUND', { schema: name });
}

async function checkNewName(db: CatalogDb, name: string): Promise<void> {
  checkSlug(name, 'name');
  // Any spelling findSchema gives to a shipped schema would hide the added one behind it.
  if (shippedNamed(name)) throw new AppError('SCHEMA_SHIPPED', { schema: name }, { field: 'name' });
  if (await findTableSchemaByName(db, name)) throw new AppError('SCHEMA_NAME_TAKEN', { schema: name }, { field: 'name' });
}

/** Reads a descriptor; one that is not JSON or not a Table Schema is SCHEMA_INVALID, naming the property. */
function checkedSchema(text: string, label: string): TableSchema {
  try {
    // A byte order mark is not JSON, but editors on Windows write one.
    return parseSchemaText(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    if (!(error instanceof SchemaDescriptorError)) throw error;
    throw new AppError('SCHEMA_INVALID', { schema: label, property: error.property, detail: error.detail.en, detail_fr: error.detail.fr }, { field: error.property });
  }
}

/** A stored descriptor, read again; null when it no longer reads (the reader grew stricter since). */
function storedSchemaOrNull(row: TableSchemaRow): TableSchema | null {
  try {
    return parseSchemaText(row.descriptor);
  } catch {
    return null;
  }
}

function summaryOf(name: string, schema: TableSchema): Pick<RegistryEntry, 'name' | 'title' | 'version' | 'fieldCount' | 'customChecks'> {
  return { name, title: schema.title, version: schema.version, fieldCount: schema.fields.length, customChecks: schema.customChecks.map((c) => c.name) };
}

function addedEntry(row: TableSchemaRow, schema: TableSchema | null): RegistryEntry {
  const summary = schema ? summaryOf(row.name, schema) : { name: row.name, title: row.title, version: row.version, fieldCount: 0, customChecks: [] };
  return { ...summary, origin: 'added', sourceUrl: row.source_url, homepage: null };
}

async function fetchText(url: string, ctx: { fetch: FetchPolicy; scratchDir: string }): Promise<string> {
  fs.mkdirSync(ctx.scratchDir, { recursive: true });
  const target = path.join(ctx.scratchDir, `schema-${randomId(10)}.json`);
  try {
    const outcome = await fetchToFile(url, target, ctx.fetch);
    // No validators were sent, so a 304 is the server's mistake.
    if (outcome.status === 'unchanged') throw new AppError('URL_FETCH_FAILED', { url, status: 304 });
    return fs.readFileSync(target, 'utf8');
  } finally {
    fs.rmSync(target, { force: true });
  }
}

function isFile(ref: string): boolean {
  try {
    return fs.statSync(ref).isFile();
  } catch {
    return false;
  }
}
