// Table Schemas over HTTP (docs/schemas.md). Open to anyone, like validata.fr: the registry and the
// validation of a file (/api/schemas/v1/), nothing stored; and a dataset's live report, for those
// who see the dataset. In the management API: a kept version's report, the schema a dataset
// declares and its policy, and the registry's administration. Thin: src/schema does the work.
import fsp from 'node:fs/promises';
import path from 'node:path';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { callerLabel, datasetScope, datasetToEdit, recordAction, requireOrganisationAdmin, requirePlatformAdmin, requireSignedIn } from '../../auth/index.js';
import { getDataset, listVersions, updateDataset, versionValidation, type Dataset, type SchemaPolicy, type Version } from '../../catalog/index.js';
import { AppError } from '../../errors.js';
import { parseReadOptions } from '../../ingest/index.js';
import type { Platform } from '../../platform.js';
import { lastValue } from '../../query/index.js';
import { addSchema, findSchema, listSchemas, removeSchema, resolveSchema, validateContained, type RegistryEntry, type TableSchema } from '../../schema/index.js';
import { saveUpload } from './upload.js';

const SCHEMAS = '/api/schemas/v1';
const MANAGEMENT = '/api/management/v1';
const POLICIES: readonly SchemaPolicy[] = ['warn', 'block'];

type Query = Record<string, string | string[] | undefined>;
type DatasetParams = { dataset_id: string };

export async function tableSchemaRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  const { db } = platform;
  // The file to validate comes as the body, whatever its Content-Type (curl -T sends none), or as
  // a multipart form: streamed to disk as the publish upload is. JSON bodies keep Fastify's parser.
  app.removeContentTypeParser('text/plain');
  app.removeContentTypeParser('application/x-www-form-urlencoded');
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  await app.register(multipart);
  // Where a schema read from a URL is written while it is read: the data directory's tmp folder.
  const scratchDir = path.join(platform.blobs.root, 'tmp');

  app.get(`${SCHEMAS}/schemas`, async () => {
    const entries = await listSchemas(db);
    return { total_count: entries.length, results: entries.map(entryObject) };
  });

  app.get<{ Params: { name: string } }>(`${SCHEMAS}/schemas/:name`, async (request) => {
    const found = await findSchema(db, request.params.name);
    if (!found) throw new AppError('SCHEMA_NOT_FOUND', { schema: request.params.name });
    return { ...entryObject(found.entry), descriptor: found.schema.descriptor };
  });

  // POST the file: its report, 200 whether it conforms or not. Nothing is published or kept.
  app.post<{ Querystring: Query }>(`${SCHEMAS}/validate`, async (request) => {
    const ref = lastValue(request.query.schema)?.trim();
    if (!ref) throw new AppError('PARAMETER_REQUIRED', { parameter: 'schema' }, { parameter: 'schema' });
    const read = parseReadOptions({ encoding: lastValue(request.query.encoding), delimiter: lastValue(request.query.delimiter), sheet: lastValue(request.query.sheet) });
    // The schema first: a wrong name is answered before the file is received.
    const schema = await schemaOfRequest(platform, request, ref, scratchDir);
    const temporary = platform.blobs.temporaryFile('.upload');
    try {
      const { fileName } = await saveUpload(request, temporary, platform.config.uploadMaxBytes);
      const options = { fileName: lastValue(request.query.filename) ?? fileName ?? 'upload', encoding: read.encoding, delimiter: read.delimiter, sheet: read.sheet };
      return await validateContained(temporary, schema, options, platform.config.validationTimeoutMs);
    } finally {
      await fsp.rm(temporary, { force: true });
    }
  });

  // The live version's report: a dataset the caller cannot see is not found, as everywhere.
  app.get<{ Params: DatasetParams }>(`${SCHEMAS}/datasets/:dataset_id/validation`, async (request) => {
    const dataset = await getDataset(db, datasetScope(request.caller, request.portal), request.params.dataset_id);
    const live = dataset.metas.schema && dataset.liveVersionId ? (await listVersions(db, dataset.uid)).find((v) => v.id === dataset.liveVersionId) : undefined;
    return storedReport(platform, dataset, live);
  });

  await app.register(async (managed) => {
    managed.addHook('preHandler', async (request) => requireSignedIn(request.caller));
    const audit = (request: FastifyRequest, action: string, target: string, organisationId: string | null, details?: Record<string, unknown>) =>
      recordAction(db, request.caller, { action, target, organisationId, ip: request.ip, details });

    managed.get<{ Params: DatasetParams & { number: string } }>(`${MANAGEMENT}/datasets/:dataset_id/versions/:number/validation`, async (request) => {
      const dataset = await getDataset(db, datasetScope(request.caller, null), request.params.dataset_id);
      const versions = await listVersions(db, dataset.uid);
      const version = versions.find((v) => String(v.number) === request.params.number);
      if (!version) throw new AppError('VERSION_NOT_FOUND', { dataset_id: dataset.datasetId, number: request.params.number, kept: versions.map((v) => v.number).join(', ') || '—' });
      return storedReport(platform, dataset, version);
    });

    // PUT {"schema": "subventions" | null, "policy": "warn" | "block"}: for the next version published.
    managed.put<{ Params: DatasetParams; Body: unknown }>(`${MANAGEMENT}/datasets/:dataset_id/schema`, async (request) => {
      const dataset = await datasetToEdit(db, request.caller, request.params.dataset_id, 'dataset.schema');
      const body = jsonObject(request.body);
      if (body.schema === undefined && body.policy === undefined) throw invalidField('schema', undefined, 'a registry name, or null', 'un nom du registre, ou null');
      let schema = dataset.metas.schema;
      if (body.schema === null) schema = null;
      else if (body.schema !== undefined) {
        if (typeof body.schema !== 'string' || body.schema.trim() === '') throw invalidField('schema', body.schema, 'a registry name, or null', 'un nom du registre, ou null');
        const found = await findSchema(db, body.schema);
        if (!found) throw new AppError('SCHEMA_NOT_FOUND', { schema: body.schema }, { field: 'schema' });
        schema = found.entry.name;
      }
      let policy = dataset.metas.schemaPolicy;
      if (body.policy !== undefined) {
        if (typeof body.policy !== 'string' || !(POLICIES as readonly string[]).includes(body.policy)) throw invalidField('policy', body.policy, 'warn or block', 'warn ou block');
        policy = body.policy as SchemaPolicy;
      }
      // Choosing whether errors block is the organisation's administrators' call; so is lifting a
      // block by changing or removing the schema it applies to. An editor declares the schema.
      const changesPolicy = policy !== dataset.metas.schemaPolicy;
      const liftsBlock = dataset.metas.schemaPolicy === 'block' && schema !== dataset.metas.schema;
      if (changesPolicy || liftsBlock) requireOrganisationAdmin(request.caller, dataset.owner.id, 'dataset.schema-policy');
      await updateDataset(db, dataset, { metas: { schema, schemaPolicy: policy } });
      await audit(request, 'dataset.schema', dataset.datasetId, dataset.owner.id, { schema, policy });
      return { dataset_id: dataset.datasetId, schema, policy };
    });

    // POST {"url": …} or {"descriptor": {…}}, with an optional "name": by platform administrators.
    managed.post<{ Body: unknown }>(`${MANAGEMENT}/schemas`, async (request, reply) => {
      requirePlatformAdmin(request.caller, 'schema.add');
      const body = jsonObject(request.body);
      const name = optionalText(body, 'name');
      const url = optionalText(body, 'url');
      const descriptor = body.descriptor;
      if (descriptor !== undefined && (typeof descriptor !== 'object' || descriptor === null || Array.isArray(descriptor))) {
        throw invalidField('descriptor', descriptor, 'a Table Schema descriptor (a JSON object)', 'un descripteur Table Schema (un objet JSON)');
      }
      const entry = await addSchema(db, { name, url, descriptorText: descriptor === undefined ? undefined : JSON.stringify(descriptor) }, { fetch: platform.fetchPolicy, scratchDir, addedBy: callerLabel(request.caller) });
      await audit(request, 'schema.add', `schema:${entry.name}`, null, { url: entry.sourceUrl, version: entry.version });
      void reply.status(201);
      return entryObject(entry);
    });

    managed.delete<{ Params: { name: string } }>(`${MANAGEMENT}/schemas/:name`, async (request, reply) => {
      requirePlatformAdmin(request.caller, 'schema.remove');
      await removeSchema(db, request.params.name);
      await audit(request, 'schema.remove', `schema:${request.params.name}`, null);
      return reply.status(204).send();
    });
  });
}

/**
 * `?schema=`: a URL is fetched with the platform's fetch policy; anything else is a registry name.
 * Never a path: a file of the server is not the caller's to read. A schema from a URL only for a
 * signed-in caller: its patterns are any regular expression, and one written to backtrack for
 * ever would hold the server (the registry's schemas are the platform's or an administrator's).
 */
async function schemaOfRequest(platform: Platform, request: FastifyRequest, ref: string, scratchDir: string): Promise<TableSchema> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) {
    requireSignedIn(request.caller);
    return (await resolveSchema(ref, { db: platform.db, fetch: platform.fetchPolicy, scratchDir })).schema;
  }
  const found = await findSchema(platform.db, ref);
  if (!found) throw new AppError('SCHEMA_NOT_FOUND', { schema: ref }, { parameter: 'schema' });
  return found.schema;
}

/** A version's kept report with what it is about; 404 when there is none (no schema declared then). */
async function storedReport(platform: Platform, dataset: Dataset, version: Version | undefined) {
  const report = version ? await versionValidation(platform.db, version.id) : null;
  if (!version || !report) throw new AppError('SCHEMA_REPORT_NOT_FOUND', { dataset_id: dataset.datasetId });
  return { dataset_id: dataset.datasetId, version: version.number, live: version.id === dataset.liveVersionId, conforms_to: version.conformsTo, report };
}

/** A registry entry as the API answers it. */
export function entryObject(entry: RegistryEntry): Record<string, unknown> {
  return {
    name: entry.name,
    title: entry.title,
    version: entry.version,
    origin: entry.origin,
    source_url: entry.sourceUrl,
    homepage: entry.homepage,
    field_count: entry.fieldCount,
    custom_checks: entry.customChecks,
  };
}

function optionalText(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidField(field, value, 'a string', 'une chaîne de caractères');
  return value;
}

function invalidField(field: string, value: unknown, expected: string, expectedFr: string): AppError {
  return new AppError('INVALID_FIELD', { field, value: JSON.stringify(value ?? null), expected, expected_fr: expectedFr }, { field });
}

/** The body as a JSON object, or a clear 400 (a stream is a body sent with another media type). */
function jsonObject(body: unknown): Record<string, unknown> {
  const isStream = typeof (body as { pipe?: unknown } | null)?.pipe === 'function';
  if (typeof body !== 'object' || body === null || Array.isArray(body) || isStream) {
    throw new AppError('MALFORMED_BODY', { detail: 'expected a JSON object sent with Content-Type: application/json', detail_fr: 'un objet JSON envoyé avec Content-Type: application/json est attendu' });
  }
  return body as Record<string, unknown>;
}
