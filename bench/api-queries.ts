// The queries of `npm run bench:api` (Q1–Q8): each as an Explore API request and as the SQL a
// DuckDB user would write for the same answer, page and count, on the same Parquet files. `$1` is
// the version's Parquet file; `$2`, when there, the literal of the run (so that no cache could
// serve it twice). Q5's raw SQL reads the version's search text file too (`$2`), which our ingest
// writes beside it (src/data/search-text.ts), and its count reads that file alone, as ours does:
// the raw engine gets the same help as ours.
import type { SqlParams } from '../src/data/index.js';

export interface BenchQuery {
  id: string;
  title: string;
  /** The API path after `/api/explore/v2.1/catalog/datasets/adresses`, for run `i`. */
  path(i: number): string;
  /** The raw SQL: the page, and the count behind total_count (run side by side, as the API does). */
  page: string;
  count?: string;
  params(i: number): SqlParams;
  /** The count's parameters, when they are not the page's. */
  countParams?(i: number): SqlParams;
}

export interface BenchData {
  parquet: string;
  searchText: string;
  /** Codes INSEE with at least 20 addresses, one per run. */
  codes: string[];
}

const q = (params: Record<string, string>): string => new URLSearchParams(params).toString();

// Around Nantes: lat 47.15–47.30, lon -1.65 to -1.45.
const BBOX = { lat1: 47.15, lon1: -1.65, lat2: 47.3, lon2: -1.45 };
const IN_BBOX = `geo_point_2d.lat between ${BBOX.lat1} and ${BBOX.lat2} and geo_point_2d.lon between ${BBOX.lon1} and ${BBOX.lon2}`;
// The words of "rue de la paix" as the search text holds them: each starts a word.
const PAIX = ["' rue'", "' de'", "' la'", "' paix'"].map((w) => `contains(__search, ${w})`).join(' and ');

export function benchQueries(data: BenchData): BenchQuery[] {
  const code = (i: number): string => data.codes[i % data.codes.length] ?? '44109';
  return [
    {
      id: 'Q1',
      title: 'first 20 records ordered by id',
      path: () => `/records?${q({ order_by: 'id', limit: '20' })}`,
      page: 'select * from read_parquet($1) order by id limit 20',
      count: 'select count(*) from read_parquet($1)',
      params: () => [data.parquet],
    },
    {
      id: 'Q2',
      title: '`code_insee = "…"`, 20 records',
      path: (i) => `/records?${q({ where: `code_insee = "${code(i)}"`, limit: '20' })}`,
      page: 'select * from read_parquet($1) where code_insee = $2 order by id limit 20',
      count: 'select count(*) from read_parquet($1) where code_insee = $2',
      params: (i) => [data.parquet, code(i)],
    },
    {
      id: 'Q3',
      title: 'facet: top 10 communes',
      path: () => `/facets?${q({ facet: 'facet(name="nom_commune", limit=10)' })}`,
      page: 'select nom_commune, count(*) as n from read_parquet($1) where nom_commune is not null group by 1 order by n desc, nom_commune limit 10',
      params: () => [data.parquet],
    },
    {
      id: 'Q4',
      title: 'count and average by département',
      path: () => `/records?${q({ select: 'code_departement, count(*) as n, avg(numero) as numero_moyen', group_by: 'code_departement', limit: '100' })}`,
      page: 'select code_departement, count(*) as n, avg(numero) as numero_moyen from read_parquet($1) group by 1 order by 1 nulls first limit 100',
      count: 'select count(distinct code_departement) + max(case when code_departement is null then 1 else 0 end) from read_parquet($1)',
      params: () => [data.parquet],
    },
    {
      id: 'Q5',
      title: 'full text "rue de la paix"',
      path: () => `/records?${q({ where: '"rue de la paix"', limit: '20' })}`,
      // The page's rows found on the search text, then read by their row numbers (as ours does).
      page: `with hits as (select file_row_number as r from read_parquet($2, file_row_number = true) where ${PAIX} limit 20) select * exclude (file_row_number) from read_parquet($1, file_row_number = true) where file_row_number in (select r from hits) order by file_row_number`,
      count: `select count(*) from read_parquet($1) where ${PAIX}`,
      params: () => [data.parquet, data.searchText],
      countParams: () => [data.searchText],
    },
    {
      id: 'Q6',
      title: '`in_bbox` around Nantes, 100 records',
      path: () => `/records?${q({ where: `in_bbox(geo_point_2d, ${BBOX.lat1}, ${BBOX.lon1}, ${BBOX.lat2}, ${BBOX.lon2})`, limit: '100' })}`,
      page: `select * from read_parquet($1) where ${IN_BBOX} order by id limit 100`,
      count: `select count(*) from read_parquet($1) where ${IN_BBOX}`,
      params: () => [data.parquet],
    },
    {
      id: 'Q8',
      title: 'offset 9,980, limit 20 (ordered by id)',
      path: () => `/records?${q({ order_by: 'id', limit: '20', offset: '9980' })}`,
      page: 'select * from read_parquet($1) order by id limit 20 offset 9980',
      count: 'select count(*) from read_parquet($1)',
      params: () => [data.parquet],
    },
  ];
}
