// The files the browser loads besides the pages: the map tab's script (src/web/islands/map.ts with
// MapLibre, bundled by esbuild) and MapLibre's stylesheet. Built once per process, on the first
// page or request that needs them, and kept in memory with their gzip: no build step, and nothing
// written to disk. Each name carries a hash of its content, so that a browser may keep it for a
// year (`immutable`) and a new release is a new URL.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export interface Asset {
  /** `map-<hash>.js`: the last part of its URL. */
  name: string;
  type: string;
  body: Buffer;
  gzip: Buffer;
}

export interface Assets {
  /** By name, for the route that serves them. */
  byName: ReadonlyMap<string, Asset>;
  /** The URLs a page writes (root paths: the asset route answers at the root of every host). */
  mapScript: string;
  mapStyles: string;
}

export const ASSETS_PATH = '/assets/';

const ISLAND = fileURLToPath(new URL('./islands/map.ts', import.meta.url));

let built: Promise<Assets> | undefined;

/** The assets, built on the first call; a failed build is tried again on the next call. */
export function webAssets(): Promise<Assets> {
  built ??= buildAssets().catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return built;
}

async function buildAssets(): Promise<Assets> {
  // Loaded here, not at the top: a server that never shows a map never loads esbuild.
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [ISLAND],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const script = result.outputFiles[0];
  if (!script) throw new Error('esbuild wrote no map script');
  const css = await readFile(createRequire(import.meta.url).resolve('maplibre-gl/dist/maplibre-gl.css'));
  const map = asset('map', 'js', 'text/javascript; charset=utf-8', Buffer.from(script.contents));
  const styles = asset('maplibre-gl', 'css', 'text/css; charset=utf-8', css);
  return { byName: new Map([map, styles].map((a) => [a.name, a])), mapScript: `${ASSETS_PATH}${map.name}`, mapStyles: `${ASSETS_PATH}${styles.name}` };
}

function asset(stem: string, extension: string, type: string, body: Buffer): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { name: `${stem}-${hash}.${extension}`, type, body, gzip: gzipSync(body, { level: 9 }) };
}
