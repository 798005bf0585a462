/**
 * One `store.statement` span per SQL statement (CLIENT: `db.system.name`, `db.operation.name`), for every
 * statement Kysely sends, whichever store sends it. The dialect's connections are wrapped, so the span covers
 * the statement's round trip (a plugin only sees it before and after, and never on a failure). Never the SQL
 * text or its parameters: a statement's name is its operation (select, insert, update, delete).
 */
import { SpanKind, trace } from '@opentelemetry/api';
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings } from 'kysely';
import { inSpan } from '../instruments';

export type DbSystem = 'sqlite' | 'postgresql';

const KINDS: Record<string, string> = {
  SelectQueryNode: 'select',
  InsertQueryNode: 'insert',
  UpdateQueryNode: 'update',
  DeleteQueryNode: 'delete',
  MergeQueryNode: 'merge',
};
const RAW_WORDS = new Set([
  'select',
  'insert',
  'update',
  'delete',
  'with',
  'begin',
  'commit',
  'rollback',
  'savepoint',
  'release',
  'create',
  'alter',
  'drop',
  'pragma',
  'set',
  'lock',
]);

/** The statement's operation: from Kysely's query node, or the first word of raw SQL when it is a known one. */
export function operationName(query: CompiledQuery): string {
  const kind = KINDS[query.query.kind];
  if (kind) return kind;
  const word = /^\s*([a-z]+)/i.exec(query.sql)?.[1]?.toLowerCase();
  return word && RAW_WORDS.has(word) ? word : 'other';
}

class TracedConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly system: DbSystem,
  ) {}
  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // A statement is traced inside the work it serves (a turn, a poll, a sweep): alone, as a root of its own (the
    // poller's lease every few seconds on an instance that is not polling), it would only bury the traces that matter.
    if (!trace.getActiveSpan()) return this.inner.executeQuery<R>(query);
    return inSpan('store.statement', { kind: SpanKind.CLIENT }, (span) => {
      if (span.isRecording())
        span.setAttributes({ 'db.system.name': this.system, 'db.operation.name': operationName(query) });
      return this.inner.executeQuery<R>(query);
    });
  }
  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

const innerOf = (c: DatabaseConnection): DatabaseConnection => (c instanceof TracedConnection ? c.inner : c);

class TracedDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly system: DbSystem,
  ) {}
  init = () => this.inner.init();
  acquireConnection = async () => new TracedConnection(await this.inner.acquireConnection(), this.system);
  beginTransaction = (c: DatabaseConnection, settings: TransactionSettings) =>
    this.inner.beginTransaction(innerOf(c), settings);
  commitTransaction = (c: DatabaseConnection) => this.inner.commitTransaction(innerOf(c));
  rollbackTransaction = (c: DatabaseConnection) => this.inner.rollbackTransaction(innerOf(c));
  releaseConnection = (c: DatabaseConnection) => this.inner.releaseConnection(innerOf(c));
  destroy = () => this.inner.destroy();
}

/** The dialect, with each statement of its connections traced. */
export function tracedDialect(dialect: Dialect, system: DbSystem): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => {
      const driver = dialect.createDriver();
      const traced = new TracedDriver(driver, system);
      // Savepoints are optional: offered only where the engine's driver has them.
      const savepoints = ['savepoint', 'rollbackToSavepoint', 'releaseSavepoint'] as const;
      for (const name of savepoints) {
        const method = driver[name];
        if (method)
          Object.assign(traced, {
            [name]: (c: DatabaseConnection, ...rest: unknown[]) =>
              (method as (...a: unknown[]) => Promise<void>).call(driver, innerOf(c), ...rest),
          });
      }
      return traced;
    },
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
  };
}
