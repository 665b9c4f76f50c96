/** The topic pages: every topic in use (`/topics`) and one topic's items (`/topics/:code`). */
import type { ItemSummary } from "../../core/item.js";
import type { Topic } from "../../store/topics.js";
import type { PublishContext, SectionInfo } from "../context.js";
import { ListPage } from "../web/pages.js";
import { TopicsAttributionNote, topicPath } from "./components.js";

/** A topic with its item count. */
export type CountedTopic = Topic & { count: number };

function count(n: number): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? "item" : "items"}`;
}

/** `/topics`: the top-level topics in use, each with the narrower topics in use under it. */
export function TopicsIndexPage(p: { topics: CountedTopic[] }) {
  const children = new Map<string, CountedTopic[]>();
  for (const t of p.topics) {
    if (!t.broader) continue;
    const list = children.get(t.broader) ?? [];
    list.push(t);
    children.set(t.broader, list);
  }
  const byLabel = (a: CountedTopic, b: CountedTopic) => a.label.localeCompare(b.label);
  const tree = (t: CountedTopic) => {
    const kids = (children.get(t.qcode) ?? []).sort(byLabel);
    return (
      <li>
        <a href={topicPath(t.qcode)}>{t.label}</a> <span class="meta">({count(t.count)})</span>
        {kids.length ? <ul>{kids.map(tree)}</ul> : null}
      </li>
    );
  };
  const top = p.topics.filter((t) => t.level === 1).sort(byLabel);
  return (
    <>
      <h1>Topics</h1>
      <p class="meta">Items are filed under IPTC Media Topics by our rules, in addition to their source section.</p>
      {top.length === 0 ? <p>No item has a topic yet.</p> : <ul class="topics">{top.map(tree)}</ul>}
      <TopicsAttributionNote />
    </>
  );
}

/** `/topics/:code`: a topic's items, newest posted first, like a section page. */
export function TopicPage(p: {
  ctx: PublishContext;
  topic: Topic;
  broader: Topic | null;
  count: number;
  items: ItemSummary[];
  sections: SectionInfo[];
  cursor: string | null;
  nextCursor: string | null;
}) {
  const path = topicPath(p.topic.qcode);
  return (
    <>
      <nav class="meta" aria-label="Topic">
        <a href="/topics">Topics</a>
        {p.broader ? <> › <a href={topicPath(p.broader.qcode)}>{p.broader.label}</a></> : null}
      </nav>
      <ListPage
        ctx={p.ctx}
        title={p.topic.label}
        intro={`${count(p.count)} with this topic.${p.topic.definition ? ` ${p.topic.definition}.`.replace(/\.\.$/, ".") : ""}`}
        items={p.items}
        sections={p.sections}
        basePath={path}
        cursor={p.cursor}
        nextCursor={p.nextCursor}
      />
      <p class="meta">
        Feeds of this topic: <a href={`${path}/rss.xml`}>RSS</a> · <a href={`${path}/atom.xml`}>Atom</a> · <a href={`${path}/feed.json`}>JSON Feed</a>
      </p>
      <TopicsAttributionNote />
    </>
  );
}
