import type { Item, ItemSummary } from "../../core/item.js";
import { storyJsonSchema } from "../dedupe/routes.js";
import { sanitizeBodyHtml } from "../sanitize.js";
import type { GroundRules, Structure } from "../../core/transcript-types.js";
import type { PublishContext } from "../context.js";
import { kindLabel, rfc3339Published } from "../format.js";

/** The ninjs version the API speaks. */
export const NINJS_VERSION = "2.1";
/** The IPTC schema of that version. */
export const NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json";
/** Path of our extension schema (ninjs 2.1 plus the `pressroom:*` and `links` properties). */
export const EXTENSION_SCHEMA_PATH = "/api/v1/schema/ninjs-pressroom.json";

/** A ninjs 2.1 news object with Pressroom's documented extension properties. */
export interface NinjsItem {
  uri: string;
  type: "text";
  representationtype: "full" | "partial";
  profile: string;
  version: string;
  firstcreated: string;
  versioncreated: string;
  contentcreated?: string;
  /**
   * IPTC pubstatus: `usable`; `canceled` for a withdrawn item (no body; `ednote` gives the
   * reason); `withheld` for a scheduled or withheld item an editor is looking at early.
   */
  pubstatus: "usable" | "withheld" | "canceled";
  /** ninjs 2.1: the embargo lift time (RFC 3339, UTC) of an item still under embargo; only ever shown to readers and editors. */
  embargoed?: string;
  /** ninjs 2.1: note to editors: what changed in this version (correction note, withdrawal reason). */
  ednote?: string;
  language: string;
  headlines: { role: string; value: string }[];
  descriptions?: { role: string; contenttype: string; value: string }[];
  bodies?: { role: string; contenttype: string; value: string; charcount: number; wordcount: number }[];
  subjects?: { name: string; rel: string; uri?: string; literal: string }[];
  genres: { name: string; literal: string }[];
  located?: string;
  infosources?: { name: string; uri?: string; role: string }[];
  altids: { role: string; value: string }[];
  renditions: { name: string; href: string; contenttype: string; title: string }[];
  standard: { name: string; version: string; schema: string };
  /** Extension: typed links (canonical page, source, API self). */
  links: { rel: string; href: string; type?: string }[];
  /** Extension: attribution terms. */
  "pressroom:groundrules": GroundRules;
  /** Extension: the transcript structure (see docs/api.md), present for transcripts in full representations. */
  "pressroom:transcript"?: Structure;
  /** Extension: wire times as epoch-independent RFC 3339 (posted = first posted on this wire). */
  "pressroom:posted": string;
  "pressroom:id": string;
  /** Extension: editorial flags (e.g. `leaked_background_name`); empty when none. */
  "pressroom:flags": string[];
  /** Extension, held items only (editors and readers): why it is held (`embargoed` | `scheduled` | `withheld`). */
  "pressroom:held"?: string;
  /** Extension, held items only: release time (RFC 3339, UTC) of a scheduled or embargoed item. */
  "pressroom:release_at"?: string;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function words(s: string): number {
  const m = s.match(/\S+/g);
  return m ? m.length : 0;
}

/**
 * Map an item (full) or an item summary (lists: no body, `representationtype: "partial"`)
 * to a ninjs 2.1 object.
 */
export function toNinjs(ctx: PublishContext, item: Item | ItemSummary, sectionSlug: string | null): NinjsItem {
  const full = "body" in item;
  const page = ctx.itemUrl(item.id);
  const contentcreated = rfc3339Published(item.published, item.publishedAt);
  const out: NinjsItem = {
    uri: page,
    type: "text",
    representationtype: full ? "full" : "partial",
    profile: `pressroom-${item.kind}`,
    version: String(item.version),
    firstcreated: iso(item.postedAt),
    versioncreated: iso(item.updatedAt),
    ...(contentcreated ? { contentcreated } : {}),
    pubstatus: item.heldStatus === "scheduled" || item.heldStatus === "withheld" ? "withheld" : item.pubstatus === "canceled" ? "canceled" : "usable",
    language: "en",
    headlines: [{ role: "main", value: item.headline }],
    genres: [{ name: kindLabel(item.kind), literal: item.kind }],
    altids: [{ role: "pressroom:identity", value: item.identity }],
    renditions: [{ name: "html", href: page, contenttype: "text/html", title: item.headline }],
    standard: { name: "ninjs", version: NINJS_VERSION, schema: `${ctx.baseUrl}${EXTENSION_SCHEMA_PATH}` },
    links: [
      { rel: "canonical", href: page, type: "text/html" },
      { rel: "self", href: `${ctx.baseUrl}/api/v1/items/${encodeURIComponent(item.id)}`, type: "application/json" },
    ],
    "pressroom:groundrules": { basis: item.groundRules?.basis ?? null, attribute_to: item.groundRules?.attribute_to ?? null, ...(item.groundRules?.embargo ? { embargo: item.groundRules.embargo } : {}) },
    "pressroom:posted": iso(item.postedAt),
    "pressroom:id": item.id,
    "pressroom:flags": [...(item.flags ?? [])],
  };
  if (item.source.url) {
    out.links.push({ rel: "via", href: item.source.url });
    out.altids.push({ role: "pressroom:source-url", value: item.source.url });
  }
  if (item.source.guid) out.altids.push({ role: "pressroom:source-guid", value: item.source.guid });
  if (item.source.name || item.source.url) {
    out.infosources = [{ name: item.source.name ?? item.source.url ?? "", ...(item.source.url ? { uri: item.source.url } : {}), role: "originfo" }];
  }
  if (item.section) {
    out.subjects = [
      {
        name: item.section,
        rel: "section",
        literal: sectionSlug ?? item.section,
        ...(sectionSlug ? { uri: `${ctx.baseUrl}/sections/${encodeURIComponent(sectionSlug)}` } : {}),
      },
    ];
  }
  if (item.dateline) out.located = item.dateline;
  if (item.note) out.ednote = item.note;
  if (item.heldStatus) {
    out["pressroom:held"] = item.heldStatus;
    if (item.embargoed != null) out["pressroom:release_at"] = iso(item.embargoed);
    if (item.heldStatus === "embargoed" && item.embargoed != null) out.embargoed = iso(item.embargoed);
  }
  if (item.pubstatus === "canceled") {
    // Withdrawn: no body, no transcript; the notice stands in for them.
    out.descriptions = [{ role: "summary", contenttype: "text/plain", value: `Withdrawn: ${item.note ?? "withdrawn by the publisher"}` }];
  } else if (full) {
    out.bodies = [{ role: "text", contenttype: "text/plain", value: item.body, charcount: item.body.length, wordcount: words(item.body) }];
    if (item.bodyHtml) out.bodies.push({ role: "text", contenttype: "text/html", value: sanitizeBodyHtml(item.bodyHtml), charcount: item.body.length, wordcount: words(item.body) });
    if (item.transcript) out["pressroom:transcript"] = item.transcript;
  } else if (item.excerpt) {
    out.descriptions = [{ role: "summary", contenttype: "text/plain", value: item.excerpt }];
  }
  return out;
}

/**
 * JSON Schema (2020-12) of our ninjs profile: everything in ninjs 2.1 plus the extension
 * properties, following the IPTC way of extending ninjs (an `allOf` over `ninjsType`).
 */
export function extensionSchema(ctx: PublishContext): Record<string, unknown> {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `${ctx.baseUrl}${EXTENSION_SCHEMA_PATH}`,
    title: "Pressroom item: IPTC ninjs 2.1 with pressroom extensions",
    type: "object",
    allOf: [{ $ref: `${NINJS_SCHEMA}#/$defs/ninjsType` }],
    properties: {
      links: {
        description: "Typed links: canonical (HTML page), self (this JSON), via (the source's own URL).",
        type: "array",
        items: { type: "object", required: ["rel", "href"], properties: { rel: { type: "string" }, href: { type: "string", format: "uri" }, type: { type: "string" } } },
      },
      "pressroom:id": { type: "string", description: "Public item id (URL-safe, never changes)." },
      "pressroom:posted": { type: "string", format: "date-time", description: "When this wire first posted the item." },
      "pressroom:held": { enum: ["embargoed", "scheduled", "withheld"], description: "Only on items not yet released, shown to readers (embargoed) and editors: why the item is held." },
      "pressroom:release_at": { type: "string", format: "date-time", description: "Only on held items: when it is released." },
      "pressroom:story": storyJsonSchema,
      "pressroom:subjects-attribution": { type: "string", description: "Attribution of the IPTC Media Topics labels in `subjects` (CC BY 4.0), present when the item has topic subjects." },
      "pressroom:flags": {
        type: "array",
        items: { type: "string" },
        description: "Editorial flags: `leaked_background_name` when a background briefer's name was withheld from the published text.",
      },
      "pressroom:groundrules": {
        type: "object",
        properties: {
          basis: { enum: ["on_the_record", "on_background", "deep_background", "off_the_record", null] },
          attribute_to: { type: ["string", "null"] },
          embargo: { type: ["string", "null"] },
        },
      },
      "pressroom:transcript": {
        type: "object",
        description: "Transcript structure as printed by `pressroom parse --json` (participants, turns, exchanges, events, ground_rules).",
      },
    },
    required: ["uri"],
  };
}
