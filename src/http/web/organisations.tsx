// The organisation pages: `/organisations/` (the publishers of this portal that have a dataset the
// visitor may see, with how many) and `/organisations/{slug}/` (one of them and its datasets). The
// datasets come through the catalog's scope, as everywhere; an organisation outside the portal's
// scope answers as one that does not exist.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { datasetScope, type Caller } from '../../auth/index.js';
import { findOrganisation, listDatasets, listOrganisations, ORGANISATION_KINDS, type Dataset, type OrganisationRow, type Portal } from '../../catalog/index.js';
import { AppError } from '../../errors.js';
import type { Platform } from '../../platform.js';
import { renderPage } from '../../web/index.js';
import { OrganisationListPage, OrganisationPage, type OrganisationSummary } from '../../web/pages/organisations.js';
import { siteOf } from './site.js';

/** Every dataset at once: a portal's catalog is a few thousand datasets at most. */
const ALL = { limit: 1_000_000_000, offset: 0 };

export interface PortalOrganisations {
  /** The organisations within the portal's scope with at least one visible dataset, largest kind first. */
  organisations: OrganisationSummary[];
  /** The visible datasets, newest data first. */
  datasets: Dataset[];
  /** Every organisation within the portal's scope (for the 404 test). */
  inScope: OrganisationRow[];
  /** Every organisation of the platform by id (a parent may be above the portal's scope). */
  byId: Map<string, OrganisationRow>;
}

/** The organisations a caller finds on a portal, with their visible datasets counted. */
export async function portalOrganisations(platform: Platform, caller: Caller, portal: Portal | null): Promise<PortalOrganisations> {
  const { datasets } = await listDatasets(platform.db, datasetScope(caller, portal), ALL);
  const counts = new Map<string, number>();
  for (const dataset of datasets) counts.set(dataset.owner.id, (counts.get(dataset.owner.id) ?? 0) + 1);
  const all = await listOrganisations(platform.db);
  // The same prefix test as the catalog's portal scope (src/catalog/datasets.ts).
  const inScope = portal?.scope ? all.filter((o) => o.path.startsWith(portal.scope?.path ?? '')) : all;
  const byId = new Map(all.map((o) => [o.id, o]));
  // Largest territories first (région, département, EPCI, commune…), then by name.
  const rank = (o: OrganisationRow) => ORGANISATION_KINDS.indexOf(o.kind);
  const organisations = inScope
    .filter((o) => counts.has(o.id))
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'fr'))
    .map((o) => summary(o, counts.get(o.id) ?? 0, o.parent_id ? byId.get(o.parent_id) : undefined));
  return { organisations, datasets, inScope, byId };
}

function summary(row: OrganisationRow, datasetCount: number, parent: OrganisationRow | undefined): OrganisationSummary {
  return { slug: row.slug, name: row.name, kind: row.kind, datasetCount, parent: parent ? { slug: parent.slug, name: parent.name } : null };
}

export async function organisationPageRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  app.get('/organisations/', async (request, reply) => {
    const { organisations } = await portalOrganisations(platform, request.caller, request.portal);
    void reply.type('text/html; charset=utf-8').header('vary', 'Authorization, Cookie');
    return renderPage(<OrganisationListPage site={siteOf(request)} organisations={organisations} />);
  });

  app.get<{ Params: { slug: string } }>('/organisations/:slug/', async (request, reply) => {
    const { organisations, datasets, inScope, byId } = await portalOrganisations(platform, request.caller, request.portal);
    const organisation = await organisationInScope(platform, request, inScope);
    const parent = organisation.parent_id ? byId.get(organisation.parent_id) : undefined;
    const own = datasets.filter((d) => d.owner.id === organisation.id);
    const below = organisations.filter((o) => o.parent?.slug === organisation.slug);
    void reply.type('text/html; charset=utf-8').header('vary', 'Authorization, Cookie');
    return renderPage(
      <OrganisationPage
        site={siteOf(request)}
        organisation={summary(organisation, own.length, parent)}
        parentInPortal={parent !== undefined && inScope.some((o) => o.id === parent.id)}
        datasets={own}
        below={below}
      />,
    );
  });
}

/** The organisation of the URL, if the portal shows it; else the 404 of an unknown organisation. */
async function organisationInScope(platform: Platform, request: FastifyRequest<{ Params: { slug: string } }>, inScope: OrganisationRow[]): Promise<OrganisationRow> {
  const organisation = await findOrganisation(platform.db, request.params.slug);
  if (!organisation || organisation.slug !== request.params.slug || !inScope.some((o) => o.id === organisation.id)) {
    throw new AppError('ORGANISATION_NOT_FOUND', { organisation: request.params.slug });
  }
  return organisation;
}
