// Web pages of a portal, rendered on the server: they work without JavaScript and are indexable.
import type { FastifyInstance } from 'fastify';
import { datasetScope } from '../../auth/index.js';
import { listDatasets } from '../../catalog/index.js';
import type { Platform } from '../../platform.js';
import { HomePage, Layout, langOf, renderPage } from '../../web/index.js';

export async function pageRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  app.get('/', async (request, reply) => {
    const lang = langOf(request.query);
    const portal = request.portal;
    const { total, datasets } = portal
      ? await listDatasets(platform.db, datasetScope(request.caller, portal), { limit: 100, offset: 0 })
      : { total: 0, datasets: [] };
    const prefix = request.portalPrefix;
    const portalTitle = portal?.title ?? 'Territoires';
    const page = (
      <Layout
        lang={lang}
        title={portalTitle}
        portalTitle={portalTitle}
        primaryColor={portal?.theme.primaryColor ?? '#000091'}
        otherLanguageHref={`${prefix}/?lang=${lang === 'fr' ? 'en' : 'fr'}`}
        homeHref={`${prefix}/${lang === 'en' ? '?lang=en' : ''}`}
        apiHref={`${prefix}/api/explore/v2.1/catalog/datasets`}
      >
        <HomePage
          lang={lang}
          portalTitle={portal ? portal.title : null}
          homeText={portal?.homeText ?? ''}
          scopeName={portal?.scope?.name ?? null}
          total={total}
          datasets={datasets}
          prefix={prefix}
        />
      </Layout>
    );
    void reply.type('text/html; charset=utf-8').header('vary', 'Authorization, Cookie');
    return renderPage(page);
  });
}
