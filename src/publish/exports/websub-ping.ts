/**
 * WebSub publisher notification: when a feed's content changes, tell the configured hub
 * (`POST hub` with `hub.mode=publish&hub.url=FEED`, the form hubs such as Google's and
 * websub.rocks accept), so subscribers get the update without polling.
 *
 * A background task (see `worker/tasks.ts`) compares, on each run, a fingerprint of every
 * feed (the whole wire and each section: ids, versions and update times of the items the
 * feed shows) with the previous run's, and notifies the hub of the three feed files
 * (RSS, Atom, JSON Feed) of each scope that changed. The first run only records the
 * fingerprints. A failed notification is logged and retried on the next run.
 */
import { request } from "undici";
import { loadConfig } from "../../config/config.js";
import type { Store } from "../../store/store.js";
import type { BackgroundTask, TaskContext } from "../../worker/tasks.js";
import { FEED_SIZE } from "../feeds/build.js";

/** The feed files of one scope (a `…/feeds` or `…/sections/SLUG` URL prefix). */
export const FEED_FILES = ["rss.xml", "atom.xml", "feed.json"] as const;

/** How long one hub request may take, ms. */
const PING_TIMEOUT_MS = 10_000;

/** Sends one notification; resolves with the hub's HTTP status. */
export type HubPost = (hub: string, form: string) => Promise<number>;

/** POST an `application/x-www-form-urlencoded` body to the hub (undici). */
export const postToHub: HubPost = async (hub, form) => {
  const res = await request(hub, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": "Pressroom (WebSub publisher)" },
    body: form,
    headersTimeout: PING_TIMEOUT_MS,
    bodyTimeout: PING_TIMEOUT_MS,
  });
  await res.body.dump();
  return res.statusCode;
};

/**
 * Fingerprint of every feed scope: scope URL prefix (absolute, e.g. `BASE/feeds`,
 * `BASE/sections/SLUG`) → a string that changes whenever the feed's items change.
 * Reads only the store's public list paths.
 */
export async function feedFingerprints(store: Store, baseUrl: string): Promise<Map<string, string>> {
  const base = baseUrl.replace(/\/+$/, "");
  const out = new Map<string, string>();
  const print = async (section?: string) => {
    const page = await store.list({ limit: FEED_SIZE, ...(section ? { section } : {}) });
    return page.items.map((it) => `${it.id}:${it.version}:${it.updatedAt}:${it.pubstatus ?? "usable"}`).join(",");
  };
  out.set(`${base}/feeds`, await print());
  for (const s of await store.sections()) out.set(`${base}/sections/${encodeURIComponent(s.slug)}`, await print(s.name));
  return out;
}

/** The hub and base URL of a run: the task context's, else the configuration's (environment). */
function targets(ctx: TaskContext): { hub: string; baseUrl: string } | null {
  let hub = ctx.websubHub;
  let baseUrl = ctx.baseUrl;
  if (hub === undefined || baseUrl === undefined) {
    try {
      const c = loadConfig();
      hub = hub === undefined ? c.websubHub : hub;
      baseUrl = baseUrl ?? c.baseUrl;
    } catch {
      return null; // a bad configuration is reported at start-up, not here
    }
  }
  return hub && baseUrl ? { hub, baseUrl } : null;
}

/**
 * The `websub` background task (interval 30 s). Does nothing when no hub is configured.
 * @param post how notifications are sent (tests pass their own); default {@link postToHub}
 */
export function websubTask(post: HubPost = postToHub): BackgroundTask {
  let last: Map<string, string> | null = null;
  let lastToken: string | null = null;
  return {
    name: "websub",
    intervalMs: 30_000,
    async run(ctx) {
      const t = targets(ctx);
      if (!t) return;
      const token = ctx.store.changeToken ? await ctx.store.changeToken() : null;
      if (last !== null && token !== null && token === lastToken) return;
      const now = await feedFingerprints(ctx.store, t.baseUrl);
      if (last === null) {
        last = now;
        lastToken = token;
        return;
      }
      let allSent = true;
      for (const [scope, print] of now) {
        if (last.get(scope) === print) continue;
        let ok = true;
        for (const file of FEED_FILES) {
          const topic = `${scope}/${file}`;
          try {
            const status = await post(t.hub, new URLSearchParams({ "hub.mode": "publish", "hub.url": topic }).toString());
            if (status < 200 || status >= 300) throw new Error(`hub answered ${status}`);
          } catch (e) {
            ok = false;
            ctx.log(`websub: could not notify ${t.hub} of ${topic}: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
        // Remember the new state only once the hub has heard of it: a failure is retried next run.
        if (ok) last.set(scope, print);
        else allSent = false;
      }
      if (allSent) lastToken = token;
    },
  };
}
