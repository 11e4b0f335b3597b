// GET /api/health: is each part up? 200 when all are, 503 naming the part that is not.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { describeError } from '../../errors.js';
import type { Platform } from '../../platform.js';

interface PartHealth {
  status: 'up' | 'down';
  detail?: string;
}

export async function healthRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  app.get('/api/health', { config: { withoutRequestContext: true } }, async (_request, reply) => {
    const catalog = await check(async () => {
      await sql`select 1`.execute(platform.db);
    });
    const data = await check(async () => {
      await platform.blobs.checkWritable();
      await platform.engine.query('select 1');
    });
    const up = catalog.status === 'up' && data.status === 'up';
    void reply.status(up ? 200 : 503).header('cache-control', 'no-store');
    return {
      status: up ? 'up' : 'down',
      catalog: { ...catalog, backend: platform.store.backend },
      data_plane: data,
    };
  });
}

async function check(probe: () => Promise<void>): Promise<PartHealth> {
  try {
    await probe();
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', detail: describeError(error) };
  }
}
