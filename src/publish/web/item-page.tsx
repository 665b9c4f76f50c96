import type { Item } from "../../core/item.js";
import type { Participant, Structure, TranscriptEvent, Role } from "../../core/transcript-types.js";
import { ROLES } from "../../core/transcript-types.js";
import type { PublishContext } from "../context.js";
import { displayInstant, eventLabel, groundRulesSentence, kindLabel, roleLabel } from "../format.js";
import { PublishedTime } from "./components.js";

function paragraphs(text: string): string[] {
  return text.split(/\n{2,}/).map((s) => s.trim()).filter((s) => s.length > 0);
}

function safeRole(r: string): Role {
  return (ROLES as readonly string[]).includes(r) ? (r as Role) : "other";
}

/** "Indira Lakshmanan, Bloomberg News" for a questioner; the name for others; null when unknown. */
function who(p: Participant | undefined): string | null {
  if (!p) return null;
  const parts = [p.name, p.affiliation].filter((x): x is string => !!x && x.trim().length > 0);
  return parts.length ? parts.join(", ") : null;
}

function GroundRulesBanner(p: { item: Item }) {
  const own = p.item.groundRules;
  const g = own && (own.basis || own.attribute_to || own.embargo) ? own : p.item.transcript?.ground_rules ?? own;
  const text = groundRulesSentence(g);
  const embargo = g?.embargo ?? null;
  if (!text && !embargo) return null;
  return (
    <section class="ground-rules" aria-label="Ground rules">
      {text ? <p>{text}</p> : null}
      {embargo ? <p>Embargo: {embargo}</p> : null}
    </section>
  );
}

function QuestionIndex(p: { s: Structure; people: Map<string, Participant> }) {
  if (p.s.exchanges.length === 0) return null;
  return (
    <nav class="qindex" aria-labelledby="qindex-title">
      <h2 id="qindex-title">Questions asked ({p.s.exchanges.length})</h2>
      <ol>
        {p.s.exchanges.map((x, i) => {
          const asker = x.questioner ? p.people.get(x.questioner) : undefined;
          const first = x.question_turns[0];
          const firstTurn = first !== undefined ? p.s.turns[first] : undefined;
          const gist = firstTurn ? firstTurn.text.replace(/\s+/g, " ").slice(0, 110) + (firstTurn.text.length > 110 ? "…" : "") : "";
          return (
            <li>
              <a href={`#exchange-${i + 1}`}>
                {asker?.name ?? "Unnamed reporter"}
                {asker?.affiliation ? ` (${asker.affiliation})` : ""}
              </a>
              {x.follow_up ? " · follow-up" : ""}
              {gist ? <> — <span>{gist}</span></> : null}
              {x.question_turns.length || x.answer_turns.length ? (
                <span class="meta">
                  {" "}
                  [turns:{" "}
                  {[...x.question_turns, ...x.answer_turns]
                    .sort((a, b) => a - b)
                    .map((t, j) => (
                      <>
                        {j ? ", " : ""}
                        <a href={`#turn-${t}`}>{t}</a>
                      </>
                    ))}
                  ]
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

function Transcript(p: { s: Structure }) {
  const { s } = p;
  const people = new Map(s.participants.map((x) => [x.id, x]));
  const eventsByTurn = new Map<number, TranscriptEvent[]>();
  for (const e of s.events) {
    const list = eventsByTurn.get(e.turn) ?? [];
    list.push(e);
    eventsByTurn.set(e.turn, list);
  }
  const exchangeStart = new Map<number, number>();
  s.exchanges.forEach((x, i) => {
    const first = x.question_turns[0];
    if (first !== undefined && !exchangeStart.has(first)) exchangeStart.set(first, i + 1);
  });
  return (
    <>
      <QuestionIndex s={s} people={people} />
      <section class="transcript" aria-labelledby="transcript-title">
        <h2 id="transcript-title">Transcript</h2>
        {s.turns.map((t) => {
          const person = people.get(t.speaker);
          const role = safeRole(person?.role ?? "other");
          const label = t.label ?? person?.label ?? null;
          const detail = who(person);
          const ex = exchangeStart.get(t.index);
          const events = eventsByTurn.get(t.index) ?? [];
          return (
            <>
              {ex !== undefined ? <span id={`exchange-${ex}`} /> : null}
              <article class={`turn role-${role}`} id={`turn-${t.index}`} aria-label={`Turn ${t.index}`}>
                <p class="speaker">
                  <span class="label">{label ?? detail ?? "Unlabelled speaker"}</span>
                  {detail && detail !== label ? <span class="who"> — {detail}</span> : null}
                  <span class="role">{roleLabel(role)}</span>
                  {ex !== undefined ? <span class="meta"> · Question {ex}</span> : null}
                </p>
                {paragraphs(t.text).map((para) => (
                  <p>{para}</p>
                ))}
                {events.map((e) => {
                  const by = e.participant ? who(people.get(e.participant)) ?? people.get(e.participant)?.label : null;
                  return (
                    <p class={`event event-${e.type}`}>
                      [{eventLabel(e.type)}
                      {by ? ` — ${by}` : ""}]
                    </p>
                  );
                })}
              </article>
            </>
          );
        })}
      </section>
    </>
  );
}

/** The item page body (headline, facts, ground rules, body or transcript). */
export function ItemPage(p: { ctx: PublishContext; item: Item; latestVersion: number; sectionSlug: string | null }) {
  const { item, ctx } = p;
  const old = item.version < p.latestVersion;
  return (
    <article class="item">
      {old ? (
        <p class="notice" role="status">
          You are reading version {item.version} of {p.latestVersion}. <a href={ctx.itemPath(item.id)}>Read the latest version</a>.
        </p>
      ) : null}
      <h1>{item.headline}</h1>
      <GroundRulesBanner item={item} />
      <dl class="facts">
        {item.section ? (
          <>
            <dt>Section</dt>
            <dd>{p.sectionSlug ? <a href={ctx.sectionPath(p.sectionSlug)}>{item.section}</a> : item.section}</dd>
          </>
        ) : null}
        <dt>Kind</dt>
        <dd>{kindLabel(item.kind)}</dd>
        {item.dateline ? (
          <>
            <dt>Dateline</dt>
            <dd>{item.dateline}</dd>
          </>
        ) : null}
        <dt>Published</dt>
        <dd>
          {item.published ? <PublishedTime published={item.published} fallbackMs={item.publishedAt} /> : "Not stated by the source"}
        </dd>
        <dt>Posted here</dt>
        <dd>
          <time datetime={displayInstant(item.postedAt).datetime}>{displayInstant(item.postedAt).text}</time>
        </dd>
        {item.source.name || item.source.url ? (
          <>
            <dt>Source</dt>
            <dd>
              {item.source.url ? (
                <a href={item.source.url} rel="nofollow noopener">
                  {item.source.name ?? item.source.url}
                </a>
              ) : (
                item.source.name
              )}
            </dd>
          </>
        ) : null}
        <dt>Version</dt>
        <dd class="versions">
          {item.version}
          {p.latestVersion > 1 ? (
            <>
              {" "}of {p.latestVersion} (
              {Array.from({ length: p.latestVersion }, (_, i) => i + 1).map((v, i) => (
                <>
                  {i ? ", " : ""}
                  {v === item.version ? <span aria-current="page">v{v}</span> : <a href={v === p.latestVersion ? ctx.itemPath(item.id) : `${ctx.itemPath(item.id)}/v/${v}`}>v{v}</a>}
                </>
              ))}
              )
            </>
          ) : null}
        </dd>
      </dl>
      {item.transcript && item.transcript.turns.length > 0 ? (
        <Transcript s={item.transcript} />
      ) : (
        <div class="body">
          {paragraphs(item.body).map((para) => (
            <p>{para}</p>
          ))}
        </div>
      )}
    </article>
  );
}
