// What every request needs before its route runs: the portal it came through (from
// /portals/{slug}/ or the Host header) and the caller: from its API key, else from its session
// cookie (then a request that changes something must carry the session's CSRF token).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ANONYMOUS, callerFromApiKey, keyFromAuthorization, rightsOfUser, type Caller } from '../auth/index.js';
import { getPortalBySlug, resolvePortalByHost, type Portal } from '../catalog/index.js';
import type { Platform } from '../platform.js';
import { checkSessionCsrf, sessionOfRequest } from './session.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Routes that must answer without the catalog (health) skip portal and caller resolution. */
    withoutRequestContext?: boolean;
  }
  interface FastifyRequest {
    portal: Portal | null;
    caller: Caller;
    /** The path prefix of the portal when reached through /portals/{slug}/, else ''. */
    portalPrefix: string;
  }
}

export function registerRequestContext(app: FastifyInstance, platform: Platform): void {
  app.decorateRequest('portal', null);
  app.decorateRequest('portalPrefix', '');
  // Fastify wants reference-type decorations to start as null; the hook below sets it before any route.
  app.decorateRequest('caller', null as never);
  app.addHook('preHandler', async (request) => {
    if (request.routeOptions.config.withoutRequestContext) return;
    const slug = (request.params as { portalSlug?: string } | undefined)?.portalSlug;
    request.portalPrefix = slug ? `/portals/${encodeURIComponent(slug)}` : '';
    request.portal = slug ? await getPortalBySlug(platform.db, slug) : ((await resolvePortalByHost(platform.db, request.headers.host)) ?? null);
    const key = apiKeyOf(request);
    // An API key wins over a cookie: a script's key says who it acts for, whatever the browser holds.
    if (key) {
      request.caller = await callerFromApiKey(platform.db, key);
      return;
    }
    request.session = await sessionOfRequest(platform.db, request);
    request.caller = request.session ? { kind: 'account', rights: await rightsOfUser(platform.db, request.session.user) } : ANONYMOUS;
    checkSessionCsrf(request);
  });
}

function apiKeyOf(request: FastifyRequest): string | undefined {
  const fromHeader = keyFromAuthorization(request.headers.authorization);
  if (fromHeader) return fromHeader;
  // ODS §1: the key may also come as the `apikey` query parameter.
  const query = request.query as { apikey?: unknown } | undefined;
  return typeof query?.apikey === 'string' && query.apikey !== '' ? query.apikey : undefined;
}
