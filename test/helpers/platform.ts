// A platform on a fresh data directory (and, for PostgreSQL, a fresh database), for one test file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import type { PublishOptions } from '../../src/data/index.js';
import { openPlatform, type Platform } from '../../src/platform.js';
import { freshPostgresDatabase, type TestBackend } from './backends.js';

export interface TestPlatform {
  platform: Platform;
  dataDir: string;
  databaseUrl: string;
  dispose(): Promise<void>;
}

const created: string[] = [];
// Whatever a test file leaves in its temporary folders goes when its process ends.
process.on('exit', () => {
  for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
});

export function temporaryDir(prefix = 'territoires-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export async function testPlatform(backend: TestBackend = 'sqlite', env: Record<string, string> = {}, publish: Partial<PublishOptions> = {}): Promise<TestPlatform> {
  const dataDir = temporaryDir();
  const database = backend === 'postgres' ? await freshPostgresDatabase() : undefined;
  const config = loadConfig({ TERRITOIRES_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...(database ? { DATABASE_URL: database.url } : {}), ...env });
  const platform = await openPlatform(config, publish);
  return {
    platform,
    dataDir,
    databaseUrl: config.databaseUrl,
    async dispose() {
      await platform.close();
      await database?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Writes a file into a temporary folder and returns its path. */
export function writeTemporaryFile(name: string, content: string | Buffer): string {
  const file = path.join(temporaryDir('territoires-file-'), name);
  fs.writeFileSync(file, content);
  return file;
}
