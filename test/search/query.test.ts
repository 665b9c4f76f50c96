import { test } from "node:test";
import assert from "node:assert/strict";
import BetterSqlite3 from "better-sqlite3";
import { compileFts5, formatQuery, parseQuery, MAX_TERMS } from "../../src/search/query.js";
import { isPressroomError } from "../../src/core/errors.js";

const fts = (q: string) => compileFts5(parseQuery(q).ast);

test("words are ANDed, every term quoted", () => {
  assert.equal(fts("tariff steel"), '"tariff" AND "steel"');
  assert.equal(fts("  Tariff   "), '"Tariff"');
});

test("phrases, exclusions, OR", () => {
  assert.equal(fts('"trade mission" port'), '"trade mission" AND "port"');
  assert.equal(fts("tariff -wheat"), '("tariff") NOT ("wheat")');
  assert.equal(fts('tariff -"farm bill" -corn'), '("tariff") NOT ("farm bill" OR "corn")');
  assert.equal(fts("steel tariff OR quota"), '"steel" AND ("tariff" OR "quota")');
  assert.equal(fts("a OR b OR c"), '("a" OR "b" OR "c")');
  assert.equal(fts("a | b"), '("a" OR "b")');
  assert.equal(fts("tariff or quota"), '"tariff" AND "or" AND "quota"', "lower-case or is a word");
  assert.equal(fts("tariff AND quota"), '"tariff" AND "quota"');
  assert.equal(fts("tariff NOT quota"), '("tariff") NOT ("quota")');
});

test("FTS5 syntax in input stays literal", () => {
  assert.equal(fts("NEAR(a b)"), '"NEAR(a" AND "b)"');
  assert.equal(fts("col:foo"), '"col:foo"');
  assert.equal(fts('say "he said ""hi"""'), '"say" AND "he said" AND "hi"');
  assert.equal(fts("steel*"), '"steel*"');
  assert.equal(fts("^start +plus {a b}:x"), '"^start" AND "+plus" AND "{a" AND "b}:x"');
});

test("repairs: unclosed quote, dangling OR, lone dash, punctuation terms", () => {
  const p = parseQuery('"open phrase');
  assert.equal(compileFts5(p.ast), '"open phrase"');
  assert.ok(p.notices.some((n) => /quote/.test(n)));
  assert.equal(fts("OR tariff OR"), '"tariff"');
  assert.equal(fts("tariff - steel"), '"tariff" AND "steel"');
  assert.equal(fts("tariff ))) *** 🎉"), '"tariff"');
  assert.equal(fts("-wheat OR tariff"), '("tariff") NOT ("wheat")');
});

test("bad queries are PRESSROOM_E_BAD_QUERY with a message", () => {
  for (const q of ['"', "AND", "-", "*", ")))", "", "   ", "OR", "NOT", "-wheat", '-"farm bill"', "🎉🎉", '""', "- - -", "&&"]) {
    assert.throws(() => parseQuery(q), (e) => isPressroomError(e, "PRESSROOM_E_BAD_QUERY") && e.message.length > 10, JSON.stringify(q));
  }
});

test("long input is cut, term count capped", () => {
  const p = parseQuery("word ".repeat(2000));
  assert.equal(p.ast.all.length, MAX_TERMS);
  assert.ok(p.notices.length >= 1);
  const big = parseQuery("x".repeat(10_000));
  assert.equal((big.ast.all[0] as { text: string }).text.length, 1000);
});

test("control and private-use characters are removed", () => {
  assert.equal(fts("a\u0000b \ue000c\ue001"), '"a" AND "b" AND "c"');
});

test("formatQuery renders the canonical form", () => {
  assert.equal(formatQuery(parseQuery('steel tariff OR quota -"farm bill"').ast), 'steel tariff OR quota -"farm bill"');
});

test("fuzz: whatever is typed, the compiled string is valid FTS5 or the error is BAD_QUERY", () => {
  const db = new BetterSqlite3(":memory:");
  db.exec("CREATE VIRTUAL TABLE t USING fts5(a, b, tokenize='porter unicode61 remove_diacritics 2')");
  db.prepare("INSERT INTO t(a, b) VALUES (?, ?)").run("steel tariff", "quota talk");
  const stmt = db.prepare("SELECT count(*) AS n FROM t WHERE t MATCH ?");
  const alphabet = ['"', "-", "(", ")", "*", ":", "^", "+", "{", "}", " ", " ", "OR", "AND", "NOT", "NEAR", "a", "steel", "é", "🎉", "\\", "'", ",", ".", "|", "\u0000", "\ue000"];
  let seed = 42;
  const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
  for (let i = 0; i < 3000; i++) {
    let s = "";
    const len = 1 + Math.floor(rnd() * 12);
    for (let k = 0; k < len; k++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    let m: string;
    try {
      m = compileFts5(parseQuery(s).ast);
    } catch (e) {
      assert.ok(isPressroomError(e, "PRESSROOM_E_BAD_QUERY"), `unexpected error for ${JSON.stringify(s)}: ${String(e)}`);
      continue;
    }
    assert.doesNotThrow(() => stmt.get(m), `FTS5 rejected ${JSON.stringify(m)} from ${JSON.stringify(s)}`);
    assert.doesNotThrow(() => stmt.get(compileFts5(parseQuery(s).ast, ["a"])));
  }
  db.close();
});
