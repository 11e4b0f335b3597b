// `/espace`: the signed-in publisher's organisations and their datasets, every visibility they
// may see (the same visibility rule as the API), with each dataset's state.
import type { FastifyInstance } from 'fastify';
import { canAdministerOrganisation, datasetScope, isPlatformAdmin } from '../../../auth/index.js';
import { listDatasets, listOrganisations, listPortals } from '../../../catalog/index.js';
import type { Platform } from '../../../platform.js';
import { renderPage } from '../../../web/index.js';
import { BackofficeHome, type BackofficeOrganisation } from '../../../web/pages/backoffice/home.js';
import { requireSession } from '../../session.js';
import { siteOf } from '../site.js';
import { field, formBody, privatePage } from './forms.js';
import { lastJobs } from './summaries.js';

// A back-office lists what one publisher manages: a few hundred datasets at most.
const MAX_DATASETS = 1000;

export async function homeRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  app.get('/espace', async (request, reply) => {
    const session = requireSession(request);
    const caller = request.caller;
    const admin = isPlatformAdmin(caller);
    const rights = caller.kind === 'account' ? caller.rights : null;
    const { datasets } = await listDatasets(platform.db, datasetScope(caller, null), { limit: MAX_DATASETS, offset: 0 });
    // The organisations of the user (and those that delegate to them); an administrator's list
    // is every organisation that has a dataset, besides their own.
    const mine = new Set([...(rights?.readable ?? []), ...(rights?.roles.map((r) => r.organisationId) ?? [])]);
    const shown = (await listOrganisations(platform.db)).filter((o) => mine.has(o.id) || (admin && datasets.some((d) => d.owner.id === o.id)));
    const jobs = await lastJobs(platform.db, datasets.filter((d) => shown.some((o) => o.id === d.owner.id)).map((d) => d.uid));
    const organisations: BackofficeOrganisation[] = shown.map((o) => ({
      slug: o.slug,
      name: o.name,
      canEdit: admin || (rights?.editable.includes(o.id) ?? false),
      canAdminister: admin || (rights?.administered.includes(o.id) ?? false),
      datasets: datasets
        .filter((d) => d.owner.id === o.id)
        .map((d) => ({ datasetId: d.datasetId, title: d.title, visibility: d.visibility, dataUpdatedAt: d.dataUpdatedAt, records: d.live?.rowCount ?? null, lastJob: jobs.get(d.uid) ?? null })),
    }));
    // Only an id is said back: the notice cannot be made to carry another text.
    const deleted = /^[a-z0-9][a-z0-9_-]{0,99}$/.exec(field(formBody(request.query), 'supprime'))?.[0];
    const canPublish = admin || (rights?.editable.length ?? 0) > 0;
    const portals = (await listPortals(platform.db)).filter((p) => canAdministerOrganisation(caller, p.scope?.organisationId ?? '')).map((p) => ({ slug: p.slug, title: p.title }));
    return privatePage(reply).send(renderPage(<BackofficeHome site={siteOf(request)} userName={session.user.name || session.user.email} organisations={organisations} canPublish={canPublish} canReadAudit={admin || (rights?.administered.length ?? 0) > 0} deleted={deleted} administration={{ portals, platformAdmin: admin }} />));
  });
}
