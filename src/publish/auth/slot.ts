/**
 * The account slot of the page header. Pages are rendered (and cached) once for everyone,
 * with {@link ACCOUNT_SLOT} where the "Sign in" link or the signed-in user's name goes; the
 * auth plugin fills the slot for each response, so cached pages never carry someone
 * else's name or CSRF token.
 */
import type { Viewer } from "../../core/access.js";

/** Marker the layout puts in the header, replaced per response (an HTML comment, so an unfilled slot shows nothing). */
export const ACCOUNT_SLOT = "<!--pressroom:account-->";

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The HTML that fills the slot: a "Sign in" link for the public; for a user, their name and
 * role, links to what their role may use (the editor's desk, embargoed items for readers,
 * their alerts, administration), and a "Sign out" form carrying `csrf`.
 */
export function accountSlotHtml(viewer: Viewer, csrf: string): string {
  if (viewer.kind !== "user") return `<a href="/login">Sign in</a>`;
  const desk = viewer.role === "reader" ? ` · <a href="/embargoed">Embargoed</a>` : ` · <a href="/editor">Editor</a>`;
  const alerts = ` · <a href="/account/alerts">Alerts</a>`;
  const admin = viewer.role === "admin" ? ` · <a href="/admin/users">Admin</a>` : "";
  const signOut = viewer.via === "session"
    ? ` · <form method="post" action="/logout" style="display:inline"><input type="hidden" name="_csrf" value="${esc(csrf)}" /><button type="submit" style="padding:.1rem .5rem;font-size:.9rem">Sign out</button></form>`
    : "";
  return `<span class="account">${esc(viewer.name)} (${esc(viewer.role)})</span>${desk}${alerts}${admin}${signOut}`;
}
