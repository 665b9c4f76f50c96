/**
 * tsvector/tsquery literals built from FTS5 tokens (`src/search/pg-tsearch.ts`), checked by
 * the real PostgreSQL parser (casts only: no schema is created).
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";
import { isPressroomError } from "../../src/core/errors.js";
import { parseQuery } from "../../src/search/query.js";
import { ftsTokens } from "../../src/search/fts-tokens.js";
import { MAX_LEXEME_BYTES, MAX_POSITION, PAIRS_MISSING, compileTsquery, lexemeOf, quoteLexeme, tsvectorLiteral } from "../../src/search/pg-tsearch.js";

const PG_URL = process.env.PRESSROOM_TEST_PG_URL || "postgres://postgres@127.0.0.1:5432/test";
let c: pg.Client;

before(async () => {
  c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
});
after(async () => { await c.end(); });

async function one<T>(text: string, params: unknown[]): Promise<T> {
  const r = await c.query(text, params);
  return r.rows[0] as T;
}

/** Does `doc` (a tsvector literal) match `q` (a tsquery literal) in PostgreSQL? */
async function pgMatch(doc: string, q: string): Promise<boolean> {
  return (await one<{ m: boolean }>("SELECT $1::tsvector @@ $2::tsquery AS m", [doc, q])).m;
}

test("FTS5 tokens: folded, accents removed, Porter-stemmed, split on punctuation", () => {
  assert.deepEqual(ftsTokens(["Tariffs on U.S. steel", "Résumé généreux: talked 3.5 e-mail", ""]), [
    ["tariff", "on", "u", "s", "steel"],
    ["resum", "genereux", "talk", "3", "5", "e", "mail"],
    [],
  ]);
  assert.deepEqual(ftsTokens(["a\ue000b"]), [["a", "b"]], "private-use characters separate words, as in the SQLite index");
  assert.throws(() => ftsTokens(["a", "b", "c", "d"]), /at most 3/);
});

test("tsvector literal: weights per column, one unused position between columns", async () => {
  const lit = tsvectorLiteral([{ text: "Harbor ferry", weight: "A" }, { text: "", weight: "C" }, { text: "the ferry", weight: "B" }]);
  assert.equal(lit, "'harbor':1A 'ferri':2A,5B 'the':4B");
  assert.equal((await one<{ v: string }>("SELECT $1::tsvector::text AS v", [lit])).v, "'ferri':2A,5B 'harbor':1A 'the':4B");
  assert.equal(tsvectorLiteral([{ text: "", weight: "A" }, { text: "…!", weight: "B" }]), "");
  assert.equal(await pgMatch(lit, "'harbor' <-> 'ferri'"), true);
  assert.equal(await pgMatch(lit, "'ferri' <-> 'the'"), false, "no phrase across columns");
  assert.equal(await pgMatch(lit, "'the':A"), false);
  assert.equal(await pgMatch(lit, "'the':B"), true);
});

test("quoting: quotes and backslashes survive PostgreSQL's parser", async () => {
  assert.equal(quoteLexeme("it's\\x"), "'it''s\\\\x'");
  const r = await one<{ v: string[] }>("SELECT tsvector_to_array($1::tsvector) AS v", [`${quoteLexeme("it's\\x")}:1`]);
  assert.deepEqual(r.v, ["it's\\x"]);
});

test("long texts: positions clamp at 16,383, 256 positions per lexeme, PostgreSQL accepts the result", async () => {
  const words = Array.from({ length: 20_000 }, (_, i) => (i % 2 === 0 ? "common" : `w${i}`));
  const lit = tsvectorLiteral([{ text: words.join(" "), weight: "B" }]);
  const common = /'common':([0-9A-D,]+)/.exec(lit)![1]!.split(",");
  assert.equal(common.length, 256);
  assert.equal(common[0], "1B");
  assert.match(lit, new RegExp(`'w19999':${MAX_POSITION}B`));
  const n = await one<{ n: number }>("SELECT length($1::tsvector) AS n", [lit]);
  assert.equal(n.n, 10_001);
  assert.equal(await pgMatch(lit, "'common' <-> 'w1'"), true);
  assert.equal(await pgMatch(lit, "'w19999'"), true, "every word stays findable");
});

test("huge texts stay under PostgreSQL's 1 MB tsvector limit; early words stay findable", async () => {
  const words = Array.from({ length: 150_000 }, (_, i) => `tok${i.toString(36)}x${"abcdefgh".slice(i % 8)}`);
  const lit = tsvectorLiteral([{ text: "Headline here", weight: "A" }, { text: words.join(" "), weight: "B" }]);
  const r = await one<{ n: number; bytes: number }>("SELECT length(v) AS n, pg_column_size(v) AS bytes FROM (SELECT $1::tsvector AS v) s", [lit]);
  assert.ok(r.bytes < 1_048_576, String(r.bytes));
  assert.ok(r.n > 50_000, String(r.n));
  assert.equal(await pgMatch(lit, compileTsquery(parseQuery("headline").ast)!), true);
  assert.equal(await pgMatch(lit, compileTsquery(parseQuery(words[10]!).ast)!), true);
});

test("tokens longer than a lexeme may be are cut the same way in documents and queries", async () => {
  const long = "東".repeat(700); // one token of 2,100 bytes (queries are cut at 1,000 characters)
  assert.ok(Buffer.byteLength(lexemeOf(long)) <= MAX_LEXEME_BYTES);
  assert.equal(lexemeOf("short"), "short");
  const lit = tsvectorLiteral([{ text: `before ${long} after`, weight: "B" }]);
  const q = compileTsquery(parseQuery(`"before ${long} after"`).ast)!;
  assert.equal(await pgMatch(lit, q), true);
});

test("compiled queries: our semantics in tsquery syntax", () => {
  const c = (s: string, o?: Parameters<typeof compileTsquery>[1]) => compileTsquery(parseQuery(s).ast, o);
  assert.equal(c('steel tariffs OR quota -"farm bill" -wheat'), "('steel' & ('tariff' | 'quota')) & !(('farm' <-> 'bill') | 'wheat')");
  assert.equal(c("U.S. the"), "('u' <-> 's') & 'the'");
  assert.equal(c("steel -wheat", { weights: "A" }), "('steel':A) & !('wheat':A)");
  assert.equal(c('"farm bill" -wheat', { positiveWeights: "A" }), "(('farm':A <-> 'bill':A)) & !('wheat')");
  assert.equal(c("\u19b0"), null, "a required term with no token matches nothing (U+19B0 is a letter FTS5 does not index)");
  assert.equal(c("steel OR \u19b0"), "'steel'");
  assert.equal(c("steel -\u19b0"), "'steel'");
  assert.throws(() => c("steel", { weights: "X" }), /weights/);
});

test("word pairs: documents carry them, phrases require them, results do not change", async () => {
  const doc = tsvectorLiteral([{ text: "Winter timetable", weight: "A" }, { text: "the winter ferry timetable", weight: "B" }], { pairs: true });
  assert.equal(doc, "'winter':1A,5B 'timet':2A,7B 'the':4B 'ferri':6B 'winter timet' 'the winter' 'winter ferri' 'ferri timet'");
  const q = (s: string, o: Parameters<typeof compileTsquery>[1] = {}) => compileTsquery(parseQuery(s).ast, { ...o, pairs: true })!;
  assert.equal(q('"winter timetable"'), "((('winter timet') | ' nopairs') & ('winter' <-> 'timet'))");
  assert.equal(q('"the winter ferry" -"ferry timetable"', { weights: "B" }),
    "(((('the winter' & 'winter ferri') | ' nopairs') & ('the':B <-> 'winter':B <-> 'ferri':B))) & !(((('ferri timet') | ' nopairs') & ('ferri':B <-> 'timet':B)))");
  assert.equal(await pgMatch(doc, q('"winter timetable"')), true);
  assert.equal(await pgMatch(doc, q('"winter ferry timetable"')), true);
  assert.equal(await pgMatch(doc, q('"timetable the"')), false, "no pair across columns");
  assert.equal(await pgMatch(doc, q('"ferry winter"')), false);
  assert.equal(await pgMatch(doc, q('"the winter ferry"', { weights: "A" })), false);
  assert.equal(await pgMatch(doc, q('"the winter ferry"', { weights: "B" })), true);
  // A document whose pairs do not fit (120,000 words of a 20,000-word vocabulary, nearly all
  // pairs different) carries the marker instead: its phrases are still found, on positions.
  const vocab = Array.from({ length: 20_000 }, (_, i) => `word${i.toString(36)}q`);
  const words = Array.from({ length: 120_000 }, (_, i) => vocab[(Math.imul(i, 2_654_435_761) >>> 0) % 20_000]!);
  const huge = tsvectorLiteral([{ text: words.join(" "), weight: "B" }], { pairs: true });
  assert.ok(huge.endsWith(quoteLexeme(PAIRS_MISSING)));
  assert.ok(!huge.includes(`'${words[0]} ${words[1]}'`));
  assert.equal(await pgMatch(huge, q(`"${words[3]} ${words[4]}"`)), true);
  assert.equal(await pgMatch(huge, q(`"${words[4]} ${words[3]}"`)), false);
  // Small documents keep every pair (no marker).
  assert.ok(!doc.includes("nopairs"));
});

test("fuzz: whatever is typed, the compiled query is valid tsquery or the error is BAD_QUERY", async () => {
  const alphabet = ['"', "-", "(", ")", "*", ":", "^", "+", "{", "}", " ", " ", "OR", "AND", "NOT", "NEAR", "a", "steel", "é", "🎉", "\\", "'",
    ",", ".", "|", "&", "!", "<->", "<2>", ":*", ":A", "\u0000", "\ue000", "\u0378", "東京"];
  let seed = 7;
  const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
  const queries: string[] = [];
  for (let i = 0; i < 2000; i++) {
    let s = "";
    const len = 1 + Math.floor(rnd() * 12);
    for (let k = 0; k < len; k++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    try {
      const ast = parseQuery(s).ast;
      for (const o of [{}, { weights: "A" }, { positiveWeights: "A" }, { pairs: true }, { weights: "B", pairs: true }]) {
        const q = compileTsquery(ast, o);
        if (q !== null) queries.push(q);
      }
    } catch (e) {
      assert.ok(isPressroomError(e, "PRESSROOM_E_BAD_QUERY"), `unexpected error for ${JSON.stringify(s)}: ${String(e)}`);
    }
  }
  assert.ok(queries.length > 1000);
  const r = await c.query("SELECT count(q::tsquery)::int AS n FROM unnest($1::text[]) AS q", [queries]);
  assert.equal(r.rows[0].n, queries.length);
});
