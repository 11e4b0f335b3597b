// Child process of publish-kill.test.ts: publishes a file and, at the named checkpoint, says so on
// stdout and waits to be killed.
import { loadConfig } from '../../src/config.js';
import { publishFile } from '../../src/ingest/index.js';
import { openPlatform } from '../../src/platform.js';

const [dataDir, databaseUrl, file, pauseAt] = process.argv.slice(2);
const platform = await openPlatform(loadConfig({ TERRITOIRES_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, TERRITOIRES_VERSIONS_KEPT: '1' }), {
  async onCheckpoint(name) {
    if (name !== pauseAt) return;
    process.stdout.write(`PAUSED ${name}\n`);
    await new Promise(() => undefined);
  },
});
await publishFile(platform, { file: file ?? '', datasetId: 'communes' }, platform.publishOptions);
process.stdout.write('DONE\n');
await platform.close();
