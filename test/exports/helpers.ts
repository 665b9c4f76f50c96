/** Helpers of the export and hardening tests: a real server on a temp SQLite store, and XML checks. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { XMLValidator } from "fast-xml-parser";
import { DOMParser } from "linkedom";
import { fixedClock, type Clock } from "../../src/core/clock.js";
import type { ItemInput } from "../../src/core/item.js";
import { buildServer } from "../../src/publish/server.js";
import type { PublishSettings } from "../../src/publish/settings.js";
import { openTestStore } from "../db.js";
import type { Store } from "../../src/store/store.js";

/** A clock tests can move. */
export type FixedClock = Clock & { set(ms: number): void };

export const BASE = "https://wire.example.org";
export const T0 = Date.parse("2026-03-10T12:00:00Z");
export const H = 3_600_000;
export const D = 24 * H;

/** A server (not listening: use `app.inject`) over a fresh store (test/db.ts: SQLite or PostgreSQL), and a temp folder `dir`. */
export interface Wire {
  app: FastifyInstance;
  store: Store;
  clock: FixedClock;
  dir: string;
  close(): Promise<void>;
}

/** Build a wire; `fill` runs on the store before the server is built. */
export async function wire(opts: { settings?: PublishSettings; baseUrl?: string; fill?: (store: Store, clock: FixedClock) => Promise<void> } = {}): Promise<Wire> {
  const dir = mkdtempSync(join(tmpdir(), "pressroom-exports-"));
  const clock = fixedClock(T0);
  const store = await openTestStore({ clock });
  if (opts.fill) await opts.fill(store, clock);
  const app = await buildServer({ store, clock, baseUrl: opts.baseUrl ?? BASE, siteName: "Harbor Wire", ...(opts.settings ? { settings: opts.settings } : {}) });
  return {
    app,
    store,
    clock,
    dir,
    close: async () => {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An item input we wrote, with a content hash over its fields. */
export function input(p: Partial<ItemInput> & { identity: string; headline: string }): ItemInput {
  const base: Omit<ItemInput, "contentHash"> = {
    section: "Harbor Office",
    kind: "press_release",
    published: null,
    dateline: null,
    source: { path: null, url: null, guid: null, name: "Harbor Office", format: "text" },
    body: `${p.headline}.\n\nSecond paragraph about the harbour.`,
    transcript: null,
    groundRules: { basis: null, attribute_to: null },
    ...p,
  };
  return { ...base, contentHash: createHash("sha256").update(JSON.stringify(base)).digest("hex") };
}

// XML 1.0 Char production: anything outside it must never appear in a document.
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Assert that `xml` is a well-formed XML 1.0 document and return it parsed (linkedom).
 * fast-xml-parser's validator checks tags, attributes and escaping; the rest (characters,
 * entity references, a single root) is checked here.
 */
export function parseWellFormed(xml: string): Document {
  const v = XMLValidator.validate(xml);
  assert.equal(v, true, `not well-formed: ${JSON.stringify(v)}`);
  assert.doesNotMatch(xml, NOT_XML_CHAR, "a character XML 1.0 forbids");
  for (const m of xml.matchAll(/&([^;\s]*);?/g)) {
    assert.match(m[0], /^&(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);$/, `undefined or broken entity reference ${m[0]}`);
  }
  const doc = new DOMParser().parseFromString(xml, "text/xml") as unknown as Document;
  const roots = Array.from(doc.childNodes).filter((n) => n.nodeType === 1);
  assert.equal(roots.length, 1, "exactly one root element");
  return doc;
}

/** Remove the characters XML 1.0 cannot carry (what the exports drop). */
export function xmlChars(s: string): string {
  return s.replace(new RegExp(NOT_XML_CHAR.source, "g"), "");
}

const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/**
 * An attribute's value with its character references decoded (linkedom's XML parser
 * leaves them as written in attributes), or null when absent.
 */
export function attr(el: Element | undefined, name: string): string | null {
  const raw = el?.getAttribute(name);
  if (raw === null || raw === undefined) return null;
  return raw.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_m, e: string) =>
    e.startsWith("#x") ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith("#") ? String.fromCodePoint(Number(e.slice(1))) : PREDEFINED[e]!,
  );
}

/** Text of the first element named `name` (any namespace prefix-free name) under `root`, or null. */
export function text(root: Document | Element, name: string): string | null {
  const el = root.getElementsByTagName(name)[0];
  return el ? (el.textContent ?? "") : null;
}
