// The back-office (`/espace`): the pages where publishers manage their data themselves, signed in
// with a session. In a scope of their own, so that a page asking for a session sends a visitor
// who has none to the sign-in page (303, then back here) instead of showing an error page.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Platform } from '../../../platform.js';
import { href } from '../../../web/index.js';
import { toAppError } from '../../errors.js';
import { sendErrorPage } from '../page-errors.js';
import { siteOf } from '../site.js';
import { adminRoutes } from './admin.js';
import { auditRoutes } from './audit.js';
import { datasetAccessRoutes } from './dataset-access.js';
import { datasetPageRoutes } from './dataset.js';
import { datasetSchemaRoutes } from './dataset-schema.js';
import { homeRoutes } from './home.js';
import { keyRoutes } from './keys.js';
import { organisationRoutes } from './organisation.js';
import { portalPageRoutes } from './portal.js';
import { uploadScriptRoute } from './upload-script.js';
import { wizardRoutes } from './wizard.js';

export async function backofficeRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  await app.register(async (scope) => {
    scope.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const appError = toAppError(error, request);
      if (appError.code === 'SESSION_REQUIRED') {
        const site = siteOf(request);
        return reply.header('cache-control', 'no-store').redirect(href(site, '/connexion', { retour: request.url }), 303);
      }
      if (appError.status >= 500) request.log.error({ err: error }, appError.message);
      void reply.header('cache-control', 'private, no-store');
      sendErrorPage(request, reply, appError);
      return reply;
    });
    await homeRoutes(scope, platform);
    await wizardRoutes(scope, platform);
    await datasetPageRoutes(scope, platform);
    await uploadScriptRoute(scope);
    await organisationRoutes(scope, platform);
    await keyRoutes(scope, platform);
    await auditRoutes(scope, platform);
    await datasetAccessRoutes(scope, platform);
    await datasetSchemaRoutes(scope, platform);
    await portalPageRoutes(scope, platform);
    await adminRoutes(scope, platform);
  });
}
