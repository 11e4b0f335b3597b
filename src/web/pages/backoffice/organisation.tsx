// `/espace/organisations/{org}/membres`: an organisation's administrators manage who belongs to it.
// Each member's role is changed by a form of its own (a select and a button: works without
// JavaScript); removing someone asks for a confirmation on a page of its own, since it takes away
// at once their access to the organisation's private data; an invitation goes by mail, because
// the link proves that the address belongs to the person invited.
import type { JSX } from 'preact';
import type { Role } from '../../../catalog/index.js';
import { defineTexts, type Lang } from '../../i18n.js';
import { Layout } from '../../layout.js';
import { href, type Site } from '../../site.js';
import { BACKOFFICE_STYLES, ConfirmPage, CsrfInput, ErrorSummary, Field, FieldError, ListTable, pageTitle, type FormErrors } from './fields.js';

export const ROLE_CHOICES: readonly Role[] = ['admin', 'editor', 'viewer'];

const tt = defineTexts({
  back: { fr: 'Mon espace', en: 'My space' },
  title: { fr: 'Membres de {organisation}', en: 'Members of {organisation}' },
  intro: {
    fr: 'Les administrateurs gèrent les membres, les clés d’API et lisent le journal ; les éditeurs publient et modifient les jeux de données ; les lecteurs voient les jeux privés et restreints.',
    en: 'Administrators manage members and API keys and read the log; editors publish and edit datasets; viewers see private and restricted datasets.',
  },
  keys: { fr: 'Clés d’API de l’organisation', en: 'API keys of the organisation' },
  caption: { fr: 'Membres de {organisation}', en: 'Members of {organisation}' },
  name: { fr: 'Nom', en: 'Name' },
  email: { fr: 'Adresse électronique', en: 'Email address' },
  role: { fr: 'Rôle', en: 'Role' },
  actions: { fr: 'Actions', en: 'Actions' },
  roleOf: { fr: 'Rôle de {name}', en: 'Role of {name}' },
  change: { fr: 'Changer le rôle', en: 'Change the role' },
  remove: { fr: 'Retirer', en: 'Remove' },
  // Said by screen readers after the button's words, so that each row's buttons differ.
  of: { fr: '({name})', en: '({name})' },
  you: { fr: '(vous)', en: '(you)' },
  none: { fr: 'Aucun membre pour le moment.', en: 'No member yet.' },
  role_admin: { fr: 'Administrateur', en: 'Administrator' },
  role_editor: { fr: 'Éditeur', en: 'Editor' },
  role_viewer: { fr: 'Lecteur', en: 'Viewer' },
  invite: { fr: 'Inviter une personne', en: 'Invite someone' },
  inviteHint: { fr: 'Elle reçoit un lien valable quelques jours pour créer son compte ou, si elle en a un, rejoindre l’organisation.', en: 'They receive a link, valid for a few days, to create their account or, if they have one, join the organisation.' },
  inviteRole: { fr: 'Rôle donné', en: 'Role given' },
  send: { fr: 'Envoyer l’invitation', en: 'Send the invitation' },
  done_role: { fr: 'Le rôle de {who} est maintenant : {role}.', en: 'The role of {who} is now: {role}.' },
  done_retire: { fr: '{who} ne fait plus partie de l’organisation.', en: '{who} is no longer a member of the organisation.' },
  done_invite: { fr: 'Invitation envoyée à {who}.', en: 'Invitation sent to {who}.' },
  confirmTitle: { fr: 'Retirer {name} de {organisation} ?', en: 'Remove {name} from {organisation}?' },
  confirmText: {
    fr: '{name} ({email}) ne verra plus les jeux privés et restreints de {organisation} et ne pourra plus les modifier, dès sa prochaine page. Ses clés d’API personnelles perdent les mêmes droits.',
    en: '{name} ({email}) will no longer see the private and restricted datasets of {organisation} nor edit them, from their next page on. Their personal API keys lose the same rights.',
  },
  confirm: { fr: 'Retirer de l’organisation', en: 'Remove from the organisation' },
  cancel: { fr: 'Annuler et revenir aux membres', en: 'Cancel and go back to the members' },
});

// The invitation's address field looks like the other fields (fields.tsx styles text inputs only).
const MEMBER_STYLES = `.form-field input[type=email]{font:inherit;padding:.4rem .5rem;border:1px solid #666;border-radius:4px}`;

export function roleLabel(lang: Lang, role: Role): string {
  return tt(lang, `role_${role}`);
}

export interface MemberView {
  userId: string;
  name: string;
  email: string;
  role: Role;
}

/** What was just done, said once above the list (the names come from the catalog, not from the URL). */
export type MembersNotice = { kind: 'role'; who: string; role: Role } | { kind: 'retire'; who: string } | { kind: 'invite'; who: string };

export interface MembersPageProps {
  site: Site;
  csrf: string;
  organisation: { slug: string; name: string };
  members: MemberView[];
  /** The signed-in user, marked "(you)" in the list. */
  selfId: string | null;
  invite: { email: string; role: Role };
  /** By field: `email`, `role` (the invitation), `role-{userId}` (a member's role), `members`. */
  errors: FormErrors;
  notice?: MembersNotice;
}

export const membersPath = (slug: string) => `/espace/organisations/${encodeURIComponent(slug)}/membres`;

function noticeText(lang: Lang, notice: MembersNotice): string {
  if (notice.kind === 'role') return tt(lang, 'done_role', { who: notice.who, role: roleLabel(lang, notice.role) });
  return tt(lang, notice.kind === 'retire' ? 'done_retire' : 'done_invite', { who: notice.who });
}

function RoleOptions({ lang, selected }: { lang: Lang; selected: Role }): JSX.Element {
  return (
    <>
      {ROLE_CHOICES.map((role) => (
        <option key={role} value={role} selected={role === selected}>
          {roleLabel(lang, role)}
        </option>
      ))}
    </>
  );
}

export function MembersPage(props: MembersPageProps): JSX.Element {
  const { site, organisation, errors } = props;
  const { lang } = site;
  const base = membersPath(organisation.slug);
  const title = tt(lang, 'title', { organisation: organisation.name });
  return (
    <Layout site={site} title={pageTitle(lang, title, errors)} styles={BACKOFFICE_STYLES + MEMBER_STYLES}>
      <p>
        <a href={href(site, '/espace')}>{tt(lang, 'back')}</a> · <a href={href(site, `/espace/organisations/${encodeURIComponent(organisation.slug)}/cles`)}>{tt(lang, 'keys')}</a>
      </p>
      <h1>{title}</h1>
      <p>{tt(lang, 'intro')}</p>
      {props.notice && (
        <p class="notice" role="status">
          {noticeText(lang, props.notice)}
        </p>
      )}
      <ErrorSummary lang={lang} errors={errors} />
      {errors.members && <FieldError lang={lang} id="members-error" message={errors.members} />}
      {props.members.length === 0 ? (
        <p>{tt(lang, 'none')}</p>
      ) : (
        <ListTable caption={tt(lang, 'caption', { organisation: organisation.name })} headings={[tt(lang, 'name'), tt(lang, 'email'), tt(lang, 'role'), tt(lang, 'actions')]}>
          {props.members.map((m) => {
            const id = `role-${m.userId}`;
            const error = errors[id];
            const shown = m.name || m.email;
            return (
              <tr key={m.userId}>
                <th scope="row">
                  {shown} {m.userId === props.selfId && <span class="hint">{tt(lang, 'you')}</span>}
                </th>
                <td>{m.email}</td>
                <td>
                  <form method="post" action={href(site, `${base}/${encodeURIComponent(m.userId)}/role`)}>
                    <CsrfInput csrf={props.csrf} />
                    <label class="visually-hidden" for={id}>
                      {tt(lang, 'roleOf', { name: shown })}
                    </label>
                    {error && <FieldError lang={lang} id={`${id}-error`} message={error} />}
                    <select id={id} name="role" aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? 'true' : undefined}>
                      <RoleOptions lang={lang} selected={m.role} />
                    </select>{' '}
                    <button type="submit" class="secondary">
                      {tt(lang, 'change')}
                      <span class="visually-hidden"> {tt(lang, 'of', { name: shown })}</span>
                    </button>
                  </form>
                </td>
                <td>
                  <a href={href(site, `${base}/${encodeURIComponent(m.userId)}/retirer`)}>
                    {tt(lang, 'remove')}
                    <span class="visually-hidden"> {tt(lang, 'of', { name: shown })}</span>
                  </a>
                </td>
              </tr>
            );
          })}
        </ListTable>
      )}
      <section aria-labelledby="invite">
        <h2 id="invite">{tt(lang, 'invite')}</h2>
        <p class="hint">{tt(lang, 'inviteHint')}</p>
        <form method="post" action={href(site, `/espace/organisations/${encodeURIComponent(organisation.slug)}/invitations`)}>
          <CsrfInput csrf={props.csrf} />
          <Field lang={lang} name="email" label={tt(lang, 'email')} errors={errors} required>
            {(a) => <input type="email" {...a} value={props.invite.email} autoComplete="off" spellcheck={false} />}
          </Field>
          <Field lang={lang} name="role" label={tt(lang, 'inviteRole')} errors={errors}>
            {(a) => (
              <select {...a}>
                <RoleOptions lang={lang} selected={props.invite.role} />
              </select>
            )}
          </Field>
          <p>
            <button type="submit">{tt(lang, 'send')}</button>
          </p>
        </form>
      </section>
    </Layout>
  );
}

export function RemoveMemberConfirmation({ site, csrf, organisation, member }: { site: Site; csrf: string; organisation: { slug: string; name: string }; member: MemberView }): JSX.Element {
  const { lang } = site;
  const base = membersPath(organisation.slug);
  const name = member.name || member.email;
  const title = tt(lang, 'confirmTitle', { name, organisation: organisation.name });
  return (
    <ConfirmPage site={site} csrf={csrf} title={title} action={`${base}/${encodeURIComponent(member.userId)}/retirer`} confirm={tt(lang, 'confirm')} cancel={{ path: base, label: tt(lang, 'cancel') }}>
      <p>{tt(lang, 'confirmText', { name, email: member.email, organisation: organisation.name })}</p>
    </ConfirmPage>
  );
}
