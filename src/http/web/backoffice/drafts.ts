// A file sent through the publishing wizard waits here, beside its owner and the dataset it is
// for, between the upload and the publish: the publisher sees the preview, corrects column types
// and writes the metadata first. Kept under the blob store's tmp/, which the server sweeps of old
// files at start, so that an abandoned upload does not stay forever.
import { createWriteStream } from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomId } from '../../../catalog/index.js';
import { AppError } from '../../../errors.js';
import { byteLimit } from '../../../ingest/index.js';
import type { Platform } from '../../../platform.js';

export interface Draft {
  id: string;
  userId: string;
  /** The slug of the organisation the dataset will belong to. */
  organisation: string;
  datasetId: string;
  /** A new file for a dataset that exists, rather than a new dataset. */
  existing: boolean;
  fileName: string;
  createdAt: string;
}

const ID = /^[a-z0-9]{16}$/;

function folder(platform: Platform): string {
  return path.join(platform.blobs.root, 'tmp', 'drafts');
}

export function draftFile(platform: Platform, draft: Pick<Draft, 'id'>): string {
  return path.join(folder(platform), `${draft.id}.upload`);
}

/** Streams the file to disk (stopped with 413 past the configured size), then writes what it is for. */
export async function saveDraft(platform: Platform, stream: Readable & { truncated?: boolean }, meta: Omit<Draft, 'id' | 'createdAt'>): Promise<Draft> {
  await fsp.mkdir(folder(platform), { recursive: true });
  const draft: Draft = { ...meta, id: randomId(16).toLowerCase(), createdAt: new Date().toISOString() };
  const file = draftFile(platform, draft);
  const limit = platform.config.uploadMaxBytes;
  try {
    await pipeline(stream, byteLimit(limit, () => new AppError('PAYLOAD_TOO_LARGE', { limit }, { field: 'file' })), createWriteStream(file));
    // busboy stops at its own limit without an error: it says so with `truncated`.
    if (stream.truncated) throw new AppError('PAYLOAD_TOO_LARGE', { limit }, { field: 'file' });
  } catch (error) {
    await fsp.rm(file, { force: true });
    throw error;
  }
  await fsp.writeFile(path.join(folder(platform), `${draft.id}.json`), JSON.stringify(draft));
  return draft;
}

/** The draft, if it exists and belongs to that user: another user's is as missing as a removed one. */
export async function readDraft(platform: Platform, id: string, userId: string): Promise<Draft> {
  const missing = new AppError('UPLOAD_DRAFT_NOT_FOUND');
  if (!ID.test(id)) throw missing;
  const text = await fsp.readFile(path.join(folder(platform), `${id}.json`), 'utf8').catch(() => undefined);
  const draft = text ? (JSON.parse(text) as Draft) : undefined;
  if (!draft || draft.userId !== userId) throw missing;
  await fsp.access(draftFile(platform, draft)).catch(() => {
    throw missing;
  });
  return draft;
}

export async function removeDraft(platform: Platform, draft: Draft): Promise<void> {
  await fsp.rm(draftFile(platform, draft), { force: true });
  await fsp.rm(path.join(folder(platform), `${draft.id}.json`), { force: true });
}
