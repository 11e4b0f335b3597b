// Limits on calls, so that no caller starves the others and no one guesses passwords at speed.
// Every API (Explore, v1, management, push, jobs) is limited per minute; the reading APIs (Explore
// v2.1, v1 Search) also have OpenDataSoft's daily quota (spec §1, §4), reset at midnight UTC, with
// X-RateLimit-Limit, -Remaining and -Reset on every answer and the v1-style 429 body. A caller is
// its API key or signed-in user (callerLabel), else its address. A route flagged
// `config: { rateLimit: 'sign-in' }` counts attempts per address in 15-minute windows; a page flagged
// `'work'` (a file validated on /valider) counts as a call of the API in the minute's window. Past a
// limit: 429 with Retry-After. Counters live in this node's memory: with several nodes behind a
// proxy, each counts its own calls, so a caller may reach the limit times the number of nodes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { callerLabel } from '../../auth/index.js';
import type { Config } from '../../config.js';
import { AppError } from '../../errors.js';
import { errorBody } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * `'sign-in'`: each call is a sign-in attempt, counted per address (TERRITOIRES_RATE_LIMIT_SIGN_IN).
     * `'work'`: a page that does what an API call does, counted in the API's minute window.
     */
    rateLimit?: 'sign-in' | 'work';
  }
}

const ANY_API = /^(?:\/portals\/[^/]+)?\/api\//;
const READING_APIS = /^(?:\/portals\/[^/]+)?\/api\/(?:explore\/|records\/1\.0\/|datasets\/1\.0\/)/;
const MINUTE = 60_000;
const DAY = 86_400_000;
const SIGN_IN_WINDOW = 15 * MINUTE;

type Unit = 'minute' | 'day';

interface Standing {
  over: boolean;
  remaining: number;
  /** When the window ends, in ms since the epoch. */
  reset: number;
}

/**
 * Calls counted in windows of one length: aligned on the clock (ODS's day starts at midnight UTC),
 * or starting at the caller's first call (a minute, a quarter of an hour: no reset that every
 * caller reaches at the same second).
 */
class Windows {
  private readonly counts = new Map<string, { start: number; calls: number }>();
  private pruneAt = 10_000;

  constructor(
    private readonly length: number,
    private readonly aligned: boolean,
  ) {}

  /** Counts the call (if `counted`) unless the caller is already at `limit`, and says where the caller stands. */
  hit(who: string, limit: number, now: number, counted = true): Standing {
    let count = this.counts.get(who);
    if (!count || now >= count.start + this.length) {
      count = { start: this.aligned ? now - (now % this.length) : now, calls: 0 };
      this.counts.set(who, count);
      this.prune(now);
    }
    const over = count.calls >= limit;
    if (!over && counted) count.calls += 1;
    return { over, remaining: Math.max(0, limit - count.calls), reset: count.start + this.length };
  }

  // Memory stays bounded by the callers whose window is open; the threshold doubles so that many
  // live callers do not make every new one scan the map.
  private prune(now: number): void {
    if (this.counts.size <= this.pruneAt) return;
    for (const [who, count] of this.counts) if (now >= count.start + this.length) this.counts.delete(who);
    this.pruneAt = Math.max(10_000, this.counts.size * 2);
  }
}

export function registerQuotas(app: FastifyInstance, config: Config): void {
  const exempt = new Set(config.rateLimitExempt);
  const perDay = new Windows(DAY, true);
  const perMinute = new Windows(MINUTE, false);
  const signIns = new Windows(SIGN_IN_WINDOW, false);
  // A preHandler, after context.ts has identified the caller (API key or session).
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method === 'OPTIONS' || exempt.has(request.ip)) return;
    const now = Date.now();
    const routeConfig = request.routeOptions.config;
    if (routeConfig.rateLimit === 'sign-in' && config.rateLimitSignIn > 0) {
      const standing = signIns.hit(`ip:${request.ip}`, config.rateLimitSignIn, now);
      if (standing.over) {
        // Thrown, not sent: the route's own error handler answers (a page for a sign-in form).
        void reply.header('retry-after', retryAfter(standing, now));
        throw new AppError('SIGN_IN_RATE_LIMITED', { minutes: String(Math.ceil((standing.reset - now) / MINUTE)) });
      }
    }
    // A page that does an API's work counts in the API's minute window; health and the OpenAPI
    // document skip the caller's identification, and must always answer.
    const work = routeConfig.rateLimit === 'work';
    if (!work && (!ANY_API.test(request.url) || routeConfig.withoutRequestContext)) return;
    const anonymous = request.caller.kind === 'anonymous';
    const who = anonymous ? `ip:${request.ip}` : callerLabel(request.caller);
    const reading = READING_APIS.test(request.url);
    const dayLimit = anonymous ? config.rateLimitAnonymous : config.rateLimitKey;
    const daily = reading && dayLimit > 0;
    // The daily quota's headers, on every answer of the reading APIs (spec §1).
    const quotaHeaders = (standing: Standing) =>
      reply.headers({ 'x-ratelimit-limit': String(dayLimit), 'x-ratelimit-remaining': String(standing.remaining), 'x-ratelimit-reset': resetText(standing.reset) });
    const minuteLimit = anonymous ? config.rateLimitMinuteAnonymous : config.rateLimitMinuteKey;
    if (minuteLimit > 0) {
      const standing = perMinute.hit(who, minuteLimit, now);
      if (standing.over && work) {
        // Thrown, as for sign-ins: the page's error handler answers with a page.
        const seconds = retryAfter(standing, now);
        void reply.header('retry-after', seconds);
        throw new AppError('RATE_LIMITED', { limit: String(minuteLimit), retry_after: seconds, period: 'minute', period_fr: 'minute', ...limitedCaller(anonymous) });
      }
      if (standing.over) {
        // A call refused for the minute does not spend the day's quota.
        if (daily) quotaHeaders(perDay.hit(who, dayLimit, now, false));
        return refuse(reply, { reading, anonymous, unit: 'minute', limit: minuteLimit, standing, now });
      }
    }
    if (!daily) return;
    const standing = perDay.hit(who, dayLimit, now);
    quotaHeaders(standing);
    if (standing.over) return refuse(reply, { reading, anonymous, unit: 'day', limit: dayLimit, standing, now });
  });
}

interface Refusal {
  reading: boolean;
  anonymous: boolean;
  unit: Unit;
  limit: number;
  standing: Standing;
  now: number;
}

function refuse(reply: FastifyReply, refusal: Refusal): FastifyReply {
  const { anonymous, unit, limit, standing, now } = refusal;
  const seconds = retryAfter(standing, now);
  void reply.code(429).header('retry-after', seconds).type('application/json; charset=utf-8');
  if (!refusal.reading) {
    const period = unit === 'day' ? { period: 'day', period_fr: 'jour' } : { period: 'minute', period_fr: 'minute' };
    return reply.send(errorBody(new AppError('RATE_LIMITED', { limit: String(limit), retry_after: seconds, ...limitedCaller(anonymous), ...period })));
  }
  const when = unit === 'day' ? 'aujourd’hui' : 'cette minute';
  // ODS §4: the v1-style body; 10005 is the anonymous users' quota, 10002 the others'.
  return reply.send({
    errorcode: anonymous ? 10005 : 10002,
    reset_time: `${new Date(standing.reset).toISOString().slice(0, 19)}Z`,
    limit_time_unit: unit,
    call_limit: limit,
    error: anonymous ? 'You have exceeded the requests limit for anonymous users.' : 'Too many requests on the domain. Please contact the domain administrator.',
    error_fr: anonymous
      ? `Vous avez dépassé le nombre de requêtes permis aux utilisateurs anonymes pour ${when}.`
      : `Trop de requêtes pour ${when} avec cette clé. Contactez l’administrateur de la plateforme.`,
  });
}

/** Whom a limit counted, in RATE_LIMITED's words. */
function limitedCaller(anonymous: boolean): { who: string; who_fr: string } {
  return anonymous ? { who: 'your address', who_fr: 'votre adresse' } : { who: 'this key or account', who_fr: 'cette clé ou ce compte' };
}

function retryAfter(standing: Standing, now: number): string {
  return String(Math.max(1, Math.ceil((standing.reset - now) / 1000)));
}

/** The form a live portal sends (spec §1): `2026-08-18 00:00:00+00:00`. */
function resetText(reset: number): string {
  const iso = new Date(reset).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}+00:00`;
}
