// The web pages of a portal, rendered on the server: they work without JavaScript and are
// indexable; scripts (islands) only where interaction pays (the map). The URL scheme is
// OpenDataSoft portals' (`/explore/`, `/explore/dataset/{id}/table/`…) so that links into a portal
// that moved to Territoires keep working. Each group of pages has its own file; this one wires them.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform.js';
import { renderPage } from '../../web/index.js';
import { NoPortalPage } from '../../web/pages/no-portal.js';
import { accountPageRoutes, isAccountPage } from './account.js';
import { assetRoutes } from './assets.js';
import { backofficeRoutes } from './backoffice/index.js';
import { catalogPageRoutes } from './catalog.js';
import { datasetPageRoutes } from './dataset.js';
import { homePageRoutes } from './home.js';
import { legalPageRoutes } from './legal.js';
import { oidcRoutes } from './oidc.js';
import { organisationPageRoutes } from './organisations.js';
import { registerPageErrors } from './page-errors.js';
import { seoRoutes } from './seo.js';
import { siteOf } from './site.js';
import { validateFileRoutes } from './validate-file.js';

export async function pageRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  registerPageErrors(app);
  // A host no portal claims, on a platform whose operator set no default portal: one clear page
  // naming the platform, whatever the path (robots.txt and the scripts still answer).
  app.addHook('preHandler', async (request, reply) => {
    if (request.portal || request.url.startsWith('/robots.txt') || request.url.startsWith('/assets/') || isAccountPage(request.url)) return;
    return reply.status(404).type('text/html; charset=utf-8').send(renderPage(<NoPortalPage site={siteOf(request)} />));
  });
  await homePageRoutes(app, platform);
  await catalogPageRoutes(app, platform);
  await datasetPageRoutes(app, platform);
  await organisationPageRoutes(app, platform);
  await legalPageRoutes(app, platform);
  await validateFileRoutes(app, platform);
  await backofficeRoutes(app, platform);
  await oidcRoutes(app, platform);
  await accountPageRoutes(app, platform);
  await seoRoutes(app, platform);
  await assetRoutes(app, platform);
}
