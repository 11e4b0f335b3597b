// The management API (/api/management/v1/): what publishers automate. Every route needs
// credentials (an API key, or a session with its CSRF token); each write checks that the caller
// edits the dataset's organisation (src/auth/dataset-rights.ts) and is written to the audit log.
import fsp from 'node:fs/promises';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actionWords, canAdministerOrganisation, datasetScope, visibleDatasets, datasetToEdit, organisationToPublishIn, recordAction, requireSignedIn, type Caller } from '../../auth/index.js';
import {
  checkVisibility, createPushKey, deleteAttachment, setDatasetSteps, getDataset, listDatasets, listJobs, listOrganisations, listVersions, ORGANISATION_KINDS, updateDataset,
  getPortalBySlug, listDatasetAliases, removeDatasetAlias, removePushKey, setDatasetAlias, updatePortal,
  versionValidation, type AccessibilityStatus, type CatalogDb, type DatasetAlias, type Portal, type PortalChanges, type DatasetChanges, type OrganisationKind, type Version,
} from '../../catalog/index.js';
import { deleteDataset, diffVersions, purgeVersion, rollbackTo } from '../../data/index.js';
import { AppError } from '../../errors.js';
import { attachFile, compactDataset, parseReadOptions, parseSteps, processingOf, previewFile, publishFile, publishFromUrl, pushRecords, refreshDataset, type PushBatch } from '../../ingest/index.js';
import type { Platform } from '../../platform.js';
import { lastValue, listOf, parsePaging } from '../../query/index.js';
import type { ValidationReport } from '../../schema/index.js';
import { attachmentObject, datasetObject } from './explore-shapes.js';
import { jobObject } from './jobs.js';
import { saveUpload } from './upload.js';

const BASE = '/api/management/v1';

interface DatasetParams {
  dataset_id: string;
}

export async function managementRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  // Uploaded files, whatever their Content-Type (curl -T sends none), reach the route as a stream
  // written to disk as it comes: never whole in memory. JSON bodies keep Fastify's parser.
  app.removeContentTypeParser('text/plain');
  // JSON bodies only: a form body (parsed for the sign-in pages) would pass for an object here.
  app.removeContentTypeParser('application/x-www-form-urlencoded');
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  await app.register(multipart);
  app.addHook('preHandler', async (request) => requireSignedIn(request.caller));

  const audit = (request: FastifyRequest, action: string, target: string, organisationId: string | null, details?: Record<string, unknown>) =>
    recordAction(platform.db, request.caller, { action, target, organisationId, ip: request.ip, details });

  /** A portal showing one organisation's datasets is administered by that organisation's administrators; the others by the platform's. */
  const portalToAdminister = async (caller: Caller, slug: string, action: string): Promise<Portal> => {
    const portal = await getPortalBySlug(platform.db, slug);
    if (!canAdministerOrganisation(caller, portal.scope?.organisationId ?? '')) throw new AppError('FORBIDDEN', actionWords(action));
    return portal;
  };

  app.get(`${BASE}/organisations`, async (request) => {
    const { kind } = request.query as { kind?: string };
    if (kind !== undefined && !(ORGANISATION_KINDS as readonly string[]).includes(kind)) {
      throw new AppError('INVALID_PARAMETER', { parameter: 'kind', value: kind, expected: ORGANISATION_KINDS.join(', ') }, { parameter: 'kind' });
    }
    const rows = await listOrganisations(platform.db, { kind: kind as OrganisationKind | undefined });
    return { total_count: rows.length, results: rows.map(({ path: _path, ...row }) => row) };
  });

  app.get(`${BASE}/datasets`, async (request) => {
    const paging = parsePaging(request.query as Record<string, unknown>, { maxLimit: 1000, maxWindow: 1_000_000 });
    const { total, datasets } = await listDatasets(platform.db, datasetScope(request.caller, null), paging);
    return { total_count: total, results: datasets.map((d) => ({ ...datasetObject(d), owner: d.owner.slug, visibility_level: d.visibility })) };
  });

  app.get<{ Params: DatasetParams }>(`${BASE}/datasets/:dataset_id`, async (request) => {
    const dataset = await getDataset(platform.db, datasetScope(request.caller, null), request.params.dataset_id);
    const versions = await listVersions(platform.db, dataset.uid);
    const jobs = await listJobs(platform.db, dataset.uid);
    return {
      ...datasetObject(dataset),
      owner: dataset.owner.slug,
      visibility_level: dataset.visibility,
      steps: dataset.steps,
      record_key: dataset.recordKey,
      source: dataset.source,
      versions: await Promise.all(versions.map((v) => versionSummary(platform.db, v, dataset.liveVersionId))),
      jobs: jobs.map(jobObject),
    };
  });

  // POST the file as the body: what would be published, and nothing is.
  app.post<{ Querystring: Record<string, string | string[] | undefined> }>(`${BASE}/preview`, async (request) => {
    const temporary = platform.blobs.temporaryFile('.upload');
    try {
      const { fileName } = await saveUpload(request, temporary, platform.config.uploadMaxBytes);
      // ?dataset=ID: preview with that dataset's processing steps.
      const datasetId = lastValue(request.query.dataset);
      const dataset = datasetId ? await getDataset(platform.db, datasetScope(request.caller, null), datasetId) : undefined;
      const processing = dataset ? processingOf(platform, dataset, dataset.visibility) : undefined;
      return await previewFile(platform, temporary, readOptionsOf(request.query), lastValue(request.query.filename) ?? fileName ?? 'upload', processing);
    } finally {
      await fsp.rm(temporary, { force: true });
    }
  });

  // PUT the file as the body: `curl -T communes.csv -H 'Content-Type: text/csv' …/datasets/communes/data?organisation=nantes`
  app.put<{ Params: DatasetParams; Querystring: Record<string, string | string[] | undefined> }>(`${BASE}/datasets/:dataset_id/data`, async (request, reply) => {
    const query = Object.fromEntries(['filename', 'organisation', 'title', 'description', 'visibility'].map((k) => [k, lastValue(request.query[k])]));
    // Checked before a byte of the file is read.
    const organisation = await organisationToPublishIn(platform.db, request.caller, request.params.dataset_id, query.organisation, 'dataset.publish');
    const read = readOptionsOf(request.query);
    const temporary = platform.blobs.temporaryFile('.upload');
    try {
      // A file from Excel is transcoded as it comes in, not after.
      const { fileName, utf8Copy } = await saveUpload(request, temporary, platform.config.uploadMaxBytes, `${temporary}.utf8`);
      const result = await publishFile(
        platform,
        {
          file: temporary,
          utf8Copy,
          fileName: query.filename ?? fileName ?? request.params.dataset_id,
          datasetId: request.params.dataset_id,
          organisation,
          title: query.title,
          description: query.description,
          visibility: query.visibility ? checkVisibility(query.visibility) : undefined,
          read,
        },
        platform.publishOptions,
      );
      await audit(request, 'dataset.publish', result.dataset.datasetId, result.dataset.owner.id, { version: result.version.number, created: result.created });
      void reply.status(result.created ? 201 : 200);
      return {
        dataset_id: result.dataset.datasetId,
        created: result.created,
        job_id: result.jobId,
        version: { id: result.version.id, number: result.version.number, records_count: result.version.rowCount },
        detected: result.read,
        fields: result.version.fields,
      };
    } finally {
      await fsp.rm(temporary, { force: true });
      await fsp.rm(`${temporary}.utf8`, { force: true });
    }
  });

  app.get<{ Params: DatasetParams }>(`${BASE}/datasets/:dataset_id/versions`, async (request) => {
    const dataset = await getDataset(platform.db, datasetScope(request.caller, null), request.params.dataset_id);
    const versions = await listVersions(platform.db, dataset.uid);
    return {
      total_count: versions.length,
      results: await Promise.all(versions.map(async (v, index) => ({ ...(await versionSummary(platform.db, v, dataset.liveVersionId)), changes: diffVersions(versions[index + 1], v) }))),
    };
  });

  // Rolls back (or forward) to a version still kept.
  app.post<{ Params: DatasetParams & { number: string } }>(`${BASE}/datasets/:dataset_id/versions/:number/publish`, async (request) => {
    const dataset = await datasetToEdit(platform.db, request.caller, request.params.dataset_id, 'dataset.rollback');
    const number = Number(request.params.number);
    if (!Number.isSafeInteger(number)) throw new AppError('INVALID_PARAMETER', { parameter: 'number', value: request.params.number, expected: 'a version number', expected_fr: 'un numéro de version' }, { parameter: 'number' });
    const version = await rollbackTo(platform, dataset.uid, dataset.datasetId, number);
    await audit(request, 'dataset.rollback', dataset.datasetId, dataset.owner.id, { version: number });
    return versionSummary(platform.db, version, version.id);
  });

  // Purges a version for good (personal data published by mistake): src/data/purge.ts.
  app.delete<{ Params: DatasetParams & { number: string } }>(`${BASE}/datasets/:dataset_id/versions/:number`, async (request) => {
    const dataset = await datasetToEdit(platform.db, request.caller, request.params.dataset_id, 'dataset.purge');
    const number = Number(request.params.number);
    if (!Number.isSafeInteger(number)) throw new AppError('INVALID_PARAMETER', { parameter: 'number', value: request.params.number, expected: 'a version number', expected_fr: 'un numéro de version' }, { parameter: 'number' });
    const { purged, live } = await purgeVersion(platform, dataset.uid, dataset.datasetId, number);
    await audit(request, 'dataset.purge', dataset.datasetId, dataset.owner.id, { version: number, checksum: purged.checksum, live: live?.number ?? null });
    return { dataset_id: dataset.datasetId, purged: number, live: live ? await versionSummary(platform.db, live, live.id) : null };
  });

  // A dataset read from a URL, now and then on its schedule: {"url": …, "schedule": "0 3 * * *", …}.
  app.put<{ Params: DatasetParams; Body: unknown }>(`${BASE}/datasets/:dataset_id/source`, async (request, reply) => {
    const body = jsonObject(request.body);
    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : undefined);
    if (!text('url')) throw new AppError('INVALID_FIELD', { field: 'url', value: JSON.stringify(body.url ?? null), expected: 'an http(s) URL', expected_fr: 'une URL http(s)' }, { field: 'url' });
    const organisation = await organisationToPublishIn(platform.db, request.caller, request.params.dataset_id, text('organisation'), 'dataset.source');
    const read = parseReadOptions({ encoding: text('encoding'), delimiter: text('delimiter'), headerLine: body.header_line === undefined ? undefined : String(body.header_line), sheet: text('sheet'), jsonPath: text('json_path'), projection: text('projection'), types: Array.isArray(body.types) ? body.types.map(String) : [] });
    const result = await publishFromUrl(
      platform,
      {
        datasetId: request.params.dataset_id,
        url: text('url') ?? '',
        schedule: body.schedule === null ? null : text('schedule'),
        organisation,
        title: text('title'),
        description: text('description'),
        visibility: text('visibility') ? checkVisibility(text('visibility') ?? '') : undefined,
        read,
      },
      platform.publishOptions,
      platform.fetchPolicy,
    );
    const dataset = await getDataset(platform.db, datasetScope(request.caller, null), request.params.dataset_id);
    await audit(request, 'dataset.source', dataset.datasetId, dataset.owner.id, { url: text('url') ?? '', schedule: body.schedule ?? null });
    if (result.status === 'unchanged') return { dataset_id: request.params.dataset_id, status: 'unchanged' };
    void reply.status(result.created ? 201 : 200);
    return { dataset_id: dataset.datasetId, status: 'published', created: result.created, version: { id: result.version.id, number: result.version.number, records_count: result.version.rowCount }, detected: result.read, source: dataset.source };
  });

  app.post<{ Params: DatasetParams }>(`${BASE}/datasets/:dataset_id/refresh`, async (request) => {
    await datasetToEdit(platform.db, request.caller, request.params.dataset_id, 'dataset.refresh');
    const result = await refreshDataset(platform, request.params.dataset_id, platform.publishOptions, platform.fetchPolicy);
    return result.status === 'unchanged'
      ? { dataset_id: request.params.dataset_id, status: 'unchanged' }
      : { dataset_id: request.params.dataset_id, status: 'published', version: { id: result.version.id, number: result.version.number, records_count: result.version.rowCount } };
  });

  // Realtime: upsert records (a JSON array, or {"upsert": […], "delete": [keys]}) by the key field.
  app.post<{ Params: DatasetParams; Querystring: Record<string, string | undefined>; Body: unknown }>(
    `${BASE}/datasets/:dataset_id/records`,
    { bodyLimit: 64 * 1024 * 1024 },
    async (request, reply) => {
      const organisation = await organisationToPublishIn(platform.db, request.caller, request.params.dataset_id, request.query.organisation, 'dataset.push');
      const batch = pushBatch(request.body);
      const result = await pushRecords(platform, request.params.dataset_id, batch, request.query.key, platform.publishOptions, organisation);
      void reply.status(result.created ? 201 : 200);
      return result;
    },
  );

  app.delete<{ Params: DatasetParams & { key: string } }>(`${BASE}/datasets/:dataset_id/records/:key`, async (request) => {
    await datasetToEdit(platform.db, request.caller, request.params.dataset_id, 'dataset.push');
    return pushRecords(platform, request.params.dataset_id, { upsert: [], delete: [request.params.key] }, undefined, platform.publishOptions);
  });

  // OpenDataSoft's push URL (api/ods-push.ts): a new key each time, shown once; the previous one stops working.
  app.post<{ Params: DatasetParams }>(`${BASE}/datasets/:dataset_id/push-key`, async (request, reply) => {
    const dataset = await datasetToEdit(platform.db, request.caller, request.params.dataset_id, 'dataset.push-key');
    const pushkey = await createPushKey(platform.db, dataset.uid);
    await audit(request, 'dataset.push-key.create', dataset.datasetId, dataset.owner.id);
    const url = (action: string) => `/api/push/1.0/${encodeURIComponent(dataset.datasetId)}/realtime/${action}/?pushkey=${pushkey}`;
    void reply.status(201);
    return { dataset_id: dataset.datasetId, pushkey, push_url: url('push'), delete_url: url('delete') };
  });

  app.delete<{ Params: DatasetParams }>(`${BASE}/datasets/:dataset_id/push-key`, async (request, reply) => {
    const dataset = await datasetToEdit(platform.db, request.caller, request.params.dataset_id, 'dataset.push-key');
    await removePushKey(platform.db, dataset.uid);
    await audit(request, 'dataset.push-key.remove', dataset.datasetId, dataset.owner.id);
    return reply.status(204).send();
  });

  // A portal's dataset aliases (catalog/aliases.ts): the ids of a migrated OpenDataSoft domain.
  app.get<{ Params: { slug: string } }>(`${BASE}/portals/:slug/aliases`, async (request) => {
    const aliases = await listDatasetAliases(platform.db, await getPortalBySlug(platform.db, request.params.slug), visibleDatasets(request.caller));
    return { total_count: aliases.length, results: aliases.map(aliasObject) };
  });

  // PUT {"dataset_id": …}: the alias names that dataset on the portal (again: the same state).
  app.put<{ Params: { slug: string; alias: string }; Body: unknown }>(`${BASE}/portals/:slug/aliases/:alias`, async (request) => {
    const datasetId = jsonObject(request.body).dataset_id;
    if (typeof datasetId !== 'string') throw new AppError('INVALID_FIELD', { field: 'dataset_id', value: JSON.stringify(datasetId ?? null), expected: 'a dataset id', expected_fr: 'un identifiant de jeu de données' }, { field: 'dataset_id' });
    const portal = await portalToAdminister(request.caller, request.params.slug, 'portal.alias');
    await audit(request, 'portal.alias.set', `${portal.slug}/${request.params.alias}`, portal.scope?.organisationId ?? null, { dataset_id: datasetId });
    return aliasObject(await setDatasetAlias(platform.db, { ...datasetScope(request.caller, portal), portal }, request.params.alias, datasetId));
  });

  app.delete<{ Params: { slug: string; alias: string } }>(`${BASE}/portals/:slug/aliases/:alias`, async (request, reply) => {
    const portal = await portalToAdminister(request.caller, request.params.slug, 'portal.alias');
    await removeDatasetAlias(platform.db, portal, request.params.alias);
    await audit(request, 'portal.alias.remove', `${portal.slug}/${request.params.alias}`, portal.scope?.organisationId ?? null);
    return reply.status(204).send();
  });

  // PATCH a portal's look, texts, legal pages and featured datasets (docs/portals.md): only the
  // fields given change; the answer is the whole portal, in the same field names.
  app.patch<{ Params: { slug: string }; Body: unknown }>(`${BASE}/portals/:slug`, async (request) => {
    const portal = await portalToAdminister(request.caller, request.params.slug, 'portal.update');
    const updated = portalObject(await updatePortal(platform.db, portal.slug, portalChanges(request.body)));
    await audit(request, 'portal.update', portal.slug, portal.scope?.organisationId ?? null, { fields: Object.keys(jsonObject(request.body)) });
    return updated;
  });

  app.post<{ Params: DatasetParams }>(`${BASE}/datasets/:dataset_id/compact`, async (request) => {
    await datasetToEdit(platform.db, request.caller, request.params.dataset_id, 'dataset.compact');
    const { version, folded } = await compactDataset(platform, request.params.dataset_id, platform.publishOptions);
    return { dataset_id: request.params.dataset_id, folded_up_to: folded, version: version ? await versionSummary(platform.db, version, version.id) : null };
  });

  // POST the file (raw body with ?filename=, or a multipart form): kept as it is with the dataset.
  app.post<{ Params: DatasetParams; Querystring: Record<string, string | undefined> }>(`${BASE}/datasets/:dataset_id/attachments`, async (request, reply) => {
    const dataset = await datasetToEdit(platform.db, request.caller, request.params.dataset_id, 'dataset.attachment');
    const temporary = platform.blobs.temporaryFile('.upload');
    try {
      const { fileName } = await saveUpload(request, temporary, platform.config.uploadMaxBytes);
      const name = request.query.filename ?? fileName;
      if (!name) throw new AppError('INVALID_FIELD', { field: 'filename', value: '', expected: 'the name of the file (?filename=…)', expected_fr: 'le nom du fichier (?filename=…)' }, { parameter: 'filename' });
      const row = await attachFile(platform, request.params.dataset_id, temporary, name, request.query.title);
      await audit(request, 'dataset.attachment.add', dataset.datasetId, dataset.owner.id, { attachment: row.id });
      void reply.status(201);
      return { ...attachmentObject(row), byte_size: row.byte_size };
    } finally {
      await fsp.rm(temporary, { force: true });
    }
  });

  app.delete<{ Params: DatasetParams & { attachment_id: string } }>(`${BASE}/datasets/:dataset_id/attachments/:attachment_id`, async (request, reply) => {
    const dataset = await datasetToEdit(platform.db, request.caller, request.params.dataset_id, 'dataset.attachment');
    const file = await deleteAttachment(platform.db, dataset.uid, request.params.attachment_id);
    if (!file) throw new AppError('ATTACHMENT_NOT_FOUND', { dataset_id: dataset.datasetId, attachment_id: request.params.attachment_id });
    await platform.blobs.remove(file);
    await audit(request, 'dataset.attachment.remove', dataset.datasetId, dataset.owner.id, { attachment: request.params.attachment_id });
    void reply.status(204);
  });

  // The processing steps replayed on every publish and refresh (a JSON array; [] removes them).
  app.put<{ Params: DatasetParams; Body: unknown }>(`${BASE}/datasets/:dataset_id/steps`, async (request) => {
    const dataset = await datasetToEdit(platform.db, request.caller, request.params.dataset_id, 'dataset.steps');
    const steps = parseSteps(request.body);
    await setDatasetSteps(platform.db, dataset.uid, steps);
    await audit(request, 'dataset.steps', dataset.datasetId, dataset.owner.id, { steps: steps.length });
    return { dataset_id: dataset.datasetId, steps };
  });

  app.patch<{ Params: DatasetParams; Body: unknown }>(`${BASE}/datasets/:dataset_id`, async (request) => {
    const dataset = await datasetToEdit(platform.db, request.caller, request.params.dataset_id, 'dataset.update');
    const changes = datasetChanges(request.body);
    await updateDataset(platform.db, dataset, changes);
    await audit(request, 'dataset.update', dataset.datasetId, dataset.owner.id, { fields: Object.keys(changes), ...(changes.visibility ? { visibility: changes.visibility } : {}) });
    return datasetObject(await getDataset(platform.db, datasetScope(request.caller, null), dataset.datasetId));
  });

  app.delete<{ Params: DatasetParams }>(`${BASE}/datasets/:dataset_id`, async (request, reply) => {
    const dataset = await datasetToEdit(platform.db, request.caller, request.params.dataset_id, 'dataset.delete');
    await deleteDataset(platform, dataset.uid);
    await audit(request, 'dataset.delete', dataset.datasetId, dataset.owner.id, { title: dataset.title });
    void reply.status(204);
  });
}

/** A version, with the schema it conforms to and its report's counts (the report itself: …/versions/{n}/validation). */
async function versionSummary(db: CatalogDb, v: Version, liveVersionId: string | null) {
  const report = (await versionValidation(db, v.id)) as Pick<ValidationReport, 'valid' | 'errorCount' | 'warningCount'> | null;
  const validation = report ? { valid: report.valid, errors: report.errorCount, warnings: report.warningCount } : null;
  return { id: v.id, number: v.number, records_count: v.rowCount, byte_size: v.byteSize, checksum: v.checksum, created_at: v.createdAt, published_at: v.publishedAt, live: v.id === liveVersionId, read: v.source, conforms_to: v.conformsTo, validation };
}

/** `?encoding=&delimiter=&header_line=&type=field:type&type=…` */
function readOptionsOf(query: Record<string, string | string[] | undefined>) {
  const types = listOf(query.type);
  return parseReadOptions({ encoding: lastValue(query.encoding), delimiter: lastValue(query.delimiter), headerLine: lastValue(query.header_line), sheet: lastValue(query.sheet), jsonPath: lastValue(query.json_path), projection: lastValue(query.projection), types });
}

/** A portal as the management API answers it: the names a PATCH body uses. */
function portalObject(portal: Portal): Record<string, unknown> {
  return {
    slug: portal.slug,
    title: portal.title,
    hostnames: portal.hostnames,
    is_default: portal.isDefault,
    scope: portal.scope?.name ?? null,
    home_text: portal.homeText,
    primary_color: portal.theme.primaryColor,
    logo_url: portal.theme.logoUrl,
    legal_notice: portal.pages.legalNotice,
    privacy: portal.pages.privacy,
    accessibility: portal.pages.accessibility,
    accessibility_status: portal.pages.accessibilityStatus,
    featured: portal.featured,
  };
}

/** A PATCH body's fields, each of the right type (their values are checked by updatePortal). */
function portalChanges(body: unknown): PortalChanges {
  const input = jsonObject(body);
  const text = (field: string, nullable = false): string | null | undefined => {
    const value = input[field];
    if (value === undefined || (nullable && value === null) || typeof value === 'string') return value as string | null | undefined;
    throw new AppError('INVALID_FIELD', { field, value: JSON.stringify(value), expected: 'a string', expected_fr: 'une chaîne de caractères' }, { field });
  };
  const featured = input.featured;
  if (featured !== undefined && !(Array.isArray(featured) && featured.every((id) => typeof id === 'string'))) {
    throw new AppError('INVALID_FIELD', { field: 'featured', value: JSON.stringify(featured), expected: 'a list of dataset ids', expected_fr: 'une liste d’identifiants de jeux de données' }, { field: 'featured' });
  }
  const defined = <T extends object>(o: T): T | undefined => {
    const kept = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
    return Object.keys(kept).length ? kept : undefined;
  };
  return {
    title: text('title') ?? undefined,
    homeText: text('home_text') ?? undefined,
    theme: defined({ primaryColor: text('primary_color') ?? undefined, logoUrl: text('logo_url', true) }),
    pages: defined({
      legalNotice: text('legal_notice') ?? undefined,
      privacy: text('privacy') ?? undefined,
      accessibility: text('accessibility') ?? undefined,
      accessibilityStatus: text('accessibility_status') as AccessibilityStatus | undefined,
    }),
    featured: featured as string[] | undefined,
  };
}

/** The body as a JSON object, or a clear 400. */
function aliasObject(alias: DatasetAlias): Record<string, unknown> {
  return { alias: alias.alias, dataset_id: alias.datasetId, created_at: alias.createdAt };
}

function jsonObject(body: unknown): Record<string, unknown> {
  const isStream = typeof (body as { pipe?: unknown } | null)?.pipe === 'function';
  if (typeof body !== 'object' || body === null || Array.isArray(body) || isStream) {
    throw new AppError('MALFORMED_BODY', { detail: 'expected a JSON object sent with Content-Type: application/json', detail_fr: 'un objet JSON envoyé avec Content-Type: application/json est attendu' });
  }
  return body as Record<string, unknown>;
}

function pushBatch(body: unknown): PushBatch {
  if (Array.isArray(body)) return { upsert: records(body, 'body'), delete: [] };
  const input = jsonObject(body);
  const deletes = input.delete ?? [];
  if (!Array.isArray(deletes) || deletes.some((k) => typeof k !== 'string' && typeof k !== 'number')) {
    throw new AppError('INVALID_FIELD', { field: 'delete', value: JSON.stringify(deletes).slice(0, 80), expected: 'an array of key values', expected_fr: 'un tableau de valeurs de clé' }, { field: 'delete' });
  }
  return { upsert: records(input.upsert ?? [], 'upsert'), delete: deletes as (string | number)[] };
}

function records(value: unknown, field: string): Record<string, unknown>[] {
  if (!Array.isArray(value) || value.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))) {
    throw new AppError('INVALID_FIELD', { field, value: JSON.stringify(value).slice(0, 80), expected: 'an array of records (JSON objects)', expected_fr: "un tableau d'enregistrements (objets JSON)" }, { field });
  }
  return value as Record<string, unknown>[];
}

function datasetChanges(body: unknown): DatasetChanges {
  const input = jsonObject(body);
  const changes: DatasetChanges = {};
  for (const key of ['title', 'description'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new AppError('INVALID_FIELD', { field: key, value: JSON.stringify(value), expected: 'a string', expected_fr: 'une chaîne de caractères' }, { field: key });
    changes[key] = value;
  }
  if (input.visibility !== undefined) changes.visibility = checkVisibility(String(input.visibility));
  return changes;
}
