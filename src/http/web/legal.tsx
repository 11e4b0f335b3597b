// The legal pages of a portal (src/web/pages/legal.tsx), at the addresses the layout's footer links:
// `/pages/mentions-legales/`, `/pages/donnees-personnelles/`, `/pages/accessibilite/`. Their texts
// are the portal's (edited with PATCH /api/management/v1/portals/{slug} or `territoires portals set`).
import type { FastifyInstance } from 'fastify';
import { topOrganisation } from '../../catalog/index.js';
import type { Platform } from '../../platform.js';
import { renderPage } from '../../web/index.js';
import { LEGAL_PAGES, LegalPage, type LegalPageSlug } from '../../web/pages/legal.js';
import { siteOf } from './site.js';

export async function legalPageRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  for (const [slug, kind] of Object.entries(LEGAL_PAGES) as [LegalPageSlug, (typeof LEGAL_PAGES)[LegalPageSlug]][]) {
    app.get(`/pages/${slug}/`, async (request, reply) => {
      const portal = request.portal;
      // The publisher: the organisation the portal shows, else the one at the top of the platform.
      const publisher = portal?.scope?.name ?? (await topOrganisation(platform.db))?.name ?? portal?.title ?? 'Territoires';
      void reply.type('text/html; charset=utf-8');
      return renderPage(
        <LegalPage site={siteOf(request)} kind={kind} markdown={portal?.pages[kind] ?? ''} publisher={publisher} accessibilityStatus={portal?.pages.accessibilityStatus ?? 'non'} />,
      );
    });
  }
}
