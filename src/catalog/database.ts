// Opens the catalog store: Kysely over better-sqlite3 (embedded default) or over PostgreSQL when
// DATABASE_URL says postgres://. Both run the same migrations and the same queries.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Migration, type MigrationProvider } from 'kysely';
import { AppError, describeError } from '../errors.js';
import type { CatalogDatabase } from './schema.js';
import * as initial from './migrations/0001-initial.js';
import * as realtime from './migrations/0002-realtime.js';
import * as attachments from './migrations/0003-attachments.js';
import * as steps from './migrations/0004-steps.js';
import * as jobProgress from './migrations/0005-job-progress.js';
import * as datasetAliases from './migrations/0006-dataset-aliases.js';
import * as pushKey from './migrations/0007-push-key.js';
import * as portalPages from './migrations/0008-portal-pages.js';
import * as accounts from './migrations/0009-accounts.js';
import * as tableSchemas from './migrations/0010-table-schemas.js';

export type CatalogDb = Kysely<CatalogDatabase>;
export type Backend = 'sqlite' | 'postgres';

export interface CatalogStore {
  db: CatalogDb;
  backend: Backend;
  /** Where it lives, without any password: for logs and /api/health. */
  label: string;
  close(): Promise<void>;
}

const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-realtime': realtime,
  '0003-attachments': attachments,
  '0004-steps': steps,
  '0005-job-progress': jobProgress,
  '0006-dataset-aliases': datasetAliases,
  '0007-push-key': pushKey,
  '0008-portal-pages': portalPages,
  '0009-accounts': accounts,
  '0010-table-schemas': tableSchemas,
};

class InCodeMigrations implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

export function backendOf(databaseUrl: string): Backend {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return 'postgres';
  if (databaseUrl.startsWith('sqlite:')) return 'sqlite';
  throw new AppError('CONFIG_INVALID', {
    setting: 'DATABASE_URL',
    value: databaseUrl,
    expected: 'sqlite:FILE or postgres://user@host:port/database',
  });
}

/** Opens the store, checks that it answers, and brings its schema up to date. */
export async function openCatalogStore(databaseUrl: string): Promise<CatalogStore> {
  const backend = backendOf(databaseUrl);
  const store = backend === 'postgres' ? openPostgres(databaseUrl) : openSqlite(databaseUrl.slice('sqlite:'.length));
  try {
    await sql`select 1`.execute(store.db);
  } catch (error) {
    await store.close().catch(() => undefined);
    throw new AppError('STORE_UNREACHABLE', { store: store.label, detail: describeError(error) });
  }
  await migrateToLatest(store.db);
  return store;
}

function openSqlite(file: string): CatalogStore {
  const resolved = path.resolve(file);
  let database: Database.Database;
  try {
    fs.mkdirSync(path.dirname(resolved), { recursive: true });
    database = new Database(resolved);
  } catch (error) {
    throw new AppError('STORE_UNREACHABLE', { store: `sqlite:${resolved}`, detail: describeError(error) });
  }
  // WAL lets the CLI publish while the server reads; busy_timeout makes the two wait for each other.
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 10000');
  database.pragma('foreign_keys = ON');
  database.pragma('synchronous = NORMAL');
  const db = new Kysely<CatalogDatabase>({ dialect: new SqliteDialect({ database }) });
  return { db, backend: 'sqlite', label: `sqlite:${resolved}`, close: () => db.destroy() };
}

function openPostgres(databaseUrl: string): CatalogStore {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    connectionTimeoutMillis: 5000,
    // bigint columns (row counts, sizes) fit in a JS number: read them as numbers, not strings.
    types: {
      getTypeParser: (oid: number, format?: 'text' | 'binary') =>
        oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format),
    },
  });
  // An idle client that loses its server emits 'error'; the next query reports it, not a crash.
  pool.on('error', () => undefined);
  const db = new Kysely<CatalogDatabase>({ dialect: new PostgresDialect({ pool }) });
  return { db, backend: 'postgres', label: redactPassword(databaseUrl), close: () => db.destroy() };
}

async function migrateToLatest(db: CatalogDb): Promise<void> {
  const migrator = new Migrator({ db, provider: new InCodeMigrations(), migrationTableName: 'catalog_migrations', migrationLockTableName: 'catalog_migrations_lock' });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

export function redactPassword(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return databaseUrl.replace(/:[^:@/]*@/, ':***@');
  }
}

// Error codes that mean "the store is not there" rather than "this query is wrong".
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH',
  '57P01', '57P02', '57P03', '3D000', '08000', '08001', '08003', '08006', '53300',
  'SQLITE_CANTOPEN', 'SQLITE_IOERR', 'SQLITE_BUSY', 'SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_READONLY',
]);

/** True when an insert hit a unique constraint (two writers took the same number or slug). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when an error from the catalog store says the store is down, not that the query is wrong. */
export function isStoreUnavailable(error: unknown): boolean {
  if (error instanceof AggregateError) return error.errors.some(isStoreUnavailable);
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && [...UNAVAILABLE_CODES].some((c) => code === c || code.startsWith(`${c}_`))) return true;
  return /Connection terminated|connection timeout|pool after calling end|database connection is not open|driver has already been destroyed/i.test(error.message);
}
