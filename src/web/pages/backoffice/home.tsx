// `/espace`: where a publisher lands once signed in. Their organisations, each with its datasets
// whatever their visibility, the state of each (when its data last changed, how its last job
// went) and the way to publish a new one.
import type { JSX } from 'preact';
import type { Visibility } from '../../../catalog/index.js';
import { defineTexts, formatDate, formatNumber } from '../../i18n.js';
import { Layout } from '../../layout.js';
import { href, type Site } from '../../site.js';
import { BACKOFFICE_STYLES, ListTable } from './fields.js';
import { AdministrationLinks } from './portal.js';
import { JobStatus, VisibilityLabel, type JobSummary } from './status.js';

export interface BackofficeDataset {
  datasetId: string;
  title: string;
  visibility: Visibility;
  dataUpdatedAt: string | null;
  records: number | null;
  lastJob: JobSummary | null;
}

export interface BackofficeOrganisation {
  slug: string;
  name: string;
  canEdit: boolean;
  /** Its administrators manage its members and keys. */
  canAdminister?: boolean;
  datasets: BackofficeDataset[];
}

const tt = defineTexts({
  title: { fr: 'Mon espace', en: 'My space' },
  hello: { fr: 'Connecté en tant que {name}.', en: 'Signed in as {name}.' },
  publish: { fr: 'Publier un jeu de données', en: 'Publish a dataset' },
  noOrganisation: {
    fr: 'Vous n’êtes membre d’aucune organisation : demandez à un administrateur de vous y ajouter.',
    en: 'You are not a member of any organisation: ask an administrator to add you.',
  },
  noDataset: { fr: 'Aucun jeu de données pour le moment.', en: 'No dataset yet.' },
  caption: { fr: 'Jeux de données de {name}', en: 'Datasets of {name}' },
  dataset: { fr: 'Jeu de données', en: 'Dataset' },
  visibility: { fr: 'Visibilité', en: 'Visibility' },
  dataUpdated: { fr: 'Données du', en: 'Data of' },
  records: { fr: 'Enregistrements', en: 'Records' },
  lastJob: { fr: 'Dernier traitement', en: 'Last job' },
  never: { fr: 'jamais publiées', en: 'never published' },
  deleted: { fr: 'Le jeu de données {id} a été supprimé.', en: 'The dataset {id} was deleted.' },
  readOnly: { fr: '(lecture seule)', en: '(read only)' },
  ownKeys: { fr: 'Mes clés d’API', en: 'My API keys' },
  audit: { fr: 'Journal', en: 'Log' },
  members: { fr: 'Membres', en: 'Members' },
  orgKeys: { fr: 'Clés d’API', en: 'API keys' },
  ofOrganisation: { fr: 'de {name}', en: 'of {name}' },
});

export interface BackofficeHomeProps {
  site: Site;
  userName: string;
  organisations: BackofficeOrganisation[];
  canPublish: boolean;
  /** Administrators (of the platform or of an organisation) read the audit log. */
  canReadAudit?: boolean;
  /** The id of a dataset just deleted, said once. */
  deleted?: string;
  /** What the user administers besides their organisations: portals, the platform. */
  administration?: { portals: { slug: string; title: string }[]; platformAdmin: boolean };
}

export function BackofficeHome(props: BackofficeHomeProps): JSX.Element {
  const { site } = props;
  const { lang } = site;
  return (
    <Layout site={site} title={tt(lang, 'title')} styles={BACKOFFICE_STYLES}>
      <h1>{tt(lang, 'title')}</h1>
      <p>{tt(lang, 'hello', { name: props.userName })}</p>
      {props.deleted && (
        <p class="notice" role="status">
          {tt(lang, 'deleted', { id: props.deleted })}
        </p>
      )}
      {props.canPublish && (
        <p>
          <a class="button" href={href(site, '/espace/publier')}>
            {tt(lang, 'publish')}
          </a>
        </p>
      )}
      <p>
        <a href={href(site, '/espace/cles')}>{tt(lang, 'ownKeys')}</a>
        {props.canReadAudit && (
          <>
            {' · '}
            <a href={href(site, '/espace/journal')}>{tt(lang, 'audit')}</a>
          </>
        )}
      </p>
      {props.administration && <AdministrationLinks site={site} {...props.administration} />}
      {props.organisations.length === 0 && <p>{tt(lang, 'noOrganisation')}</p>}
      {props.organisations.map((organisation) => (
        <section key={organisation.slug} aria-labelledby={`org-${organisation.slug}`}>
          <h2 id={`org-${organisation.slug}`}>
            {organisation.name} {!organisation.canEdit && <span class="hint">{tt(lang, 'readOnly')}</span>}
          </h2>
          {organisation.canAdminister && (
            <p>
              <a href={href(site, `/espace/organisations/${encodeURIComponent(organisation.slug)}/membres`)}>
                {tt(lang, 'members')}
                <span class="visually-hidden"> {tt(lang, 'ofOrganisation', { name: organisation.name })}</span>
              </a>
              {' · '}
              <a href={href(site, `/espace/organisations/${encodeURIComponent(organisation.slug)}/cles`)}>
                {tt(lang, 'orgKeys')}
                <span class="visually-hidden"> {tt(lang, 'ofOrganisation', { name: organisation.name })}</span>
              </a>
            </p>
          )}
          {organisation.datasets.length === 0 ? (
            <p>{tt(lang, 'noDataset')}</p>
          ) : (
            <ListTable caption={tt(lang, 'caption', { name: organisation.name })} headings={[tt(lang, 'dataset'), tt(lang, 'visibility'), tt(lang, 'dataUpdated'), tt(lang, 'records'), tt(lang, 'lastJob')]}>
              {organisation.datasets.map((d) => (
                <tr key={d.datasetId}>
                  <th scope="row">
                    {/* A viewer reads the dataset on the portal; only an editor manages it here. */}
                    <a href={href(site, organisation.canEdit ? `/espace/jeux/${encodeURIComponent(d.datasetId)}` : `/explore/dataset/${encodeURIComponent(d.datasetId)}/`)}>{d.title}</a>{' '}
                    <span class="hint">({d.datasetId})</span>
                  </th>
                  <td>
                    <VisibilityLabel lang={lang} visibility={d.visibility} />
                  </td>
                  <td>{d.dataUpdatedAt ? formatDate(lang, d.dataUpdatedAt) : tt(lang, 'never')}</td>
                  <td>{d.records === null ? '—' : formatNumber(lang, d.records)}</td>
                  <td>{d.lastJob ? <JobStatus lang={lang} job={d.lastJob} /> : '—'}</td>
                </tr>
              ))}
            </ListTable>
          )}
        </section>
      ))}
    </Layout>
  );
}
