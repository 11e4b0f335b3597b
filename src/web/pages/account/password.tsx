// A forgotten password: the page that asks for the address (and answers the same whether it has an
// account or not), and the page a reset link opens, which asks for the new password.
import type { JSX } from 'preact';
import { defineTexts } from '../../i18n.js';
import { href, type Site } from '../../site.js';
import { AccountPage, CsrfField, Field, type AccountErrors } from './form.js';

const tt = defineTexts({
  forgotTitle: { fr: 'Mot de passe oublié', en: 'Forgotten password' },
  forgotIntro: {
    fr: 'Indiquez l’adresse électronique de votre compte : vous recevrez un lien pour choisir un nouveau mot de passe. Le lien est valable une heure.',
    en: 'Give the email address of your account: you will receive a link to choose a new password. The link is valid for one hour.',
  },
  email: { fr: 'Adresse électronique', en: 'Email address' },
  emailHint: { fr: 'Format attendu : nom@domaine.fr', en: 'Expected format: name@domain.fr' },
  send: { fr: 'Recevoir le lien', en: 'Send me the link' },
  sent: {
    fr: 'Si un compte existe pour {email}, un message vient de lui être envoyé avec un lien pour choisir un nouveau mot de passe. Pensez à vérifier vos courriers indésirables.',
    en: 'If an account exists for {email}, a message has just been sent to it with a link to choose a new password. Check your spam folder too.',
  },
  backToSignIn: { fr: 'Retour à la connexion', en: 'Back to sign-in' },
  resetTitle: { fr: 'Choisir un nouveau mot de passe', en: 'Choose a new password' },
  password: { fr: 'Nouveau mot de passe', en: 'New password' },
  passwordHint: { fr: 'Au moins {min} caractères. Une phrase de plusieurs mots est facile à retenir et difficile à deviner.', en: 'At least {min} characters. A sentence of several words is easy to remember and hard to guess.' },
  save: { fr: 'Enregistrer le mot de passe', en: 'Save the password' },
  askAgain: { fr: 'Demander un nouveau lien', en: 'Ask for a new link' },
});

export function ForgotPasswordPage(props: { site: Site; email: string; errors: AccountErrors; sentTo?: string }): JSX.Element {
  const { site, errors } = props;
  const { lang } = site;
  return (
    <AccountPage site={site} title={tt(lang, 'forgotTitle')} errors={errors} fieldOrder={['email']}>
      {props.sentTo !== undefined ? (
        <>
          <p class="notice" role="status">
            {tt(lang, 'sent', { email: props.sentTo })}
          </p>
          <p>
            <a href={href(site, '/connexion')}>{tt(lang, 'backToSignIn')}</a>
          </p>
        </>
      ) : (
        <form class="account-form" method="post" action={href(site, '/mot-de-passe-oublie')} novalidate>
          <p>{tt(lang, 'forgotIntro')}</p>
          <CsrfField site={site} />
          <Field site={site} id="email" type="email" autocomplete="email" label={tt(lang, 'email')} hint={tt(lang, 'emailHint')} value={props.email} error={errors.email ?? errors.form} />
          <p>
            <button type="submit">{tt(lang, 'send')}</button>
          </p>
        </form>
      )}
    </AccountPage>
  );
}

/** `usable` false: the link is unknown, expired or used; the page says so and offers a new one. */
export function ResetPasswordPage(props: { site: Site; token: string; usable: boolean; errors: AccountErrors; minLength: number }): JSX.Element {
  const { site, errors } = props;
  const { lang } = site;
  return (
    <AccountPage site={site} title={tt(lang, 'resetTitle')} errors={errors} fieldOrder={['password']}>
      {props.usable ? (
        <form class="account-form" method="post" action={href(site, '/reinitialiser')} novalidate>
          <CsrfField site={site} />
          <input type="hidden" name="jeton" value={props.token} />
          <Field site={site} id="password" type="password" autocomplete="new-password" label={tt(lang, 'password')} hint={tt(lang, 'passwordHint', { min: props.minLength })} error={errors.password ?? errors.form} />
          <p>
            <button type="submit">{tt(lang, 'save')}</button>
          </p>
        </form>
      ) : (
        <p>
          <a href={href(site, '/mot-de-passe-oublie')}>{tt(lang, 'askAgain')}</a>
        </p>
      )}
    </AccountPage>
  );
}
