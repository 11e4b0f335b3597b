// The account pages (src/web/pages/account/): sign-in and sign-out, forgotten password, reset link,
// invitation link. Plain forms that work without JavaScript; an error shows the form again with
// its message (400, or 401 for a failed sign-in). The one-time token in a link's URL does not leak
// to other sites: the Referrer-Policy of every page (security-headers.ts) sends them the origin only.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JSX } from 'preact';
import {
  acceptInvitation, checkEmail, createSession, endSession, findInvitation, MIN_PASSWORD_LENGTH, oidcSignInLink, requestPasswordReset, resetPassword, resetTokenUsable, signIn,
} from '../../auth/index.js';
import { AppError, isAppError } from '../../errors.js';
import type { CatalogDb, UserRow } from '../../catalog/index.js';
import type { Platform } from '../../platform.js';
import { renderPage } from '../../web/index.js';
import type { AccountErrors } from '../../web/pages/account/form.js';
import { InvitationPage } from '../../web/pages/account/invitation.js';
import { ForgotPasswordPage, ResetPasswordPage } from '../../web/pages/account/password.js';
import { SignInPage } from '../../web/pages/account/sign-in.js';
import { mailLinkBase } from '../public-url.js';
import { clearSessionCookie, setSessionCookie } from '../session.js';
import { siteOf } from './site.js';

/** The pages that must answer even on a host no portal claims: a platform administrator signs in there first. */
const ACCOUNT_PATHS = ['/connexion', '/deconnexion', '/mot-de-passe-oublie', '/reinitialiser', '/invitation'];

export function isAccountPage(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return ACCOUNT_PATHS.some((p) => path === p || path.startsWith(`${p}/`));
}

type Form = Record<string, unknown>;
type Query = { Querystring: { retour?: string; jeton?: string } };

const NOTICES = {
  joined: { fr: 'Vous avez rejoint {organisation}. Connectez-vous pour y accéder.', en: 'You have joined {organisation}. Sign in to reach it.' },
};

export async function accountPageRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  const db = platform.db;

  app.get<Query>('/connexion', async (request, reply) => {
    const retour = localPath(request.query.retour);
    if (request.session) return redirect(reply, retour ?? home(request));
    return page(reply, 200, signInPage(platform, request, { retour, email: '', errors: {} }));
  });

  app.post('/connexion', { config: { rateLimit: 'sign-in' } }, async (request, reply) => {
    const form = formOf(request);
    const retour = localPath(text(form, 'retour'));
    const email = text(form, 'email');
    try {
      const user = await signIn(db, email, text(form, 'password'));
      return await openSession(db, request, reply, user, retour ?? home(request));
    } catch (error) {
      const errors = errorsOf(request, error);
      return page(reply, isAppError(error) ? error.status : 400, signInPage(platform, request, { retour, email, errors }));
    }
  });

  app.post('/deconnexion', async (request, reply) => {
    if (request.session) await endSession(db, request.session.token);
    clearSessionCookie(request, reply);
    return redirect(reply, `${request.portalPrefix}/`);
  });

  app.get('/mot-de-passe-oublie', async (request, reply) => page(reply, 200, <ForgotPasswordPage site={siteOf(request)} email="" errors={{}} />));

  app.post('/mot-de-passe-oublie', { config: { rateLimit: 'sign-in' } }, async (request, reply) => {
    const email = text(formOf(request), 'email');
    try {
      checkEmail(email);
      await requestPasswordReset(db, platform.mailer, email, mailLinkBase(platform, request));
    } catch (error) {
      // A mail that could not leave is the operator's problem; telling the visitor would tell them the account exists.
      if (isAppError(error) && error.code === 'MAIL_FAILED') request.log.error({ err: error }, error.message);
      else return page(reply, 400, <ForgotPasswordPage site={siteOf(request)} email={email} errors={errorsOf(request, error)} />);
    }
    return page(reply, 200, <ForgotPasswordPage site={siteOf(request)} email={email} errors={{}} sentTo={email} />);
  });

  app.get<Query>('/reinitialiser', async (request, reply) => {
    const token = request.query.jeton ?? '';
    const usable = await resetTokenUsable(db, token);
    return page(reply, usable ? 200 : 400, <ResetPasswordPage site={siteOf(request)} token={token} usable={usable} errors={usable ? {} : tokenError(request)} minLength={MIN_PASSWORD_LENGTH} />);
  });

  app.post('/reinitialiser', { config: { rateLimit: 'sign-in' } }, async (request, reply) => {
    const form = formOf(request);
    const token = text(form, 'jeton');
    try {
      const user = await resetPassword(db, token, text(form, 'password'));
      return await openSession(db, request, reply, user, home(request));
    } catch (error) {
      const errors = errorsOf(request, error);
      const usable = !errors.form;
      return page(reply, 400, <ResetPasswordPage site={siteOf(request)} token={token} usable={usable} errors={errors} minLength={MIN_PASSWORD_LENGTH} />);
    }
  });

  app.get<Query>('/invitation', async (request, reply) => {
    const token = request.query.jeton ?? '';
    const invitation = await findInvitation(db, token);
    const errors = invitation ? {} : tokenError(request);
    return page(reply, invitation ? 200 : 400, <InvitationPage site={siteOf(request)} token={token} invitation={invitation} name="" errors={errors} minLength={MIN_PASSWORD_LENGTH} />);
  });

  app.post('/invitation', { config: { rateLimit: 'sign-in' } }, async (request, reply) => {
    const form = formOf(request);
    const token = text(form, 'jeton');
    const invitation = await findInvitation(db, token);
    try {
      const user = await acceptInvitation(db, token, { name: text(form, 'name'), password: text(form, 'password', false) });
      // A new account is signed in at once; an existing one signs in as usual (the link proved the address, not the password).
      if (invitation && !invitation.hasAccount) return await openSession(db, request, reply, user, home(request));
      if (request.session?.user.id === user.id) return redirect(reply, home(request));
      const site = siteOf(request);
      const notice = NOTICES.joined[site.lang].replace('{organisation}', invitation?.organisation ?? '');
      return page(reply, 200, signInPage(platform, request, { retour: home(request), email: user.email, errors: {}, notice }));
    } catch (error) {
      const errors = errorsOf(request, error);
      const stillValid = errors.form ? undefined : invitation;
      return page(reply, 400, <InvitationPage site={siteOf(request)} token={token} invitation={stillValid} name={text(form, 'name')} errors={errors} minLength={MIN_PASSWORD_LENGTH} />);
    }
  });
}

function signInPage(platform: Platform, request: FastifyRequest, props: { retour: string | null; email: string; errors: AccountErrors; notice?: string }): JSX.Element {
  const oidc = oidcSignInLink(platform.config, request.portalPrefix, props.retour ?? undefined);
  return <SignInPage site={siteOf(request)} oidc={oidc} {...props} />;
}

/** A new session for every sign-in (never the one a visitor came with: no session fixation). */
async function openSession(db: CatalogDb, request: FastifyRequest, reply: FastifyReply, user: UserRow, to: string): Promise<FastifyReply> {
  if (request.session) await endSession(db, request.session.token);
  const session = await createSession(db, user.id, request.ip);
  setSessionCookie(request, reply, session.token, session.expiresAt);
  return redirect(reply, to);
}

function home(request: FastifyRequest): string {
  return `${request.portalPrefix}/espace`;
}

function page(reply: FastifyReply, status: number, element: JSX.Element): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(renderPage(element));
}

function redirect(reply: FastifyReply, to: string): FastifyReply {
  return reply.header('cache-control', 'no-store').redirect(to, 303);
}

/** A path of this site only: `//host`, `/\host` or `https://…` would send the visitor elsewhere. */
export function localPath(value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  return /[\u0000-\u001f\u007f]/.test(value) ? null : value;
}

function formOf(request: FastifyRequest): Form {
  return typeof request.body === 'object' && request.body !== null ? (request.body as Form) : {};
}

/** A field of the form, the last one when sent twice; trimmed, except passwords. */
function text(form: Form, name: string, trim = true): string {
  const raw = form[name];
  const value = Array.isArray(raw) ? raw.at(-1) : raw;
  if (typeof value !== 'string') return '';
  return trim ? value.trim() : value;
}

/** The message of an error, by the field it is about (`form` for the whole form); unexpected errors go on to the error page. */
function errorsOf(request: FastifyRequest, error: unknown): AccountErrors {
  if (!isAppError(error) || error.status >= 500) throw error;
  const message = siteOf(request).lang === 'fr' ? error.messageFr : error.message;
  const field = error.code === 'PASSWORD_TOO_SHORT' ? 'password' : error.location.field;
  return { [field ?? 'form']: message };
}

function tokenError(request: FastifyRequest): AccountErrors {
  return errorsOf(request, new AppError('TOKEN_INVALID'));
}
