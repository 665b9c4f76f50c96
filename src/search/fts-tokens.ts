/**
 * The FTS5 tokenizer of the SQLite search, usable from any engine: text in, the tokens FTS5
 * would index out (case folded, accents removed, Porter-stemmed, with their positions).
 *
 * The PostgreSQL engine (`pg-fts.ts`) builds its `tsvector`s and `tsquery`s from these
 * tokens instead of from a PostgreSQL text-search configuration, so both engines see exactly
 * the same words: PostgreSQL's `english` configuration differs from FTS5's
 * `porter unicode61 remove_diacritics 2` in its parser (e-mail addresses, URLs, hyphenated
 * words and decimals are single tokens there), its stemmer (Snowball "Porter2", not Porter's
 * original), its stop words (`the` would find nothing) and accents (kept without `unaccent`).
 *
 * How: a private in-memory SQLite database holds an FTS5 table with the same tokenizer
 * settings as the store's; a text is inserted inside a transaction, its tokens are read
 * back through an `fts5vocab` table of kind `instance`, and the transaction is rolled back,
 * so the table stays empty. The calls are synchronous (better-sqlite3), one at a time.
 * Cost: about 0.4 ms for a 650-word release, 120 ms for 100,000 words (2-core machine).
 */
import BetterSqlite3 from "better-sqlite3";
import { FTS_TOKENIZE, ftsText } from "./sqlite-fts.js";

/** Columns tokenized in one call at most. */
export const MAX_TOKEN_COLUMNS = 3;

interface Tokenizer {
  run(texts: readonly string[]): string[][];
}

let tokenizer: Tokenizer | undefined;

function open(): Tokenizer {
  const db = new BetterSqlite3(":memory:");
  const cols = Array.from({ length: MAX_TOKEN_COLUMNS }, (_, i) => `c${i}`);
  db.exec(`CREATE VIRTUAL TABLE tok USING fts5(${cols.join(", ")}, tokenize='${FTS_TOKENIZE}')`);
  db.exec(`CREATE VIRTUAL TABLE tok_v USING fts5vocab(tok, 'instance')`);
  const insert = db.prepare(`INSERT INTO tok(rowid, ${cols.join(", ")}) VALUES (1, ${cols.map(() => "?").join(", ")})`);
  const read = db.prepare("SELECT term, col, offset FROM tok_v").raw(true);
  const begin = db.prepare("BEGIN");
  const rollback = db.prepare("ROLLBACK");
  return {
    run(texts) {
      const args = cols.map((_, i) => texts[i] ?? "");
      const out: string[][] = cols.map(() => []);
      begin.run();
      try {
        insert.run(...args);
        for (const [term, col, offset] of read.all() as [string, string, number][]) {
          out[Number(col.slice(1))]![offset] = term;
        }
      } finally {
        rollback.run();
      }
      // Offsets are dense (one position per token); guard against holes anyway.
      return out.slice(0, texts.length).map((a) => (a.includes(undefined as never) ? a.filter((t) => t !== undefined) : a));
    },
  };
}

/**
 * The FTS5 tokens of each text, in order: `result[i][p]` is the token at 0-based position
 * `p` of `texts[i]`, as the SQLite index stores it (e.g. `"Tariffs on U.S. steel"` →
 * `["tariff", "on", "u", "s", "steel"]`). Private-use characters are blanked first, as the
 * SQLite engine does before indexing.
 *
 * @param texts At most {@link MAX_TOKEN_COLUMNS} texts (columns), any length.
 * @throws Error when more than {@link MAX_TOKEN_COLUMNS} texts are given (a programming error).
 */
export function ftsTokens(texts: readonly string[]): string[][] {
  if (texts.length > MAX_TOKEN_COLUMNS) throw new Error(`ftsTokens takes at most ${MAX_TOKEN_COLUMNS} texts`);
  tokenizer ??= open();
  return tokenizer.run(texts.map((t) => (/[\ue000-\uf8ff]/.test(t) ? ftsText(t) : t)));
}
