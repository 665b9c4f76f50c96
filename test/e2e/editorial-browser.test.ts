/**
 * Issue 4 in a real browser (Debian's chromium through playwright-core): an editor signs in,
 * publishes a release under embargo from the web form; an anonymous browser cannot find it;
 * when the embargo time comes the running server releases it (its background task, no
 * restart) and the anonymous browser sees it; the editor corrects it and readers see the
 * correction notice and the version history.
 *
 * The server runs in this process on a real loopback port over a real SQLite file, with a
 * clock the test moves, so "the embargo time comes" takes no wall time.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import type { FastifyInstance } from "fastify";
import { fixedClock } from "../../src/core/clock.js";
import { buildServer } from "../../src/publish/server.js";
import { openTestStore } from "../db.js";
import type { Store } from "../../src/store/store.js";
import { backgroundTasks } from "../../src/worker/tasks.js";
import { startTasks } from "../../src/worker/runner.js";
import { tempDir } from "../helpers.js";
import { addUser, DEFAULT_PASSWORD } from "../auth-helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const skip = existsSync(CHROMIUM) ? false : "Debian's chromium is not installed (.ci/run installs it)";
const T0 = Date.parse("2026-05-05T12:00:00Z");
const clock = fixedClock(T0);
const tmp = tempDir("pressroom-browser-ed-");
let store: Store;
let app: FastifyInstance;
let url = "";
let tasks: { stop(): Promise<void> } | undefined;
let browser: Browser | undefined;

before(async () => {
  if (skip) return;
  store = await openTestStore({ clock });
  await addUser(store, "edna", "editor");
  app = await buildServer({ store, clock, baseUrl: "http://127.0.0.1" });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const addr = app.server.address();
  url = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  tasks = startTasks(backgroundTasks().filter((t) => t.name === "release"), { store, clock, log: () => {} });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  await tasks?.stop();
  await app?.close();
  await store?.close();
  tmp.cleanup();
});

/** Poll `probe` (a fresh page load each time) until it returns true, for up to `ms` of wall time. */
async function eventually(probe: () => Promise<boolean>, ms = 15_000): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel("Name").fill("edna");
  await page.getByLabel("Password").fill(DEFAULT_PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.getByRole("button", { name: "Sign in" }).click()]);
}

test("embargo from the web form: hidden from the public until its time, then everywhere; a correction shows its notice", { skip, timeout: 120_000 }, async () => {
  const editorCtx = await browser!.newContext();
  const editor = await editorCtx.newPage();
  await signIn(editor);

  // 12:00 UTC now; embargo until 12:30 UTC.
  await editor.goto(`${url}/editor/new`);
  await editor.getByLabel(/^Headline/).fill("Lantern Fleet Sails at Dawn for the Autumn Survey");
  await editor.getByLabel(/^Section/).fill("Harbor Office");
  await editor.getByLabel(/^Body \(plain text/).fill("The lantern fleet leaves the harbour at dawn.\n\nThe autumn survey counts every buoy between the two capes.");
  await editor.locator("input[name=release][value=embargoed]").check();
  await editor.locator("input[name=release_local]").fill("2026-05-05T12:30");
  await editor.locator("select[name=zone]").selectOption("UTC");
  await Promise.all([editor.waitForLoadState("load"), editor.getByRole("button", { name: "Create" }).click()]);
  await editor.goto(`${url}/editor`);
  const link = editor.locator("main a", { hasText: "Lantern Fleet Sails at Dawn" }).first();
  const href = await link.getAttribute("href");
  assert.ok(href && /^\/items\//.test(href), `the dashboard links the held item (got ${href})`);
  await editor.goto(url + href);
  assert.match(await editor.locator("main").innerText(), /EMBARGOED/i, "the editor sees it, marked EMBARGOED");

  // The anonymous public: no page knows it.
  const publicCtx = await browser!.newContext();
  const anon = await publicCtx.newPage();
  const resp = await anon.goto(url + href);
  assert.equal(resp?.status(), 404);
  await anon.goto(`${url}/`);
  assert.doesNotMatch(await anon.locator("main").innerText(), /Lantern Fleet/);
  await anon.goto(`${url}/search?q=lantern`);
  assert.doesNotMatch(await anon.locator("main").innerText(), /Lantern Fleet/);

  // The embargo time comes: the running server releases it on its own.
  clock.set(Date.parse("2026-05-05T12:30:01Z"));
  const out = await eventually(async () => (await anon.goto(url + href))?.status() === 200);
  assert.ok(out, "the item appears for the public within seconds of its time");
  assert.match(await anon.locator("h1").innerText(), /Lantern Fleet Sails at Dawn/);
  // Pages may be reused by the browser for their few seconds of freshness (Cache-Control max-age=5).
  const home = await eventually(async () => {
    await anon.goto(`${url}/`);
    return /There was 1 press release posted in the last 24 hours/.test(await anon.locator("main").innerText());
  });
  assert.ok(home, "the home page counts it within seconds");
  assert.match(await anon.locator("main").innerText(), /Lantern Fleet Sails at Dawn/);

  // A correction: a new version with a note, never a silent edit.
  clock.set(Date.parse("2026-05-05T13:10:00Z"));
  await editor.goto(`${url}${href}/edit`);
  await editor.getByLabel(/^Body \(plain text/).fill("The lantern fleet leaves the harbour at first light.\n\nThe autumn survey counts every buoy between the two capes.");
  await editor.getByLabel(/What changed and why/).fill("The fleet leaves at first light, not at dawn.");
  await Promise.all([editor.waitForLoadState("load"), editor.getByRole("button", { name: "Publish correction" }).click()]);

  const corrected = await eventually(async () => {
    await anon.goto(url + href);
    return /Corrected/.test(await anon.locator("main").innerText());
  });
  assert.ok(corrected, "the public page shows the correction notice");
  const main = await anon.locator("main").innerText();
  assert.match(main, /The fleet leaves at first light, not at dawn\./);
  assert.match(main, /first light/);
  await anon.locator("main a[href$='/versions']").first().click();
  await anon.waitForURL(/\/versions$/);
  const history = await anon.locator("main").innerText();
  assert.match(history, /dawn/);
  assert.match(history, /first light/);
  assert.ok(await anon.locator("main del, main ins").count() >= 1, "the version history shows the change as a diff");

  await editorCtx.close();
  await publicCtx.close();
});
