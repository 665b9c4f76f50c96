/**
 * The full-text engine behind a store, one per SQL dialect (issue 5): SQLite FTS5
 * (`sqlite-fts.ts`) and PostgreSQL tsvector/GIN (`pg-fts.ts`). Both accept the same
 * documented query language (`query.ts`) and give the same result shapes.
 *
 * Index calls run inside the store's write transaction (`db` is the transaction), after the
 * writes to ordinary tables; read calls run on the store's connection.
 */
import type { Kysely, RawBuilder } from "kysely";
import type { Structure } from "../core/transcript-types.js";
import type { Database } from "../store/migrations.js";
import type { QuestionTurn, SearchQuery, SearchResult } from "../store/store.js";
import type { QueryAst } from "./query.js";

type Db = Kysely<Database>;

export interface SearchEngine {
  readonly dialect: "sqlite" | "postgres";
  /** Index (or, with `replace`, re-index) the latest version of item `seq`. */
  indexItem(db: Db, seq: number, headline: string, body: string, transcript: Structure | null, replace: boolean): Promise<void>;
  /** Remove question rows (by `questions.id`) from the index. */
  unindexQuestionIds(db: Db, ids: readonly number[]): Promise<void>;
  /** Index question rows (`questions.id` with question and answer text). */
  indexQuestions(db: Db, rows: readonly { id: number; question: string; answer: string }[]): Promise<void>;
  /**
   * Run a search. `sectionId`: undefined = no filter, null = unknown section (matches nothing).
   * @throws PressroomError `PRESSROOM_E_BAD_QUERY`, `PRESSROOM_E_BAD_REQUEST` as `sqlite-fts.ts` documents.
   */
  search(db: Db, q: SearchQuery, sectionId: number | null | undefined): Promise<SearchResult>;
  /** Exchanges for questioner/outlet pages (see `Store.questions`). */
  listQuestions(db: Db, q: { questioner?: string; outlet?: string; q?: string; limit?: number; offset?: number }): Promise<{ questions: QuestionTurn[]; total: number; totalCapped?: boolean }>;
  /**
   * Saved-search matching (alerts): a condition true when item `i` (alias of `items`) matches
   * the free text `ast` over headline, body and speakers.
   */
  itemMatches(ast: QueryAst): RawBuilder<boolean>;
  /** Like {@link itemMatches} for question row `q` (alias of `questions`): question or answer text. */
  questionMatches(ast: QueryAst): RawBuilder<boolean>;
}
