// `/espace/jeux/{id}`: a publisher manages one dataset. Every route checks, before it shows or
// changes anything, that the caller edits the dataset's organisation (datasetToEdit: 404 for a
// dataset they cannot see, 403 for one they see but may not edit); every change is audited, as
// the management API's are, and answered with a redirect to the page (post/redirect/get), whose
// notice says what was done. A form with an error is shown again with the error by its field.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { datasetToEdit, recordAction } from '../../../auth/index.js';
import { listJobs, listVersions, setDatasetSource, updateDataset, type Dataset } from '../../../catalog/index.js';
import { deleteDataset, diffVersions, rollbackTo } from '../../../data/index.js';
import { checkSchedule, refreshDataset } from '../../../ingest/index.js';
import type { Platform } from '../../../platform.js';
import { href, renderPage } from '../../../web/index.js';
import { DatasetAdmin, DeleteConfirmation, DONE_NOTICES, type DoneNotice } from '../../../web/pages/backoffice/dataset.js';
import { metadataValuesOf, type FormErrors, type MetadataValues } from '../../../web/pages/backoffice/fields.js';
import { requireSession } from '../../session.js';
import { siteOf } from '../site.js';
import { errorsOf, field, formBody, metadataFromForm, privatePage } from './forms.js';
import { jobSummaryOf } from './summaries.js';

type Params = { Params: { dataset_id: string } };

export async function datasetPageRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  /** The session and the dataset, once the caller is known to edit it. */
  const editing = async (request: FastifyRequest<Params>) => {
    const session = requireSession(request);
    const dataset = await datasetToEdit(platform.db, request.caller, request.params.dataset_id, 'dataset.update');
    return { session, dataset };
  };
  const audit = (request: FastifyRequest, dataset: Dataset, action: string, details?: Record<string, unknown>) =>
    recordAction(platform.db, request.caller, { action, target: dataset.datasetId, organisationId: dataset.owner.id, ip: request.ip, details });
  const backTo = (request: FastifyRequest, reply: FastifyReply, dataset: Dataset, done: DoneNotice) =>
    reply.redirect(href(siteOf(request), `/espace/jeux/${encodeURIComponent(dataset.datasetId)}`, { fait: done }), 303);

  const page = async (request: FastifyRequest<Params>, reply: FastifyReply, input: { values?: MetadataValues; schedule?: string; errors?: FormErrors } = {}) => {
    const { session, dataset } = await editing(request);
    const versions = await listVersions(platform.db, dataset.uid);
    const jobs = await listJobs(platform.db, dataset.uid);
    const source = dataset.source as { kind?: string; url?: string; schedule?: string | null };
    const done = field(formBody(request.query), 'fait');
    const errors = input.errors ?? {};
    const admin = (
      <DatasetAdmin
        site={siteOf(request)}
        csrf={session.csrf}
        dataset={{ datasetId: dataset.datasetId, title: dataset.title, ownerName: dataset.owner.name, visibility: dataset.visibility, url: source.kind === 'url' ? (source.url ?? '') : null, versionsCount: versions.length }}
        values={input.values ?? metadataValuesOf(dataset)}
        schedule={input.schedule ?? source.schedule ?? ''}
        errors={errors}
        jobs={jobs.slice(0, 20).map(jobSummaryOf)}
        // Newest first; each compared with the one before it.
        versions={versions.map((v, i) => ({ number: v.number, createdAt: v.createdAt, records: v.rowCount, live: v.id === dataset.liveVersionId, changes: diffVersions(versions[i + 1], v) }))}
        done={(DONE_NOTICES as readonly string[]).includes(done) ? (done as DoneNotice) : undefined}
      />
    );
    return privatePage(reply, Object.keys(errors).length > 0 ? 400 : 200).send(renderPage(admin));
  };

  app.get<Params>('/espace/jeux/:dataset_id', async (request, reply) => page(request, reply));

  app.post<Params>('/espace/jeux/:dataset_id', async (request, reply) => {
    const { dataset } = await editing(request);
    const { values, changes, errors } = metadataFromForm(formBody(request.body), siteOf(request).lang, dataset.visibility);
    if (Object.keys(errors).length > 0) return page(request, reply, { values, errors });
    try {
      await updateDataset(platform.db, dataset, changes);
    } catch (error) {
      return page(request, reply, { values, errors: errorsOf(error, siteOf(request).lang, 'title') });
    }
    await audit(request, dataset, 'dataset.update', { fields: Object.keys(changes), visibility: changes.visibility });
    return backTo(request, reply, dataset, 'enregistre');
  });

  app.post<Params>('/espace/jeux/:dataset_id/programmation', async (request, reply) => {
    const { dataset } = await editing(request);
    const schedule = field(formBody(request.body), 'schedule');
    if (dataset.source.kind !== 'url') return backTo(request, reply, dataset, 'programme');
    try {
      if (schedule) checkSchedule(schedule);
    } catch (error) {
      return page(request, reply, { schedule, errors: errorsOf(error, siteOf(request).lang, 'schedule') });
    }
    // The scheduler reads the schedules from the catalog again every so often (jobs/scheduler.ts).
    await setDatasetSource(platform.db, dataset.uid, { ...dataset.source, schedule: schedule || null });
    await audit(request, dataset, 'dataset.source', { url: String(dataset.source.url ?? ''), schedule: schedule || null });
    return backTo(request, reply, dataset, 'programme');
  });

  app.post<Params>('/espace/jeux/:dataset_id/actualiser', async (request, reply) => {
    const { dataset } = await editing(request);
    let result;
    try {
      result = await refreshDataset(platform, dataset.datasetId, platform.publishOptions, platform.fetchPolicy);
    } catch (error) {
      // The failed job, with its reason, is in the page's list of jobs; the error is said above it.
      return page(request, reply, { errors: errorsOf(error, siteOf(request).lang, 'refresh') });
    }
    await audit(request, dataset, 'dataset.refresh', { status: result.status });
    return backTo(request, reply, dataset, result.status === 'unchanged' ? 'inchange' : 'actualise');
  });

  app.post<{ Params: { dataset_id: string; number: string } }>('/espace/jeux/:dataset_id/versions/:number', async (request, reply) => {
    const { dataset } = await editing(request);
    const number = Number(request.params.number);
    try {
      await rollbackTo(platform, dataset.uid, dataset.datasetId, Number.isSafeInteger(number) ? number : -1);
    } catch (error) {
      return page(request, reply, { errors: errorsOf(error, siteOf(request).lang, 'versions') });
    }
    await audit(request, dataset, 'dataset.rollback', { version: number });
    return backTo(request, reply, dataset, 'retabli');
  });

  app.post<Params>('/espace/jeux/:dataset_id/depublier', async (request, reply) => {
    const { dataset } = await editing(request);
    await updateDataset(platform.db, dataset, { visibility: 'private' });
    await audit(request, dataset, 'dataset.update', { fields: ['visibility'], visibility: 'private' });
    return backTo(request, reply, dataset, 'depublie');
  });

  app.get<Params>('/espace/jeux/:dataset_id/supprimer', async (request, reply) => {
    const { session, dataset } = await editing(request);
    const versions = await listVersions(platform.db, dataset.uid);
    const summary = { datasetId: dataset.datasetId, title: dataset.title, ownerName: dataset.owner.name, visibility: dataset.visibility, url: null, versionsCount: versions.length };
    return privatePage(reply).send(renderPage(<DeleteConfirmation site={siteOf(request)} csrf={session.csrf} dataset={summary} />));
  });

  app.post<Params>('/espace/jeux/:dataset_id/supprimer', async (request, reply) => {
    const { dataset } = await editing(request);
    await deleteDataset(platform, dataset.uid);
    await audit(request, dataset, 'dataset.delete', { title: dataset.title });
    return reply.redirect(href(siteOf(request), '/espace', { supprime: dataset.datasetId }), 303);
  });
}

