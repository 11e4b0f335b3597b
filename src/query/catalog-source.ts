// The catalog as rows for the ODSQL planner (ODS Explore v2.1 §2.2): one row per dataset the caller
// may see, made from the very dataset objects (§6.2) the API answers with, so that `select=title`
// and `metas.default.title` never disagree. The rows reach DuckDB as one bound JSON parameter (then
// a table named by its hash, catalogSource below): no metadata text ever becomes SQL text.
import type { Field, FieldType } from '../catalog/index.js';
import { createHash } from 'node:crypto';
import { sqlIdentifier, sqlLiteral, type DataEngine, type DataPlaneContext } from '../data/index.js';
import type { PlanSource } from './plan.js';

/** A dataset object as the Explore API shows it (§6.2): `dataset_id`, `fields`, `metas.default`… */
export type DatasetObject = Record<string, unknown>;

// The values of a multivalued metadata (keyword, theme, features…) are joined by a character that
// no title or keyword holds, so that a keyword may contain `,` or `;`.
const SEPARATOR = '\u001f';

interface CatalogColumn {
  name: string;
  type: FieldType;
  /** A list of texts (multivalued: refine, facets and group_by take each value). */
  list?: true;
  /** A JSON value shown as is (`fields`, `metas`…): selectable, not comparable. */
  json?: true;
  /** Read by bare strings and search() (§2.2: title, description, keywords…). */
  searchable?: true;
  /** A key of `metas.default`, also named `default.<name>`. */
  meta?: true;
  /** Not a key of the object: computed from it (a Territoires extension, for the portal's catalogue). */
  computed?: (object: DatasetObject) => unknown;
}

/** The formats a visitor can download a dataset in: the exports of its records, and its attachments' kinds. */
function formatsOf(object: DatasetObject): string[] {
  const formats = new Set<string>();
  if (object.has_records === true) for (const f of ['CSV', 'JSON', 'Excel', 'Parquet']) formats.add(f);
  if (Array.isArray(object.features) && object.features.includes('geo')) for (const f of ['GeoJSON', 'Shapefile', 'KML']) formats.add(f);
  for (const attachment of Array.isArray(object.attachments) ? (object.attachments as { mimetype?: unknown }[]) : []) {
    const kind = ATTACHMENT_FORMATS[String(attachment.mimetype)];
    if (kind) formats.add(kind);
  }
  return [...formats];
}

/** The Table Schema the live version conforms to (its registry name), from `metas.dcat.conforms_to`: the "schema" facet. */
function conformingSchemaOf(object: DatasetObject): string | null {
  const conformsTo = (object.metas as { dcat?: { conforms_to?: unknown } } | undefined)?.dcat?.conforms_to;
  return typeof conformsTo === 'string' ? (conformsTo.split('@')[0] ?? null) : null;
}

/** The attachment kinds a visitor recognises, by media type (others are not offered as a format). */
const ATTACHMENT_FORMATS: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/zip': 'ZIP',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/vnd.oasis.opendocument.text': 'ODT',
  'application/vnd.oasis.opendocument.spreadsheet': 'ODS',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
  'application/vnd.ms-excel': 'Excel',
  'text/csv': 'CSV',
  'application/json': 'JSON',
  'application/geo+json': 'GeoJSON',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
};

const ROOT: CatalogColumn[] = [
  { name: 'dataset_id', type: 'text' },
  { name: 'dataset_uid', type: 'text' },
  { name: 'visibility', type: 'text' },
  { name: 'has_records', type: 'boolean' },
  { name: 'data_visible', type: 'boolean' },
  { name: 'features', type: 'text', list: true },
  { name: 'format', type: 'text', list: true, computed: formatsOf },
  { name: 'schema', type: 'text', computed: conformingSchemaOf },
  { name: 'fields', type: 'file', json: true },
  { name: 'attachments', type: 'file', json: true },
  { name: 'alternative_exports', type: 'file', json: true },
  { name: 'metas', type: 'file', json: true },
];

const DEFAULT_TEMPLATE: CatalogColumn[] = (
  [
    { name: 'title', type: 'text', searchable: true },
    { name: 'description', type: 'text', searchable: true },
    { name: 'keyword', type: 'text', list: true, searchable: true },
    { name: 'theme', type: 'text', list: true, searchable: true },
    { name: 'publisher', type: 'text', searchable: true },
    { name: 'license', type: 'text' },
    { name: 'license_url', type: 'text' },
    { name: 'language', type: 'text' },
    { name: 'metadata_languages', type: 'text', list: true },
    { name: 'modified', type: 'datetime' },
    { name: 'modified_updates_on_data_change', type: 'boolean' },
    { name: 'modified_updates_on_metadata_change', type: 'boolean' },
    { name: 'data_processed', type: 'datetime' },
    { name: 'metadata_processed', type: 'datetime' },
    { name: 'records_count', type: 'int' },
    { name: 'references', type: 'text' },
    { name: 'territory', type: 'text', list: true },
    { name: 'geographic_reference', type: 'text', list: true },
    { name: 'timezone', type: 'text' },
    { name: 'attributions', type: 'text' },
    { name: 'update_frequency', type: 'text' },
    { name: 'source_domain', type: 'text' },
    { name: 'source_domain_title', type: 'text' },
    { name: 'source_domain_address', type: 'text' },
    { name: 'source_dataset', type: 'text' },
    { name: 'shared_catalog', type: 'text' },
    { name: 'parent_domain', type: 'text' },
    { name: 'federated', type: 'boolean' },
  ] as CatalogColumn[]
).map((c) => ({ ...c, meta: true }));

const COLUMNS = [...ROOT, ...DEFAULT_TEMPLATE];

/** The catalog facets (§2.2, §2.4), offered by /catalog/facets when the request names none. */
export const CATALOG_FACETS = ['features', 'keyword', 'language', 'license', 'modified', 'publisher', 'schema', 'territory', 'theme'];

/** The flat columns a catalog CSV export has by default: `default.<name>` then `datasetid`, as ODS writes it (§2.9). */
export const CATALOG_CSV_SELECT = [...DEFAULT_TEMPLATE.map((c) => `${c.name} as \`default.${c.name}\``), 'dataset_id as datasetid'].join(', ');

function fieldOf(column: CatalogColumn): Field {
  const annotations: Record<string, unknown> = {};
  if (column.list) annotations.multivalued = SEPARATOR;
  // Only the metadata of §2.2 answer full-text queries, not ids, licences or time zones.
  if (!column.searchable) annotations.fulltext = false;
  return { name: column.name, label: column.meta ? `default.${column.name}` : column.name, type: column.type, description: null, annotations };
}

export const CATALOG_FIELDS: Field[] = COLUMNS.map(fieldOf);

/**
 * `default.title` names the same column as `title` (§2.2: the default template's prefix may be
 * omitted), and `datasetid` the same as `dataset_id` (v2.0's spelling).
 */
export function catalogAliases(fields: readonly Field[]): Map<string, Field> {
  const aliases = new Map(fields.filter((f) => f.label !== f.name).map((f) => [f.label, f]));
  const datasetId = fields.find((f) => f.name === 'dataset_id');
  if (datasetId) aliases.set('datasetid', datasetId);
  return aliases;
}

const ALIASES = catalogAliases(CATALOG_FIELDS);

function rowOf(object: DatasetObject): Record<string, unknown> {
  const metas = (object.metas as { default?: Record<string, unknown> } | undefined)?.default ?? {};
  const row: Record<string, unknown> = {};
  for (const column of COLUMNS) {
    const value = column.computed ? column.computed(object) : column.meta ? metas[column.name] : object[column.name];
    if (column.json) row[column.name] = JSON.stringify(value ?? null);
    else if (column.list) row[column.name] = Array.isArray(value) && value.length > 0 ? value.map(String).join(SEPARATOR) : null;
    else if (value === undefined || value === null) row[column.name] = null;
    else row[column.name] = column.type === 'text' || column.type === 'datetime' ? String(value) : value;
  }
  return row;
}

const STRUCTURE: Record<FieldType, string> = {
  text: 'VARCHAR',
  int: 'BIGINT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'VARCHAR',
  datetime: 'VARCHAR',
  geo_point_2d: 'VARCHAR',
  geo_shape: 'VARCHAR',
  file: 'VARCHAR',
};

/**
 * The datasets as a source of records, in the order given. Their rows reach DuckDB as one JSON
 * parameter, loaded once into a table named by the hash of that JSON: every query of a request
 * (the page, its count, each facet) and of the next requests that see the same catalog reads the
 * table instead of parsing the JSON again (a catalog page asks six facets: 60 ms for 4 datasets
 * when each parsed it). A catalog that changes, or another caller's view of it, is other JSON,
 * hence another table: nothing to invalidate. The last few tables are kept.
 */
export async function catalogSource(ctx: DataPlaneContext, objects: readonly DatasetObject[]): Promise<PlanSource> {
  // A request asks several queries of the same objects (its page, the facets): their JSON is
  // written and hashed once.
  let table = tablesByObjects.get(objects);
  if (!table) tablesByObjects.set(objects, (table = catalogTable(ctx.engine, JSON.stringify(objects.map(rowOf)))));
  return { sql: `select * from ${await table}`, params: [], fields: CATALOG_FIELDS, aliases: ALIASES };
}

const tablesByObjects = new WeakMap<readonly DatasetObject[], Promise<string>>();

const TABLES_KEPT = 16;
/** A table read this recently may still have a request's queries to come: it is not dropped yet. */
const IN_USE_MS = 5 * 60 * 1000;

interface CatalogTable {
  created: Promise<string>;
  usedAt: number;
}

const tablesByEngine = new WeakMap<DataEngine, Map<string, CatalogTable>>();

function catalogTable(engine: DataEngine, json: string): Promise<string> {
  let tables = tablesByEngine.get(engine);
  if (!tables) tablesByEngine.set(engine, (tables = new Map()));
  // Our own name: a hash in hexadecimal, never user text.
  const name = `catalog_rows_${createHash('sha256').update(json).digest('hex').slice(0, 24)}`;
  const now = Date.now();
  const known = tables.get(name);
  if (known) {
    // Most recently used last, so that the oldest goes first.
    tables.delete(name);
    tables.set(name, { ...known, usedAt: now });
    return known.created;
  }
  const created = engine.query(`create table ${name} as ${rowsSql()}`, [json]).then(() => name);
  tables.set(name, { created, usedAt: now });
  created.catch(() => tables.delete(name));
  // Past the tables kept, the least recently used go, unless a request may still be reading them
  // (many callers with different views in a few minutes keep more tables for that long).
  for (const [old, table] of tables) {
    if (tables.size <= TABLES_KEPT || now - table.usedAt < IN_USE_MS) break;
    tables.delete(old);
    void table.created.then((dropped) => engine.query(`drop table if exists ${dropped}`)).catch(() => undefined);
  }
  return created;
}

/** The rows of the JSON parameter $1 as typed columns. */
function rowsSql(): string {
  // The structure is our own column names and types: a constant, not user text.
  const structure = sqlLiteral(JSON.stringify([Object.fromEntries(COLUMNS.map((c) => [c.name, STRUCTURE[c.type]]))]));
  const columns = COLUMNS.map((c) => {
    const value = `r.${sqlIdentifier(c.name)}`;
    return `${c.type === 'datetime' ? `cast(${value} as timestamptz)` : value} as ${sqlIdentifier(c.name)}`;
  });
  return `select ${columns.join(', ')} from (select unnest(from_json(cast($1 as json), ${structure})) as r)`;
}

/** The catalog field a name means (`title` or `default.title`), if any. */
export function catalogField(name: string): Field | undefined {
  return CATALOG_FIELDS.find((f) => f.name === name) ?? ALIASES.get(name);
}
