// The table tab's content: a search form that keeps the filters, the facets of the filtered
// records (each value a link that refines on it), the records as an HTML table whose column
// headers sort it, and the links to the other pages. Links only: it works without JavaScript.
import type { JSX } from 'preact';
import type { Dataset, Field } from '../../../catalog/index.js';
import type { Facet, FacetValue } from '../../../query/index.js';
import { defineTexts, formatNumber, type Lang } from '../../i18n.js';
import { href, type Site } from '../../site.js';
import { datasetPath } from './shell.js';

const tt = defineTexts({
  caption: { fr: 'Enregistrements de « {title} »', en: 'Records of "{title}"' },
  scrollRegion: { fr: 'Tableau des enregistrements (défilement horizontal)', en: 'Records table (scrolls sideways)' },
  searchLabel: { fr: 'Rechercher dans les données', en: 'Search the records' },
  searchButton: { fr: 'Rechercher', en: 'Search' },
  none: { fr: 'Aucun enregistrement ne correspond à ces filtres.', en: 'No record matches these filters.' },
  one: { fr: '1 enregistrement', en: '1 record' },
  many: { fr: '{n} enregistrements', en: '{n} records' },
  rows: { fr: 'Lignes {from} à {to} sur {n}.', en: 'Rows {from} to {to} of {n}.' },
  keyedRows: { fr: '{n} enregistrements en tout ; ces lignes suivent la 10 000e dans l’ordre du tri.', en: '{n} records in all; these rows come after the 10,000th in the sort order.' },
  sortAscending: { fr: 'trier par ordre croissant', en: 'sort in ascending order' },
  sortDescending: { fr: 'trier par ordre décroissant', en: 'sort in descending order' },
  facets: { fr: 'Filtrer', en: 'Filter' },
  refineOn: { fr: 'Filtrer sur {field} : ', en: 'Filter on {field}: ' },
  remove: { fr: 'Retirer', en: 'Remove' },
  removeFilter: { fr: ' le filtre {field} : {value}', en: ' the filter {field}: {value}' },
  activeFilter: { fr: 'filtre actif', en: 'active filter' },
  excludedFilter: { fr: 'exclu', en: 'excluded' },
  pagination: { fr: 'Pages du tableau', en: 'Table pages' },
  previous: { fr: 'Page précédente', en: 'Previous page' },
  next: { fr: 'Page suivante', en: 'Next page' },
  page: { fr: 'Page {n}', en: 'Page {n}' },
  first: { fr: 'Retour à la première page', en: 'Back to the first page' },
  nextRows: { fr: 'Lignes suivantes', en: 'Next rows' },
  yes: { fr: 'oui', en: 'yes' },
  no: { fr: 'non', en: 'no' },
  shape: { fr: 'forme', en: 'shape' },
  unsorted: {
    fr: 'Les 10 000 premières lignes se parcourent page par page. Pour aller au-delà, triez le tableau par une colonne (son titre est un lien) : les pages suivantes se lisent alors à la suite de la dernière valeur affichée.',
    en: 'The first 10,000 rows can be browsed page by page. To go further, sort the table by a column (its title is a link): the next pages then follow on from the last value shown.',
  },
});

export const TABLE_STYLES = `
.table-layout{display:grid;gap:1.5rem;grid-template-columns:minmax(0,1fr)}
@media (min-width:60rem){.table-layout.with-facets{grid-template-columns:15rem minmax(0,1fr)}}
.table-wrap{border:1px solid #ddd}
.records{border-collapse:collapse;width:100%;font-size:.9rem}
.records caption{text-align:left;font-weight:700;padding:.5rem}
.records th,.records td{border-bottom:1px solid #ddd;padding:.4rem .6rem;text-align:left;vertical-align:top}
.records th a{color:#161616}
.records td.number{text-align:right;white-space:nowrap}
.facets h3{font-size:1rem;margin:1rem 0 .25rem}
.facets ul{list-style:none;margin:0;padding:0}.facets li{margin:.2rem 0}
.facets ul ul{padding-left:1rem}
.search-form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin:1rem 0}
.search-form div{display:flex;flex-direction:column;gap:.25rem}
.pager ul{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem;padding:0}
.pager a{display:inline-block;padding:.25rem .6rem;border:1px solid var(--primary);border-radius:4px;text-decoration:none}
.pager a[aria-current=page]{font-weight:700;background:#eee;color:#161616}
`;

/** How the table goes on past the API's window (src/http/web/dataset-tabs/table.tsx). */
export type KeyPaging = { kind: 'none' } | { kind: 'unsorted' } | { kind: 'after'; after: string[]; afterId: string };

export interface TablePageProps {
  site: Site;
  dataset: Pick<Dataset, 'datasetId' | 'title'>;
  fields: readonly Field[];
  /** The URL's filters (q, refine.*, exclude.*, sort), kept in every link. */
  filters: URLSearchParams;
  embed: boolean;
  /** Why the records cannot be shown, in words: shown instead of the table. */
  error?: string;
  rows?: Record<string, unknown>[];
  /** The filtered records' count. */
  totalCount?: number;
  /** The offset page (1…500); null on a page reached by key. */
  page?: number | null;
  /** The order of the rows: the `sort` filter's first key, or the version's. */
  sort?: { field: string; descending: boolean } | null;
  facets?: Facet[];
  next?: KeyPaging;
}

/** This page with some parameters changed (null: removed), the filters kept. */
type Linker = (changes: Record<string, string | readonly string[] | null>) => string;

const PAGE_SIZE = 20;
const LAST_OFFSET_PAGE = 500;

export function TablePage(props: TablePageProps): JSX.Element {
  const { site, filters } = props;
  const { lang } = site;
  const path = datasetPath(props.dataset, 'table', props.embed);
  const link: Linker = (changes) => {
    const params = new URLSearchParams(filters);
    for (const [key, value] of Object.entries(changes)) {
      params.delete(key);
      for (const one of value === null ? [] : typeof value === 'string' ? [value] : value) params.append(key, one);
    }
    return href(site, path, params);
  };
  const searchForm = (
    <form class="search-form" method="get" action={href(site, path)} role="search">
      <div>
        <label for="table-q">{tt(lang, 'searchLabel')}</label>
        <input type="search" id="table-q" name="q" value={filters.get('q') ?? ''} />
      </div>
      {[...filters].filter(([key]) => key !== 'q').map(([key, value]) => <input type="hidden" name={key} value={value} key={`${key}=${value}`} />)}
      {lang === 'en' && <input type="hidden" name="lang" value="en" />}
      <button type="submit">{tt(lang, 'searchButton')}</button>
    </form>
  );
  if (props.error !== undefined) {
    return (
      <>
        {searchForm}
        <p class="error-box" role="alert">
          {props.error}
        </p>
      </>
    );
  }
  const rows = props.rows ?? [];
  const total = props.totalCount ?? 0;
  const facets = (props.facets ?? []).filter((f) => f.facets.length > 0);
  const labelOf = (name: string) => props.fields.find((f) => f.name === name)?.label ?? name;
  return (
    <>
      {searchForm}
      <p>
        <strong>{total === 0 ? tt(lang, 'none') : total === 1 ? tt(lang, 'one') : tt(lang, 'many', { n: formatNumber(lang, total) })}</strong>
        {total > 0 && ' '}
        {total > 0 && (props.page ? tt(lang, 'rows', { from: formatNumber(lang, (props.page - 1) * PAGE_SIZE + 1), to: formatNumber(lang, (props.page - 1) * PAGE_SIZE + rows.length), n: formatNumber(lang, total) }) : tt(lang, 'keyedRows', { n: formatNumber(lang, total) }))}
      </p>
      <div class={`table-layout${facets.length > 0 ? ' with-facets' : ''}`}>
        {facets.length > 0 && (
          <aside class="facets" aria-labelledby="facets-title">
            <h2 id="facets-title">{tt(lang, 'facets')}</h2>
            {facets.map((facet) => (
              <section key={facet.name}>
                <h3>{labelOf(facet.name)}</h3>
                <FacetValues site={site} lang={lang} field={facet.name} label={labelOf(facet.name)} values={facet.facets} filters={filters} path={path} />
              </section>
            ))}
          </aside>
        )}
        <div>
          {rows.length > 0 && (
            <div class="table-wrap" tabindex={0} role="region" aria-label={tt(lang, 'scrollRegion')}>
              <table class="records">
                <caption>{tt(lang, 'caption', { title: props.dataset.title })}</caption>
                <thead>
                  <tr>
                    {props.fields.map((field) => (
                      <ColumnHeader key={field.name} field={field} lang={lang} sort={props.sort ?? null} link={link} />
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row, i) => (
                    <tr key={i}>
                      {props.fields.map((field) => (
                        <td key={field.name} class={field.type === 'int' || field.type === 'double' ? 'number' : undefined}>
                          {formatValue(lang, field, row[field.name])}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager lang={lang} page={props.page ?? null} total={total} next={props.next ?? { kind: 'none' }} link={link} />
        </div>
      </div>
    </>
  );
}

function ColumnHeader(props: { field: Field; lang: Lang; sort: { field: string; descending: boolean } | null; link: Linker }): JSX.Element {
  const { field, lang, sort } = props;
  if (field.type === 'geo_point_2d' || field.type === 'geo_shape') return <th scope="col">{field.label}</th>;
  const current = sort?.field === field.name ? sort : null;
  // OpenDataSoft's `sort`: `field` descending, `-field` ascending. A first click sorts ascending.
  const ascendingNext = !current || current.descending;
  const target = ascendingNext ? `-${field.name}` : field.name;
  return (
    <th scope="col" aria-sort={current ? (current.descending ? 'descending' : 'ascending') : undefined}>
      <a href={props.link({ sort: target, page: null, after: null, after_id: null })}>
        {field.label}
        {current && <span aria-hidden="true">{current.descending ? ' ▼' : ' ▲'}</span>}
        <span class="visually-hidden"> ({tt(lang, ascendingNext ? 'sortAscending' : 'sortDescending')})</span>
      </a>
    </th>
  );
}

function FacetValues(props: { site: Site; lang: Lang; field: string; label: string; values: FacetValue[]; filters: URLSearchParams; path: string }): JSX.Element {
  const { site, lang, field, label, filters, path } = props;
  const without = (key: string, value: string) => href(site, path, new URLSearchParams([...filters].filter(([k, v]) => !(k === key && v === value))));
  const adding = (value: string) => {
    const params = new URLSearchParams(filters);
    params.append(`refine.${field}`, value);
    return href(site, path, params);
  };
  return (
    <ul>
      {props.values.map((v) => {
        const count = v.count !== undefined ? ` (${formatNumber(lang, v.count)})` : '';
        if (v.state === 'displayed') {
          return (
            <li key={v.value}>
              <a href={adding(v.value)}>
                <span class="visually-hidden">{tt(lang, 'refineOn', { field: label })}</span>
                {v.name}
                {count}
              </a>
            </li>
          );
        }
        const key = `${v.state === 'refined' ? 'refine' : 'exclude'}.${field}`;
        return (
          <li key={v.value}>
            <strong>
              {v.state === 'refined' ? '✓ ' : '✕ '}
              {v.name}
              {count}
            </strong>{' '}
            <span class="visually-hidden">({tt(lang, v.state === 'refined' ? 'activeFilter' : 'excludedFilter')})</span>{' '}
            {filters.getAll(key).includes(v.value) && (
              <a href={without(key, v.value)}>
                {tt(lang, 'remove')}
                <span class="visually-hidden">{tt(lang, 'removeFilter', { field: label, value: v.name })}</span>
              </a>
            )}
            {v.facets && v.facets.length > 0 && <FacetValues {...props} values={v.facets} />}
          </li>
        );
      })}
    </ul>
  );
}

function Pager(props: { lang: Lang; page: number | null; total: number; next: KeyPaging; link: Linker }): JSX.Element | null {
  const { lang, page, total, next, link } = props;
  const toPage = (n: number) => link({ page: n === 1 ? null : String(n), after: null, after_id: null });
  // The next rows by key: `after` once per sort key (as JSON), and `after_id`.
  const keyed = next.kind === 'after' ? <a href={link({ page: null, after: next.after, after_id: next.afterId })}>{tt(lang, page === null ? 'nextRows' : 'next')}</a> : null;
  if (page === null) {
    return (
      <nav class="pager" aria-label={tt(lang, 'pagination')}>
        <ul>
          <li>
            <a href={toPage(1)}>{tt(lang, 'first')}</a>
          </li>
          {keyed && <li>{keyed}</li>}
        </ul>
      </nav>
    );
  }
  const last = Math.min(Math.max(1, Math.ceil(total / PAGE_SIZE)), LAST_OFFSET_PAGE);
  if (last === 1 && next.kind === 'none') return null;
  const shown = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, last])].filter((n) => n >= 1 && n <= last).sort((a, b) => a - b);
  return (
    <nav class="pager" aria-label={tt(lang, 'pagination')}>
      <ul>
        {page > 1 && (
          <li>
            <a href={toPage(page - 1)}>{tt(lang, 'previous')}</a>
          </li>
        )}
        {shown.map((n) => (
          <li key={n}>
            <a href={toPage(n)} aria-current={n === page ? 'page' : undefined}>
              {tt(lang, 'page', { n: formatNumber(lang, n) })}
            </a>
          </li>
        ))}
        {page < last && (
          <li>
            <a href={toPage(page + 1)}>{tt(lang, 'next')}</a>
          </li>
        )}
        {keyed && <li>{keyed}</li>}
      </ul>
      {next.kind === 'unsorted' && <p>{tt(lang, 'unsorted')}</p>}
    </nav>
  );
}

/** A value as a reader expects it: `1 234,5`, `22/11/2026`, `47.2, -1.55`, oui/non, nothing for null. */
export function formatValue(lang: Lang, field: Pick<Field, 'type'>, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => formatValue(lang, field, v)).join(', ');
  switch (field.type) {
    case 'int':
    case 'double':
      // Every digit the value has (a coordinate's fourth decimal matters), grouped the French way.
      return typeof value === 'number' ? formatNumber(lang, value, { exact: true }) : String(value);
    case 'boolean':
      return value === true ? tt(lang, 'yes') : value === false ? tt(lang, 'no') : String(value);
    case 'date':
      return typeof value === 'string' ? calendarDate(value) : String(value);
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? DATETIME[lang].format(new Date(value)) : String(value);
    case 'geo_point_2d': {
      const point = value as { lat?: unknown; lon?: unknown };
      return typeof point.lat === 'number' && typeof point.lon === 'number' ? `${point.lat}, ${point.lon}` : '';
    }
    case 'geo_shape':
      return tt(lang, 'shape');
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

const DATETIME: Record<Lang, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' }),
};

/** A calendar date (`2026-11-22`) is a day, not an instant: written without any time zone. */
function calendarDate(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return value;
  const [, y, m, d] = match;
  // Day/month/year in both languages: the English pages use British dates (i18n.ts, en-GB).
  return `${d}/${m}/${y}`;
}
