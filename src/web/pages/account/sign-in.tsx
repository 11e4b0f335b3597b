// The sign-in page: an address and a password, a link for a forgotten password, and the button of
// the OpenID Connect provider when the platform has one (ProConnect for public agents).
import type { JSX } from 'preact';
import { defineTexts } from '../../i18n.js';
import { href, type Site } from '../../site.js';
import { AccountPage, CsrfField, Field, type AccountErrors } from './form.js';

const tt = defineTexts({
  title: { fr: 'Connexion', en: 'Sign in' },
  intro: { fr: 'Connectez-vous pour publier et gérer les données de votre organisation.', en: 'Sign in to publish and manage the data of your organisation.' },
  email: { fr: 'Adresse électronique', en: 'Email address' },
  emailHint: { fr: 'Format attendu : nom@domaine.fr', en: 'Expected format: name@domain.fr' },
  password: { fr: 'Mot de passe', en: 'Password' },
  submit: { fr: 'Se connecter', en: 'Sign in' },
  forgotten: { fr: 'Mot de passe oublié ?', en: 'Forgotten your password?' },
  or: { fr: 'Ou', en: 'Or' },
  withProvider: { fr: 'Se connecter avec {provider}', en: 'Sign in with {provider}' },
});

export interface SignInPageProps {
  site: Site;
  /** The local path to go back to once signed in. */
  retour: string | null;
  email: string;
  errors: AccountErrors;
  /** A message from the step before (an invitation accepted, a password changed). */
  notice?: string;
  oidc?: { href: string; label: string } | null;
}

export function SignInPage(props: SignInPageProps): JSX.Element {
  const { site, errors } = props;
  const { lang } = site;
  const formError = Boolean(errors.form);
  return (
    <AccountPage site={site} title={tt(lang, 'title')} errors={errors} fieldOrder={['email', 'password']}>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <p>{tt(lang, 'intro')}</p>
      <form class="account-form" method="post" action={href(site, '/connexion')} novalidate>
        <CsrfField site={site} />
        {props.retour && <input type="hidden" name="retour" value={props.retour} />}
        <Field site={site} id="email" type="email" autocomplete="username" label={tt(lang, 'email')} hint={tt(lang, 'emailHint')} value={props.email} error={errors.email} invalid={formError} />
        <Field site={site} id="password" type="password" autocomplete="current-password" label={tt(lang, 'password')} error={errors.password} invalid={formError} />
        <p>
          <button type="submit">{tt(lang, 'submit')}</button>
        </p>
        <p>
          <a href={href(site, '/mot-de-passe-oublie')}>{tt(lang, 'forgotten')}</a>
        </p>
      </form>
      {props.oidc && (
        <>
          <h2>{tt(lang, 'or')}</h2>
          <p>
            <a class="button" href={props.oidc.href}>
              {tt(lang, 'withProvider', { provider: props.oidc.label })}
            </a>
          </p>
        </>
      )}
    </AccountPage>
  );
}
