/** Items written for the publishing tests (our own words), and a real server on a temp SQLite store. */
import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { fixedClock } from "../../src/core/clock.js";
import type { ItemInput } from "../../src/core/item.js";
import type { Structure } from "../../src/core/transcript-types.js";
import { buildServer } from "../../src/publish/server.js";
import { openTestStore } from "../db.js";
import type { Store } from "../../src/store/store.js";

export const T0 = Date.parse("2025-03-01T12:00:00Z");
export const H = 3_600_000;
export const D = 24 * H;

function hash(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}

function input(p: Omit<ItemInput, "contentHash">): ItemInput {
  return { ...p, contentHash: hash(JSON.stringify(p)) };
}

export const release = input({
  identity: "guid:ferry-night-crossings",
  headline: "Coastal Ferry Service Adds Night Crossings",
  section: "Transport Office",
  kind: "press_release",
  published: "2025-02-27T17:40:00-05:00",
  dateline: "PORT ELLEN",
  source: { path: null, url: "https://transport.example.gov/news/ferry-night", guid: "ferry-night", name: "Transport Office", format: "html" },
  body: "The Coastal Ferry Service will run three extra crossings each night from April.\n\nTickets for the lanternfish route go on sale on Monday.",
  transcript: null,
  groundRules: { basis: null, attribute_to: null },
});

const structure: Structure = {
  headline: "Background Briefing on the Lighthouse Treaty Talks",
  section: "Maritime Affairs",
  kind: "transcript",
  published: "2024-08-12T10:00:00-04:00",
  dateline: "Via Teleconference",
  ground_rules: { basis: "on_background", attribute_to: "Senior Harbor Department Official" },
  participants: [
    { id: "op", label: "OPERATOR", role: "operator", name: "Dana", affiliation: null },
    { id: "mod", label: "MODERATOR", role: "moderator", name: null, affiliation: null },
    { id: "off", label: "SENIOR HARBOR DEPARTMENT OFFICIAL", role: "official", name: null, affiliation: null },
    { id: "q1", label: "QUESTION", role: "questioner", name: "Mara Quinn", affiliation: "Tidewater Gazette" },
    { id: "q2", label: "QUESTION", role: "questioner", name: null, affiliation: null },
  ],
  turns: [
    { index: 0, speaker: "op", label: "OPERATOR", text: "Welcome, everyone. All lines are muted until the question session." },
    { index: 1, speaker: "mod", label: "MODERATOR", text: "Thanks, Dana. This call is on background, attributable to a Senior Harbor Department Official." },
    { index: 2, speaker: "off", label: "SENIOR HARBOR DEPARTMENT OFFICIAL", text: "The treaty talks resume next week.\n\nWe expect the keeper rotation to be the main topic." },
    { index: 3, speaker: "op", label: "OPERATOR", text: "Our first question comes from Mara Quinn with the Tidewater Gazette." },
    { index: 4, speaker: "q1", label: "QUESTION", text: "Will the rotation cover the northern beacons as well?" },
    { index: 5, speaker: "off", label: "SENIOR HARBOR DEPARTMENT OFFICIAL", text: "It will, once the fog season ends. (Laughter.)" },
    { index: 6, speaker: "q2", label: "QUESTION", text: "And who pays for the new lenses?" },
    { index: 7, speaker: "off", label: "SENIOR HARBOR DEPARTMENT OFFICIAL", text: "The costs are shared equally between the parties." },
  ],
  exchanges: [
    { questioner: "q1", question_turns: [4], answer_turns: [5], follow_up: false },
    { questioner: "q2", question_turns: [6], answer_turns: [7], follow_up: false },
  ],
  events: [{ turn: 5, type: "laughter", participant: null }],
};

export const transcript = input({
  identity: "guid:lighthouse-background",
  headline: structure.headline,
  section: structure.section,
  kind: "transcript",
  published: structure.published,
  dateline: structure.dateline,
  source: { path: null, url: null, guid: null, name: "Harbor Department", format: "text" },
  body: structure.turns.map((t) => `${t.label}: ${t.text}`).join("\n\n"),
  transcript: structure,
  groundRules: structure.ground_rules,
});

export const hostile = input({
  identity: "guid:hostile",
  headline: `<script>alert("pwned")</script> & "Quotes" Ltd`,
  section: "Transport Office",
  kind: "statement",
  published: "2023-05-01",
  dateline: null,
  source: { path: null, url: null, guid: null, name: "<b>Bold</b> Source", format: "text" },
  body: `A statement with <img src=x onerror=alert(1)> markup in it, about the lanternfish.`,
  transcript: null,
  groundRules: { basis: null, attribute_to: null },
});

export interface Running {
  app: FastifyInstance;
  store: Store;
  url: string;
  ids: { release: string; transcript: string; hostile: string };
  close(): Promise<void>;
}

/** A real server on 127.0.0.1 (random port) over a real store (SQLite or PostgreSQL, test/db.ts). */
export async function startWire(opts: { empty?: boolean } = {}): Promise<Running> {
  const clock = fixedClock(T0);
  const store = await openTestStore({ clock });
  const ids = { release: "", transcript: "", hostile: "" };
  if (!opts.empty) {
    clock.set(T0 - 400 * D);
    ids.hostile = (await store.upsert(hostile)).id;
    clock.set(T0 - 10 * D);
    ids.transcript = (await store.upsert(transcript)).id;
    clock.set(T0 - 2 * H);
    ids.release = (await store.upsert(release)).id;
    clock.set(T0);
  }
  const app = await buildServer({ store, clock, baseUrl: "https://wire.example.org/", siteName: "Harbor Wire" });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    app,
    store,
    url: `http://127.0.0.1:${port}`,
    ids,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}
