/**
 * Issue 7 in a real browser (Debian's chromium through playwright-core), one browser context
 * per role: a moderator creates a briefing from the web form and opens it; a journalist on a
 * phone-sized screen joins with the access code and raises a hand; the operator's console
 * shows the hand without a reload; her page goes away (the line drops, the operator sees it)
 * and comes back (her place is kept); the operator opens the line; the stenographer types the question and
 * the answer (the official's real name typed once); a listener sees nothing under embargo;
 * the moderator closes; the transcript item appears on the wire with the right questioner and
 * outlet and without the real name. A second journalist with JavaScript off does the same
 * with plain form posts. No page reports a console error or a CSP violation.
 *
 * The server runs in this process on a real loopback port over a real SQLite file, with the
 * real briefing service, the real API and WebSocket routes, and the pages.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import type { FastifyInstance } from "fastify";
import { systemClock } from "../../src/core/clock.js";
import { createBriefingService, type BriefingService } from "../../src/briefing/service.js";
import { createTranscriptPublisher } from "../../src/briefing/publish.js";
import { buildServer } from "../../src/publish/server.js";
import { createContext } from "../../src/publish/context.js";
import { registerBriefingRoutes } from "../../src/publish/briefings/routes.js";
import { registerBriefingPages } from "../../src/publish/briefings/page-routes.js";
import { memoryTokenStore } from "../../src/publish/briefings/service-port.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import type { Store } from "../../src/store/store.js";
import { tempDir } from "../helpers.js";
import { addUser, DEFAULT_PASSWORD } from "../auth-helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const skip = existsSync(CHROMIUM) ? false : "Debian's chromium is not installed (.ci/run installs it)";
const tmp = tempDir("pressroom-browser-briefing-");
let store: Store;
let service: BriefingService;
let app: FastifyInstance;
let url = "";
let browser: Browser | undefined;

before(async () => {
  if (skip) return;
  const clock = systemClock;
  store = await openSqliteStore({ file: join(tmp.dir, "wire.db"), clock });
  service = createBriefingService({ store: store.briefings, clock, publish: createTranscriptPublisher(store, clock), onError: () => {} });
  await service.start();
  const settings = { apiRateLimit: false as const };
  app = await buildServer({ store, clock, baseUrl: "http://127.0.0.1", settings });
  const ctx = createContext({ store, clock, baseUrl: "http://127.0.0.1", settings });
  const tokens = memoryTokenStore();
  await registerBriefingRoutes(app, ctx, { service, tokens });
  await registerBriefingPages(app, ctx, { service, tokens });
  for (const name of ["mona", "otto", "stella"]) await addUser(store, name, "editor");
  await app.listen({ host: "127.0.0.1", port: 0 });
  const addr = app.server.address();
  url = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  await app?.close();
  await service?.close();
  await store?.close();
  tmp.cleanup();
});

/** Console errors and CSP reports of every page of a context. */
function watch(page: Page, errors: string[]): Page {
  page.on("console", (m) => {
    // the browser's own favicon request is not ours to answer
    if (m.type() === "error" && !m.location().url.endsWith("/favicon.ico")) errors.push(`${page.url()}: ${m.text()} (${m.location().url})`);
  });
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  return page;
}

async function signedIn(name: string, errors: string[], phone = false): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser!.newContext(phone ? { viewport: { width: 375, height: 740 } } : {});
  const page = watch(await ctx.newPage(), errors);
  await page.goto(`${url}/login`);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Password").fill(DEFAULT_PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.getByRole("button", { name: "Sign in" }).click()]);
  return { ctx, page };
}

test("a live briefing across five browsers: hand, line, turns, close, the item on the wire", { skip, timeout: 180_000 }, async () => {
  const errors: string[] = [];

  // The moderator creates the briefing from the form.
  const mod = await signedIn("mona", errors);
  await mod.page.goto(`${url}/briefings/new`);
  await mod.page.getByLabel(/^Title/).fill("Background Briefing on the Lantern Canal Reopening");
  await mod.page.getByLabel(/^Section/).fill("Office of the Spokesperson");
  await mod.page.getByLabel("Date and time", { exact: true }).fill("2026-11-30T10:00");
  await mod.page.locator("#b-zone").selectOption("America/New_York");
  await mod.page.getByLabel(/^Attribute to/).fill("Senior State Department Official");
  await mod.page.locator("#o-name-1").fill("Orla Fennimore");
  await mod.page.locator("#o-label-1").fill("Senior State Department Official One");
  await Promise.all([mod.page.waitForLoadState("load"), mod.page.getByRole("button", { name: "Create briefing" }).click()]);
  const code = (await mod.page.locator("#access-code").innerText()).trim();
  assert.match(code, /^\d{8}$/, "the access code is shown once");
  const joinHref = await mod.page.locator("main a[href$='/join']").first().getAttribute("href");
  const id = /^\/briefings\/([a-z0-9]+)\/join$/.exec(joinHref ?? "")?.[1];
  assert.ok(id, `the created page links the join form (${joinHref})`);
  await mod.page.goto(`${url}/briefings/${id}/moderator`);

  // Operator and stenographer consoles, open before anything happens.
  const op = await signedIn("otto", errors, true);
  await op.page.goto(`${url}/briefings/${id}/operator`);
  const steno = await signedIn("stella", errors, true);
  await steno.page.goto(`${url}/briefings/${id}/stenographer`);

  // A listener, anonymous.
  const listenerCtx = await browser!.newContext();
  const listener = watch(await listenerCtx.newPage(), errors);
  await listener.goto(`${url}/briefings/${id}`);
  assert.match(await listener.locator("main").innerText(), /under embargo until the end of the call/);

  // A journalist on a phone joins with the code.
  const jCtx = await browser!.newContext({ viewport: { width: 375, height: 740 } });
  const journalist = watch(await jCtx.newPage(), errors);
  await journalist.goto(`${url}/briefings/${id}/join`);
  await journalist.getByLabel("Access code").fill(code);
  await journalist.getByLabel("Your name").fill("Ada Pemberton");
  await journalist.getByLabel(/^Outlet/).fill("Harbor Daily Ledger");
  await Promise.all([journalist.waitForURL(/\/journalist$/), journalist.getByRole("button", { name: "Join the briefing" }).click()]);
  assert.match(await journalist.locator("#position").innerText(), /has not started yet/);

  // Every page with JavaScript is on the live WebSocket (not on the 5-second polling fallback).
  for (const page of [mod.page, op.page, steno.page, listener, journalist]) await page.locator("#live-state", { hasText: "Live updates on." }).waitFor({ timeout: 5000 });
  // The journalist's socket is authenticated by the HttpOnly participant cookie: no script on the page can read the token.
  assert.equal(await journalist.evaluate(() => document.cookie.includes("pressroom_participant") || document.documentElement.outerHTML.includes("prp_")), false, "the participant token is out of the page's reach");

  // The moderator opens the call (with JavaScript: no navigation); the journalist's page shows the control by itself.
  await mod.page.getByRole("button", { name: "Open the call" }).click();
  await mod.page.getByRole("button", { name: "Announce last question" }).waitFor();
  assert.equal(new URL(mod.page.url()).pathname, `/briefings/${id}/moderator`);
  const hand = journalist.getByRole("button", { name: "Raise your hand" });
  const t0 = Date.now();
  await hand.waitFor({ timeout: 10_000 });
  assert.ok(Date.now() - t0 < 2500, `the journalist's page updated within ${Date.now() - t0} ms (pushed, not polled)`);
  const box = await hand.boundingBox();
  assert.ok(box && box.height >= 80 && box.width >= 300, `the hand control is large on a phone (${JSON.stringify(box)})`);
  await hand.click();
  await journalist.getByText("You are number 1 in the queue").waitFor();
  assert.equal(await journalist.evaluate(() => document.activeElement?.id), "hand-button", "focus stays on the hand control");
  assert.equal(await journalist.getByRole("button", { name: "Withdraw your hand" }).count(), 1);
  const width = await journalist.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `the journalist page is ${width}px wide on a 375px screen`);

  // A second journalist, JavaScript off: plain form posts.
  const noJsCtx = await browser!.newContext({ javaScriptEnabled: false });
  const noJs = await noJsCtx.newPage();
  await noJs.goto(`${url}/briefings/${id}/join`);
  await noJs.getByLabel("Access code").fill(code);
  await noJs.getByLabel("Your name").fill("Bram Okafor");
  await noJs.getByLabel(/^Outlet/).fill("Northwind Radio");
  await Promise.all([noJs.waitForURL(/\/journalist$/), noJs.getByRole("button", { name: "Join the briefing" }).click()]);
  await Promise.all([noJs.waitForLoadState("load"), noJs.getByRole("button", { name: "Raise your hand" }).click()]);
  assert.match(await noJs.locator("#position").innerText(), /You are number 2 in the queue/);

  // The operator sees both hands without reloading, and opens Ada's line.
  await op.page.getByText("1. Ada Pemberton").waitFor({ timeout: 10_000 });
  await op.page.getByText("2. Bram Okafor").waitFor({ timeout: 10_000 });
  const queue = await op.page.locator("#queue").innerText();
  assert.match(queue, /Ada Pemberton, Harbor Daily Ledger/);
  assert.match(queue, /Waiting \d+:\d\d/);
  // Ada's connection drops (her page goes away): the operator sees it live; she comes back and keeps her place.
  await journalist.goto("about:blank");
  await op.page.locator("#queue li", { hasText: "Ada Pemberton" }).filter({ hasText: "line dropped (place kept)" }).waitFor({ timeout: 10_000 });
  await journalist.goto(`${url}/briefings/${id}/journalist`);
  await journalist.locator("#live-state", { hasText: "Live updates on." }).waitFor({ timeout: 5000 });
  await op.page.locator("#queue", { hasNotText: "line dropped" }).waitFor({ timeout: 10_000 });
  assert.match(await journalist.locator("#position").innerText(), /You are number 1 in the queue/);

  for (const page of [op.page, steno.page]) {
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(w <= 375, `${new URL(page.url()).pathname} is ${w}px wide on a 375px screen`);
  }
  await op.page.getByRole("button", { name: "Open line for Ada Pemberton, Harbor Daily Ledger" }).click();
  await op.page.locator("#call-status", { hasText: "On the line: Ada Pemberton, Harbor Daily Ledger" }).waitFor();
  await journalist.getByText("Your line is open").waitFor({ timeout: 10_000 });

  // The stenographer types the question and the answer.
  const speaker = steno.page.getByLabel("Speaker");
  await steno.page.locator("#speaker option", { hasText: "QUESTION: Ada Pemberton, Harbor Daily Ledger" }).waitFor({ state: "attached", timeout: 10_000 });
  await speaker.selectOption({ label: "QUESTION: Ada Pemberton, Harbor Daily Ledger" });
  const text = steno.page.getByLabel(/^What they said/);
  await text.fill("Will the canal reopen to cargo traffic before the spring?");
  await steno.page.getByRole("button", { name: "Add turn" }).click();
  await steno.page.locator("#turns", { hasText: "Will the canal reopen to cargo traffic before the spring?" }).waitFor();
  assert.equal(await text.inputValue(), "", "the box is emptied for the next turn");
  await speaker.selectOption({ label: "SENIOR STATE DEPARTMENT OFFICIAL ONE" });
  await text.fill("It will, and as Orla Fennimore told the harbor board, the locks are ready.");
  await text.press("Control+Enter");
  await steno.page.locator("#turns", { hasText: "the locks are ready" }).waitFor();
  const stenoTurns = await steno.page.locator("#turns").innerText();
  assert.match(stenoTurns, /as Senior State Department Official One told the harbor board/, "the real name is replaced by the attribution");
  assert.doesNotMatch(stenoTurns, /Fennimore/);
  await journalist.locator("#turns", { hasText: "the locks are ready" }).waitFor({ timeout: 10_000 });

  // The listener still sees nothing.
  const listening = await listener.locator("main").innerText();
  assert.match(listening, /under embargo/);
  assert.doesNotMatch(listening, /canal reopen|Ada Pemberton|locks/);

  // The moderator closes; the listener's page lifts the embargo and links the item by itself.
  let asked = "";
  mod.page.once("dialog", (d) => {
    asked = d.message();
    void d.accept();
  });
  await mod.page.getByRole("button", { name: "Close the call" }).click();
  await mod.page.getByText("The call is closed.").waitFor();
  assert.match(asked, /Close the call for everyone\?/, "closing asks first");
  await listener.locator("#turns", { hasText: "Will the canal reopen" }).waitFor({ timeout: 10_000 });
  const link = listener.getByRole("link", { name: "the transcript on the wire" });
  await link.waitFor({ timeout: 15_000 });
  await Promise.all([listener.waitForURL(/\/items\//), link.click()]);
  const item = await listener.locator("main").innerText();
  assert.match(item, /Background Briefing on the Lantern Canal Reopening/);
  assert.match(item, /Ada Pemberton/);
  assert.match(item, /Harbor Daily Ledger/);
  assert.match(item, /Will the canal reopen to cargo traffic before the spring\?/);
  assert.match(item, /SENIOR STATE DEPARTMENT OFFICIAL ONE/);
  assert.doesNotMatch(item, /Fennimore/);
  const itemId = (await service.get(id))?.itemId;
  assert.ok(itemId);
  const questions = await store.questions({ limit: 50 });
  const q = questions.questions.find((x) => x.itemId === itemId);
  assert.equal(q?.questioner, "Ada Pemberton");
  assert.equal(q?.outlet, "Harbor Daily Ledger");

  // Every briefing page fits a 375px screen.
  await mod.page.setViewportSize({ width: 375, height: 740 });
  for (const path of ["/briefings", "/briefings/new", `/briefings/${id}/moderator`, `/briefings/${id}/join`, `/briefings/${id}`]) {
    await mod.page.goto(url + path);
    const w = await mod.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(w <= 375, `${path} is ${w}px wide on a 375px screen`);
  }
  assert.match(await mod.page.locator("main").innerText(), /Published: the transcript on the wire/);

  assert.deepEqual(errors, [], "no console error or CSP violation on any page");
  for (const c of [mod.ctx, op.ctx, steno.ctx, listenerCtx, jCtx, noJsCtx]) await c.close();
});
