// Daily call quotas on the reading APIs (Explore v2.1 and the v1 Search API), as OpenDataSoft
// counts them (spec §1, §4): per API key, or per address for anonymous callers, reset at midnight
// UTC. Every answer says where the caller stands (X-RateLimit-Limit, -Remaining, -Reset); past the
// quota, a 429 with the v1-style body clients know, and Retry-After. Counters live in this node's
// memory: with several nodes, each counts its own calls (a shared counter comes with issue [5/6]).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';

const READING_APIS = /^(?:\/portals\/[^/]+)?\/api\/(?:explore\/|records\/1\.0\/|datasets\/1\.0\/)/;

interface Counter {
  day: string;
  calls: number;
}

/** The quota of a caller: its identity (for the counter), its limit, and the v1 error code (§4). */
function quotaOf(request: FastifyRequest, config: Config): { who: string; limit: number; anonymous: boolean } {
  if (request.caller.kind === 'operator') return { who: `key:${request.caller.keyId}`, limit: config.rateLimitKey, anonymous: false };
  return { who: `ip:${request.ip}`, limit: config.rateLimitAnonymous, anonymous: true };
}

export function registerQuotas(app: FastifyInstance, config: Config): void {
  const counters = new Map<string, Counter>();
  const exempt = new Set(config.rateLimitExempt);
  // After the caller is known (context.ts identifies the key in onRequest).
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!READING_APIS.test(request.url) || request.method === 'OPTIONS' || exempt.has(request.ip)) return;
    const { who, limit, anonymous } = quotaOf(request, config);
    if (limit <= 0) return;
    const now = new Date();
    const day = now.toISOString().slice(0, 10);
    const counter = counters.get(who);
    const current = counter && counter.day === day ? counter : { day, calls: 0 };
    counters.set(who, current);
    if (counters.size > 100_000) for (const [key, c] of counters) if (c.day !== day) counters.delete(key);
    const reset = new Date(`${day}T00:00:00Z`);
    reset.setUTCDate(reset.getUTCDate() + 1);
    // The form a live portal sends: `2026-08-18 00:00:00+00:00`.
    const resetText = `${reset.toISOString().slice(0, 10)} 00:00:00+00:00`;
    const over = current.calls >= limit;
    if (!over) current.calls += 1;
    void reply.headers({ 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(Math.max(0, limit - current.calls)), 'x-ratelimit-reset': resetText });
    if (!over) return;
    void reply
      .code(429)
      .header('retry-after', String(Math.ceil((reset.getTime() - now.getTime()) / 1000)))
      .type('application/json; charset=utf-8')
      .send({
        errorcode: anonymous ? 10005 : 10002,
        reset_time: `${reset.toISOString().slice(0, 19)}Z`,
        limit_time_unit: 'day',
        call_limit: limit,
        error: anonymous ? 'You have exceeded the requests limit for anonymous users.' : 'Too many requests on the domain. Please contact the domain administrator.',
        error_fr: anonymous
          ? 'Vous avez dépassé le nombre de requêtes permis aux utilisateurs anonymes pour aujourd’hui.'
          : 'Trop de requêtes pour aujourd’hui avec cette clé. Contactez l’administrateur de la plateforme.',
      });
    return reply;
  });
}
