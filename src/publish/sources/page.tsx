/** `/admin/sources`: the registered sources with their polling state, a form to add one, a button to remove each. */
import type { Source } from "../../store/sources.js";
import { SOURCE_KINDS } from "../../store/sources.js";
import type { PublishContext } from "../context.js";
import { renderPage } from "../web/layout.js";

function iso(ms: number | null): string {
  return ms === null ? "" : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function Time(p: { ms: number | null; none?: string }) {
  if (p.ms === null) return <>{p.none ?? "—"}</>;
  return <time dateTime={iso(p.ms)}>{iso(p.ms).replace("T", " ").replace("Z", " UTC")}</time>;
}

/** A problem shown above the form: message and stable code. */
export interface SourcesProblem {
  message: string;
  code: string;
}

/** The add form's values, kept after a refusal. */
export interface SourceForm {
  target: string;
  name: string;
  section: string;
  kind: string;
  selector: string;
  interval: string;
}

function State(p: { s: Source }) {
  const st = p.s.state;
  if (st.consecutiveFailures > 0) {
    return (
      <span>
        failing ({st.consecutiveFailures}×): {st.lastError ?? ""} <span class="meta">since <Time ms={st.lastErrorAt} /></span>
      </span>
    );
  }
  if (st.lastSuccessAt === null) return <span class="meta">never polled</span>;
  return <span>ok</span>;
}

/** Props of {@link SourcesPage}. */
export interface SourcesPageProps {
  sources: Source[];
  csrf: string;
  problem?: SourcesProblem | null;
  done?: string | null;
  form?: SourceForm;
}

/** The whole `/admin/sources` HTML document. */
export function renderSourcesPage(ctx: PublishContext, p: SourcesPageProps): string {
  return renderPage({ ctx, title: "Sources", noindex: true }, <SourcesPage {...p} />);
}

export function SourcesPage(p: SourcesPageProps) {
  const f = p.form ?? { target: "", name: "", section: "", kind: "", selector: "", interval: "" };
  return (
    <>
      <h1>Sources</h1>
      <p class="meta">Feeds, index pages, watched folders and e-mail drop folders polled by <code>pressroom worker</code>.</p>
      {p.done ? <p class="notice" role="status">{p.done}</p> : null}
      {p.problem ? (
        <p class="error" role="alert">
          {p.problem.message} <span class="meta">(<code>{p.problem.code}</code>)</span>
        </p>
      ) : null}
      <table>
        <caption>{p.sources.length === 1 ? "1 source" : `${p.sources.length} sources`}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Location</th><th scope="col">Section</th><th scope="col">Every</th>
            <th scope="col">Items seen</th><th scope="col">Last success</th><th scope="col">Next poll</th><th scope="col">State</th><th scope="col"><span class="meta">Action</span></th>
          </tr>
        </thead>
        <tbody>
          {p.sources.map((s) => (
            <tr>
              <th scope="row">{s.name}</th>
              <td>{s.kind}</td>
              <td><code>{s.location}</code>{s.selector ? <> <span class="meta">links: <code>{s.selector}</code></span></> : null}</td>
              <td>{s.section ?? "—"}</td>
              <td>{s.intervalS} s</td>
              <td>{s.state.itemsSeen}</td>
              <td><Time ms={s.state.lastSuccessAt} none="never" /></td>
              <td><Time ms={s.state.nextPollAt} /></td>
              <td><State s={s} /></td>
              <td>
                <form method="post" action={`/admin/sources/${s.id}/remove`} style="display:inline">
                  <input type="hidden" name="_csrf" value={p.csrf} />
                  <button type="submit" aria-label={`Remove ${s.name}`}>Remove</button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 id="add">Add a source</h2>
      <form class="search" method="post" action="/admin/sources" aria-labelledby="add">
        <input type="hidden" name="_csrf" value={p.csrf} />
        <label>
          Feed or index-page URL, or folder path on the server
          <input name="target" required maxLength={2000} value={f.target} />
        </label>
        <label>
          Name
          <input name="name" maxLength={200} value={f.name} />
        </label>
        <label>
          Section for items that name none
          <input name="section" maxLength={200} value={f.section} />
        </label>
        <label>
          Kind
          <select name="kind">
            <option value="" selected={f.kind === ""}>detect (feed for a URL, folder for a path)</option>
            {SOURCE_KINDS.map((k) => <option value={k} selected={f.kind === k}>{k}</option>)}
          </select>
        </label>
        <label>
          Link selector (html-index, CSS)
          <input name="selector" maxLength={500} value={f.selector} />
        </label>
        <label>
          Poll interval (seconds, 60-604800; default 900)
          <input name="interval" inputMode="numeric" pattern="\d{1,7}" maxLength={7} value={f.interval} />
        </label>
        <button type="submit">Add source</button>
      </form>
    </>
  );
}
