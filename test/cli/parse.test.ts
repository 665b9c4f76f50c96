import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { CORPUS, SHARED, runCli } from "../helpers.js";

const schema = JSON.parse(readFileSync(join(SHARED, "spec", "transcript.schema.json"), "utf8"));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
const SEED = join(CORPUS, "seed", "almaty-background-briefing.txt");

test("parse --json prints the contract of transcript.schema.json for one document of every family", () => {
  const files = [
    SEED,
    join(CORPUS, "state-briefings", "2021-06-04-department-press-briefing-june-4-2021.xml"),
    join(CORPUS, "whitehouse-briefings", "2021-04-30-press-gaggle-by-press-secretary-jen-psaki-aboard-air-force-one-en-route-philadelphia-pa.md"),
    join(CORPUS, "html-pages", "2020-03-14-remarks-president-trump-vice-president-pence-members-coronavirus-task-force-press-briefing.html"),
    join(CORPUS, "local-press-releases", "2019-04-10-dallas-tx-pr-gangunitgrant-pdf.txt"),
    join(CORPUS, "whitehouse-releases", "2024-05-21-readout-of-vice-president-kamala-harris-meeting-with-prime-minister-trudeau-of-canada.md"),
  ];
  for (const f of files) {
    const r = runCli(["parse", f, "--json"]);
    assert.equal(r.code, 0, `${f}: ${r.stderr}`);
    const out = JSON.parse(r.stdout);
    assert.ok(validate(out), `${f}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  }
});

test("parse of the founding document: the call's structure", () => {
  const s = JSON.parse(runCli(["parse", SEED, "--json"]).stdout);
  assert.equal(s.kind, "transcript");
  assert.equal(s.section, "Arms Control and International Security");
  assert.equal(s.headline, "Background Briefing on Upcoming P5+1 Talks in Almaty, Kazakhstan");
  assert.deepEqual(s.ground_rules.basis, "on_background");
  assert.equal(s.ground_rules.attribute_to, "Senior U.S. Administration Official");
  const roles = new Set(s.participants.map((p: { role: string }) => p.role));
  for (const r of ["moderator", "official", "operator", "questioner"]) assert.ok(roles.has(r), r);
  const names = s.participants.filter((p: { role: string }) => p.role === "questioner").map((p: { name: string }) => p.name);
  assert.ok(names.includes("Indira Lakshmanan"), names.join(", "));
  assert.ok(!JSON.stringify(s).includes("There were 143 press releases"), "the counter banner is chrome");
});

test("parse reads stdin with -, and prints text and WebVTT", () => {
  const input = readFileSync(SEED);
  const j = runCli(["parse", "-", "--json"], { input });
  assert.equal(j.code, 0, j.stderr);
  const fromStdin = JSON.parse(j.stdout);
  assert.equal(fromStdin.headline, "Background Briefing on Upcoming P5+1 Talks in Almaty, Kazakhstan");
  const text = runCli(["parse", SEED, "--format", "text"]);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /^Background Briefing on Upcoming P5\+1 Talks/);
  assert.match(text.stdout, /\nMODERATOR: Thank you\./);
  const vtt = runCli(["parse", SEED, "--format", "webvtt"]);
  assert.equal(vtt.code, 0);
  assert.match(vtt.stdout, /^WEBVTT\n\nturn-0\n00:00:00\.000 --> 00:00:01\.000\n<v MODERATOR>Thank you\./);
  assert.ok(!/\n\n\n/.test(vtt.stdout), "no empty cues");
  const bad = runCli(["parse", SEED, "--format", "pdf"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Allowed choices are json, text, webvtt/);
});

test("parse rejects binary and empty input with a clear error", () => {
  const bin = runCli(["parse", "-"], { input: Buffer.from([0, 1, 2, 3, 0, 255]) });
  assert.equal(bin.code, 1);
  assert.match(bin.stderr, /PRESSROOM_E_BINARY/);
  const empty = runCli(["parse", "-"], { input: "" });
  assert.equal(empty.code, 1);
  assert.match(empty.stderr, /PRESSROOM_E_EMPTY/);
});
