/**
 * A real browser (Debian's chromium, driven by playwright-core) with JavaScript turned
 * off, at a phone's viewport: the pages must work and read without scripts or
 * sideways scrolling.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { tempDir } from "../helpers.js";
import { startServerDb as startServer } from "../db.js";

const CHROMIUM = "/usr/bin/chromium";
const tmp = tempDir();
let server: Awaited<ReturnType<typeof startServer>> | undefined;
let browser: Browser | undefined;
const skip = existsSync(CHROMIUM) ? false : "Debian's chromium is not installed (.ci/run installs it)";

before(async () => {
  if (skip) return;
  server = await startServer(tmp.dir, ["--demo"]);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  tmp.cleanup();
});

async function phonePage() {
  const ctx = await browser!.newContext({ viewport: { width: 375, height: 740 }, javaScriptEnabled: false, deviceScaleFactor: 1 });
  return ctx.newPage();
}

test("home page on a phone: counters, no sideways scrolling, landmarks", { skip }, async () => {
  const page = await phonePage();
  await page.goto(server!.url + "/");
  const text = await page.locator("main").innerText();
  assert.match(text, /There were 3 press releases posted in the last 24 hours and 3 in the last 365 days/);
  assert.match(text, /This wire holds the demo set: sample content/);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `page is ${width}px wide on a 375px screen`);
  for (const sel of ["header", "nav", "main", "footer"]) assert.equal(await page.locator(sel).count() >= 1, true, sel);
  await page.context().close();
});

test("search works without JavaScript: the form submits and results are highlighted", { skip }, async () => {
  const page = await phonePage();
  await page.goto(server!.url + "/");
  await page.getByLabel(/search/i).first().fill("ferry");
  await Promise.all([page.waitForURL(/\/search\?/), page.getByRole("button", { name: /search/i }).first().click()]);
  const first = page.locator("main mark").first();
  assert.match((await first.innerText()).toLowerCase(), /ferry/);
  await page.context().close();
});

test("a transcript page on a phone: speakers, question index links to the exchange", { skip }, async () => {
  const page = await phonePage();
  await page.goto(server!.url + "/search?q=fisheries");
  await Promise.all([page.waitForURL(/\/items\//), page.locator("main a[href^='/items/']").first().click()]);
  assert.match(await page.locator("h1").innerText(), /Northern Fisheries Talks/);
  const body = await page.locator("main").innerText();
  assert.match(body, /SENIOR MINISTRY OFFICIAL/);
  assert.match(body, /Tomas Reyes/);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `page is ${width}px wide on a 375px screen`);
  const link = page.locator("a[href^='#exchange-'], a[href^='#turn-']").first();
  const href = await link.getAttribute("href");
  assert.ok(href);
  assert.equal(await page.locator(href!).count(), 1, `${href} exists on the page`);
  await page.context().close();
});
