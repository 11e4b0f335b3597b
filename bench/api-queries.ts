// The queries of `npm run bench:api` (Q1–Q8): each as an Explore API request and as the SQL a
// DuckDB user would write for the same answer, page and count, on the same data: the version's
// Parquet file, and its read copy (src/data/read-copy.ts), the DuckDB database file our API reads
// once it is written. `$1`, when there, is the literal of the run (so that no cache could serve it
// twice). On the read copy, Q5 tests its search text columns as ours does: the raw engine gets the
// same help as ours; on Parquet, it tests the text fields themselves.
import { SEARCH_TEXT_COLUMNS, searchTextColumn, type SqlParams } from '../src/data/index.js';

/** Where the raw SQL reads the records: a table expression, and whether it has the search text column. */
export interface RawLayout {
  from: string;
  searchText: boolean;
}

export interface BenchQuery {
  id: string;
  title: string;
  /** The API path after `/api/explore/v2.1/catalog/datasets/adresses`, for run `i`. */
  path(i: number): string;
  /** The raw SQL: the page, and the count behind total_count (run side by side, as the API does). */
  page(layout: RawLayout): string;
  count?(layout: RawLayout): string;
  params(i: number): SqlParams;
}

export interface BenchData {
  /** The text fields of the version (a full-text search over Parquet tests them all). */
  textFields: string[];
  /** Codes INSEE with at least 20 addresses, one per run. */
  codes: string[];
}

const q = (params: Record<string, string>): string => new URLSearchParams(params).toString();

// Around Nantes: lat 47.15–47.30, lon -1.65 to -1.45.
const BBOX = { lat1: 47.15, lon1: -1.65, lat2: 47.3, lon2: -1.45 };
const IN_BBOX = `geo_point_2d.lat between ${BBOX.lat1} and ${BBOX.lat2} and geo_point_2d.lon between ${BBOX.lon1} and ${BBOX.lon2}`;
const WORDS = ['rue', 'de', 'la', 'paix'];
// The words of "rue de la paix" as the search text holds them: each starts a word of the column of its first letter.
const PAIX = WORDS.map((w) => `contains(${searchTextColumn(w)}, ' ${w}')`).join(' and ');
/** The same on the text fields: each word starts a word of one of them, case and accents aside. */
const paixInFields = (fields: string[]): string => {
  const text = `strip_accents(lower(concat_ws(' ', ${fields.map((f) => `"${f}"`).join(', ')})))`;
  return WORDS.map((w) => `regexp_matches(${text}, '(^|[^\\p{L}\\p{N}])${w}')`).join(' and ');
};
/** Every field of the records (the read copy's search text is not one). */
const all = (layout: RawLayout): string => (layout.searchText ? `* exclude (${SEARCH_TEXT_COLUMNS.join(', ')})` : '*');

export function benchQueries(data: BenchData): BenchQuery[] {
  const code = (i: number): string => data.codes[i % data.codes.length] ?? '44109';
  const found = (layout: RawLayout): string => (layout.searchText ? PAIX : paixInFields(data.textFields));
  return [
    {
      id: 'Q1',
      title: 'first 20 records ordered by id',
      path: () => `/records?${q({ order_by: 'id', limit: '20' })}`,
      page: (l) => `select ${all(l)} from ${l.from} order by id limit 20`,
      count: (l) => `select count(*) from ${l.from}`,
      params: () => [],
    },
    {
      id: 'Q2',
      title: '`code_insee = "…"`, 20 records',
      path: (i) => `/records?${q({ where: `code_insee = "${code(i)}"`, limit: '20' })}`,
      page: (l) => `select ${all(l)} from ${l.from} where code_insee = $1 order by id limit 20`,
      count: (l) => `select count(*) from ${l.from} where code_insee = $1`,
      params: (i) => [code(i)],
    },
    {
      id: 'Q3',
      title: 'facet: top 10 communes',
      path: () => `/facets?${q({ facet: 'facet(name="nom_commune", limit=10)' })}`,
      page: (l) => `select nom_commune, count(*) as n from ${l.from} where nom_commune is not null group by 1 order by n desc, nom_commune limit 10`,
      params: () => [],
    },
    {
      id: 'Q4',
      title: 'count and average by département',
      path: () => `/records?${q({ select: 'code_departement, count(*) as n, avg(numero) as numero_moyen', group_by: 'code_departement', limit: '100' })}`,
      page: (l) => `select code_departement, count(*) as n, avg(numero) as numero_moyen from ${l.from} group by 1 order by 1 nulls first limit 100`,
      count: (l) => `select count(distinct code_departement) + max(case when code_departement is null then 1 else 0 end) from ${l.from}`,
      params: () => [],
    },
    {
      id: 'Q5',
      title: 'full text "rue de la paix"',
      path: () => `/records?${q({ where: '"rue de la paix"', limit: '20' })}`,
      page: (l) => `select ${all(l)} from ${l.from} where ${found(l)} limit 20`,
      count: (l) => `select count(*) from ${l.from} where ${found(l)}`,
      params: () => [],
    },
    {
      id: 'Q6',
      title: '`in_bbox` around Nantes, 100 records',
      path: () => `/records?${q({ where: `in_bbox(geo_point_2d, ${BBOX.lat1}, ${BBOX.lon1}, ${BBOX.lat2}, ${BBOX.lon2})`, limit: '100' })}`,
      page: (l) => `select ${all(l)} from ${l.from} where ${IN_BBOX} order by id limit 100`,
      count: (l) => `select count(*) from ${l.from} where ${IN_BBOX}`,
      params: () => [],
    },
    {
      id: 'Q8',
      title: 'offset 9,980, limit 20 (ordered by id)',
      path: () => `/records?${q({ order_by: 'id', limit: '20', offset: '9980' })}`,
      page: (l) => `select ${all(l)} from ${l.from} order by id limit 20 offset 9980`,
      count: (l) => `select count(*) from ${l.from}`,
      params: () => [],
    },
  ];
}
