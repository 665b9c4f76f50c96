import type { Item } from "../../core/item.js";
import type { Participant, Structure, TranscriptEvent, Role } from "../../core/transcript-types.js";
import { ROLES } from "../../core/transcript-types.js";
import type { PublishContext } from "../context.js";
import { displayInstant, displayPublished, eventLabel, groundRulesSentence, kindLabel, roleLabel } from "../format.js";
import { sanitizeBodyHtml } from "../sanitize.js";
import { LEAKED_NAME_FLAG } from "../redact.js";
import { PublishedTime } from "./components.js";
import { ItemTopicFacts } from "../topics/components.js";
import { AlsoPublishedBy } from "../dedupe/also-published.js";

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
  const fromTranscript = p.item.transcript?.ground_rules;
  // The item's own rules win; the transcript's fill any part they lack (e.g. the embargo).
  const g = {
    basis: own?.basis ?? fromTranscript?.basis ?? null,
    attribute_to: own?.attribute_to ?? fromTranscript?.attribute_to ?? null,
    embargo: own?.embargo ?? fromTranscript?.embargo ?? null,
  };
  const text = groundRulesSentence(g);
  if (!text) return null;
  return (
    <section class="ground-rules" aria-label="Ground rules">
      <p>{text}</p>
    </section>
  );
}

/** A small notice for items an editor changed before publication. */
function EditorialNotice(p: { flags: string[] }) {
  return (
    <>
      {p.flags.includes("sample_content") ? (
        <p class="notice" role="note">Sample content: written for the Pressroom demo; not a real release or briefing.</p>
      ) : null}
      {p.flags.includes(LEAKED_NAME_FLAG) ? (
        <p class="notice editorial" role="note">
          Edited: a background official’s name was withheld.
        </p>
      ) : null}
    </>
  );
}

function collapseWs(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/**
 * The paragraphs of `body` printed before the first speaker turn (title lines, the office,
 * the dateline, an introduction), shown as plain text and never as a speaker. Empty when
 * the first turn cannot be found in the body.
 */
export function preambleOf(body: string, s: Structure, headline: string): string[] {
  const first = s.turns[0];
  if (!first) return [];
  const firstPara = collapseWs(paragraphs(first.text)[0] ?? "");
  if (!firstPara) return [];
  const paras = paragraphs(body);
  const at = paras.findIndex((para) => collapseWs(para).includes(firstPara));
  if (at <= 0) return [];
  const head = collapseWs(headline).toLowerCase();
  return paras.slice(0, at).filter((para) => collapseWs(para).toLowerCase() !== head);
}

/** A questioner's name and outlet, each linked to its page when it has one. */
function QuestionerWho(p: { ctx: PublishContext; person: Participant }) {
  const { ctx, person } = p;
  const namePath = person.name ? ctx.questionerPath(person.name) : null;
  const outletPath = person.affiliation ? ctx.outletPath(person.affiliation) : null;
  return (
    <>
      {person.name ? namePath ? <a class="questioner" href={namePath}>{person.name}</a> : person.name : null}
      {person.name && person.affiliation ? ", " : null}
      {person.affiliation ? outletPath ? <a class="outlet" href={outletPath}>{person.affiliation}</a> : person.affiliation : null}
    </>
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

function Transcript(p: { ctx: PublishContext; s: Structure; preamble: string[] }) {
  const { s, ctx } = p;
  const people = new Map(s.participants.map((x) => [x.id, x]));
  const eventsByTurn = new Map<number, TranscriptEvent[]>();
  for (const e of s.events) {
    const list = eventsByTurn.get(e.turn) ?? [];
    list.push(e);
    eventsByTurn.set(e.turn, list);
  }
  const exchangeStart = new Map<number, number>();
  const askers = new Set<string>();
  s.exchanges.forEach((x, i) => {
    const first = x.question_turns[0];
    if (first !== undefined && !exchangeStart.has(first)) exchangeStart.set(first, i + 1);
    if (x.questioner) askers.add(x.questioner);
  });
  return (
    <>
      {p.preamble.length > 0 ? (
        <section class="preamble" aria-label="Introduction">
          {p.preamble.map((para) => (
            <p>{para}</p>
          ))}
        </section>
      ) : null}
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
                  {detail && detail !== label ? (
                    <span class="who">
                      {" — "}
                      {person && askers.has(person.id) ? <QuestionerWho ctx={ctx} person={person} /> : detail}
                    </span>
                  ) : null}
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

/** When a held item is released, as the reader would put it (the zone the editor stated, and UTC). */
export function releaseTimeText(ms: number, stated: string | null): { datetime: string; text: string } {
  // The stated time is used for its zone only when it is the same instant.
  const iso = stated && /^\d{4}-\d{2}-\d{2}T/.test(stated) && Date.parse(stated) === ms ? stated : null;
  const shown = displayPublished(iso, ms) ?? displayInstant(ms);
  const utc = displayInstant(ms);
  return { datetime: utc.datetime, text: shown.text === utc.text ? utc.text : `${shown.text} (${utc.text})` };
}

/** EMBARGOED / SCHEDULED / WITHHELD banner of an item that is not public yet (readers and editors only). */
function HeldNotice(p: { item: Item }) {
  const { item } = p;
  if (!item.heldStatus) return null;
  const when = item.embargoed != null ? releaseTimeText(item.embargoed, item.published) : null;
  return (
    <p class={`notice held held-${item.heldStatus}`} role="alert">
      {item.heldStatus === "embargoed" ? <strong>EMBARGOED</strong> : item.heldStatus === "scheduled" ? <strong>SCHEDULED</strong> : <strong>WITHHELD</strong>}
      {when ? <>{item.heldStatus === "embargoed" ? " until " : " for release at "}<time datetime={when.datetime}>{when.text}</time>. </> : ": not released; editors only. "}
      {item.heldStatus === "embargoed" ? "Not for publication or broadcast before then. " : "Not public. "}
      Your view of this item is recorded.
    </p>
  );
}

/** "Corrected DATE: NOTE" (or "Updated DATE") on a version after the first, with the link to the version history. */
function VersionNotice(p: { ctx: PublishContext; item: Item; latestVersion: number }) {
  const { item, ctx } = p;
  if (item.heldStatus || p.latestVersion < 2) return null;
  const when = displayInstant(item.updatedAt);
  const history = <a href={`${ctx.itemPath(item.id)}/versions`}>Version history</a>;
  if (item.version < 2 || item.pubstatus === "canceled") {
    return <p class="notice version-history" role="note">{history} ({p.latestVersion} versions).</p>;
  }
  return (
    <p class="notice corrected" role="note">
      {item.note ? <><strong>Corrected</strong> <time datetime={when.datetime}>{when.text}</time>: {item.note}</> : <><strong>Updated</strong> <time datetime={when.datetime}>{when.text}</time>.</>}{" "}
      {history}.
    </p>
  );
}

/** What a withdrawn item shows instead of its body. */
function WithdrawalNotice(p: { item: Item }) {
  const when = displayInstant(p.item.updatedAt);
  return (
    <section class="notice withdrawn" role="alert" aria-labelledby="withdrawn-title">
      <h2 id="withdrawn-title">Withdrawn</h2>
      <p>
        This item was withdrawn on <time datetime={when.datetime}>{when.text}</time>
        {p.item.note ? <>: {p.item.note}</> : "."}
      </p>
    </section>
  );
}

/** The item page body (headline, facts, ground rules, body or transcript); `editor` adds the editor's links. */
export function ItemPage(p: { ctx: PublishContext; item: Item; latestVersion: number; sectionSlug: string | null; editor?: boolean }) {
  const { item, ctx } = p;
  const old = item.version < p.latestVersion;
  return (
    <article class="item">
      {p.editor && !old && item.pubstatus !== "canceled" ? (
        // Only on pages for signed-in editors (never cached for anyone else).
        <p class="editor-actions meta">
          <a href={`${ctx.itemPath(item.id)}/edit`}>{item.heldStatus ? "Edit" : "Correct"}</a>
          {item.heldStatus ? null : <> · <a href={`${ctx.itemPath(item.id)}/withdraw`}>Withdraw</a></>} · <a href="/editor">Editor</a>
        </p>
      ) : null}
      {old ? (
        <p class="notice" role="status">
          You are reading version {item.version} of {p.latestVersion}. <a href={ctx.itemPath(item.id)}>Read the latest version</a>.
        </p>
      ) : null}
      <HeldNotice item={item} />
      <h1>{item.headline}</h1>
      <VersionNotice ctx={ctx} item={item} latestVersion={p.latestVersion} />
      <GroundRulesBanner item={item} />
      <EditorialNotice flags={item.flags ?? []} />
      <dl class="facts">
        {item.section ? (
          <>
            <dt>Section</dt>
            <dd>{p.sectionSlug ? <a href={ctx.sectionPath(p.sectionSlug)}>{item.section}</a> : item.section}</dd>
          </>
        ) : null}
        {/* Media Topics subjects, with the IPTC attribution (topics module). */}
        <ItemTopicFacts ctx={ctx} itemId={item.id} />
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
      {/* The same release from other sources (dedupe module). */}
      <AlsoPublishedBy ctx={ctx} itemId={item.id} />
      {item.pubstatus === "canceled" ? (
        <WithdrawalNotice item={item} />
      ) : item.transcript && item.transcript.turns.length > 0 ? (
        <Transcript ctx={ctx} s={item.transcript} preamble={preambleOf(item.body, item.transcript, item.headline)} />
      ) : item.bodyHtml ? (
        // Sanitised when it was submitted, and again here (defence in depth): safe to insert.
        <div class="body" dangerouslySetInnerHTML={{ __html: sanitizeBodyHtml(item.bodyHtml) }} />
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
