// The table tab: a page of the filtered records (20 rows), their facets, and the links to the
// next pages. The records come from queryRecords with the page's Explore query, as the API reads
// them; the API tab shows that same request (tableRequest below).
//
// Paging. Pages 1 to 500 are `?page=N` (offset (N-1)×20): the API's window stops at offset +
// limit = 10,000 (ODS Explore v2.1 §3). Past it, pages go by key: the records are ordered by the
// sort (`sort=field`, or the order the version was written in) and then by `_id` (the record id,
// ODS §6.1), and `?after=<value>&after_id=<id>` (the last row's value of each sort field, as JSON,
// and its id) becomes a `where` condition: the rows strictly after that one in this order. `_id`
// breaks ties between equal values, so no row is skipped or shown twice; rows with exactly the
// same values share one id (query/record-id.ts) and are seen once. Without a sort and without a
// sorted version, the records come in the file's order, which no condition can name: the table
// then says to sort by a column to go further.
import { getVersion, versionOrder, type Field, type RecordOrder } from '../../../catalog/index.js';
import { AppError, isAppError } from '../../../errors.js';
import { datasetFacets, queryRecords, RECORDS_CAPS, type ExploreQuery, type Paging } from '../../../query/index.js';
import { TablePage, TABLE_STYLES, type KeyPaging } from '../../../web/pages/dataset/table.js';
import type { DatasetPageContext, DatasetTab } from '../dataset-tab.js';

export const PAGE_SIZE = 20;
/** The last page an offset reaches: offset + limit ≤ 10,000. */
export const LAST_OFFSET_PAGE = Math.floor(RECORDS_CAPS.maxWindow / PAGE_SIZE);

/** What the table asks for: the Explore query (with its order and key condition) and the page. */
export interface TableRequest {
  query: ExploreQuery;
  paging: Paging;
  /** The offset page, 1…500; null on a page reached by key. */
  page: number | null;
  /** The fields the rows are ordered by, then `_id`; null: the file's order, with no key. */
  keys: RecordOrder | null;
  /** The `after` position, on a page reached by key. */
  after: { values: unknown[]; id: string } | null;
}

/** Reads `page`, `after` and `after_id` beside the filters; an AppError when they cannot be read. */
export async function tableRequest(ctx: DatasetPageContext): Promise<TableRequest> {
  const raw = ctx.request.query as Record<string, unknown>;
  const fields = ctx.dataset.live?.fields ?? [];
  const keys = sortKeys(ctx.filters.get('sort'), fields) ?? (await versionKeys(ctx));
  const afterValues = listOf(raw.after);
  const afterId = listOf(raw.after_id).at(-1);
  const query: ExploreQuery = { ...ctx.query, where: [...ctx.query.where] };
  // Beyond the window the order must be total (sort fields, then _id), and the pages before it
  // must use the same order, or the row at the seam would be missed or shown twice.
  const large = (ctx.dataset.live?.rowCount ?? 0) > RECORDS_CAPS.maxWindow;
  if (afterValues.length > 0 || afterId !== undefined) {
    if (!keys) throw invalid('after', afterValues.join(','), 'a sorted table: choose a column to sort by', 'un tableau trié : choisissez une colonne de tri');
    if (afterId === undefined || !/^[0-9a-f]{40}$/.test(afterId) || afterValues.length !== keys.length) {
      throw invalid('after_id', afterId ?? '', `a record id and ${keys.length} value(s) in after`, `un identifiant d’enregistrement et ${keys.length} valeur(s) dans after`);
    }
    const values = afterValues.map((text) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw invalid('after', text, 'a value written as JSON', 'une valeur écrite en JSON');
      }
    });
    query.orderBy = keyOrder(keys);
    query.where.push(afterCondition(keys, fields, values, afterId));
    return { query, paging: { limit: PAGE_SIZE, offset: 0 }, page: null, keys, after: { values, id: afterId } };
  }
  const pageText = listOf(raw.page).at(-1) ?? '1';
  const page = /^\d{1,6}$/.test(pageText) ? Number(pageText) : 0;
  if (page < 1 || page > LAST_OFFSET_PAGE) throw invalid('page', pageText, `a page from 1 to ${LAST_OFFSET_PAGE} (further: the "next" links)`, `une page de 1 à ${LAST_OFFSET_PAGE} (au-delà : les liens « suivant »)`);
  if (keys && large) query.orderBy = keyOrder(keys);
  return { query, paging: { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, page, keys, after: null };
}

export const tableTab: DatasetTab = async (ctx) => {
  const { site, dataset, filters, embed } = ctx;
  const fields = dataset.live?.fields ?? [];
  const base = { site, dataset, fields, filters, embed };
  if (ctx.queryError) return { body: <TablePage {...base} error={messageOf(ctx, ctx.queryError)} />, styles: TABLE_STYLES };
  try {
    const request = await tableRequest(ctx);
    const keyed = request.after !== null;
    // The count of the filtered records, without the key condition: what the visitor filtered.
    const [page, total, facets] = await Promise.all([
      queryRecords(ctx.platform, dataset, request.paging, request.query, { recordIds: request.keys !== null }),
      keyed ? queryRecords(ctx.platform, dataset, { limit: 0, offset: 0 }, ctx.query).then((p) => p.totalCount) : undefined,
      datasetFacets(ctx.platform, dataset, ctx.query),
    ]);
    const totalCount = total ?? page.totalCount;
    const next = nextKey(request, page.results, page.recordIds, page.totalCount);
    return {
      body: <TablePage {...base} rows={page.results} totalCount={totalCount} page={request.page} sort={request.keys?.[0] ?? null} facets={facets} next={next} />,
      styles: TABLE_STYLES,
    };
  } catch (error) {
    if (isAppError(error)) return { body: <TablePage {...base} error={messageOf(ctx, error)} />, styles: TABLE_STYLES };
    throw error;
  }
};

/** The key of the next page, when one is needed: on the last offset page, and on every page reached by key. */
function nextKey(request: TableRequest, rows: Record<string, unknown>[], ids: string[] | undefined, count: number): KeyPaging {
  const last = rows.at(-1);
  if (request.page !== null) {
    const endsWindow = request.page === LAST_OFFSET_PAGE && count > request.page * PAGE_SIZE;
    if (!endsWindow) return { kind: 'none' };
    if (!request.keys) return { kind: 'unsorted' };
  } else if (count <= PAGE_SIZE) {
    return { kind: 'none' };
  }
  const id = ids?.at(-1);
  if (!last || !request.keys || id === undefined) return { kind: 'none' };
  return { kind: 'after', after: request.keys.map((k) => JSON.stringify(last[k.field] ?? null)), afterId: id };
}

/** `sort` as OpenDataSoft portals write it: `field` descending, `-field` ascending, keys separated by commas. */
function sortKeys(sort: string | null, fields: readonly Field[]): RecordOrder | null {
  if (!sort?.trim()) return null;
  const keys = sort.split(',').map((key) => ({ field: key.trim().replace(/^-/, ''), descending: !key.trim().startsWith('-') }));
  // v1Query already refused an unknown field; a geo field has no order, hence no key.
  return keys.every((k) => fields.some((f) => f.name === k.field && f.type !== 'geo_point_2d' && f.type !== 'geo_shape')) ? keys : null;
}

/** The order the live version was written in (a sort step), which is the table's order without `sort`. */
async function versionKeys(ctx: DatasetPageContext): Promise<RecordOrder | null> {
  if (!ctx.dataset.liveVersionId) return null;
  const version = await getVersion(ctx.platform.db, ctx.dataset.liveVersionId);
  return version ? (versionOrder(version) ?? null) : null;
}

const name = (field: string) => `\`${field}\``;

/** The total order of a keyed table: its keys, then `_id` ascending (nulls last, as every order_by). */
function keyOrder(keys: RecordOrder): string {
  return [...keys.map((k) => `${name(k.field)} ${k.descending ? 'desc' : 'asc'}`), '_id asc'].join(', ');
}

/**
 * The rows strictly after (v1…vn, id) in the order `k1 … kn, _id`: for some i, the keys before i
 * equal, and k_i after v_i. Nulls come last in each direction, so a null is after any value and
 * nothing but the next keys' values comes after a null.
 */
function afterCondition(keys: RecordOrder, fields: readonly Field[], values: unknown[], id: string): string {
  const equal = (i: number) => (values[i] === null ? `${name(keys[i]!.field)} is null` : `${name(keys[i]!.field)} = ${literal(fields, keys[i]!.field, values[i])}`);
  const beyond = (i: number): string | null => {
    const key = keys[i]!;
    if (values[i] === null) return null;
    return `(${name(key.field)} ${key.descending ? '<' : '>'} ${literal(fields, key.field, values[i])} or ${name(key.field)} is null)`;
  };
  const alternatives: string[] = [];
  for (let i = 0; i <= keys.length; i += 1) {
    const before = keys.slice(0, i).map((_, j) => equal(j));
    const step = i < keys.length ? beyond(i) : `_id > ${JSON.stringify(id)}`;
    if (step !== null) alternatives.push([...before, step].join(' and '));
  }
  return alternatives.map((a) => `(${a})`).join(' or ');
}

/** A value as the API wrote it, as an ODSQL literal of its field's type. */
function literal(fields: readonly Field[], fieldName: string, value: unknown): string {
  const type = fields.find((f) => f.name === fieldName)?.type;
  if ((type === 'date' || type === 'datetime') && typeof value === 'string' && /^[0-9T:.+\-Z ]+$/.test(value)) return `date'${value}'`;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  throw invalid('after', JSON.stringify(value), 'a text, a number, a date or true/false', 'un texte, un nombre, une date ou true/false');
}

function invalid(parameter: string, value: string, expected: string, expectedFr: string): AppError {
  return new AppError('INVALID_PARAMETER', { parameter, value, expected, expected_fr: expectedFr }, { parameter });
}

function listOf(value: unknown): string[] {
  return value === undefined ? [] : (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

function messageOf(ctx: DatasetPageContext, error: AppError): string {
  return ctx.site.lang === 'fr' ? error.messageFr : error.message;
}
