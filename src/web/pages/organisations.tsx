// The organisation pages: the publishers of a portal with how many datasets each shows, and one
// publisher with its datasets, its parent and a link to the catalogue filtered on it.
import type { JSX } from 'preact';
import type { Dataset, OrganisationKind } from '../../catalog/index.js';
import { defineTexts, formatDate, formatNumber, t, type Lang } from '../i18n.js';
import { Layout } from '../layout.js';
import { plainSummary } from '../markdown.js';
import { organisationPath, PageMeta } from '../seo.js';
import { href, type Site } from '../site.js';

const tt = defineTexts({
  title: { fr: 'Organisations', en: 'Organisations' },
  intro: { fr: 'Les organisations qui publient des données sur {portal}.', en: 'The organisations that publish data on {portal}.' },
  caption: { fr: 'Organisations et nombre de jeux de données publiés', en: 'Organisations and number of datasets published' },
  name: { fr: 'Organisation', en: 'Organisation' },
  kind: { fr: 'Type', en: 'Kind' },
  count: { fr: 'Jeux de données', en: 'Datasets' },
  parent: { fr: 'Rattachée à', en: 'Part of' },
  none: { fr: 'Aucune organisation n’a encore publié de jeu de données sur ce portail.', en: 'No organisation has published a dataset on this portal yet.' },
  tableLabel: { fr: 'Tableau des organisations', en: 'Table of the organisations' },
  datasetsOf: { fr: 'Jeux de données de {name}', en: 'Datasets of {name}' },
  noDatasetOf: { fr: '{name} n’a pas de jeu de données visible sur ce portail.', en: '{name} has no dataset visible on this portal.' },
  searchCatalogue: { fr: 'Chercher dans les jeux de données de {name} (catalogue)', en: 'Search the datasets of {name} (catalogue)' },
  below: { fr: 'Organisations rattachées', en: 'Organisations below it' },
  allOrganisations: { fr: 'Toutes les organisations', en: 'All organisations' },
  summary: { fr: '{name} : {kind}, {count}.', en: '{name}: {kind}, {count}.' },
});

const KINDS = defineTexts({
  region: { fr: 'Région', en: 'Region' },
  departement: { fr: 'Département', en: 'Département (county)' },
  epci: { fr: 'Intercommunalité (EPCI)', en: 'Group of municipalities (EPCI)' },
  commune: { fr: 'Commune', en: 'Municipality' },
  syndicat: { fr: 'Syndicat', en: 'Joint authority (syndicat)' },
  partner: { fr: 'Partenaire', en: 'Partner' },
  other: { fr: 'Autre organisation', en: 'Other organisation' },
});

export function kindInWords(lang: Lang, kind: OrganisationKind): string {
  return KINDS(lang, kind);
}

export interface OrganisationSummary {
  slug: string;
  name: string;
  kind: OrganisationKind;
  /** Datasets the visitor may see on this portal. */
  datasetCount: number;
  parent: { slug: string; name: string } | null;
}

const STYLES = `

table.organisations{border-collapse:collapse;width:100%}
table.organisations th,table.organisations td{text-align:left;padding:.5rem .75rem;border-bottom:1px solid #ddd}
table.organisations td.number{text-align:right;font-variant-numeric:tabular-nums}
table.organisations caption{text-align:left;color:#3a3a3a;padding:.5rem 0}
.organisation-facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
.organisation-facts dt{color:#3a3a3a;font-weight:600}.organisation-facts dd{margin:0}
`;

function datasetCount(lang: Lang, n: number): string {
  return n === 1 ? t(lang, 'datasetCountOne') : t(lang, 'datasetCount', { n: formatNumber(lang, n) });
}

export function OrganisationListPage(props: { site: Site; organisations: OrganisationSummary[] }): JSX.Element {
  const { site } = props;
  const { lang } = site;
  const description = tt(lang, 'intro', { portal: site.portal?.title ?? 'Territoires' });
  return (
    <Layout site={site} title={tt(lang, 'title')} description={description} styles={STYLES} head={<PageMeta site={site} title={tt(lang, 'title')} description={description} path="/organisations/" />}>
      <h1>{tt(lang, 'title')}</h1>
      <p>{description}</p>
      {props.organisations.length === 0 ? (
        <p>{tt(lang, 'none')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={tt(lang, 'tableLabel')}>
          <table class="organisations">
            <caption>{tt(lang, 'caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{tt(lang, 'name')}</th>
                <th scope="col">{tt(lang, 'kind')}</th>
                <th scope="col">{tt(lang, 'parent')}</th>
                <th scope="col">{tt(lang, 'count')}</th>
              </tr>
            </thead>
            <tbody>
              {props.organisations.map((o) => (
                <tr key={o.slug}>
                  <th scope="row">
                    <a href={href(site, organisationPath(o.slug))}>{o.name}</a>
                  </th>
                  <td>{kindInWords(lang, o.kind)}</td>
                  <td>{o.parent?.name ?? ''}</td>
                  <td class="number">{formatNumber(lang, o.datasetCount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export interface OrganisationPageProps {
  site: Site;
  organisation: OrganisationSummary;
  /** Whether the parent has a page on this portal (it is within the portal's scope). */
  parentInPortal: boolean;
  datasets: Dataset[];
  /** The organisations right below it that have datasets here. */
  below: OrganisationSummary[];
}

export function OrganisationPage(props: OrganisationPageProps): JSX.Element {
  const { site, organisation: org } = props;
  const { lang } = site;
  const kind = kindInWords(lang, org.kind);
  const description = tt(lang, 'summary', { name: org.name, kind, count: datasetCount(lang, org.datasetCount) });
  return (
    <Layout site={site} title={org.name} description={description} styles={STYLES} head={<PageMeta site={site} title={org.name} description={description} path={organisationPath(org.slug)} />}>
      <p>
        <a href={href(site, '/organisations/')}>{tt(lang, 'allOrganisations')}</a>
      </p>
      <h1>{org.name}</h1>
      <dl class="organisation-facts">
        <dt>{tt(lang, 'kind')}</dt>
        <dd>{kind}</dd>
        {org.parent && (
          <>
            <dt>{tt(lang, 'parent')}</dt>
            <dd>{props.parentInPortal ? <a href={href(site, organisationPath(org.parent.slug))}>{org.parent.name}</a> : org.parent.name}</dd>
          </>
        )}
        <dt>{tt(lang, 'count')}</dt>
        <dd>{formatNumber(lang, org.datasetCount)}</dd>
      </dl>
      <h2>{tt(lang, 'datasetsOf', { name: org.name })}</h2>
      {props.datasets.length === 0 ? (
        <p>{tt(lang, 'noDatasetOf', { name: org.name })}</p>
      ) : (
        <>
          <p>
            <a href={href(site, '/explore/', { 'refine.publisher': org.name })}>{tt(lang, 'searchCatalogue', { name: org.name })}</a>
          </p>
          <ul class="datasets">
            {props.datasets.map((dataset) => (
              <li class="dataset" key={dataset.datasetId}>
                <h3>
                  <a href={href(site, `/explore/dataset/${encodeURIComponent(dataset.datasetId)}/`)}>{dataset.title}</a>
                  {dataset.visibility !== 'public' && <span class="badge">{t(lang, dataset.visibility === 'private' ? 'private' : 'restricted')}</span>}
                </h3>
                {dataset.description && <p>{plainSummary(dataset.description)}</p>}
                <dl>
                  <dt>{t(lang, 'records')}</dt>
                  <dd>{formatNumber(lang, dataset.live?.rowCount ?? 0)}</dd>
                  {dataset.dataUpdatedAt && (
                    <>
                      <dt>{t(lang, 'updated')}</dt>
                      <dd>{formatDate(lang, dataset.dataUpdatedAt)}</dd>
                    </>
                  )}
                </dl>
              </li>
            ))}
          </ul>
        </>
      )}
      {props.below.length > 0 && (
        <>
          <h2>{tt(lang, 'below')}</h2>
          <ul>
            {props.below.map((o) => (
              <li key={o.slug}>
                <a href={href(site, organisationPath(o.slug))}>{o.name}</a> — {datasetCount(lang, o.datasetCount)}
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}
