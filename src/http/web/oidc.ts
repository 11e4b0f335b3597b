// Sign-in through the OpenID Connect provider (ProConnect): /connexion/oidc sends the browser to the
// provider, /connexion/oidc/retour takes its answer, opens a session and lands on the page asked.
// Between the two, the state, nonce and PKCE verifier wait in a short-lived HttpOnly cookie: the
// browser that comes back must be the one that left (OIDC Core §3.1.2.1, RFC 7636).
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createSession, oidcProvider, userFromOidcIdentity, type OidcTransaction } from '../../auth/index.js';
import { AppError } from '../../errors.js';
import type { Platform } from '../../platform.js';
import { setSessionCookie } from '../session.js';

const TRANSACTION_COOKIE = 'territoires_oidc';
/** Time to sign in at the provider; a longer wait starts over. */
const TRANSACTION_SECONDS = 600;

export async function oidcRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  const providerOrFail = () => {
    const provider = oidcProvider(platform.config);
    if (!provider) throw new AppError('OIDC_NOT_CONFIGURED');
    return provider;
  };

  app.get('/connexion/oidc', async (request, reply) => {
    const provider = providerOrFail();
    const retour = localPath((request.query as { retour?: unknown }).retour) ?? `${request.portalPrefix}/espace`;
    const redirectUri = `${request.protocol}://${request.host}${request.portalPrefix}/connexion/oidc/retour`;
    const { url, transaction } = await provider.start(redirectUri, retour);
    reply.setCookie(TRANSACTION_COOKIE, Buffer.from(JSON.stringify(transaction)).toString('base64url'), {
      ...cookieOptions(request),
      maxAge: TRANSACTION_SECONDS,
    });
    return reply.header('cache-control', 'no-store').redirect(url, 303);
  });

  app.get('/connexion/oidc/retour', async (request, reply) => {
    const provider = providerOrFail();
    const transaction = readTransaction(request.cookies[TRANSACTION_COOKIE]);
    // One answer per transaction, success or not: a replayed callback finds no cookie.
    reply.clearCookie(TRANSACTION_COOKIE, cookieOptions(request));
    if (!transaction) {
      throw provider.failure(new Error('no sign-in under way in this browser; it expired or began elsewhere'), 'aucune connexion en cours dans ce navigateur ; elle a expiré ou a commencé ailleurs');
    }
    const identity = await provider.finish(new URLSearchParams(request.url.split('?')[1] ?? ''), transaction);
    const user = await userFromOidcIdentity(platform.db, identity, provider.settings.name);
    const session = await createSession(platform.db, user.id, request.ip);
    setSessionCookie(request, reply, session.token, session.expiresAt);
    return reply.header('cache-control', 'no-store').redirect(transaction.retour, 303);
  });
}

function cookieOptions(request: FastifyRequest): Parameters<FastifyReply['setCookie']>[2] {
  // Lax: the provider brings the browser back by a top-level GET from its own site.
  return { httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', path: `${request.portalPrefix}/connexion/oidc` };
}

function readTransaction(cookie: string | undefined): OidcTransaction | null {
  if (!cookie) return null;
  try {
    const value = JSON.parse(Buffer.from(cookie, 'base64url').toString('utf8')) as Partial<OidcTransaction>;
    const fields = [value.state, value.nonce, value.verifier, value.redirectUri, value.retour];
    return fields.every((field) => typeof field === 'string') && localPath(value.retour) ? (value as OidcTransaction) : null;
  } catch {
    return null;
  }
}

/** A path of this site, never another site's address (`//host`, `/\host` or `https://…` would leave it). */
function localPath(value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  return /[\u0000-\u001f\u007f]/.test(value) ? null : value;
}
