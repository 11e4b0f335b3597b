// `/espace/journal`: the audit log as its reader may see it (the whole platform for its
// administrators, their organisations' entries for an organisation's), newest first, a page at a
// time. Refused attempts stand out (by a word, not only a colour): they are what an administrator
// looks for first.
import type { JSX } from 'preact';
import { ROLES, type Role } from '../../../catalog/index.js';
import { defineTexts, type Lang } from '../../i18n.js';
import { Layout } from '../../layout.js';
import { href, type Site } from '../../site.js';
import { BACKOFFICE_STYLES, ListTable } from './fields.js';
import { roleLabel } from './organisation.js';

const tt = defineTexts({
  back: { fr: 'Mon espace', en: 'My space' },
  title: { fr: 'Journal des actions', en: 'Action log' },
  intro: {
    fr: 'Ce qui a été fait, et tenté sans en avoir le droit, dans les organisations que vous administrez : par qui, quand et d’où.',
    en: 'What was done, and attempted without the right to, in the organisations you administer: by whom, when and from where.',
  },
  introPlatform: {
    fr: 'Ce qui a été fait, et tenté sans en avoir le droit, sur toute la plateforme : par qui, quand et d’où.',
    en: 'What was done, and attempted without the right to, on the whole platform: by whom, when and from where.',
  },
  caption: { fr: 'Journal des actions, les plus récentes d’abord', en: 'Action log, newest first' },
  when: { fr: 'Quand (heure de Paris)', en: 'When (Paris time)' },
  who: { fr: 'Qui', en: 'Who' },
  action: { fr: 'Action', en: 'Action' },
  target: { fr: 'Sur', en: 'On' },
  organisation: { fr: 'Organisation', en: 'Organisation' },
  outcome: { fr: 'Résultat', en: 'Outcome' },
  from: { fr: 'Depuis', en: 'From' },
  done: { fr: 'Fait', en: 'Done' },
  refused: { fr: 'Refusé', en: 'Refused' },
  platform: { fr: 'la plateforme', en: 'the platform' },
  anonymous: { fr: 'visiteur anonyme', en: 'anonymous visitor' },
  attempt: { fr: 'Accès à {route}', en: 'Access to {route}' },
  role: { fr: 'rôle : {role}', en: 'role: {role}' },
  empty: { fr: 'Aucune action enregistrée.', en: 'No action recorded.' },
  older: { fr: 'Actions plus anciennes', en: 'Older actions' },
  newest: { fr: 'Les plus récentes', en: 'The newest' },
  'act_member.set': { fr: 'Rôle donné à un membre', en: 'Member’s role set' },
  'act_member.remove': { fr: 'Membre retiré', en: 'Member removed' },
  'act_member.invite': { fr: 'Invitation envoyée', en: 'Invitation sent' },
  'act_member.accept': { fr: 'Invitation acceptée', en: 'Invitation accepted' },
  'act_key.create': { fr: 'Clé d’API créée', en: 'API key created' },
  'act_key.revoke': { fr: 'Clé d’API révoquée', en: 'API key revoked' },
  'act_grant.add': { fr: 'Accès à un jeu restreint accordé', en: 'Access to a restricted dataset granted' },
  'act_grant.remove': { fr: 'Accès à un jeu restreint retiré', en: 'Access to a restricted dataset removed' },
  'act_organisation.create': { fr: 'Organisation créée', en: 'Organisation created' },
  'act_organisation.delegate': { fr: 'Délégation au parent changée', en: 'Delegation to the parent changed' },
  'act_user.create': { fr: 'Compte créé', en: 'Account created' },
  'act_user.disable': { fr: 'Compte désactivé', en: 'Account disabled' },
  'act_user.password_reset': { fr: 'Mot de passe réinitialisé', en: 'Password reset' },
  'act_user.platform_admin': { fr: 'Administration de la plateforme changée', en: 'Platform administration changed' },
  'act_dataset.publish': { fr: 'Jeu de données publié', en: 'Dataset published' },
  'act_dataset.update': { fr: 'Jeu de données modifié', en: 'Dataset edited' },
  'act_dataset.delete': { fr: 'Jeu de données supprimé', en: 'Dataset deleted' },
  'act_dataset.rollback': { fr: 'Version rétablie', en: 'Version restored' },
  'act_dataset.refresh': { fr: 'Jeu de données actualisé', en: 'Dataset refreshed' },
  'act_dataset.source': { fr: 'Source du jeu changée', en: 'Dataset source changed' },
});

const ACTIONS = new Set(['member.set', 'member.remove', 'member.invite', 'member.accept', 'key.create', 'key.revoke', 'grant.add', 'grant.remove', 'organisation.create', 'organisation.delegate', 'user.create', 'user.disable', 'user.password_reset', 'user.platform_admin', 'dataset.publish', 'dataset.update', 'dataset.delete', 'dataset.rollback', 'dataset.refresh', 'dataset.source']);

// To the second: several actions often happen within the same minute.
const WHEN = {
  fr: new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Europe/Paris' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Europe/Paris' }),
};

export const AUDIT_STYLES = `
tr.refused{background:#fef4f4}tr.refused td.outcome{color:#ce0500;font-weight:700}
`;

export interface AuditEntryView {
  id: string;
  at: string;
  /** A name and address, a key's name, or `platform` / `anonymous`. */
  who: string;
  action: string;
  target: string;
  organisation: string;
  outcome: 'done' | 'refused';
  ip: string;
  role: Role | null;
}

export interface AuditPageProps {
  site: Site;
  entries: AuditEntryView[];
  /** The id the next page starts before, when there may be one. */
  olderThan: string | null;
  /** Whether this page is a later one (a link back to the newest). */
  paged: boolean;
  /** A platform administrator reads every entry, not only their organisations'. */
  platformWide: boolean;
}

function actionLabel(lang: Lang, entry: AuditEntryView): string {
  if (ACTIONS.has(entry.action)) return tt(lang, `act_${entry.action as 'member.set'}`);
  // A refused attempt is recorded under the route it was made on (src/http/errors.ts).
  return entry.outcome === 'refused' ? tt(lang, 'attempt', { route: entry.action }) : entry.action;
}

function whoLabel(lang: Lang, who: string): string {
  return who === 'platform' || who === 'anonymous' ? tt(lang, who) : who;
}

export function AuditPage(props: AuditPageProps): JSX.Element {
  const { site } = props;
  const { lang } = site;
  const isRole = (role: Role | null): role is Role => role !== null && (ROLES as readonly string[]).includes(role);
  return (
    <Layout site={site} title={tt(lang, 'title')} styles={BACKOFFICE_STYLES + AUDIT_STYLES}>
      <p>
        <a href={href(site, '/espace')}>{tt(lang, 'back')}</a>
      </p>
      <h1>{tt(lang, 'title')}</h1>
      <p>{tt(lang, props.platformWide ? 'introPlatform' : 'intro')}</p>
      {props.entries.length === 0 ? (
        <p>{tt(lang, 'empty')}</p>
      ) : (
        <ListTable caption={tt(lang, 'caption')} headings={[tt(lang, 'when'), tt(lang, 'who'), tt(lang, 'action'), tt(lang, 'target'), tt(lang, 'organisation'), tt(lang, 'outcome'), tt(lang, 'from')]}>
          {props.entries.map((e) => (
            <tr key={e.id} class={e.outcome === 'refused' ? 'refused' : undefined}>
              <td>
                <time dateTime={e.at}>{WHEN[lang].format(new Date(e.at))}</time>
              </td>
              <td>{whoLabel(lang, e.who)}</td>
              <td>
                {actionLabel(lang, e)}
                {isRole(e.role) && <span class="hint"> ({tt(lang, 'role', { role: roleLabel(lang, e.role) })})</span>}
              </td>
              <td>{e.target}</td>
              <td>{e.organisation}</td>
              <td class="outcome">{tt(lang, e.outcome)}</td>
              <td>{e.ip}</td>
            </tr>
          ))}
        </ListTable>
      )}
      <p>
        {props.olderThan && <a href={href(site, '/espace/journal', { avant: props.olderThan })}>{tt(lang, 'older')}</a>}
        {props.olderThan && props.paged && ' · '}
        {props.paged && <a href={href(site, '/espace/journal')}>{tt(lang, 'newest')}</a>}
      </p>
    </Layout>
  );
}
