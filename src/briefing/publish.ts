/**
 * Publishing a live briefing's transcript to the wire when the call closes: the assembled
 * structure (`assembleTranscript`) becomes a `transcript` item like an imported one (body
 * of `LABEL: text` paragraphs, so search, the item page, questioner and outlet pages work
 * the same), under the set-up's ground rules:
 *
 * - embargo `end_of_call` or none: published at once (`store.upsert`, posted now);
 * - embargo `{ until }` still ahead: held (`store.editorial.hold`, status `embargoed`,
 *   release at `until`): the item exists for nobody outside its editors until then, and the
 *   release task publishes it at that time (the one held path; nothing new here);
 * - identity `briefing:<id>`: publishing again is a no-op (`unchanged`), so a publication
 *   cut short by a restart is simply done again.
 *
 * On background (and deeper) no official's real name reaches a stored field: turns were
 * stored with the attribution already (`apply`), officials' participant names are null,
 * and the headline, section and dateline the moderator typed are put through the same
 * replacement. An item whose stenographer typed a real name carries the editorial flag
 * `leaked_background_name`, like an import whose briefer's name was withheld.
 */
import { createHash } from "node:crypto";
import type { ItemInput } from "../core/item.js";
import type { Structure } from "../core/transcript-types.js";
import type { Clock } from "../core/clock.js";
import type { Store } from "../store/store.js";
import { LEAKED_NAME_FLAG } from "../publish/redact.js";
import { assembleTranscript } from "./assemble.js";
import { namesArePrivate, replaceRealNames } from "./names.js";
import type { TranscriptPublisher } from "./service.js";
import type { BriefingState } from "./types.js";

/** Source name of items published from live briefings. */
export const BRIEFING_SOURCE_NAME = "Pressroom live briefing";

/** The item identity of briefing `id`'s transcript. */
export function briefingIdentity(id: string): string {
  return `briefing:${id}`;
}

/**
 * The item a closed (or running) briefing publishes: kind `transcript`, headline, section
 * and dateline from the set-up, `published` the close time, the body as `LABEL: text`
 * paragraphs, the structure as `transcript`, ground rules from the set-up. Pure.
 */
export function transcriptItemInput(id: string, state: BriefingState): ItemInput {
  const s = assembleTranscript(state);
  const officials = state.setup.officials;
  const hide = namesArePrivate(state.setup.groundRules.basis);
  const clean = (t: string | null): string | null => (t === null || !hide ? t : replaceRealNames(t, officials).text);
  const structure: Structure = { ...s, headline: clean(s.headline) ?? s.headline, section: clean(s.section), dateline: clean(s.dateline) };
  const body = structure.turns.map((t) => (t.label ? `${t.label}: ${t.text}` : t.text)).join("\n\n");
  const contentHash = createHash("sha256")
    .update(JSON.stringify([structure.headline, structure.section, structure.dateline, structure.published, body]), "utf8")
    .digest("hex");
  const withheld = (structure.warnings ?? []).includes("real_name_withheld");
  return {
    identity: briefingIdentity(id),
    contentHash,
    headline: structure.headline,
    section: structure.section,
    kind: "transcript",
    published: structure.published,
    dateline: structure.dateline,
    // SourceFormat has no value for a live call yet; "text" is what an imported transcript is.
    source: { path: null, url: null, guid: briefingIdentity(id), name: BRIEFING_SOURCE_NAME, format: "text" },
    body,
    transcript: structure,
    groundRules: structure.ground_rules,
    ...(withheld ? { flags: [LEAKED_NAME_FLAG] } : {}),
  };
}

/**
 * The publisher the service calls on close (see the module comment for the rules).
 * `clock` (the service's) decides whether an embargo time is still ahead. Audited as
 * `item.hold` (held, by the editorial store) or `briefing.publish` (published at once), actor `system`.
 * @throws what `store.upsert` and `store.editorial.hold` throw (`PRESSROOM_E_DATABASE`, ...).
 */
export function createTranscriptPublisher(store: Store, clock: Clock): TranscriptPublisher {
  return async (id, state) => {
    const input = transcriptItemInput(id, state);
    const embargo = state.setup.groundRules.embargo;
    const until = embargo !== null && typeof embargo === "object" ? embargo.until : null;
    const published = await store.editorial.publishedByIdentity(input.identity);
    if (published) return { itemId: published.id }; // released already, or published before a restart
    const held = await store.editorial.getHeldByIdentity(input.identity);
    if ((until !== null && until > clock.now()) || held) {
      const r = await store.editorial.hold({
        input,
        status: held?.status ?? "embargoed",
        releaseAt: held ? held.releaseAt : until,
        embargo: held?.embargo ?? input.groundRules.embargo ?? null,
        note: held?.note ?? `Transcript of live briefing ${id}`,
      }, "system");
      return { itemId: r.held.id };
    }
    const r = await store.upsert(input);
    if (r.status !== "unchanged") await store.editorial.audit("briefing.publish", "system", r.id, { briefing: id, version: r.version });
    return { itemId: r.id };
  };
}
