/**
 * Routes of the dedupe module (issue 6): the story of an item in the JSON API, and the
 * loading of stories for the item page and item responses. Owner: dedupe work.
 *
 * - `GET /api/v1/items/:id/story`: `{"id", "canonical", "items": [...]}` (see {@link storyJson});
 *   404 `PRESSROOM_E_NOT_FOUND` when the item does not exist or is in no story.
 * - Item responses of the API (`/api/v1/items/:id`, `/api/v1/items/:id/versions/:v`) carry
 *   `pressroom:story` when the item is in a story.
 * - Item pages (`/items/:id`, `/items/:id/v/:n`) get their story loaded for the "Also
 *   published by" block.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { PressroomError } from "../../core/errors.js";
import type { Story } from "../../store/dedupe.js";
import { ID_PATTERN, type PublishContext } from "../context.js";
import { CACHE } from "../http.js";
import { rfc3339Published } from "../format.js";
import { sourceLabel } from "./also-published.js";

/** One story member in API responses. */
export interface StoryMemberJson {
  id: string;
  headline: string;
  /** The source's name (see `sourceLabel`). */
  source: string;
  /** Absolute URL of the member's item page. */
  url: string;
  /** When this wire posted it (RFC 3339, UTC). */
  posted: string;
  /** The source's publication time (RFC 3339), or null. */
  published: string | null;
  /** Estimated Jaccard similarity when it joined the story (0..1). */
  similarity: number;
}

/** The `pressroom:story` value: the story id, the canonical (earliest posted) item id and the public members. */
export interface StoryJson {
  id: string;
  canonical: string;
  items: StoryMemberJson[];
}

/** A story as JSON for the API. */
export function storyJson(ctx: PublishContext, s: Story): StoryJson {
  return {
    id: s.id,
    canonical: s.canonicalId,
    items: s.items.map((m) => ({
      id: m.id,
      headline: m.headline,
      source: sourceLabel(m),
      url: ctx.itemUrl(m.id),
      posted: new Date(m.postedAt).toISOString(),
      published: m.publishedAt == null ? null : rfc3339Published(null, m.publishedAt),
      similarity: Math.round(m.similarity * 1000) / 1000,
    })),
  };
}

const ITEM_API = /^\/api\/v1\/items\/([^/?#]+)(?:\/versions\/\d+)?\/?(?:[?#].*)?$/;

function idFrom(re: RegExp, url: string): string | null {
  const m = re.exec(url);
  if (!m) return null;
  try {
    const id = decodeURIComponent(m[1]!);
    return ID_PATTERN.test(id) ? id : null;
  } catch {
    return null;
  }
}

const memberSchema = {
  type: "object",
  required: ["id", "headline", "source", "url", "posted", "published", "similarity"],
  properties: {
    id: { type: "string" },
    headline: { type: "string" },
    source: { type: "string" },
    url: { type: "string", format: "uri" },
    posted: { type: "string", format: "date-time" },
    published: { type: ["string", "null"] },
    similarity: { type: "number", minimum: 0, maximum: 1 },
  },
} as const;

/**
 * JSON Schema of the `pressroom:story` item property (for the ninjs extension schema, where it
 * belongs beside the other `pressroom:*` properties).
 */
export const storyJsonSchema = {
  type: "object",
  description: "The story of the item: the same release as published by several sources (issue 6). Present only when the item is in one.",
  required: ["id", "canonical", "items"],
  properties: { id: { type: "string" }, canonical: { type: "string" }, items: { type: "array", items: memberSchema } },
} as const;

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" } } } },
} as const;

export async function registerDedupeRoutes(app: FastifyInstance, ctx: PublishContext): Promise<void> {
  app.get(
    "/api/v1/items/:id/story",
    {
      schema: {
        summary: "The story of an item: the same release as published by other sources",
        tags: ["items"],
        params: { type: "object", required: ["id"], properties: { id: { type: "string" } } },
        response: {
          200: storyJsonSchema,
          404: { description: "No such item, or the item is in no story", ...errorSchema },
        },
      },
    },
    async (req: FastifyRequest, reply: FastifyReply) => {
      const { id } = req.params as { id: string };
      if (!ID_PATTERN.test(id)) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no such item: ${id.slice(0, 100)}`);
      const story = await ctx.store.dedupe.storyOf(id);
      if (!story) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `item ${id} is in no story`);
      reply.header("Cache-Control", CACHE.api);
      return storyJson(ctx, story);
    },
  );

  // Item responses of the API carry their story as `pressroom:story`.
  app.addHook("preSerialization", async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (reply.statusCode !== 200 || !payload || typeof payload !== "object") return payload;
    const id = idFrom(ITEM_API, req.url);
    const p = payload as Record<string, unknown>;
    if (!id || p["pressroom:id"] !== id) return payload;
    const story = await ctx.store.dedupe.storyOf(id);
    if (story) p["pressroom:story"] = storyJson(ctx, story);
    return payload;
  });
}
