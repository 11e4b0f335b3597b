// The OpenAPI 3.1 document of every route the server registers (GET /api/openapi.json), put
// together from one file per area. Servers are relative, so it works on any portal's host; the
// Explore API and the pages also answer under /portals/{slug}/, the other routes at the root only.
// test/http/openapi.test.ts fails when a registered route is missing from it.
import fs from 'node:fs';
import { ERROR_RESPONSES, ERROR_SCHEMAS, QUOTA_RESPONSE, QUOTA_SCHEMAS, SECURITY_SCHEMES } from './components.js';
import { EXPLORE_PARAMETERS, EXPLORE_PATHS } from './explore.js';
import { CATALOG_PATHS, CATALOG_SCHEMAS } from './explore-catalog.js';
import { EXPLORE_SCHEMAS } from './explore-schemas.js';
import { MANAGEMENT_PATHS } from './management.js';
import { ACCESS_PATHS, ACCESS_RESPONSES, ACCESS_SCHEMAS } from './management-access.js';
import { MANAGEMENT_SCHEMAS } from './management-schemas.js';
import { V1_PATHS, V1_SCHEMAS } from './legacy-v1.js';
import { ODS_PUSH_PATHS, ODS_PUSH_SCHEMAS, ODS_PUSH_SECURITY_SCHEMES, ODS_PUSH_TAG } from './ods-push.js';
import { PLATFORM_PATHS, SITE_SCHEMAS } from './site.js';
import { TABLE_SCHEMA_PATHS, TABLE_SCHEMA_SCHEMAS, TABLE_SCHEMAS_TAG } from './table-schemas.js';
import type { OpenApiDocument, Paths, Server } from './types.js';

export type { OpenApiDocument } from './types.js';

const THIS_PORTAL: Server = { url: '/', description: 'The portal of this host (Host header). / Le portail de cet hôte.' };
const PORTAL_BY_SLUG: Server = {
  url: '/portals/{portalSlug}',
  description: 'A portal by its slug, on any host. / Un portail par son identifiant, sur tout hôte.',
  variables: { portalSlug: { default: 'pays-de-la-loire', description: 'The portal’s slug. / L’identifiant du portail.' } },
};

/** Two files may document different methods of one path (GET and POST /organisations). */
function mergePaths(...parts: Paths[]): Paths {
  const merged: Paths = {};
  for (const part of parts) for (const [path, item] of Object.entries(part)) merged[path] = { ...merged[path], ...item };
  return merged;
}

/** Paths that answer at the root only: their own `servers` replace the document's. */
function atRootOnly(paths: Paths): Paths {
  return Object.fromEntries(Object.entries(paths).map(([path, item]) => [path, { ...item, servers: [THIS_PORTAL] }]));
}

const DESCRIPTION = `Territoires answers OpenDataSoft's **Explore API v2.1** (catalog, records with ODSQL, facets, exports, attachments) in the same shapes, so that clients, dashboards and ods-widgets written for an OpenDataSoft portal work unchanged; and a **management API** to publish and maintain datasets.

Territoires répond à l'**API Explore v2.1** d'OpenDataSoft dans les mêmes formes, et à une **API de gestion** pour publier et tenir à jour les jeux de données.

- **Portals / portails**: every Explore call answers within the portal of its host, or of \`/portals/{slug}/\` (the second server). / Chaque appel répond dans le portail de son hôte, ou de \`/portals/{slug}/\`.
- **Keys / clés**: without a key, public datasets; an operator key sees everything and opens the management API. An unknown or revoked key is a 401, never an anonymous answer. / Sans clé, les jeux publics ; une clé opérateur voit tout.
- **Errors / erreurs**: one body everywhere, \`{error_code, message, message_fr, code, location}\`; the codes are listed in docs/errors.md.
- **Quotas**: the reading APIs count calls a day, per key or per address without one; every answer says where the caller stands (\`X-RateLimit-*\`), past the quota a 429. / Les API de lecture comptent les appels par jour.
- **CORS**: the Explore routes send OpenDataSoft's CORS headers on every answer, errors included, and answer \`OPTIONS\` preflights with 204.`;

function packageVersion(): string {
  const text = fs.readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

let built: OpenApiDocument | undefined;

/** The document; built once, it does not change while the server runs. */
export function openApiDocument(): OpenApiDocument {
  built ??= {
    openapi: '3.1.0',
    info: { title: 'Territoires API', version: packageVersion(), description: DESCRIPTION, license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' } },
    servers: [THIS_PORTAL, PORTAL_BY_SLUG],
    tags: [
      { name: 'Explore API v2.1', description: 'OpenDataSoft-compatible reading of the catalog and the records. / Lecture du catalogue et des données, compatible OpenDataSoft.' },
      { name: 'Search API v1 (legacy)', description: 'OpenDataSoft’s v1 search, for ods-widgets and old reuses. / La recherche v1, pour les ods-widgets.' },
      { name: 'Management API', description: 'Publishing and maintaining datasets, with an operator key. / Publier et tenir à jour les jeux, avec une clé opérateur.' },
      ODS_PUSH_TAG,
      TABLE_SCHEMAS_TAG,
      { name: 'Platform', description: 'Health and this reference. / Santé et cette référence.' },
    ],
    paths: {
      ...CATALOG_PATHS,
      ...EXPLORE_PATHS,
      ...V1_PATHS,
      ...atRootOnly(mergePaths(MANAGEMENT_PATHS, ACCESS_PATHS, TABLE_SCHEMA_PATHS)),
      ...atRootOnly(ODS_PUSH_PATHS),
      ...atRootOnly(PLATFORM_PATHS),
    },
    components: {
      schemas: { ...ERROR_SCHEMAS, ...QUOTA_SCHEMAS, ...EXPLORE_SCHEMAS, ...CATALOG_SCHEMAS, ...V1_SCHEMAS, ...MANAGEMENT_SCHEMAS, ...ACCESS_SCHEMAS, ...ODS_PUSH_SCHEMAS, ...SITE_SCHEMAS, ...TABLE_SCHEMA_SCHEMAS },
      parameters: EXPLORE_PARAMETERS,
      responses: { ...ERROR_RESPONSES, ...QUOTA_RESPONSE, ...ACCESS_RESPONSES },
      securitySchemes: { ...SECURITY_SCHEMES, ...ODS_PUSH_SECURITY_SCHEMES },
    },
  };
  return built;
}
