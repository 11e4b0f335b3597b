// Security headers on every answer. The Content-Security-Policy lets our pages run only scripts
// served by this site (the map island and MapLibre, from /assets): a description, a portal setting
// or a record that slipped markup through could not run script. Inline `<style>` stays allowed
// (the layout writes the portal's colour and each page's rules in one, ECharts' SVG has style
// attributes); `<script type="application/ld+json">` and the map's JSON settings are data, never
// run, so CSP does not concern them. Pages may not be framed by other sites (clickjacking), except
// the embeds, which exist to be put in an iframe. The API reference (Scalar) starts from one
// inline script: its page alone allows that script, by its hash.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The page is made to be shown in other sites' iframes (`frame-ancestors *`). */
    embeddable?: boolean;
  }
}

const EMBED_SEGMENT = /\/embed(?:\/|$)/;
const API_REFERENCE = /^\/api\/docs(?:\/|$)/;
const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi;

export function registerSecurityHeaders(app: FastifyInstance, config: Config): void {
  // The base map's style, tiles, sprites and glyphs are fetched from its origin (MapLibre uses
  // fetch, and images for raster tiles).
  const mapOrigin = originOf(config.mapStyleUrl);
  const policy = (frameAncestors: string, scripts: string[] = []): string =>
    [
      "default-src 'self'",
      ["script-src 'self'", ...scripts].join(' '),
      "style-src 'self' 'unsafe-inline'",
      // A portal's logo may be any https:// address (its settings say so).
      ['img-src', "'self'", 'data:', 'blob:', 'https:', mapOrigin].filter(Boolean).join(' '),
      "font-src 'self' data:",
      ["connect-src 'self'", mapOrigin].filter(Boolean).join(' '),
      // MapLibre starts its workers from blob: URLs.
      "worker-src 'self' blob:",
      "object-src 'none'",
      "base-uri 'self'",
      `frame-ancestors ${frameAncestors}`,
    ].join('; ');
  const pages = policy("'none'");
  const embeds = policy('*');

  app.addHook('onSend', async (request, reply, payload) => {
    void reply.headers({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'strict-origin-when-cross-origin' });
    const path = request.url.split('?')[0] ?? request.url;
    if (API_REFERENCE.test(path)) {
      const scripts = typeof payload === 'string' ? inlineScriptHashes(payload) : [];
      void reply.header('content-security-policy', policy("'none'", scripts));
    } else {
      void reply.header('content-security-policy', isEmbeddable(request, path) ? embeds : pages);
    }
    return payload;
  });
}

/** An embed: its route says so, or its route's path (else the request's) has an `/embed` segment. */
function isEmbeddable(request: FastifyRequest, path: string): boolean {
  const route = request.routeOptions;
  if (route.config?.embeddable === true) return true;
  return EMBED_SEGMENT.test(route.url ?? path);
}

/** CSP level 2 hashes of the page's inline scripts, so that they and no others run. */
function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(INLINE_SCRIPT)].map((match) => `'sha256-${createHash('sha256').update(match[1] ?? '').digest('base64')}'`);
}

function originOf(url: string): string {
  if (!url) return '';
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
