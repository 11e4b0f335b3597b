// The legacy v1 Search API (ODS spec §2.12; v1 doc "Record Search API"), still called by
// ods-widgets and old reuses: its parameters become an ExploreQuery (the `q` language through
// legacy-v1-q.ts), answered by the same records and facets as v2.1, then shaped as v1 shows them:
// `nhits`, `parameters`, `records[]` with `fields` (empty values left out, points as [lat, lon],
// multivalued text as the joined string, datetimes in `timezone`), `geometry`, `facet_groups`.
// The parameter handling and the record shape here are shared by download, analyze and the
// Dataset API (legacy-v1-download.ts, legacy-v1-analyze.ts, legacy-v1-datasets.ts).
import { getDataset, type Dataset, type DatasetScope, type Field } from '../catalog/index.js';
import { multivaluedSeparator, type DataPlaneContext } from '../data/index.js';
import { AppError } from '../errors.js';
import { datasetFacets, type Facet, type FacetValue } from './facets.js';
import { odsqlName, v1PolygonWkt, v1QueryToOdsql } from './legacy-v1-q.js';
import { parsePolygon } from './odsql/polygon.js';
import type { Paging } from './paging.js';
import { emptyQuery, type ExploreQuery, type FacetRequest } from './plan.js';
import { lastValue, listOf, wholeNumber } from './query-string.js';
import { queryRecords } from './records.js';

export type V1Parameters = Record<string, unknown>;

/** v1 §2.12: `start + rows` ≤ 10,000; the v1 doc allows that many rows in one call. */
const V1_MAX_WINDOW = 10_000;

const FORMATS = ['json', 'geojson'] as const;
type V1Format = (typeof FORMATS)[number];

export interface V1FacetValue {
  name: string;
  count?: number;
  state: FacetValue['state'];
  path: string;
  facets?: V1FacetValue[];
}

export interface V1Record {
  datasetid: string;
  recordid: string;
  fields: Record<string, unknown>;
  geometry?: unknown;
  record_timestamp: string | null;
}

export interface V1SearchAnswer {
  format: V1Format;
  body: Record<string, unknown>;
}

/** GET or POST /api/records/1.0/search: the dataset as the caller may see it, then its records. */
export async function searchV1(ctx: DataPlaneContext, scope: DatasetScope, raw: V1Parameters, now: Date = new Date()): Promise<V1SearchAnswer> {
  const dataset = await v1Dataset(ctx, scope, raw);
  const fields = dataset.live?.fields ?? [];
  const format = (lastValue(raw.format) ?? 'json').toLowerCase() as V1Format;
  if (!FORMATS.includes(format)) throw v1Invalid('format', format, 'json or geojson', 'json ou geojson');
  const timezone = v1Timezone(raw);
  const paging = v1Paging(raw);
  const query = v1Query(raw, fields, now);
  const requested = listOf(raw.facet).map((f) => f.trim()).filter((f) => f !== '');
  const only = v1Fields(raw, fields);

  const page = await queryRecords(ctx, dataset, paging, query, { recordIds: true });
  const timestamp = v1Timestamp(dataset, timezone);
  const records = page.results.map((result, i) => v1Record(dataset, fields, result, page.recordIds?.[i] ?? '', timezone, timestamp, only));

  if (format === 'geojson') {
    return { format, body: { type: 'FeatureCollection', features: records.map(v1Feature) } };
  }
  const body: Record<string, unknown> = { nhits: page.totalCount, parameters: v1Echo(raw, { dataset: dataset.datasetId, timezone, ...pagingEcho(raw, paging), format }), records };
  // Faceting is off unless asked for (v1 "Using facets"); a facet with no value is left out.
  if (requested.length > 0) body.facet_groups = v1FacetGroups(await datasetFacets(ctx, dataset, query), requested);
  return { format, body };
}

/** The one dataset of the `dataset` parameter, as the caller may see it (a 404 otherwise, as for a missing one). */
export async function v1Dataset(ctx: DataPlaneContext, scope: DatasetScope, raw: V1Parameters): Promise<Dataset> {
  const datasets = listOf(raw.dataset).filter((d) => d.trim() !== '');
  if (datasets.length === 0) throw new AppError('PARAMETER_REQUIRED', { parameter: 'dataset' }, { parameter: 'dataset' });
  if (datasets.length > 1) throw v1Invalid('dataset', datasets.join(','), 'one dataset', 'un seul jeu de données');
  return getDataset(ctx.db, scope, datasets[0]?.trim() ?? '');
}

/** `fields=a,b`: the fields shown, each a field of the dataset; undefined when absent (all of them). */
export function v1Fields(raw: V1Parameters, fields: readonly Field[]): string[] | undefined {
  const only = lastValue(raw.fields)?.split(',').map((f) => f.trim()).filter((f) => f !== '');
  for (const name of only ?? []) if (!fields.some((f) => f.name === name)) throw v1Invalid('fields', name, 'fields of the dataset', 'des champs du jeu de données');
  return only;
}

/** `record_timestamp`: when the live version was published, in `timezone`. */
export function v1Timestamp(dataset: Dataset, timezone: string): string | null {
  return dataset.dataUpdatedAt ? isoInZone(new Date(dataset.dataUpdatedAt), timezone) : null;
}

/** A v1 record as a GeoJSON feature (format=geojson): its fields as properties. */
export function v1Feature(record: V1Record): Record<string, unknown> {
  return { type: 'Feature', geometry: record.geometry ?? null, properties: record.fields };
}

/** `facet_groups`: the requested facets that have values, in v1's shape. */
export function v1FacetGroups(facets: readonly Facet[], requested: readonly string[]): { name: string; facets: V1FacetValue[] }[] {
  return facets.filter((f) => requested.includes(f.name) && f.facets.length > 0).map((f) => ({ name: f.name, facets: f.facets.map(v1FacetValue) }));
}

export function v1Invalid(parameter: string, value: string, expected: string, expectedFr: string): AppError {
  return new AppError('INVALID_PARAMETER', { parameter, value, expected, expected_fr: expectedFr }, { parameter });
}

/** The v1 parameters as an Explore query: q and q.*, refine.*, exclude.*, disjunctive.*, facet, sort, geofilter.*. */
export function v1Query(raw: V1Parameters, fields: readonly Field[], now: Date = new Date()): ExploreQuery {
  const query = emptyQuery();
  const facets = new Map<string, FacetRequest>();
  for (const name of listOf(raw.facet).map((f) => f.trim()).filter((f) => f !== '')) facets.set(name, { name, disjunctive: false });
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'q' || key.startsWith('q.')) {
      // q.<suffix> (ods-widgets' q.timerange, q.geofilter…) are ANDed with q (§2.12).
      for (const q of listOf(value)) {
        const where = v1QueryToOdsql(q, fields, key, now);
        if (where !== '') query.where.push(where);
      }
    } else if (key.startsWith('refine.') || key.startsWith('exclude.')) {
      const [kind, ...rest] = key.split('.');
      for (const v of listOf(value)) (kind === 'refine' ? query.refine : query.exclude).push(`${rest.join('.')}:${v}`);
    } else if (key.startsWith('disjunctive.') && listOf(value).some((v) => v.toLowerCase() === 'true')) {
      // v1 "Disjunctive faceting": several refines on that facet OR (the field's annotation does it too).
      const name = key.slice('disjunctive.'.length);
      facets.set(name, { name, disjunctive: true });
    }
  }
  query.facets = [...facets.values()];
  query.where.push(...geofilters(raw, fields));
  const sort = lastValue(raw.sort)?.trim();
  if (sort) query.orderBy = sortOf(sort, fields);
  return query;
}

/** v1 `sort`: `field` is descending, `-field` ascending; several keys separated by commas. */
function sortOf(sort: string, fields: readonly Field[]): string {
  return sort
    .split(',')
    .map((key) => {
      const name = key.trim().replace(/^-/, '');
      if (!fields.some((f) => f.name === name)) throw v1Invalid('sort', key.trim(), 'a field of the dataset, with - for an ascending order', 'un champ du jeu de données, avec - pour un ordre croissant');
      return `${odsqlName(name)} ${key.trim().startsWith('-') ? 'asc' : 'desc'}`;
    })
    .join(', ');
}

/** geofilter.distance, geofilter.polygon and ods-widgets' geofilter.bbox, on the dataset's first geo_point_2d. */
function geofilters(raw: V1Parameters, fields: readonly Field[]): string[] {
  const number = '\\s*(-?\\d+(?:\\.\\d+)?)\\s*';
  const conditions: string[] = [];
  const point = fields.find((f) => f.type === 'geo_point_2d');
  const geo = (parameter: string, value: string): string => {
    if (!point) throw v1Invalid(parameter, value, 'a dataset with a geo_point_2d field', 'un jeu de données avec un champ geo_point_2d');
    return odsqlName(point.name);
  };
  for (const value of listOf(raw['geofilter.distance'])) {
    const match = new RegExp(`^${number},${number},${number}$`).exec(value);
    if (!match) throw v1Invalid('geofilter.distance', value, 'latitude,longitude,metres', 'latitude,longitude,mètres');
    const [, lat, lon, metres] = match.map(Number);
    conditions.push(`within_distance(${geo('geofilter.distance', value)}, geom'POINT(${lon} ${lat})', ${metres}m)`);
  }
  for (const value of listOf(raw['geofilter.polygon'])) {
    const wkt = v1PolygonWkt(value);
    if (!wkt || !parsePolygon(wkt)) throw v1Invalid('geofilter.polygon', value, '(lat1,lon1),(lat2,lon2),(lat3,lon3)…', '(lat1,lon1),(lat2,lon2),(lat3,lon3)…');
    conditions.push(`intersects(${geo('geofilter.polygon', value)}, geom'${wkt}')`);
  }
  for (const value of listOf(raw['geofilter.bbox'])) {
    const match = new RegExp(`^${number},${number},${number},${number}$`).exec(value);
    if (!match) throw v1Invalid('geofilter.bbox', value, 'south_lat,west_lon,north_lat,east_lon', 'lat_sud,lon_ouest,lat_nord,lon_est');
    const [, south, west, north, east] = match.map(Number);
    conditions.push(`in_bbox(${geo('geofilter.bbox', value)}, ${south}, ${west}, ${north}, ${east})`);
  }
  return conditions;
}

/** rows (10 by default) and start (0), with start + rows ≤ 10,000 (§2.12); rows=0 gives only nhits and facets. */
export function v1Paging(raw: V1Parameters): Paging {
  const whole = (parameter: 'rows' | 'start', fallback: number): number => {
    const text = lastValue(raw[parameter]);
    if (text === undefined || text.trim() === '') return fallback;
    const value = wholeNumber(text, 9);
    if (value === undefined || value < 0) throw v1Invalid(parameter, text, `0 <= ${parameter}`, `0 <= ${parameter}`);
    return value;
  };
  const limit = whole('rows', 10);
  const offset = whole('start', 0);
  if (offset + limit > V1_MAX_WINDOW) throw v1Invalid('sum of start + rows', String(offset + limit), `<= ${V1_MAX_WINDOW}`, `<= ${V1_MAX_WINDOW}`);
  return { limit, offset };
}

export function v1Timezone(raw: V1Parameters): string {
  const timezone = lastValue(raw.timezone)?.trim() || 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw v1Invalid('timezone', timezone, 'a time zone such as Europe/Paris or UTC', 'un fuseau horaire comme Europe/Paris ou UTC');
  }
  return timezone;
}

/** `rows`, and `start` when the request gives it, as `parameters` echoes them. */
export function pagingEcho(raw: V1Parameters, paging: Paging): Record<string, number> {
  return lastValue(raw.start) !== undefined ? { rows: paging.limit, start: paging.offset } : { rows: paging.limit };
}

/** `parameters`: the request echoed after its defaults (dataset, timezone, rows, format); repeatable ones as lists. */
export function v1Echo(raw: V1Parameters, defaults: Record<string, unknown>): Record<string, unknown> {
  const parameters: Record<string, unknown> = { ...defaults };
  const repeatable = /^(facet|refine\..+|exclude\..+|q\..+|geofilter\..+)$/;
  for (const [key, value] of Object.entries(raw)) {
    if (!/^(q|q\..+|facet|refine\..+|exclude\..+|disjunctive\..+|sort|fields|geofilter\..+|lang)$/.test(key)) continue;
    const values = listOf(value);
    parameters[key] = key === 'facet' || (repeatable.test(key) && values.length > 1) ? values : values.at(-1);
  }
  return parameters;
}

/**
 * A record as v1 shows it, from its v2.1 form: empty values left out, a point as [lat, lon], a
 * shape as its GeoJSON geometry, a multivalued field as its joined text, datetimes in `timezone`.
 * `recordid` is the record's id as v2.1's E7 takes it (record-id.ts).
 */
export function v1Record(dataset: Pick<Dataset, 'datasetId'>, fields: readonly Field[], result: Record<string, unknown>, recordid: string, timezone: string, timestamp: string | null, only?: string[]): V1Record {
  const values: Record<string, unknown> = {};
  let geometry: unknown;
  for (const field of fields) {
    const value = result[field.name];
    if (value === null || value === undefined || value === '') continue;
    const shown = v1Value(field, value, timezone);
    if (field.type === 'geo_point_2d' && geometry === undefined) geometry = { type: 'Point', coordinates: [(value as { lon: number }).lon, (value as { lat: number }).lat] };
    if (field.type === 'geo_shape' && geometry === undefined && !fields.some((f) => f.type === 'geo_point_2d')) geometry = shown;
    if (!only || only.includes(field.name)) values[field.name] = shown;
  }
  // Keys in the v1 doc's order; geometry only when the record has one.
  return geometry === undefined
    ? { datasetid: dataset.datasetId, recordid, fields: values, record_timestamp: timestamp }
    : { datasetid: dataset.datasetId, recordid, fields: values, geometry, record_timestamp: timestamp };
}

function v1Value(field: Field, value: unknown, timezone: string): unknown {
  switch (field.type) {
    case 'geo_point_2d': {
      const point = value as { lon: number; lat: number };
      return [point.lat, point.lon];
    }
    case 'geo_shape':
      return (value as { geometry?: unknown }).geometry ?? value;
    case 'datetime':
      return typeof value === 'string' ? isoInZone(new Date(value), timezone) : value;
    default: {
      const separator = multivaluedSeparator(field);
      return Array.isArray(value) && separator !== undefined ? value.join(separator) : value;
    }
  }
}

function v1FacetValue(value: FacetValue): V1FacetValue {
  // Keys in the v1 doc's order: name, count (not for an excluded value), state, path, facets.
  const shown: V1FacetValue = value.count === undefined ? { name: value.name, state: value.state, path: value.value } : { name: value.name, count: value.count, state: value.state, path: value.value };
  if (value.facets) shown.facets = value.facets.map(v1FacetValue);
  return shown;
}

/**
 * An instant as v1 writes it in a time zone (§2.12): `2017-01-06T20:30:00+00:00`, `-05:00` in
 * America/New_York; a fraction of six digits only when not zero (Python's isoformat()).
 */
export function isoInZone(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  const wall = Date.UTC(Number(part('year')), Number(part('month')) - 1, Number(part('day')), Number(part('hour')), Number(part('minute')), Number(part('second')));
  const offsetMinutes = Math.round((wall - (date.getTime() - date.getUTCMilliseconds())) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const fraction = date.getUTCMilliseconds() === 0 ? '' : `.${String(date.getUTCMilliseconds()).padStart(3, '0')}000`;
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}${fraction}${sign}${pad(Math.abs(offsetMinutes) / 60)}:${pad(Math.abs(offsetMinutes) % 60)}`;
}
