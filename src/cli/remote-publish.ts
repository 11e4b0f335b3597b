// `territoires publish … --remote https://data.example.fr`: the same publish, through the
// management API of a platform running elsewhere, with an API key (`--api-key`, or the
// TERRITOIRES_API_KEY variable so that the key stays out of the shell's history). The file is
// streamed, never read whole; the answer is printed as a local publish prints it.
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { AppError } from '../errors.js';
import type { Visibility } from '../catalog/index.js';
import type { ReadOptions } from '../ingest/index.js';

export interface RemotePublish {
  remote: string;
  apiKey: string;
  datasetId: string;
  /** A local file, or a URL that the platform reads (on its schedule when one is given). */
  source: string;
  schedule?: string;
  steps?: unknown[];
  organisation?: string;
  title?: string;
  description?: string;
  visibility?: Visibility;
  read: ReadOptions;
}

export interface RemoteAnswer {
  status: 'published' | 'unchanged';
  created?: boolean;
  version?: { number: number; records_count: number };
  fields?: Array<{ name: string; type: string; label: string }>;
}

export async function publishRemotely(request: RemotePublish): Promise<RemoteAnswer> {
  const base = `${request.remote.replace(/\/+$/, '')}/api/management/v1/datasets/${encodeURIComponent(request.datasetId)}`;
  const headers = { authorization: `Apikey ${request.apiKey}` };
  if (request.steps) await call(`${base}/steps`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(request.steps) });
  if (/^https?:\/\//i.test(request.source)) {
    const body = { url: request.source, schedule: request.schedule, organisation: request.organisation, title: request.title, description: request.description, visibility: request.visibility, ...readBody(request.read) };
    const answer = await call(`${base}/source`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: answer.status === 'unchanged' ? 'unchanged' : 'published', ...(answer as object) } as RemoteAnswer;
  }
  let size: number;
  try {
    size = statSync(request.source).size;
  } catch {
    throw new AppError('INGEST_FILE_NOT_FOUND', { file: request.source });
  }
  const query = new URLSearchParams({ filename: path.basename(request.source) });
  for (const [key, value] of Object.entries({ organisation: request.organisation, title: request.title, description: request.description, visibility: request.visibility })) if (value) query.set(key, value);
  for (const [key, value] of Object.entries(readBody(request.read))) {
    if (Array.isArray(value)) for (const v of value) query.append('type', v);
    else if (value !== undefined) query.set(key, String(value));
  }
  const answer = await call(`${base}/data?${query}`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/octet-stream', 'content-length': String(size) },
    body: Readable.toWeb(createReadStream(request.source)) as ReadableStream,
    duplex: 'half',
  });
  return { status: 'published', ...(answer as object) } as RemoteAnswer;
}

/** The read options as the management API names them. */
function readBody(read: ReadOptions): Record<string, string | number | string[] | undefined> {
  return {
    encoding: read.encoding,
    delimiter: read.delimiter,
    header_line: read.headerLine,
    sheet: read.sheet === undefined ? undefined : String(read.sheet),
    json_path: read.jsonPath,
    projection: read.projection,
    types: read.types ? Object.entries(read.types).map(([field, type]) => `${field}:${type}`) : undefined,
  };
}

async function call(url: string, init: RequestInit & { duplex?: 'half' }): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new AppError('REMOTE_UNREACHABLE', { url: new URL(url).origin, reason: error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error) });
  }
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // An answer that is not JSON (a proxy's error page): its status says enough.
  }
  if (!response.ok) {
    throw new AppError('REMOTE_REFUSED', { status: response.status, message: String(body.message ?? text.slice(0, 200)), message_fr: String(body.message_fr ?? body.message ?? text.slice(0, 200)) });
  }
  return body;
}
