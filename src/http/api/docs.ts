// The API's own description: the OpenAPI document at /api/openapi.json, and at /api/docs the
// interactive reference (Scalar) that renders it. Everything the page loads comes from this
// server: Scalar's script is served from node_modules by its plugin, and the defaults that would
// reach the Internet (fonts, telemetry, agent) are off, so the reference works offline.
import scalarReference from '@scalar/fastify-api-reference';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { openApiDocument } from './openapi/index.js';

const DOCUMENT = '/api/openapi.json';
const REFERENCE = '/api/docs';
/** Where the plugin serves Scalar's bundled script (its route is `${routePrefix}/js/scalar.js`). */
export const REFERENCE_SCRIPT = `${REFERENCE}/js/scalar.js`;

// The plugin redirects /api/docs to /api/docs/ because its page loads `js/scalar.js` relatively;
// ours loads the script by its absolute path, so /api/docs itself answers the page.
const pageWithoutRedirect: onRequestHookHandler = async (request) => {
  const [path, query] = request.raw.url?.split(/\?(.*)/s) ?? [];
  if (path === REFERENCE) request.raw.url = `${REFERENCE}/${query ? `?${query}` : ''}`;
};

export async function docsRoutes(app: FastifyInstance): Promise<void> {
  // Public, and the same for every caller and portal: no portal or key is read.
  app.get(DOCUMENT, { config: { withoutRequestContext: true } }, async (_request, reply) => {
    void reply.header('access-control-allow-origin', '*');
    return openApiDocument();
  });

  await app.register(scalarReference, {
    routePrefix: REFERENCE,
    logLevel: 'warn',
    hooks: { onRequest: pageWithoutRedirect },
    configuration: {
      pageTitle: 'Territoires API',
      cdn: REFERENCE_SCRIPT,
      sources: [{ url: DOCUMENT, title: 'Territoires API' }],
      withDefaultFonts: false,
      telemetry: false,
      agent: { disabled: true },
      showDeveloperTools: 'never',
    },
  });
}
