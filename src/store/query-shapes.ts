/**
 * The hot path's queries (a status reads the turn state and the partner's running operations) compiled once per
 * shape and run again with new values: Kysely builds and compiles a query on every call, which the benchmark's
 * profile showed as about 2 % of a status turn's CPU. A shape is the query's form (which filters, how many values
 * in an `IN`); its values are put in the compiled query's parameters by position. The SQL text is the same as
 * Kysely's, so SQLite's prepared statements (db.ts `withStatementCache`) are still reused.
 *
 * A shape is compiled with placeholder values through the database WITHOUT plugins (so compiling counts no
 * statement), and its statement is counted when it runs (`counter`), as the StatementCounter plugin counts one
 * it sees. A shape whose placeholders do not all come back as parameters (a value Kysely would put in the SQL
 * text) is never kept: it is built each time as before.
 */
import { createQueryId, type CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Database } from './db';

type Build<R> = (db: Kysely<Database>, values: readonly never[]) => Compilable<R>;

interface Shape {
  compiled: CompiledQuery;
  /** For each parameter of `compiled`: which value goes there, or -1 for a constant of the query. */
  slots: number[];
}

const placeholder = (i: number): string => `\u0000shape-value-${i}\u0000`;

export class QueryShapes {
  private readonly shapes = new Map<string, Shape | null>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly counter: { statements: number },
    private readonly limit = 100,
  ) {}

  /**
   * Runs the query that `build` makes from `values` (`build` must use the values it is given, each once as a
   * parameter, and nothing else that varies: everything else belongs in `shape`).
   */
  async rows<R>(shape: string, values: readonly unknown[], build: Build<R>): Promise<R[]> {
    const known = this.shapes.get(shape) ?? (this.shapes.has(shape) ? null : this.learn(shape, values.length, build));
    if (!known) return (await this.db.executeQuery(build(this.db, values as never[]))).rows;
    const parameters = known.slots.map((slot, i) => (slot >= 0 ? values[slot] : known.compiled.parameters[i]));
    this.counter.statements++;
    const { query: node, sql } = known.compiled;
    const query: CompiledQuery<R> = { query: node, sql, parameters, queryId: createQueryId() };
    return (await this.db.executeQuery(query)).rows;
  }

  private learn<R>(shape: string, count: number, build: Build<R>): Shape | null {
    const placeholders = Array.from({ length: count }, (_, i) => placeholder(i));
    const compiled = build(this.db.withoutPlugins(), placeholders as never[]).compile();
    const slots = compiled.parameters.map((p) => (typeof p === 'string' ? placeholders.indexOf(p) : -1));
    const eachOnce = placeholders.every((_, i) => slots.filter((s) => s === i).length === 1);
    const complete = eachOnce && !compiled.sql.includes('\u0000');
    if (this.shapes.size >= this.limit) this.shapes.clear();
    const learned = complete ? { compiled, slots } : null;
    this.shapes.set(shape, learned);
    return learned;
  }
}
