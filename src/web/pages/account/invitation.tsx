// The page an invitation link opens: someone new chooses their name and password; someone who
// already has an account accepts with one button.
import type { JSX } from 'preact';
import type { Role } from '../../../catalog/index.js';
import { defineTexts } from '../../i18n.js';
import { href, type Site } from '../../site.js';
import { AccountPage, CsrfField, Field, type AccountErrors } from './form.js';

const tt = defineTexts({
  title: { fr: 'Rejoindre {organisation}', en: 'Join {organisation}' },
  invalidTitle: { fr: 'Invitation', en: 'Invitation' },
  intro: { fr: 'Vous êtes invité·e à rejoindre {organisation} en tant que {role}, avec l’adresse {email}.', en: 'You are invited to join {organisation} as {role}, with the address {email}.' },
  role_admin: { fr: 'administrateur ou administratrice', en: 'administrator' },
  role_editor: { fr: 'éditeur ou éditrice', en: 'editor' },
  role_viewer: { fr: 'lecteur ou lectrice', en: 'viewer' },
  createIntro: { fr: 'Choisissez le nom affiché et le mot de passe de votre compte.', en: 'Choose the name shown and the password of your account.' },
  name: { fr: 'Nom et prénom', en: 'Full name' },
  password: { fr: 'Mot de passe', en: 'Password' },
  passwordHint: { fr: 'Au moins {min} caractères. Une phrase de plusieurs mots est facile à retenir et difficile à deviner.', en: 'At least {min} characters. A sentence of several words is easy to remember and hard to guess.' },
  create: { fr: 'Créer mon compte et rejoindre', en: 'Create my account and join' },
  existing: { fr: 'Vous avez déjà un compte avec cette adresse.', en: 'You already have an account with this address.' },
  accept: { fr: 'Accepter l’invitation', en: 'Accept the invitation' },
  askAgain: { fr: 'Demandez une nouvelle invitation à un administrateur de l’organisation.', en: 'Ask an administrator of the organisation for a new invitation.' },
});

export interface InvitationPageProps {
  site: Site;
  token: string;
  /** undefined: the link is unknown, expired or used. */
  invitation: { email: string; organisation: string; role: Role; hasAccount: boolean } | undefined;
  name: string;
  errors: AccountErrors;
  minLength: number;
}

export function InvitationPage(props: InvitationPageProps): JSX.Element {
  const { site, errors, invitation } = props;
  const { lang } = site;
  if (!invitation) {
    return (
      <AccountPage site={site} title={tt(lang, 'invalidTitle')} errors={errors}>
        <p>{tt(lang, 'askAgain')}</p>
      </AccountPage>
    );
  }
  const organisation = invitation.organisation;
  return (
    <AccountPage site={site} title={tt(lang, 'title', { organisation })} errors={errors} fieldOrder={invitation.hasAccount ? [] : ['name', 'password']}>
      <p>{tt(lang, 'intro', { organisation, role: tt(lang, `role_${invitation.role}`), email: invitation.email })}</p>
      <form class="account-form" method="post" action={href(site, '/invitation')} novalidate>
        <CsrfField site={site} />
        <input type="hidden" name="jeton" value={props.token} />
        {invitation.hasAccount ? (
          <p>{tt(lang, 'existing')}</p>
        ) : (
          <>
            <p>{tt(lang, 'createIntro')}</p>
            <Field site={site} id="name" type="text" autocomplete="name" label={tt(lang, 'name')} value={props.name} error={errors.name} />
            <Field site={site} id="password" type="password" autocomplete="new-password" label={tt(lang, 'password')} hint={tt(lang, 'passwordHint', { min: props.minLength })} error={errors.password} />
          </>
        )}
        <p>
          <button type="submit">{tt(lang, invitation.hasAccount ? 'accept' : 'create')}</button>
        </p>
      </form>
    </AccountPage>
  );
}
