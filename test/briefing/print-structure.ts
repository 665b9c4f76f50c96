/**
 * Prints the assembled transcript of a briefing command log as JSON, for
 * `../shared/tools/score-transcripts.mjs --cmd`:
 *
 *   node --import tsx test/briefing/print-structure.ts CALL.json
 *
 * CALL.json is `{"setup": BriefingSetup, "log": LogEntry[]}`.
 */
import { readFileSync } from "node:fs";
import { assembleTranscript, createBriefing, isBriefingError, replay } from "../../src/briefing/index.js";

const file = process.argv[2];
if (!file) {
  console.error("usage: print-structure.ts CALL.json");
  process.exit(2);
}
const { setup, log } = JSON.parse(readFileSync(file, "utf8"));
const initial = createBriefing(setup);
if (isBriefingError(initial)) {
  console.error(`${initial.code}: ${initial.message}`);
  process.exit(1);
}
console.log(JSON.stringify(assembleTranscript(replay(initial, log).state), null, 2));
