// The catalog backends the tests run on: SQLite always; PostgreSQL when a server answers (a fresh
// database per run, dropped at the end). Without PostgreSQL, its tests are skipped with the
// reason, except under CI=true where they must run.
import pg from 'pg';
import { randomId } from '../../src/catalog/index.js';

export type TestBackend = 'sqlite' | 'postgres';

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let postgresAvailable: Promise<string | null> | undefined;

/** null when PostgreSQL answers, else why it does not. */
export function postgresUnavailableReason(): Promise<string | null> {
  postgresAvailable ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return null;
    } catch (error) {
      const reason = `PostgreSQL unreachable at ${POSTGRES_ADMIN_URL} (${error instanceof Error ? error.message : String(error)})`;
      if (process.env.CI === 'true') throw new Error(`${reason}: required under CI=true`);
      return reason;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return postgresAvailable;
}

/** Creates an empty database and returns its URL and a function that drops it. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `territoires_test_${randomId(10)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
