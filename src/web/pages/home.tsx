// A portal's home page: its name and text, a search box into the catalog, the themes with their
// counts, the datasets the portal features, the latest ones, and the way to the whole catalog.
import type { Dataset } from '../../catalog/index.js';
import { defineTexts, formatNumber, t } from '../i18n.js';
import { Layout } from '../layout.js';
import { plainSummary, renderMarkdown } from '../markdown.js';
import { href, type Site } from '../site.js';
import { DatasetCard, datasetCountText } from './catalog.js';

const tt = defineTexts({
  searchLabel: { fr: 'Rechercher dans les données', en: 'Search the data' },
  searchButton: { fr: 'Rechercher', en: 'Search' },
  themes: { fr: 'Thèmes', en: 'Themes' },
  themeDatasets: { fr: 'jeux de données', en: 'datasets' },
  featured: { fr: 'À la une', en: 'Featured' },
  latest: { fr: 'Derniers jeux de données mis à jour', en: 'Latest updated datasets' },
  wholeCatalogue: { fr: 'Parcourir tout le catalogue ({count})', en: 'Browse the whole catalogue ({count})' },
});

export interface HomeProps {
  site: Site;
  /** The portal's home text (Markdown). */
  homeText: string;
  /** How many datasets the visitor may see on this portal. */
  total: number;
  themes: { value: string; count: number }[];
  /** The portal's featured datasets the visitor may see, in the portal's order. */
  featured: Dataset[];
  /** The most recently modified datasets. */
  latest: Dataset[];
}

const HOME_STYLES = `
form.search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:1rem 0 1.5rem}
form.search label{display:block;width:100%}
form.search input[type=search]{flex:1 1 16rem}
ul.themes{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem;margin:0;padding:0}
ul.themes a{display:inline-block;border:1px solid var(--primary);border-radius:1rem;padding:.1rem .75rem;text-decoration:none}
.count{color:#3a3a3a}
.home-text{max-width:48rem}
.all{margin:1.5rem 0;font-weight:600}
`;

export function HomePage(props: HomeProps) {
  const { site } = props;
  const { lang } = site;
  const portalTitle = site.portal?.title ?? 'Territoires';
  const catalogueLink = (
    <p class="all">
      <a href={href(site, '/explore/')}>{tt(lang, 'wholeCatalogue', { count: datasetCountText(lang, props.total) })}</a>
    </p>
  );
  return (
    <Layout site={site} title={portalTitle} description={plainSummary(props.homeText) || undefined} styles={HOME_STYLES}>
      <h1>{portalTitle}</h1>
      {props.homeText && <div class="home-text" dangerouslySetInnerHTML={{ __html: renderMarkdown(props.homeText) }} />}
      {site.portal?.scopeName && <p>{t(lang, 'allDatasetsOf', { name: site.portal.scopeName })}</p>}
      <form class="search" role="search" method="get" action={href(site, '/explore/', undefined, 'fr')}>
        <label for="home-q">{tt(lang, 'searchLabel')}</label>
        <input type="search" id="home-q" name="q" />
        {lang === 'en' && <input type="hidden" name="lang" value="en" />}
        <button type="submit">{tt(lang, 'searchButton')}</button>
      </form>
      {props.total === 0 ? (
        <p>{t(lang, 'noDataset')}</p>
      ) : (
        <>
          {props.themes.length > 0 && (
            <section aria-labelledby="home-themes">
              <h2 id="home-themes">{tt(lang, 'themes')}</h2>
              <ul class="themes">
                {props.themes.map((theme) => (
                  <li>
                    <a href={href(site, '/explore/', { 'refine.theme': theme.value })}>
                      {theme.value} <span class="count">({formatNumber(lang, theme.count)}<span class="visually-hidden"> {tt(lang, 'themeDatasets')}</span>)</span>
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {props.featured.length > 0 && (
            <section aria-labelledby="home-featured">
              <h2 id="home-featured">{tt(lang, 'featured')}</h2>
              <ul class="datasets">
                {props.featured.map((dataset) => (
                  <DatasetCard site={site} dataset={dataset} />
                ))}
              </ul>
            </section>
          )}
          <section aria-labelledby="home-latest">
            <h2 id="home-latest">{tt(lang, 'latest')}</h2>
            <ul class="datasets">
              {props.latest.map((dataset) => (
                <DatasetCard site={site} dataset={dataset} />
              ))}
            </ul>
          </section>
          {catalogueLink}
        </>
      )}
    </Layout>
  );
}
