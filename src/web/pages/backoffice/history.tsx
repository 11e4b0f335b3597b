// A dataset's history in the back-office: its jobs (what ran, how far it got, why it failed) and
// its versions, each with what changed from the one before and a button to make it live again.
import type { JSX } from 'preact';
import { defineTexts, formatNumber, type Lang } from '../../i18n.js';
import { href, type Site } from '../../site.js';
import { CsrfInput, ListTable } from './fields.js';
import { formatDateTime, JobStatus, jobKindLabel, type JobSummary } from './status.js';

export interface VersionSummary {
  number: number;
  createdAt: string;
  records: number;
  live: boolean;
  changes: { records_delta: number; fields_added: string[]; fields_removed: string[]; fields_retyped: string[] };
}

const tt = defineTexts({
  jobs: { fr: 'Traitements', en: 'Jobs' },
  jobsCaption: { fr: 'Les derniers traitements du jeu de données', en: 'The dataset’s latest jobs' },
  noJob: { fr: 'Aucun traitement.', en: 'No job.' },
  kind: { fr: 'Traitement', en: 'Job' },
  started: { fr: 'Commencé le', en: 'Started on' },
  state: { fr: 'État', en: 'State' },
  reload: { fr: 'Actualiser la page pour suivre leur avancement', en: 'Reload the page to follow their progress' },
  versions: { fr: 'Versions', en: 'Versions' },
  versionsCaption: { fr: 'Les versions conservées, de la plus récente à la plus ancienne', en: 'The versions kept, newest first' },
  noVersion: { fr: 'Aucune version publiée.', en: 'No version published.' },
  version: { fr: 'Version', en: 'Version' },
  created: { fr: 'Publiée le', en: 'Published on' },
  records: { fr: 'Enregistrements', en: 'Records' },
  changes: { fr: 'Changements', en: 'Changes' },
  action: { fr: 'Action', en: 'Action' },
  live: { fr: 'En ligne', en: 'Live' },
  rollback: { fr: 'Remettre en ligne', en: 'Make live again' },
  rollbackLabel: { fr: 'Remettre en ligne la version {n}', en: 'Make version {n} live again' },
  purge: { fr: 'Purger…', en: 'Purge…' },
  purgeLabel: { fr: 'Purger la version {n}…', en: 'Purge version {n}…' },
  delta: { fr: '{n} enregistrements', en: '{n} records' },
  added: { fr: 'colonnes ajoutées : {list}', en: 'columns added: {list}' },
  removed: { fr: 'colonnes retirées : {list}', en: 'columns removed: {list}' },
  retyped: { fr: 'types changés : {list}', en: 'types changed: {list}' },
  same: { fr: 'mêmes colonnes', en: 'same columns' },
});

function signed(lang: Lang, n: number): string {
  return `${n > 0 ? '+' : n < 0 ? '−' : '±'}${formatNumber(lang, Math.abs(n))}`;
}

function changeText(lang: Lang, c: VersionSummary['changes']): string {
  const parts = [tt(lang, 'delta', { n: signed(lang, c.records_delta) })];
  if (c.fields_added.length) parts.push(tt(lang, 'added', { list: c.fields_added.join(', ') }));
  if (c.fields_removed.length) parts.push(tt(lang, 'removed', { list: c.fields_removed.join(', ') }));
  if (c.fields_retyped.length) parts.push(tt(lang, 'retyped', { list: c.fields_retyped.join(', ') }));
  if (parts.length === 1) parts.push(tt(lang, 'same'));
  return parts.join(' ; ');
}

export function JobsSection({ site, jobs }: { site: Site; jobs: JobSummary[] }): JSX.Element {
  const { lang } = site;
  return (
    <section aria-labelledby="jobs">
      <h2 id="jobs">{tt(lang, 'jobs')}</h2>
      {jobs.length === 0 ? (
        <p>{tt(lang, 'noJob')}</p>
      ) : (
        <>
          <ListTable caption={tt(lang, 'jobsCaption')} headings={[tt(lang, 'kind'), tt(lang, 'started'), tt(lang, 'state')]}>
            {jobs.map((job) => (
              <tr key={job.id}>
                <th scope="row">{jobKindLabel(lang, job.kind)}</th>
                <td>{formatDateTime(lang, job.createdAt)}</td>
                <td>
                  <JobStatus lang={lang} job={job} />
                </td>
              </tr>
            ))}
          </ListTable>
          {jobs.some((j) => j.status === 'running' || j.status === 'queued') && (
            <p>
              <a href={href(site, site.path, site.query)}>{tt(lang, 'reload')}</a>
            </p>
          )}
        </>
      )}
    </section>
  );
}

export function VersionsSection({ site, csrf, datasetId, versions, canEdit }: { site: Site; csrf: string; datasetId: string; versions: VersionSummary[]; canEdit: boolean }): JSX.Element {
  const { lang } = site;
  return (
    <section aria-labelledby="versions">
      <h2 id="versions">{tt(lang, 'versions')}</h2>
      {versions.length === 0 ? (
        <p>{tt(lang, 'noVersion')}</p>
      ) : (
        <ListTable caption={tt(lang, 'versionsCaption')} headings={[tt(lang, 'version'), tt(lang, 'created'), tt(lang, 'records'), tt(lang, 'changes'), tt(lang, 'action')]}>
          {versions.map((v) => (
            <tr key={v.number}>
              <th scope="row">{v.number}</th>
              <td>{formatDateTime(lang, v.createdAt)}</td>
              <td>{formatNumber(lang, v.records)}</td>
              <td>{changeText(lang, v.changes)}</td>
              <td>
                {v.live ? (
                  <strong>{tt(lang, 'live')}</strong>
                ) : (
                  canEdit && (
                    <form method="post" action={href(site, `/espace/jeux/${encodeURIComponent(datasetId)}/versions/${v.number}`)} class="inline-form">
                      <CsrfInput csrf={csrf} />
                      <button type="submit" class="secondary" aria-label={tt(lang, 'rollbackLabel', { n: v.number })}>
                        {tt(lang, 'rollback')}
                      </button>
                    </form>
                  )
                )}
                {/* Purging asks for a confirmation on a page of its own: it cannot be undone. */}
                {canEdit && (
                  <>
                    {' '}
                    <a href={href(site, `/espace/jeux/${encodeURIComponent(datasetId)}/versions/${v.number}/purger`)} aria-label={tt(lang, 'purgeLabel', { n: v.number })}>
                      {tt(lang, 'purge')}
                    </a>
                  </>
                )}
              </td>
            </tr>
          ))}
        </ListTable>
      )}
    </section>
  );
}
