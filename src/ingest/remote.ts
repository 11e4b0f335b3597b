// Reading a file from a remote URL, safely: http(s) only; every address the name resolves to, at
// every redirect, is checked, so that a URL cannot reach this machine or a private network unless
// an administrator allowed that host; a time limit and a size limit; and a conditional GET (ETag,
// Last-Modified), so that an unchanged file is not read again.
import { createWriteStream } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import dns from 'node:dns';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors.js';
import { byteLimit } from './byte-limit.js';

export interface FetchPolicy {
  /** Hosts (names or IP addresses) an administrator allows even on loopback or a private network. */
  allowedHosts: readonly string[];
  timeoutMs: number;
  maxBytes: number;
}

export interface Validators {
  etag?: string | null;
  lastModified?: string | null;
}

export type FetchOutcome =
  | { status: 'unchanged' }
  | { status: 'fetched'; fileName: string; etag: string | null; lastModified: string | null };

const MAX_REDIRECTS = 5;

// Loopback, private, link-local, carrier-grade NAT, "this network", multicast and reserved ranges.
const FORBIDDEN = new net.BlockList();
for (const [address, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 3]] as const) {
  FORBIDDEN.addSubnet(address, prefix, 'ipv4');
}
for (const [address, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) FORBIDDEN.addSubnet(address, prefix, 'ipv6');

export function isForbiddenAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return FORBIDDEN.check(mapped, 'ipv4');
  return FORBIDDEN.check(address, net.isIPv6(address) ? 'ipv6' : 'ipv4');
}

export function checkUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('URL_INVALID', { url: text }, { field: 'url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('URL_INVALID', { url: text }, { field: 'url' });
  return url;
}

/** Downloads the URL to `target`, unless the server says it has not changed since `validators`. */
export async function fetchToFile(text: string, target: string, policy: FetchPolicy, validators: Validators = {}): Promise<FetchOutcome> {
  let url = checkUrl(text);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
    const response = await request(url, policy, validators);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && status !== 304 && response.headers.location) {
      response.resume();
      url = checkUrl(new URL(response.headers.location, url).toString());
      continue;
    }
    if (status === 304) {
      response.resume();
      return { status: 'unchanged' };
    }
    if (status < 200 || status >= 300) {
      response.resume();
      throw new AppError('URL_FETCH_FAILED', { url: url.toString(), status });
    }
    await save(response, target, policy.maxBytes, url);
    return {
      status: 'fetched',
      fileName: fileNameOf(url, response.headers['content-disposition']),
      etag: header(response.headers.etag),
      lastModified: header(response.headers['last-modified']),
    };
  }
  throw new AppError('URL_FETCH_FAILED', { url: url.toString(), status: 'too many redirects' });
}

function request(url: URL, policy: FetchPolicy, validators: Validators): Promise<http.IncomingMessage> {
  const allowed = policy.allowedHosts.includes(url.hostname.replace(/^\[|\]$/g, ''));
  // The check runs on the addresses the connection will really use, so DNS cannot slip past it.
  const lookup: net.LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as dns.LookupAddress[];
      const refused = list.find((a) => !allowed && isForbiddenAddress(a.address));
      if (refused) return callback(new AppError('URL_FORBIDDEN', { url: url.toString(), address: refused.address }), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      const first = list[0];
      return first ? callback(null, first.address, first.family) : callback(new Error(`no address for ${hostname}`), '', 0);
    });
  };
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(literal) && !allowed && isForbiddenAddress(literal)) {
    return Promise.reject(new AppError('URL_FORBIDDEN', { url: url.toString(), address: literal }));
  }
  const headers: Record<string, string> = { 'user-agent': 'Territoires (open data platform)', accept: '*/*' };
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(url, { headers, lookup, timeout: policy.timeoutMs }, resolve);
    req.on('timeout', () => req.destroy(new AppError('URL_TIMEOUT', { url: url.toString(), seconds: Math.round(policy.timeoutMs / 1000) })));
    req.on('error', (error) => reject(error instanceof AppError ? error : new AppError('URL_FETCH_FAILED', { url: url.toString(), status: error.message })));
  });
}

async function save(response: http.IncomingMessage, target: string, maxBytes: number, url: URL): Promise<void> {
  try {
    await pipeline(response, byteLimit(maxBytes, () => new AppError('PAYLOAD_TOO_LARGE', { limit: maxBytes })), createWriteStream(target));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('URL_FETCH_FAILED', { url: url.toString(), status: error instanceof Error ? error.message : String(error) });
  }
}

function header(value: string | string[] | undefined): string | null {
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

/** The name the server gives, else the last part of the path: it tells XLSX from CSV. */
function fileNameOf(url: URL, disposition: string | undefined): string {
  const given = disposition ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] : undefined;
  return path.basename(decodeURIComponent(given ?? url.pathname)) || 'download';
}
