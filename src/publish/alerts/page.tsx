/** `/account/alerts`: a signed-in user's saved searches with webhook alerts (list, create, delete). */
import type { SavedSearch } from "../../store/alerts.js";

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A problem shown above the form: message and stable code. */
export interface AlertsProblem {
  message: string;
  code: string;
}

function Csrf(p: { token: string }) {
  return <input type="hidden" name="_csrf" value={p.token} />;
}

/**
 * The page. `created` (with its secret) is shown once, right after creation; `form` keeps
 * what was typed after a refused submission.
 */
export function AlertsPage(p: {
  searches: SavedSearch[];
  csrf: string;
  problem?: AlertsProblem | null;
  done?: string | null;
  created?: { search: SavedSearch; secret: string } | null;
  form?: { name: string; query: string; webhook_url: string };
}) {
  return (
    <>
      <h1>Alerts</h1>
      <p class="meta">
        A saved search sends each new matching item to your webhook as a signed JSON POST. Embargoed items are sent only once
        their embargo lifts. See <code>docs/alerts.md</code> for the payload and how to check the signature.
      </p>
      {p.done ? <p class="notice" role="status">{p.done}</p> : null}
      {p.created ? (
        <div class="notice" role="status">
          <p>
            Saved <strong>{p.created.search.name}</strong>. Its webhook secret is shown only this once; copy it now:
          </p>
          <p><code>{p.created.secret}</code></p>
        </div>
      ) : null}
      {p.problem ? (
        <p class="error" role="alert">
          {p.problem.message} <span class="meta">(<code>{p.problem.code}</code>)</span>
        </p>
      ) : null}
      {p.searches.length === 0 ? <p>You have no saved searches yet.</p> : (
        <table>
          <caption>{p.searches.length === 1 ? "1 saved search" : `${p.searches.length} saved searches`}</caption>
          <thead>
            <tr><th scope="col">Name</th><th scope="col">Query</th><th scope="col">Webhook</th><th scope="col">Saved</th><th scope="col"><span class="meta">Action</span></th></tr>
          </thead>
          <tbody>
            {p.searches.map((s) => (
              <tr>
                <th scope="row">{s.name}{s.active ? null : <span class="meta"> (paused)</span>}</th>
                <td><code>{s.query}</code></td>
                <td><code>{s.webhookUrl}</code></td>
                <td><time dateTime={iso(s.createdAt)}>{iso(s.createdAt).replace("T", " ").replace("Z", " UTC")}</time></td>
                <td>
                  <form method="post" action={`/account/alerts/${s.id}/delete`} style="display:inline">
                    <Csrf token={p.csrf} />
                    <button type="submit" aria-label={`Delete ${s.name}`}>Delete</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 id="new-alert">New saved search</h2>
      <form class="search" method="post" action="/account/alerts" aria-labelledby="new-alert">
        <Csrf token={p.csrf} />
        <label>
          Name
          <input name="name" required maxLength={100} value={p.form?.name ?? ""} />
        </label>
        <label>
          Query (search words, plus <code>outlet:</code>, <code>questioner:</code>, <code>section:</code>, <code>kind:</code>)
          <input name="query" required maxLength={1000} placeholder={'outlet:Reuters "Fordow"'} value={p.form?.query ?? ""} />
        </label>
        <label>
          Webhook URL (http or https)
          <input name="webhook_url" type="url" required maxLength={2000} placeholder="https://hooks.example.org/pressroom" value={p.form?.webhook_url ?? ""} />
        </label>
        <button type="submit">Save search</button>
      </form>
    </>
  );
}
