// `territoires serve`: the only place that listens (docs/STYLE.md §1).
import { buildApp } from '../http/app.js';
import { ensureDemoRegion, DEMO_HOSTNAMES } from '../demo/index.js';
import { failInterruptedJobs } from '../catalog/index.js';
import { sweepOrphanFiles } from '../data/index.js';
import { mailRefreshFailure, startScheduler } from '../jobs/index.js';
import { openPlatform } from '../platform.js';
import type { Command } from './main.js';
import { printError } from './output.js';
import { AppError } from '../errors.js';

// A write in progress (the CLI publishing while the server runs) owns its files for less than this.
const ORPHAN_MIN_AGE_MS = 60 * 60 * 1000;

export const serveCommand: Command = {
  summary: 'Sert la plateforme / serves the platform (--demo: crée la région de démonstration sur un catalogue vide)',
  usage: 'territoires serve [--demo] [--port 3000] [--data-dir ./data]',
  options: { demo: { type: 'boolean' } },
  async run({ values, config }) {
    let platform;
    try {
      platform = await openPlatform(config);
    } catch (error) {
      return printError(error);
    }
    const log = (message: string) => process.stdout.write(`${message}\n`);
    if (values.demo) {
      const demo = await ensureDemoRegion(platform, platform.publishOptions, log);
      if (demo.created) log(`Région de démonstration créée / demo region created: ${demo.organisations} organisations, ${demo.datasets.length} datasets.`);
    }
    await sweepOrphanFiles(platform, ORPHAN_MIN_AGE_MS);
    const interrupted = await failInterruptedJobs(platform.db);
    if (interrupted > 0) log(`${interrupted} traitement(s) interrompu(s) marqué(s) en échec / interrupted job(s) marked failed`);
    const onFailure = (uid: string, error: AppError) => mailRefreshFailure(platform.db, platform.mailer, config.publicUrl, uid, error);
    const scheduler = startScheduler(platform, { publish: platform.publishOptions, fetch: platform.fetchPolicy, log, onFailure });
    const app = await buildApp(platform);
    try {
      await app.listen({ port: config.port, host: config.host });
    } catch (error) {
      scheduler.stop();
      await platform.close();
      const inUse = (error as { code?: string }).code === 'EADDRINUSE';
      return printError(inUse ? new AppError('PORT_IN_USE', { port: config.port }) : error);
    }
    log(`Territoires écoute sur / listens on http://localhost:${config.port}/`);
    if (values.demo) {
      log(`  portails / portals: http://${DEMO_HOSTNAMES.region}:${config.port}/  http://${DEMO_HOSTNAMES.loireAtlantique}:${config.port}/  http://${DEMO_HOSTNAMES.laRocheSurYon}:${config.port}/`);
    }
    const stop = async () => {
      scheduler.stop();
      await app.close();
      await platform.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
    // Served until a signal comes.
    await new Promise(() => undefined);
    return 0;
  },
};
