// `/assets/<name>-<hash>.<ext>`: the map tab's script and stylesheet (src/web/assets.ts). The hash
// in the name makes each URL's content final, hence a year of caching (RFC 8246 `immutable`); an
// old or unknown name is a 404, never another version's file.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform.js';
import { ASSETS_PATH, webAssets } from '../../web/assets.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';

export async function assetRoutes(app: FastifyInstance, _platform: Platform): Promise<void> {
  app.get<{ Params: { name: string } }>(`${ASSETS_PATH}:name`, async (request, reply) => {
    const asset = (await webAssets()).byName.get(request.params.name);
    if (!asset) return reply.status(404).type('text/plain; charset=utf-8').header('cache-control', 'no-cache').send('Not found / Introuvable');
    void reply.type(asset.type).header('cache-control', IMMUTABLE).header('vary', 'Accept-Encoding');
    if (acceptsGzip(request.headers['accept-encoding'])) return reply.header('content-encoding', 'gzip').send(asset.gzip);
    return reply.send(asset.body);
  });
}

/** RFC 9110 §12.5.3: gzip unless the client gave it (or `*`) a weight of 0. */
function acceptsGzip(header: string | string[] | undefined): boolean {
  const codings = (Array.isArray(header) ? header.join(',') : (header ?? '')).toLowerCase().split(',');
  for (const coding of codings) {
    const [name, ...params] = coding.split(';').map((p) => p.trim());
    if (name !== 'gzip' && name !== 'x-gzip') continue;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}
