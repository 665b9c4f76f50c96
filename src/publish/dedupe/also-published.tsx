/** The item page's "Also published by" block (issue 6): the other public members of the item's story. */
import type { PublishContext } from "../context.js";
import type { StoryMember } from "../../store/dedupe.js";
import { displayInstant } from "../format.js";
import { storyFor } from "./story-cache.js";

/** How a member's source is named: its stored name, else its URL's host, else "another source". */
export function sourceLabel(m: Pick<StoryMember, "sourceName" | "sourceUrl">): string {
  if (m.sourceName && m.sourceName.trim()) return m.sourceName.trim();
  if (m.sourceUrl) {
    try {
      return new URL(m.sourceUrl).host;
    } catch {
      /* not a URL: fall through */
    }
  }
  return "another source";
}

/**
 * "Also published by: SOURCE (date), ..." linking the other members of the item's story,
 * earliest posted first, dated by the source's publication time (else our posting time).
 * Nothing when the item is in no story or its story was not loaded.
 */
export function AlsoPublishedBy(p: { ctx: PublishContext; itemId: string }) {
  const story = storyFor(p.ctx, p.itemId);
  const others = story?.items.filter((m) => m.id !== p.itemId) ?? [];
  if (!story || others.length === 0) return null;
  return (
    <section class="also-published" aria-label="Also published by" data-story={story.id}>
      <p>
        <strong>Also published by:</strong>{" "}
        {others.map((m, i) => {
          const when = displayInstant(m.publishedAt ?? m.postedAt);
          return (
            <>
              {i ? "; " : ""}
              <a href={p.ctx.itemPath(m.id)}>{sourceLabel(m)}</a> (<time datetime={when.datetime}>{when.text}</time>)
            </>
          );
        })}
      </p>
    </section>
  );
}
