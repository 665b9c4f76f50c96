/**
 * Pages of the editorial module: a held item seen early, the editor's dashboard, the
 * new-item / correction / withdrawal forms, the version history with diffs, and the
 * readers' list of embargoed items. Text is escaped by preact; the only raw HTML is the
 * sanitised body of an item (see `web/item-page.tsx`).
 */
import { KINDS } from "../../core/transcript-types.js";
import type { Item, ItemSummary } from "../../core/item.js";
import { wordDiff, type DiffPart } from "../../editorial/diff.js";
import type { HeldItem, VersionInfo } from "../../store/editorial.js";
import type { PublishContext } from "../context.js";
import { displayInstant, kindLabel } from "../format.js";
import { ItemPage, releaseTimeText } from "../web/item-page.js";
import { renderPage } from "../web/layout.js";

/** Time zones offered by the forms (IANA names); times are stored in UTC. */
export const FORM_ZONES: readonly { zone: string; label: string }[] = [
  { zone: "UTC", label: "UTC / GMT" },
  { zone: "America/New_York", label: "Eastern (New York, Washington)" },
  { zone: "America/Chicago", label: "Central (Chicago)" },
  { zone: "America/Denver", label: "Mountain (Denver)" },
  { zone: "America/Los_Angeles", label: "Pacific (Los Angeles)" },
  { zone: "Europe/London", label: "UK (London)" },
  { zone: "Europe/Brussels", label: "Central European (Brussels, Paris, Berlin)" },
  { zone: "Europe/Helsinki", label: "Eastern European (Helsinki, Kyiv)" },
  { zone: "Asia/Tokyo", label: "Japan (Tokyo)" },
  { zone: "Australia/Sydney", label: "Australia Eastern (Sydney)" },
];

/** Values of the item form, as typed (strings), so a refused form comes back filled in. */
export interface ItemFormValues {
  headline: string;
  section: string;
  kind: string;
  dateline: string;
  body_text: string;
  body_html: string;
  release: "now" | "scheduled" | "embargoed" | "withheld";
  release_local: string;
  zone: string;
  note: string;
  override_reason: string;
}

/** An empty new-item form. */
export function emptyForm(): ItemFormValues {
  return { headline: "", section: "", kind: "press_release", dateline: "", body_text: "", body_html: "", release: "now", release_local: "", zone: "UTC", note: "", override_reason: "" };
}

function Problem(p: { problem: { message: string; code: string } | null }) {
  if (!p.problem) return null;
  return (
    <p class="error" role="alert">
      {p.problem.message} <span class="meta">(<code>{p.problem.code}</code>)</span>
    </p>
  );
}

function When(p: { ms: number; stated?: string | null }) {
  const t = releaseTimeText(p.ms, p.stated ?? null);
  return <time datetime={t.datetime}>{t.text}</time>;
}

/** A held item's page, for a reader or editor allowed to see it early. */
export function renderHeldPage(ctx: PublishContext, item: Item, sectionSlug: string | null, editor = false): string {
  return renderPage({ ctx, title: `${item.heldStatus === "embargoed" ? "EMBARGOED: " : ""}${item.headline}`, noindex: true, feeds: [] }, <ItemPage ctx={ctx} item={item} latestVersion={1} sectionSlug={sectionSlug} editor={editor} />);
}

const STATUS_LABEL: Record<HeldItem["status"], string> = { embargoed: "Embargoed", scheduled: "Scheduled", withheld: "Withheld" };

/** `/editor`: held items and the latest published items, with their actions. */
export function EditorDashboard(p: { ctx: PublishContext; held: HeldItem[]; recent: ItemSummary[]; csrf: string; notice?: string | null }) {
  return (
    <>
      <h1>Editor</h1>
      {p.notice ? <p class="notice" role="status">{p.notice}</p> : null}
      <p><a href="/editor/new">New item</a> · <a href="/embargoed">Embargoed items (as readers see them)</a></p>
      <section aria-labelledby="held-title">
        <h2 id="held-title">Held ({p.held.length})</h2>
        {p.held.length === 0 ? <p>Nothing is held.</p> : (
          <table>
            <thead><tr><th>Item</th><th>Status</th><th>Release</th><th>Actions</th></tr></thead>
            <tbody>
              {p.held.map((h) => (
                <tr>
                  <td><a href={p.ctx.itemPath(h.id)}>{h.input.headline}</a>{h.targetId ? <span class="meta"> (new version of <a href={p.ctx.itemPath(h.targetId)}>{h.targetId}</a>)</span> : null}</td>
                  <td>{STATUS_LABEL[h.status]}</td>
                  <td>{h.releaseAt !== null ? <When ms={h.releaseAt} stated={h.input.published} /> : "when an editor releases it"}</td>
                  <td>
                    <a href={`${p.ctx.itemPath(h.id)}/edit`}>Edit</a>{" "}
                    <form method="post" action={`/editor/held/${encodeURIComponent(h.id)}/release`} style="display:inline">
                      <input type="hidden" name="_csrf" value={p.csrf} />
                      <button type="submit">Release now</button>
                    </form>{" "}
                    <form method="post" action={`/editor/held/${encodeURIComponent(h.id)}/discard`} style="display:inline">
                      <input type="hidden" name="_csrf" value={p.csrf} />
                      <button type="submit">Discard</button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="recent-title">
        <h2 id="recent-title">Recently posted</h2>
        <ul>
          {p.recent.map((it) => {
            const t = displayInstant(it.postedAt);
            return (
              <li>
                <a href={p.ctx.itemPath(it.id)}>{it.headline}</a> <span class="meta">(<time datetime={t.datetime}>{t.text}</time>, v{it.version}{it.pubstatus === "canceled" ? ", withdrawn" : ""})</span>
                {it.pubstatus === "canceled" ? null : <> · <a href={`${p.ctx.itemPath(it.id)}/edit`}>Correct</a> · <a href={`${p.ctx.itemPath(it.id)}/withdraw`}>Withdraw</a></>}
              </li>
            );
          })}
        </ul>
      </section>
    </>
  );
}

/** The new-item form (`/editor/new`) and the change form (`/items/:id/edit`). */
export function ItemForm(p: { action: string; title: string; values: ItemFormValues; csrf: string; problem: { message: string; code: string } | null; mode: "create" | "correct" | "held" }) {
  const v = p.values;
  const radio = (value: ItemFormValues["release"], label: string) => (
    <label><input type="radio" name="release" value={value} checked={v.release === value} /> {label}</label>
  );
  return (
    <>
      <h1>{p.title}</h1>
      <Problem problem={p.problem} />
      <form method="post" action={p.action} class="search editor">
        <input type="hidden" name="_csrf" value={p.csrf} />
        <label>Headline <input name="headline" value={v.headline} required maxLength={500} /></label>
        <div class="row">
          <label>Section <input name="section" value={v.section} maxLength={200} /></label>
          <label>Kind
            <select name="kind">
              {KINDS.map((k) => <option value={k} selected={v.kind === k}>{kindLabel(k)}</option>)}
            </select>
          </label>
          <label>Dateline <input name="dateline" value={v.dateline} maxLength={200} /></label>
        </div>
        <label>Body (plain text; a blank line between paragraphs) <textarea name="body_text" rows={14} cols={80}>{v.body_text}</textarea></label>
        <label>Body as HTML (optional; only basic tags are kept) <textarea name="body_html" rows={6} cols={80}>{v.body_html}</textarea></label>
        {p.mode === "correct" ? null : (
          <fieldset class="scope">
            <legend>Release</legend>
            {p.mode === "held" ? radio("now", "keep the current release plan") : radio("now", "now")}
            {radio("scheduled", "at a time (editors see it before)")}
            {radio("embargoed", "under embargo until a time (readers see it before, marked EMBARGOED)")}
            {radio("withheld", "withhold (editors only, until an editor releases it)")}
            <div class="row">
              <label>Date and time <input type="datetime-local" name="release_local" value={v.release_local} /></label>
              <label>Time zone
                <select name="zone">
                  {FORM_ZONES.map((z) => <option value={z.zone} selected={v.zone === z.zone}>{z.label}</option>)}
                </select>
              </label>
            </div>
          </fieldset>
        )}
        <label>{p.mode === "correct" ? "What changed and why (required; shown to readers)" : "Note (optional)"} <input name="note" value={v.note} maxLength={2000} required={p.mode === "correct"} /></label>
        <label>Ground-rules override reason (only to publish a background transcript that names its briefer; recorded) <input name="override_reason" value={v.override_reason} maxLength={2000} /></label>
        <p><button type="submit">{p.mode === "correct" ? "Publish correction" : p.mode === "held" ? "Save" : "Create"}</button></p>
      </form>
    </>
  );
}

/** `/items/:id/withdraw`: the withdrawal form. */
export function WithdrawForm(p: { ctx: PublishContext; item: Item; csrf: string; reason: string; problem: { message: string; code: string } | null }) {
  return (
    <>
      <h1>Withdraw: {p.item.headline}</h1>
      <Problem problem={p.problem} />
      <p>The item stays at <a href={p.ctx.itemPath(p.item.id)}>its address</a> with a withdrawal notice instead of its body; its text leaves search; feeds carry the notice.</p>
      <form method="post" action={`${p.ctx.itemPath(p.item.id)}/withdraw`} class="search editor">
        <input type="hidden" name="_csrf" value={p.csrf} />
        <label>Reason (shown to readers) <input name="reason" value={p.reason} required maxLength={2000} /></label>
        <p><button type="submit">Withdraw</button></p>
      </form>
    </>
  );
}

function Diff(p: { parts: DiffPart[] }) {
  return (
    <>
      {p.parts.map((x) => (x.kind === "ins" ? <ins>{x.text}</ins> : x.kind === "del" ? <del>{x.text}</del> : <>{x.text}</>))}
    </>
  );
}

/** `/items/:id/versions`: every version with its note, and a word diff from the one before. */
export function VersionsPage(p: { ctx: PublishContext; id: string; headline: string; versions: VersionInfo[] }) {
  const { ctx } = p;
  const latest = p.versions[p.versions.length - 1]?.version ?? 1;
  return (
    <>
      <h1>Version history: <a href={ctx.itemPath(p.id)}>{p.headline}</a></h1>
      <p>{p.versions.length} {p.versions.length === 1 ? "version" : "versions"}. Each change is a new version; nothing is edited silently. Changes from the version before are marked as <ins>inserted</ins> and <del>deleted</del>.</p>
      <ol class="versions" reversed>
        {[...p.versions].reverse().map((v) => {
          const i = p.versions.findIndex((x) => x.version === v.version);
          const prev = i > 0 ? p.versions[i - 1] : undefined;
          const t = displayInstant(v.storedAt);
          const href = v.version === latest ? ctx.itemPath(p.id) : `${ctx.itemPath(p.id)}/v/${v.version}`;
          return (
            <li id={`v${v.version}`}>
              <h2><a href={href}>Version {v.version}</a> · <time datetime={t.datetime}>{t.text}</time>{v.pubstatus === "canceled" ? " · Withdrawn" : ""}</h2>
              {v.note ? <p class="note">{v.pubstatus === "canceled" ? "Reason" : "Note"}: {v.note}</p> : v.version > 1 ? <p class="note meta">No note (an updated source document).</p> : <p class="note meta">First version.</p>}
              {prev && v.pubstatus !== "canceled" ? (
                <>
                  {prev.headline !== v.headline ? <p class="diff headline">Headline: <Diff parts={wordDiff(prev.headline, v.headline)} /></p> : null}
                  <div class="diff body" style="white-space:pre-wrap">{prev.body === v.body ? <p class="meta">The text did not change.</p> : <Diff parts={wordDiff(prev.body, v.body)} />}</div>
                </>
              ) : null}
            </li>
          );
        })}
      </ol>
    </>
  );
}

/** `/embargoed`: what a reader may see before release (editors also see scheduled and withheld items). */
export function EmbargoedList(p: { ctx: PublishContext; held: HeldItem[] }) {
  return (
    <>
      <h1>Embargoed items</h1>
      <p>Not for publication or broadcast before the times shown. Every view is recorded.</p>
      {p.held.length === 0 ? <p>Nothing is under embargo.</p> : (
        <ul>
          {p.held.map((h) => (
            <li>
              <strong>{STATUS_LABEL[h.status].toUpperCase()}</strong> <a href={p.ctx.itemPath(h.id)}>{h.input.headline}</a>{" "}
              <span class="meta">{h.releaseAt !== null ? <>until <When ms={h.releaseAt} stated={h.input.published} /></> : "(no release time)"}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
