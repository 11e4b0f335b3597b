// Sessions over HTTP: the cookie that carries a session, the forms that post to the pages, and
// the CSRF check. A request authenticated by its cookie (not by an API key) that changes something
// must send the session's CSRF token back, as the form field `_csrf` or the header X-CSRF-Token:
// a page of another site can make a browser post, but cannot read that token.
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csrfMatches, SESSION_COOKIE, sessionOf } from '../auth/index.js';
import type { CatalogDb, UserRow } from '../catalog/index.js';
import { AppError } from '../errors.js';
import type { Platform } from '../platform.js';

export interface RequestSession {
  user: UserRow;
  csrf: string;
  /** The cookie's token, to end the session on sign-out. */
  token: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The session of the cookie, when valid and the request came without an API key (src/http/context.ts). */
    session: RequestSession | null;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function registerSessions(app: FastifyInstance, _platform: Platform): Promise<void> {
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  app.decorateRequest('session', null);
  // A page that names who is signed in is theirs only: never kept by a shared cache. Every page
  // differs with the cookie (its header says who is signed in, or offers to sign in).
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.session && !reply.hasHeader('cache-control')) void reply.header('cache-control', 'private, no-cache');
    const vary = String(reply.getHeader('vary') ?? '');
    const html = String(reply.getHeader('content-type') ?? '').startsWith('text/html');
    if ((request.session || html) && !/\bcookie\b/i.test(vary)) void reply.header('vary', vary ? `${vary}, Cookie` : 'Cookie');
    return payload;
  });
}

/** The session of the request's cookie, or null (no cookie, unknown or expired token, disabled user). */
export async function sessionOfRequest(db: CatalogDb, request: FastifyRequest): Promise<RequestSession | null> {
  const token = request.cookies?.[SESSION_COOKIE];
  if (!token) return null;
  const found = await sessionOf(db, token);
  return found ? { ...found, token } : null;
}

/**
 * Refuses with CSRF_INVALID a request that changes something under a session without its token.
 * A page's multipart body is not read yet when this runs: its route calls checkCsrf with the
 * form's field. The APIs take no form field: a script sends the header, whatever its body.
 */
export function checkSessionCsrf(request: FastifyRequest): void {
  if (!request.session || !UNSAFE_METHODS.has(request.method)) return;
  const api = request.url.startsWith('/api/') || /^\/portals\/[^/]+\/api\//.test(request.url);
  if (api) return checkCsrf(request);
  if (request.headers['content-type']?.startsWith('multipart/')) return;
  const body = request.body as { _csrf?: unknown } | null | undefined;
  checkCsrf(request, typeof body === 'object' && body !== null && typeof body._csrf === 'string' ? body._csrf : undefined);
}

/** The token from the form (`fromForm`) or the X-CSRF-Token header must be the session's. */
export function checkCsrf(request: FastifyRequest, fromForm?: string): void {
  if (!request.session) return;
  const header = request.headers['x-csrf-token'];
  const sent = fromForm || (typeof header === 'string' ? header : undefined);
  if (!csrfMatches(request.session.csrf, sent)) throw new AppError('CSRF_INVALID');
}

export function requireSession(request: FastifyRequest): RequestSession {
  if (!request.session) throw new AppError('SESSION_REQUIRED');
  return request.session;
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date): void {
  // HttpOnly: scripts never read it; SameSite=Lax: other sites' forms do not carry it; Secure over https.
  void reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', secure: request.protocol === 'https', expires: expiresAt });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/', secure: request.protocol === 'https' });
}
