// The ingest path every publisher uses (CLI, management API, the demo region): a file becomes a
// typed dataset version, published in one switch. The dataset is created on the first publish; if
// that first publish fails, the dataset is removed again: never a half-published dataset.
import fsp from 'node:fs/promises';
import path from 'node:path';
import {
  createDataset, deleteDatasetRow, finishJob, findDataset, lastDeltaSeq, reportJobProgress, setDatasetSteps, getOrganisation, startJob, topOrganisation, updateDataset, VISIBILITIES,
  type Dataset, type DatasetMetas, type JobProgress, type Version, type Visibility,
} from '../catalog/index.js';
import { datasetScope, PLATFORM } from '../auth/index.js';
import { publishVersion, type DataPlaneContext, type PublishOptions } from '../data/index.js';
import { AppError, isAppError } from '../errors.js';
import { DEFAULT_MAX_COLUMNS } from './names.js';
import { recordsSource } from '../query/index.js';
import { checkReadable, writeTypedRecords, type Processing, type ReadFacts, type ReadOptions } from './prepare.js';
import { checkAgainstSchema } from './schema-check.js';
import { parseSteps } from './steps.js';

export interface PublishFileRequest {
  file: string;
  /** The name to show in messages and source facts (an upload's original name). */
  fileName?: string;
  /** A UTF-8 copy of the file made as it was received, when it was read as Windows-1252 (Utf8Copy). */
  utf8Copy?: string;
  datasetId: string;
  /** Slug, SIREN or code INSEE of the owner, for a new dataset; the platform's top organisation by default. */
  organisation?: string;
  title?: string;
  description?: string;
  visibility?: Visibility;
  metas?: Partial<DatasetMetas>;
  /** What the publisher sets instead of what is detected (encoding, delimiter, header line, types). */
  read?: ReadOptions;
  /** Processing steps to store with the dataset (they replace its steps) and apply from now on. */
  steps?: unknown[];
}

export interface PublishFileResult {
  dataset: Dataset;
  version: Version;
  created: boolean;
  /** How the file was read (format, encoding, delimiter, header line, sheet). */
  read: ReadFacts;
  /** The job that did it (GET /api/management/v1/jobs/{id}). */
  jobId: string;
}

/** A dataset's steps, ready to run: joins read other datasets' current records. */
export function processingOf(ctx: DataPlaneContext, dataset: Dataset, visibility: Visibility): Processing {
  return {
    steps: parseSteps(dataset.steps),
    visibility,
    async joinSource(datasetId) {
      const other = await findDataset(ctx.db, datasetScope(PLATFORM, null), datasetId);
      const source = other ? await recordsSource(ctx, other) : undefined;
      if (!other || !source) throw new AppError('DATASET_NOT_FOUND', { dataset_id: datasetId });
      return { sql: source.sql, params: source.params, fields: source.fields, visibility: other.visibility };
    },
  };
}

export async function publishFile(ctx: DataPlaneContext, request: PublishFileRequest, options: PublishOptions): Promise<PublishFileResult> {
  const fileName = request.fileName ?? path.basename(request.file);
  checkReadable(request.file, fileName);
  const scope = datasetScope(PLATFORM, null);
  let dataset = await findDataset(ctx.db, scope, request.datasetId);
  const created = !dataset;
  if (!dataset) {
    const owner = request.organisation ? await getOrganisation(ctx.db, request.organisation) : await topOrganisation(ctx.db);
    if (!owner) throw new AppError('NO_ORGANISATION');
    await createDataset(ctx.db, {
      datasetId: request.datasetId,
      owner,
      title: request.title ?? request.datasetId,
      description: request.description,
      visibility: request.visibility,
      metas: request.metas,
      source: { kind: 'upload' },
    });
    dataset = await findDataset(ctx.db, scope, request.datasetId);
    if (!dataset) throw new AppError('DATASET_NOT_FOUND', { dataset_id: request.datasetId });
  }
  // On an existing dataset, the request's metadata applies too, once the new records are live;
  // but a visibility that closes the dataset applies before they can be read.
  const closes = request.visibility !== undefined && VISIBILITIES.indexOf(request.visibility) > VISIBILITIES.indexOf(dataset.visibility);
  if (!created && closes) await updateDataset(ctx.db, dataset, { visibility: request.visibility });
  const jobId = await startJob(ctx.db, 'publish', dataset.uid, { file: fileName });
  try {
    // Steps given with the file apply to it, and are stored once it is published.
  const newSteps = request.steps === undefined ? undefined : parseSteps(request.steps);
  if (newSteps) dataset.steps = newSteps;
  const pushedBefore = await lastDeltaSeq(ctx.db, dataset.uid);
    const report = (progress: JobProgress) => reportJobProgress(ctx.db, jobId, progress);
    // A declared schema: validated first, refused here under the `block` policy, before any write.
    const checked = await checkAgainstSchema(ctx.db, { metas: { ...dataset.metas, ...request.metas } }, { file: request.file, fileName, read: request.read, timeoutMs: options.validationTimeoutMs ?? 0 }, report);
    const { version, prepared } = await ctx.engine.withConnection(async (connection) => {
      const processing = processingOf(ctx, dataset, request.visibility ?? dataset.visibility);
      const written = ctx.blobs.temporaryFile('.parquet');
      try {
        const write = (read: ReadOptions | undefined) =>
          writeTypedRecords(
            connection,
            {
              file: request.file,
              fileName,
              utf8Copy: request.utf8Copy,
              scratchFile: ctx.blobs.temporaryFile('.csv'),
              options: read,
              limits: { maxColumns: options.maxColumns ?? DEFAULT_MAX_COLUMNS, maxExtractedBytes: options.maxExtractedBytes },
              processing,
              report,
            },
            written,
          );
        // The schema's types, unless the publisher set others; where our reader reads a value the
        // schema allows in another way than expected, the fields keep the detected types.
        const schemaRead = checked && Object.keys(checked.types).length > 0 ? { ...request.read, types: { ...checked.types, ...request.read?.types } } : undefined;
        const prepared = schemaRead
          ? await write(schemaRead).catch((error: unknown) => {
              if (isAppError(error) && error.code === 'INGEST_TYPE_MISMATCH') return write(request.read);
              throw error;
            })
          : await write(request.read);
        const version = await publishVersion(
          ctx,
          {
            datasetUid: dataset.uid,
            fields: prepared.fields,
            // What was read and how, so that a refresh reads the next file the same way.
            source: { kind: 'upload', file: fileName, ...prepared.facts, types: request.read?.types ?? {}, ...(prepared.order ? { order: prepared.order } : {}) },
            writeParquet: (target) => fsp.rename(written, target),
            // A new file replaces the records, pushes made before it included.
            deltasUpTo: pushedBefore,
            validation: checked ? { report: checked.report, conformsTo: checked.conformsTo } : undefined,
          },
          options,
        );
        return { version, prepared };
      } finally {
        await fsp.rm(written, { force: true });
      }
    });
    await finishJob(ctx.db, jobId);
    if (newSteps) await setDatasetSteps(ctx.db, dataset.uid, newSteps);
    if (!created) {
      const { title, description, metas } = request;
      await updateDataset(ctx.db, dataset, { title, description, metas, visibility: closes ? undefined : request.visibility });
    }
    const published = await findDataset(ctx.db, scope, request.datasetId);
    return { dataset: published ?? dataset, version, created, read: prepared.facts, jobId };
  } catch (error) {
    // The job keeps what the publisher can act on; an unexpected error is logged by whoever catches it.
    const jobError = isAppError(error) ? error : new AppError('INTERNAL', { request_id: jobId });
    await finishJob(ctx.db, jobId, jobError).catch(() => undefined);
    if (created) await deleteDatasetRow(ctx.db, dataset.uid).catch(() => undefined);
    throw error;
  }
}

