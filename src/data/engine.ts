// The DuckDB engine, in process and in memory: it holds no data of its own, it reads the Parquet
// files of the blob store. Each process (server, CLI) has its own, so they never lock each other.
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { AppError } from '../errors.js';

export type SqlParams = DuckDBValue[];
export type Row = Record<string, unknown>;

/** A reader's query (records, facets, catalog) is stopped past the platform's time limit; the platform's own work is not. */
export interface QueryOptions {
  bounded?: boolean;
}

/** The options of a reader's query: stopped past TERRITOIRES_QUERY_TIMEOUT_MS. */
export const BOUNDED: QueryOptions = { bounded: true };

export interface DataEngine {
  /** Runs a statement with bound parameters and returns its rows as JS values. */
  query(sql: string, params?: SqlParams, options?: QueryOptions): Promise<Row[]>;
  /** Runs several statements on one connection (temporary tables live as long as it does). */
  withConnection<T>(work: (connection: EngineConnection) => Promise<T>): Promise<T>;
  /** The rows of a query, a batch at a time, never all in memory (exports). */
  stream(sql: string, params?: SqlParams): AsyncIterable<Row[]>;
  close(): void;
}

export interface EngineConnection {
  query(sql: string, params?: SqlParams): Promise<Row[]>;
  run(sql: string, params?: SqlParams): Promise<void>;
  /** Stops the statement running on this connection (it then fails); nothing when none runs. */
  interrupt(): void;
  /** Fast row-by-row loading of a table of VARCHAR columns (the staging table of an ingest). */
  textAppender(table: string): Promise<TextAppender>;
}

export interface TextAppender {
  appendRow(values: readonly (string | null)[]): void;
  close(): void;
}

export interface EngineOptions {
  threads?: number;
  /** DuckDB's memory limit (`768MB`); past it, sorts and joins spill to `tempDirectory`. */
  memoryLimit?: string;
  tempDirectory?: string;
  /** How long a bounded query may run (ms) before it is interrupted; 0: no limit. */
  queryTimeoutMs?: number;
}

export async function openDataEngine(options: EngineOptions = {}): Promise<DataEngine> {
  const instance = await DuckDBInstance.create(':memory:', {
    threads: String(options.threads ?? 2),
    memory_limit: options.memoryLimit ?? '768MB',
    ...(options.tempDirectory ? { temp_directory: options.tempDirectory } : {}),
    // Queries read only the files we give them; no extension is fetched at run time.
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  // A version's file never changes (a new version is a new file): its footer, read once, serves
  // every later query (about 1 ms a query on a 1,000,000-row file of 98 row groups).
  const setup = await instance.connect();
  try {
    await setup.run('load parquet');
    await setup.run('set global parquet_metadata_cache = true');
  } finally {
    setup.closeSync();
  }
  const wrap = (connection: DuckDBConnection): EngineConnection => ({
    async query(sql, params) {
      const reader = await connection.runAndReadAll(sql, params).catch(storageError);
      return reader.getRowObjectsJS() as Row[];
    },
    async run(sql, params) {
      await connection.run(sql, params).catch(storageError);
    },
    interrupt() {
      connection.interrupt();
    },
    async textAppender(table) {
      const appender = await connection.createAppender(table);
      return {
        appendRow(values) {
          for (const value of values) {
            if (value === null) appender.appendNull();
            else appender.appendVarchar(value);
          }
          appender.endRow();
        },
        close() {
          appender.flushSync();
          appender.closeSync();
        },
      };
    },
  });
  const withConnection = async <T>(work: (connection: EngineConnection) => Promise<T>): Promise<T> => {
    const connection = await instance.connect();
    try {
      return await work(wrap(connection));
    } finally {
      connection.closeSync();
    }
  };
  async function* stream(sql: string, params?: SqlParams): AsyncIterable<Row[]> {
    const connection = await instance.connect();
    try {
      const result = await connection.stream(sql, params).catch(storageError);
      for await (const rows of result.yieldRowObjectJs()) yield rows as Row[];
    } finally {
      connection.closeSync();
    }
  }
  return {
    query: (sql, params, queryOptions) => {
      const limit = queryOptions?.bounded ? (options.queryTimeoutMs ?? 0) : 0;
      if (limit <= 0) return withConnection((c) => c.query(sql, params));
      return bounded(instance, limit, (connection) => wrap(connection).query(sql, params));
    },
    withConnection,
    stream,
    close: () => instance.closeSync(),
  };
}

/** Runs a query on its own connection, interrupted after `limitMs`: a clear 503, and the engine free again. */
async function bounded<T>(instance: DuckDBInstance, limitMs: number, work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const connection = await instance.connect();
  let interrupted = false;
  const timer = setTimeout(() => {
    interrupted = true;
    connection.interrupt();
  }, limitMs);
  try {
    return await work(connection);
  } catch (error) {
    if (interrupted) throw new AppError('QUERY_TIMEOUT', { seconds: String(limitMs / 1000) });
    throw error;
  } finally {
    clearTimeout(timer);
    connection.closeSync();
  }
}

/**
 * A file of the blob store that cannot be read or written means the data plane is down, not a bad
 * query; a query past the engine's memory limit (TERRITOIRES_ENGINE_MEMORY) is too large for it.
 */
function storageError(error: unknown): never {
  if (error instanceof Error && /^IO Error/.test(error.message)) {
    throw new AppError('STORE_UNAVAILABLE', { part: 'data plane', part_fr: 'stockage des données' });
  }
  if (error instanceof Error && /^Out of Memory Error/.test(error.message)) throw new AppError('QUERY_OUT_OF_MEMORY');
  throw error;
}

/** A string as a SQL literal, for the few places DuckDB takes no parameter (COPY … TO 'file'). Only for our own paths. */
export function sqlLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A column name as a quoted SQL identifier. */
export function sqlIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
