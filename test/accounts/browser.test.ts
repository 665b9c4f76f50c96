/**
 * Sign-in, an admin form and sign-out in real headless Chromium (Debian's chromium,
 * playwright-core), with JavaScript off: cookies, CSRF fields and the CSP work together.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import type { FastifyInstance } from "fastify";
import { systemClock } from "../../src/core/clock.js";
import { buildServer } from "../../src/publish/server.js";
import { openTestStore } from "../db.js";
import type { Store } from "../../src/store/store.js";
import { tempDir } from "../helpers.js";
import { DEFAULT_PASSWORD, addUser } from "../auth-helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const skip = existsSync(CHROMIUM) ? false : "Debian's chromium is not installed";
const tmp = tempDir("pressroom-auth-browser-");
let store: Store;
let app: FastifyInstance;
let url = "";
let browser: Browser | undefined;

before(async () => {
  if (skip) return;
  store = await openTestStore({ clock: systemClock });
  await addUser(store, "lena", "admin");
  app = await buildServer({ store, clock: systemClock, baseUrl: "http://127.0.0.1" });
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
  if (!skip) {
    await app.close();
    await store.close();
  }
  tmp.cleanup();
});

test("sign in, add a user on /admin/users, sign out: in a real browser without JavaScript", { skip }, async () => {
  const ctx = await browser!.newContext({ viewport: { width: 375, height: 740 }, javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(url + "/");
  await Promise.all([page.waitForURL(/\/login$/), page.getByRole("link", { name: "Sign in" }).click()]);
  await page.getByLabel("Name").fill("lena");
  await page.getByLabel("Password").fill("a wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  assert.match(await page.getByRole("alert").innerText(), /Wrong name or password/);

  await page.getByLabel("Password").fill(DEFAULT_PASSWORD);
  await Promise.all([page.waitForURL(url + "/"), page.getByRole("button", { name: "Sign in" }).click()]);
  assert.match(await page.locator("header").innerText(), /lena \(admin\)/);
  const cookies = await ctx.cookies();
  const session = cookies.find((c) => c.name === "pressroom_session");
  assert.ok(session, "session cookie set");
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, "Lax");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `page is ${width}px wide on a 375px screen`);

  await Promise.all([page.waitForURL(/\/admin\/users$/), page.getByRole("link", { name: "Admin" }).click()]);
  await page.getByLabel(/^Name/).fill("desk.editor");
  await page.getByLabel("Role").selectOption("editor");
  await page.getByLabel(/^Password/).fill("desk-editor-passphrase");
  await Promise.all([page.waitForURL(/added=desk\.editor/), page.getByRole("button", { name: "Add user" }).click()]);
  assert.match(await page.getByRole("status").innerText(), /Added desk\.editor\./);
  assert.equal((await store.accounts.getUser("desk.editor"))?.role, "editor");

  await Promise.all([page.waitForURL(url + "/"), page.getByRole("button", { name: "Sign out" }).click()]);
  assert.match(await page.locator("header").innerText(), /Sign in/);
  assert.equal((await ctx.cookies()).some((c) => c.name === "pressroom_session"), false);
  await ctx.close();
});
