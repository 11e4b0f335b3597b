// The Fastify application, built but not started (docs/STYLE.md §1): tests call buildApp() and inject
// requests; src/cli/serve.ts is the only place that listens.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Platform } from '../platform.js';
import { exploreRoutes } from './api/explore.js';
import { healthRoutes } from './api/health.js';
import { jobRoutes } from './api/jobs.js';
import { managementRoutes } from './api/management.js';
import { registerRequestContext } from './context.js';
import { registerErrorHandling } from './errors.js';
import { pageRoutes } from './web/pages.js';

export async function buildApp(platform: Platform): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: platform.config.logLevel },
    // ODS §1: clients request paths with and without a trailing slash; answer both, no redirect.
    routerOptions: { ignoreTrailingSlash: true },
  });
  registerErrorHandling(app);
  registerRequestContext(app, platform);
  await app.register(async (scope) => healthRoutes(scope, platform));
  await app.register(async (scope) => managementRoutes(scope, platform));
  await app.register(async (scope) => jobRoutes(scope, platform));
  // Every portal answers on its hosts at the root, and at /portals/{slug}/ on any host.
  for (const prefix of ['', '/portals/:portalSlug']) {
    // Each in its own scope: the Explore API's hooks (CORS, parameter checks) are not the pages'.
    await app.register(async (scope) => exploreRoutes(scope, platform), { prefix });
    await app.register(async (scope) => pageRoutes(scope, platform), { prefix });
  }
  return app;
}
