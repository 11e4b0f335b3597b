// A portal's home page: its name, its text, and the datasets it shows.
import type { Dataset } from '../../catalog/index.js';
import { formatDate, formatNumber, t, type Lang } from '../i18n.js';

export interface HomeProps {
  lang: Lang;
  portalTitle: string | null;
  homeText: string;
  scopeName: string | null;
  total: number;
  datasets: Dataset[];
  /** `/portals/{slug}` when the portal was reached by path, else ''. */
  prefix: string;
}

export function HomePage(props: HomeProps) {
  const { lang } = props;
  if (props.portalTitle === null) return <p>{t(lang, 'noPortal')}</p>;
  return (
    <>
      <h1>{props.portalTitle}</h1>
      {props.homeText && <p>{props.homeText}</p>}
      {props.scopeName && <p>{t(lang, 'allDatasetsOf', { name: props.scopeName })}</p>}
      <h2>{t(lang, 'datasets')}</h2>
      <p>{props.total === 1 ? t(lang, 'datasetCountOne') : t(lang, 'datasetCount', { n: formatNumber(lang, props.total) })}</p>
      {props.datasets.length === 0 ? (
        <p>{t(lang, 'noDataset')}</p>
      ) : (
        <ul class="datasets">
          {props.datasets.map((dataset) => (
            <li class="dataset" key={dataset.datasetId}>
              <h3>
                {dataset.title}
                {dataset.visibility !== 'public' && <span class="badge">{t(lang, dataset.visibility === 'private' ? 'private' : 'restricted')}</span>}
              </h3>
              {dataset.description && <p>{dataset.description}</p>}
              <dl>
                <dt>{t(lang, 'publisher')}</dt>
                <dd>{dataset.owner.name}</dd>
                <dt>{t(lang, 'records')}</dt>
                <dd>{formatNumber(lang, dataset.live?.rowCount ?? 0)}</dd>
                {dataset.dataUpdatedAt && (
                  <>
                    <dt>{t(lang, 'updated')}</dt>
                    <dd>{formatDate(lang, dataset.dataUpdatedAt)}</dd>
                  </>
                )}
              </dl>
              <a href={`${props.prefix}/api/explore/v2.1/catalog/datasets/${encodeURIComponent(dataset.datasetId)}/records`}>
                {t(lang, 'viewRecords')}
                <span class="skip"> : {dataset.title}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
