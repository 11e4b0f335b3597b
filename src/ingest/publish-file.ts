// The ingest path every publisher uses (CLI, management API, the demo region): a file becomes a
// typed dataset version, published in one switch. The dataset is created on the first publish; if
// that first publish fails, the dataset is removed again: never a half-published dataset.
import fs from 'node:fs';
import path from 'node:path';
import {
  createDataset, deleteDatasetRow, finishJob, findDataset, getOrganisation, startJob, topOrganisation, updateDataset, VISIBILITIES,
  type Dataset, type DatasetMetas, type Version, type Visibility,
} from '../catalog/index.js';
import { datasetScope, PLATFORM } from '../auth/index.js';
import { PARQUET_COPY_OPTIONS, publishVersion, sqlIdentifier, sqlLiteral, type DataPlaneContext, type PublishOptions } from '../data/index.js';
import { AppError, isAppError } from '../errors.js';
import { detectDelimiter, type Delimiter } from './csv.js';
import { detectEncoding, textSample, type TextEncoding } from './decode.js';
import { loadCsvStaging, STAGING_TABLE } from './staging.js';
import { inferColumns, toField, typedExpression } from './typing.js';

export interface PublishFileRequest {
  file: string;
  /** The name to show in messages and source facts (an upload's original name). */
  fileName?: string;
  datasetId: string;
  /** Slug, SIREN or code INSEE of the owner, for a new dataset; the platform's top organisation by default. */
  organisation?: string;
  title?: string;
  description?: string;
  visibility?: Visibility;
  metas?: Partial<DatasetMetas>;
}

export interface PublishFileResult {
  dataset: Dataset;
  version: Version;
  created: boolean;
  encoding: TextEncoding;
  delimiter: Delimiter;
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
    const encoding = await detectEncoding(request.file);
    const delimiter = detectDelimiter(await textSample(request.file, encoding));
    const version = await ctx.engine.withConnection(async (connection) => {
      await connection.run("set TimeZone = 'Europe/Paris'");
      const columns = await loadCsvStaging(connection, { file: request.file, fileName, encoding, delimiter, scratchFile: ctx.blobs.temporaryFile('.csv') });
      const typed = await inferColumns(connection, STAGING_TABLE, columns);
      const select = `select ${typed.map((c) => `${typedExpression(c)} as ${sqlIdentifier(c.name)}`).join(', ')} from ${STAGING_TABLE}`;
      return publishVersion(
        ctx,
        {
          datasetUid: dataset.uid,
          fields: typed.map(toField),
          source: { kind: 'upload', file: fileName, encoding, delimiter },
          writeParquet: (target) => connection.run(`copy (${select}) to ${sqlLiteral(target)} (${PARQUET_COPY_OPTIONS})`),
        },
        options,
      );
    });
    await finishJob(ctx.db, jobId);
    if (!created) {
      const { title, description, metas } = request;
      await updateDataset(ctx.db, dataset, { title, description, metas, visibility: closes ? undefined : request.visibility });
    }
    const published = await findDataset(ctx.db, scope, request.datasetId);
    return { dataset: published ?? dataset, version, created, encoding, delimiter };
  } catch (error) {
    // The job keeps what the publisher can act on; an unexpected error is logged by whoever catches it.
    const jobError = isAppError(error) ? error : new AppError('INTERNAL', { request_id: jobId });
    await finishJob(ctx.db, jobId, jobError).catch(() => undefined);
    if (created) await deleteDatasetRow(ctx.db, dataset.uid).catch(() => undefined);
    throw error;
  }
}

function checkReadable(file: string, fileName: string): void {
  let size: number;
  try {
    size = fs.statSync(file).size;
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw new AppError('INGEST_FILE_NOT_FOUND', { file: fileName });
  }
  if (size === 0) throw new AppError('INGEST_EMPTY_FILE', { file: fileName });
}
