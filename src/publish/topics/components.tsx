/** Small pieces of the topic pages and of the item page's topic block. */
import type { PublishContext } from "../context.js";
import { codeOf } from "../../topics/vocab.js";
import { subjectsFor } from "./subjects-cache.js";

/** Site-relative path of a topic page (`/topics/11000000`). */
export function topicPath(qcode: string): string {
  return `/topics/${encodeURIComponent(codeOf(qcode))}`;
}

/** The attribution line the IPTC licence asks for wherever topic labels are shown. */
export function TopicsAttributionNote() {
  return (
    <p class="meta attribution">
      Topics: <a href="https://iptc.org/standards/media-topics/">Media Topics</a> by <a href="https://iptc.org">IPTC</a>, licensed{" "}
      <a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>.
    </p>
  );
}

/**
 * The item page's "Topics" facts (a `<dt>`/`<dd>` pair for the facts list), with the
 * attribution; nothing when the item has no direct subjects or they were not loaded.
 */
export function ItemTopicFacts(p: { ctx: PublishContext; itemId: string }) {
  const subjects = (subjectsFor(p.ctx, p.itemId) ?? []).filter((s) => s.direct);
  if (subjects.length === 0) return null;
  return (
    <>
      <dt>Topics</dt>
      <dd class="topics">
        {subjects.map((s, i) => (
          <>
            {i ? ", " : ""}
            <a href={topicPath(s.qcode)} rel="tag">{s.label}</a>
          </>
        ))}
        <TopicsAttributionNote />
      </dd>
    </>
  );
}
