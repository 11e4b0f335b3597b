// How the back-office says a dataset's state in words: its visibility, and a job's outcome (done,
// running with its progress, failed with the reason the publisher can act on).
import type { JSX } from 'preact';
import type { JobStatus as JobState, Visibility } from '../../../catalog/index.js';
import { defineTexts, formatNumber, type Lang } from '../../i18n.js';

export interface JobSummary {
  id: string;
  kind: string;
  status: JobState;
  phase: string | null;
  /** 0 to 1. */
  progress: number | null;
  rowsRead: number | null;
  /** The job's error in both languages, when it failed. */
  error: { fr: string; en: string } | null;
  createdAt: string;
  finishedAt: string | null;
}

const tt = defineTexts({
  public: { fr: 'Public', en: 'Public' },
  restricted: { fr: 'Restreint', en: 'Restricted' },
  private: { fr: 'Privé', en: 'Private' },
  succeeded: { fr: 'Réussi le {date}', en: 'Succeeded on {date}' },
  failed: { fr: 'Échec le {date}', en: 'Failed on {date}' },
  running: { fr: 'En cours : {phase}', en: 'Running: {phase}' },
  queued: { fr: 'En attente', en: 'Queued' },
  percent: { fr: '{n} %', en: '{n}%' },
  rows: { fr: '{n} lignes lues', en: '{n} rows read' },
  kind_publish: { fr: 'Publication d’un fichier', en: 'File published' },
  kind_refresh: { fr: 'Actualisation depuis l’URL', en: 'Refresh from the URL' },
  kind_push: { fr: 'Envoi d’enregistrements', en: 'Records pushed' },
  kind_compaction: { fr: 'Compactage', en: 'Compaction' },
  'kind_scheduled-refresh': { fr: 'Actualisation programmée', en: 'Scheduled refresh' },
});

// A job is told to the minute: several may run the same day.
const DATE_TIME = { fr: new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' }), en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' }) };

export function formatDateTime(lang: Lang, iso: string): string {
  return DATE_TIME[lang].format(new Date(iso));
}

const KINDS = ['publish', 'refresh', 'push', 'compaction', 'scheduled-refresh'] as const;

export function jobKindLabel(lang: Lang, kind: string): string {
  return (KINDS as readonly string[]).includes(kind) ? tt(lang, `kind_${kind as (typeof KINDS)[number]}`) : kind;
}

export function VisibilityLabel({ lang, visibility }: { lang: Lang; visibility: Visibility }): JSX.Element {
  return <span class={visibility === 'public' ? undefined : 'badge'}>{tt(lang, visibility)}</span>;
}

export function JobStatus({ lang, job }: { lang: Lang; job: JobSummary }): JSX.Element {
  const date = formatDateTime(lang, job.finishedAt ?? job.createdAt);
  if (job.status === 'succeeded') return <span class="status-ok">{tt(lang, 'succeeded', { date })}</span>;
  if (job.status === 'failed') {
    return (
      <span>
        <span class="status-failed">{tt(lang, 'failed', { date })}</span>
        {job.error && <> : {job.error[lang]}</>}
      </span>
    );
  }
  if (job.status === 'queued') return <span class="status-running">{tt(lang, 'queued')}</span>;
  const percent = job.progress === null ? null : Math.round(job.progress * 100);
  return (
    <span class="status-running">
      {tt(lang, 'running', { phase: job.phase ?? '' })}
      {percent !== null && (
        <>
          {' '}
          <progress max={100} value={percent} aria-label={tt(lang, 'percent', { n: percent })}>
            {tt(lang, 'percent', { n: percent })}
          </progress>
        </>
      )}
      {job.rowsRead !== null && <> ({tt(lang, 'rows', { n: formatNumber(lang, job.rowsRead) })})</>}
    </span>
  );
}
