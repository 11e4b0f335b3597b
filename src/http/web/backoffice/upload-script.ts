// The wizard's upload script (src/web/pages/backoffice/upload.island.ts), bundled by esbuild once
// per process on first use and served under a name carrying its content's hash, like the map's
// script (src/web/assets.ts), so that a browser keeps it as long as it likes.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const SOURCE = fileURLToPath(new URL('../../../web/pages/backoffice/upload.island.ts', import.meta.url));

interface Script {
  name: string;
  body: Buffer;
}

let built: Promise<Script> | undefined;

function uploadScript(): Promise<Script> {
  built ??= build().catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return built;
}

async function build(): Promise<Script> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({ entryPoints: [SOURCE], bundle: true, minify: true, format: 'esm', target: 'es2020', write: false, legalComments: 'none', logLevel: 'silent' });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild wrote no upload script');
  const body = Buffer.from(output.contents);
  return { name: `upload-${createHash('sha256').update(body).digest('hex').slice(0, 16)}.js`, body };
}

/** The script's path, under the portal's prefix. */
export async function uploadScriptPath(prefix: string): Promise<string> {
  return `${prefix}/espace/scripts/${(await uploadScript()).name}`;
}

export async function uploadScriptRoute(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { name: string } }>('/espace/scripts/:name', async (request, reply) => {
    const script = await uploadScript();
    if (request.params.name !== script.name) return reply.status(404).type('text/plain; charset=utf-8').send('Not found / Introuvable');
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(script.body);
  });
}
