// The composition root: the catalog store, the data engine and the blob store of one data
// directory, opened together. The server, the CLI and the tests build everything from here.
import path from 'node:path';
import { mailerFromConfig, type Mailer } from './auth/index.js';
import { openCatalogStore, type CatalogDb, type CatalogStore } from './catalog/index.js';
import type { Config } from './config.js';
import { openBlobStore, openDataEngine, type BlobStore, type DataEngine, type PublishOptions } from './data/index.js';
import type { FetchPolicy } from './ingest/index.js';

export interface Platform {
  config: Config;
  store: CatalogStore;
  db: CatalogDb;
  engine: DataEngine;
  blobs: BlobStore;
  publishOptions: PublishOptions;
  /** How remote URLs are read: hosts an administrator allowed, time and size limits. */
  fetchPolicy: FetchPolicy;
  /** Sends the mails of accounts (invitations, password resets): SMTP, or files in a mailbox folder. */
  mailer: Mailer;
  close(): Promise<void>;
}

/** Opens a platform; throws AppError DATA_DIR_UNUSABLE or STORE_UNREACHABLE when it cannot. */
export async function openPlatform(config: Config, publishOptions: Partial<PublishOptions> = {}): Promise<Platform> {
  const blobs = openBlobStore(config.dataDir);
  await blobs.checkWritable();
  const store = await openCatalogStore(config.databaseUrl);
  const engine = await openDataEngine({ memoryLimit: config.engineMemory, tempDirectory: path.join(config.dataDir, 'tmp', 'duckdb'), queryTimeoutMs: config.queryTimeoutMs });
  return {
    config,
    store,
    db: store.db,
    engine,
    blobs,
    publishOptions: { versionsKept: config.versionsKept, maxColumns: config.maxColumns, validationTimeoutMs: config.validationTimeoutMs, ...publishOptions },
    mailer: mailerFromConfig(config),
    fetchPolicy: { allowedHosts: config.fetchAllowHosts, timeoutMs: config.fetchTimeoutMs, maxBytes: config.uploadMaxBytes },
    async close() {
      engine.close();
      await store.close();
    },
  };
}
