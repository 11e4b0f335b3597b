// The Fastify application, built but not started (docs/STYLE.md §1): tests call buildApp() and inject
// requests; src/cli/serve.ts is the only place that listens.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Platform } from '../platform.js';
import { docsRoutes } from './api/docs.js';
import { exploreRoutes } from './api/explore.js';
import { exploreCatalogRoutes } from './api/explore-catalog.js';
import { healthRoutes } from './api/health.js';
import { jobRoutes } from './api/jobs.js';
import { legacyV1Routes } from './api/legacy-v1.js';
import { managementRoutes } from './api/management.js';
import { managementAccessRoutes } from './api/management-access.js';
import { odsPushRoutes } from './api/ods-push.js';
import { registerQuotas } from './api/quota.js';
import { tableSchemaRoutes } from './api/schemas.js';
import { registerRequestContext } from './context.js';
import { registerErrorHandling } from './errors.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerSessions } from './session.js';
import { pageRoutes } from './web/pages.js';

export async function buildApp(platform: Platform): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: platform.config.logLevel },
    // ODS §1: clients request paths with and without a trailing slash; answer both, no redirect.
    routerOptions: { ignoreTrailingSlash: true },
    // Behind the reverse proxies named, the caller's address (limits per address, logs) is X-Forwarded-For's.
    trustProxy: platform.config.trustProxy.length > 0 ? platform.config.trustProxy : false,
  });
  registerErrorHandling(app, platform.db);
  await registerSessions(app, platform);
  registerRequestContext(app, platform);
  registerQuotas(app, platform.config);
  registerSecurityHeaders(app, platform.config);
  await app.register(async (scope) => healthRoutes(scope, platform));
  await app.register(async (scope) => managementRoutes(scope, platform));
  await app.register(async (scope) => managementAccessRoutes(scope, platform));
  // Table Schemas: the registry and validation (anyone), a dataset's schema (management), at the root only.
  await app.register(async (scope) => tableSchemaRoutes(scope, platform));
  // OpenDataSoft's push URL, at the root only, like the management API that hands it out.
  await app.register(async (scope) => odsPushRoutes(scope, platform));
  await app.register(async (scope) => jobRoutes(scope, platform));
  // The OpenAPI document and its interactive reference, at the root only.
  await app.register(async (scope) => docsRoutes(scope));
  // Every portal answers on its hosts at the root, and at /portals/{slug}/ on any host.
  for (const prefix of ['', '/portals/:portalSlug']) {
    // Each in its own scope: the Explore API's hooks (CORS, parameter checks) are not the pages'.
    // The catalog's routes share the records' scope, hence their hooks.
    await app.register(
      async (scope) => {
        await exploreRoutes(scope, platform);
        await exploreCatalogRoutes(scope, platform);
      },
      { prefix },
    );
    // The v1 Search API (ods-widgets) in its own scope: its errors have v1's shape.
    await app.register(async (scope) => legacyV1Routes(scope, platform), { prefix });
    await app.register(async (scope) => pageRoutes(scope, platform), { prefix });
  }
  return app;
}
