/** Pages of the accounts module: sign-in, and the admin pages for users, tokens and the audit log. */
import { ROLES, type Role, type Viewer } from "../../core/access.js";
import type { AuditEntry, TokenInfo, User } from "../../store/accounts.js";

function iso(ms: number | null): string {
  return ms === null ? "" : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function Time(p: { ms: number | null; none?: string }) {
  if (p.ms === null) return <>{p.none ?? "—"}</>;
  return <time dateTime={iso(p.ms)}>{iso(p.ms).replace("T", " ").replace("Z", " UTC")}</time>;
}

/** A problem shown above a form: message and stable code. */
export interface FormProblem {
  message: string;
  code: string;
}

/** The problem box above a form (nothing when there is no problem); shared by the account and briefing pages. */
export function Problem(p: { problem?: FormProblem | null }) {
  if (!p.problem) return null;
  return (
    <p class="error" role="alert">
      {p.problem.message} <span class="meta">(<code>{p.problem.code}</code>)</span>
    </p>
  );
}

function Csrf(p: { token: string }) {
  return <input type="hidden" name="_csrf" value={p.token} />;
}

/** `/login`: the sign-in form (name, password), with an error and the name kept after a failure. */
export function LoginPage(p: { viewer: Viewer; next: string; name?: string; problem?: FormProblem | null }) {
  return (
    <>
      <h1>Sign in</h1>
      {p.viewer.kind === "user" ? (
        <p class="notice">
          You are signed in as <strong>{p.viewer.name}</strong> ({p.viewer.role}). Signing in again replaces this session.
        </p>
      ) : null}
      <Problem problem={p.problem} />
      <form class="search" method="post" action="/login">
        <input type="hidden" name="next" value={p.next} />
        <label>
          Name
          <input name="name" autocomplete="username" required maxLength={64} value={p.name ?? ""} />
        </label>
        <label>
          Password
          <input name="password" type="password" autocomplete="current-password" required maxLength={1024} />
        </label>
        <button type="submit">Sign in</button>
      </form>
      <p class="meta">Accounts are created by an administrator. API clients use bearer tokens instead (see the API documentation).</p>
    </>
  );
}

/** Table layout of the admin pages (the site style sheet has none); wide tables scroll inside their box on a phone. */
const ADMIN_CSS = ".scroll{overflow-x:auto}table.admin{border-collapse:collapse;width:100%;font-size:.95rem}table.admin caption{text-align:left;font-weight:600;padding:.3rem 0}table.admin th,table.admin td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #d1d5db;vertical-align:top}table.admin td code{word-break:break-all}";

function AdminNav(p: { here: "users" | "tokens" | "audit" | "sources" }) {
  const link = (k: typeof p.here, label: string) => (
    <li>
      <a href={`/admin/${k}`} aria-current={p.here === k ? "page" : undefined}>
        {label}
      </a>
    </li>
  );
  return (
    <>
    <style dangerouslySetInnerHTML={{ __html: ADMIN_CSS }} />
    <nav aria-label="Administration">
      <ul style="list-style:none;display:flex;gap:1rem;padding:0">
        {link("users", "Users")}
        {link("tokens", "API tokens")}
        {link("audit", "Audit log")}
        {link("sources", "Sources")}
      </ul>
    </nav>
    </>
  );
}

/** `/admin/users`: every user, a form to add one, a button to remove each. */
export function UsersPage(p: { users: User[]; csrf: string; self: string; problem?: FormProblem | null; done?: string | null; form?: { name: string; role: string } }) {
  return (
    <>
      <h1>Users</h1>
      <AdminNav here="users" />
      {p.done ? <p class="notice" role="status">{p.done}</p> : null}
      <Problem problem={p.problem} />
      <div class="scroll"><table class="admin">
        <caption>{p.users.length === 1 ? "1 user" : `${p.users.length} users`}</caption>
        <thead>
          <tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Web sign-in</th><th scope="col">Added</th><th scope="col"><span class="meta">Action</span></th></tr>
        </thead>
        <tbody>
          {p.users.map((u) => (
            <tr>
              <th scope="row">{u.name}</th>
              <td>{u.role}</td>
              <td>{u.hasPassword ? "password" : "tokens only"}</td>
              <td><Time ms={u.createdAt} /></td>
              <td>
                {u.name === p.self ? <span class="meta">you</span> : (
                  <form method="post" action={`/admin/users/${encodeURIComponent(u.name)}/remove`} style="display:inline">
                    <Csrf token={p.csrf} />
                    <button type="submit" aria-label={`Remove ${u.name}`}>Remove</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table></div>
      <h2 id="add">Add a user</h2>
      <form class="search" method="post" action="/admin/users" aria-labelledby="add">
        <Csrf token={p.csrf} />
        <label>
          Name (1-64 letters, digits, . _ @ -)
          <input name="name" required maxLength={64} pattern="[A-Za-z0-9._@\-]{1,64}" value={p.form?.name ?? ""} />
        </label>
        <label>
          Role
          <select name="role">
            {ROLES.map((r: Role) => (
              <option value={r} selected={(p.form?.role ?? "reader") === r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          Password (at least 12 characters; leave empty for a token-only account)
          <input name="password" type="password" autocomplete="new-password" maxLength={1024} />
        </label>
        <button type="submit">Add user</button>
      </form>
    </>
  );
}

/** `/admin/tokens`: every API token (never its secret), with a revoke button. */
export function TokensPage(p: { tokens: TokenInfo[]; csrf: string; done?: string | null }) {
  return (
    <>
      <h1>API tokens</h1>
      <AdminNav here="tokens" />
      {p.done ? <p class="notice" role="status">{p.done}</p> : null}
      <p class="meta">Tokens are created with <code>pressroom token create USER</code>; the secret is shown once and stored only as a hash.</p>
      <div class="scroll"><table class="admin">
        <caption>{p.tokens.length === 1 ? "1 token" : `${p.tokens.length} tokens`}</caption>
        <thead>
          <tr><th scope="col">Id</th><th scope="col">User</th><th scope="col">Label</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">State</th></tr>
        </thead>
        <tbody>
          {p.tokens.map((t) => (
            <tr>
              <th scope="row">{t.id}</th>
              <td>{t.user}</td>
              <td>{t.label ?? ""}</td>
              <td><Time ms={t.createdAt} /></td>
              <td><Time ms={t.lastUsedAt} none="never" /></td>
              <td>
                {t.revokedAt !== null ? <>revoked <Time ms={t.revokedAt} /></> : (
                  <form method="post" action={`/admin/tokens/${t.id}/revoke`} style="display:inline">
                    <Csrf token={p.csrf} />
                    <button type="submit" aria-label={`Revoke token ${t.id}`}>Revoke</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table></div>
    </>
  );
}

/** `/admin/audit`: the audit log, newest first, filtered by item id, actor and action, paged. */
export function AuditPageView(p: { entries: AuditEntry[]; total: number; offset: number; limit: number; filter: { item: string; actor: string; action: string } }) {
  const q = (offset: number) => {
    const s = new URLSearchParams();
    if (p.filter.item) s.set("item", p.filter.item);
    if (p.filter.actor) s.set("actor", p.filter.actor);
    if (p.filter.action) s.set("action", p.filter.action);
    if (offset > 0) s.set("offset", String(offset));
    const t = s.toString();
    return `/admin/audit${t ? `?${t}` : ""}`;
  };
  const from = p.total === 0 ? 0 : p.offset + 1;
  const to = p.offset + p.entries.length;
  return (
    <>
      <h1>Audit log</h1>
      <AdminNav here="audit" />
      <form class="search" method="get" action="/admin/audit" role="search">
        <div class="row">
          <label>Item id<input name="item" value={p.filter.item} maxLength={200} /></label>
          <label>Actor<input name="actor" value={p.filter.actor} maxLength={200} /></label>
          <label>Action<input name="action" value={p.filter.action} maxLength={200} placeholder="e.g. login.fail" /></label>
          <button type="submit">Filter</button>
        </div>
      </form>
      <p role="status">{p.total === 0 ? "No entries." : `Entries ${from}-${to} of ${p.total}, newest first.`}</p>
      <div class="scroll"><table class="admin">
        <thead>
          <tr><th scope="col">When (UTC)</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Item</th><th scope="col">Detail</th></tr>
        </thead>
        <tbody>
          {p.entries.map((e) => (
            <tr>
              <td><Time ms={e.at} /></td>
              <td>{e.actor}</td>
              <td><code>{e.action}</code></td>
              <td>{e.itemId ? <a href={`/items/${encodeURIComponent(e.itemId)}`}>{e.itemId}</a> : ""}</td>
              <td><code>{JSON.stringify(e.detail)}</code></td>
            </tr>
          ))}
        </tbody>
      </table></div>
      <nav aria-label="Audit log pages">
        {p.offset > 0 ? <a rel="prev" href={q(Math.max(0, p.offset - p.limit))}>Newer entries</a> : null}
        {p.offset > 0 && to < p.total ? " · " : null}
        {to < p.total ? <a rel="next" href={q(p.offset + p.limit)}>Older entries</a> : null}
      </nav>
    </>
  );
}
