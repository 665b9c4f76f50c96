/**
 * Queries of the hottest read paths (an item page reads several per request) built and
 * compiled to SQL once per store, then run with new parameter values. Building a Kysely query
 * and compiling it costs tens of microseconds of CPU per call: more than SQLite's own look-up
 * of a row by key.
 */
import type { Compilable, CompiledQuery, QueryResult } from "kysely";

/** What runs a compiled query: a Kysely instance or transaction. */
export interface QueryRunner {
  executeQuery<T>(query: CompiledQuery<T>): Promise<QueryResult<T>>;
}

/** Stand-in value for parameter `i` while the query is compiled (never sent to a database). */
const slot = (i: number): string => `\u0000pressroom-parameter-${i}\u0000`;

/**
 * A query with `arity` parameters. `build` receives stand-ins for them (pass each where the
 * value goes, e.g. `.where("id", "=", id)`; a number column takes a stand-in cast to number)
 * and must use each one exactly once as a bound value (not in `sql.raw`, not transformed).
 * Values written in `build` itself stay as they are.
 */
export class QueryTemplate<R> {
  private compiled: CompiledQuery<R> | null = null;
  /** For each compiled parameter: the index of the caller's value it takes, or -1 (fixed). */
  private sources: number[] = [];

  constructor(private readonly arity: number, private readonly build: (...params: never[]) => Compilable<R>) {}

  /**
   * Run with `params` (in the order of `build`'s arguments).
   * @throws Error (rejected) when `build` did not bind every stand-in exactly once (a programming error).
   */
  async run(db: QueryRunner, params: readonly unknown[]): Promise<QueryResult<R>> {
    let c = this.compiled;
    if (!c) {
      const stand = Array.from({ length: this.arity }, (_, i) => slot(i));
      c = (this.build as (...p: string[]) => Compilable<R>)(...stand).compile();
      this.sources = c.parameters.map((p) => stand.indexOf(p as string));
      for (let i = 0; i < this.arity; i++) {
        if (this.sources.filter((s) => s === i).length !== 1) throw new Error(`query template: parameter ${i} is not bound exactly once in ${c.sql}`);
      }
      this.compiled = c;
    }
    const parameters = this.sources.length === 0 ? c.parameters : this.sources.map((s, k) => (s >= 0 ? params[s] : c!.parameters[k]));
    return db.executeQuery<R>({ ...c, parameters });
  }
}
