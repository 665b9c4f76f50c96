import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parseHTML } from "linkedom";
import { addUser, bearer } from "../auth-helpers.js";
import { H, input, parseWellFormed, T0, wire, type Wire } from "../exports/helpers.js";

/** Hostile HTML as if it had reached the store without passing the sanitiser. */
const HOSTILE = `<p>Ferry notice<script>alert("x")</script> <img src=x onerror=alert(1)> <a href="javascript:alert(1)" onclick="alert(2)">click</a> <a href="&#106;avascript:alert(3)">enc</a></p><svg onload=alert(4)><circle/></svg><iframe src="https://evil.example/"></iframe><p style="x" onmouseover="alert(5)">end</p>`;

/** Elements, event-handler attributes and script URLs found in an HTML or XHTML text. */
function dangers(markup: string, xml = false): string[] {
  const found: string[] = [];
  const { document } = parseHTML(xml ? markup : `<!doctype html><html><body>${markup}</body></html>`);
  for (const el of Array.from(document.querySelectorAll("*"))) {
    if (/^(script|img|svg|iframe|object|embed|style)$/i.test(el.localName) && !(el.localName === "style" && el.parentElement?.localName === "head")) found.push(`<${el.localName}>`);
    for (const a of Array.from(el.attributes)) {
      if (/^on/i.test(a.name)) found.push(`${el.localName}[${a.name}]`);
      if (/^(href|src|action)$/.test(a.name) && /^\s*(javascript|data|vbscript)/i.test(a.value.replace(/&#0*106;|&#x0*6a;/gi, "j"))) found.push(`${a.name}=${a.value}`);
    }
  }
  return found;
}

describe("a hostile HTML body is served inert", () => {
  let w: Wire;
  let id = "";
  before(async () => {
    w = await wire({
      fill: async (store, clock) => {
        clock.set(T0 - H);
        id = (await store.editorial.create(input({ identity: "pressroom:editor:hostile-html", headline: "Ferry notice", body: "Ferry notice click enc end" }), { changedBy: "editor1", bodyHtml: HOSTILE }, "editor1")).id;
        clock.set(T0);
      },
    });
  });
  after(() => w.close());

  it("on the item page", async () => {
    const res = await w.app.inject({ method: "GET", url: `/items/${id}` });
    assert.equal(res.statusCode, 200);
    const { document } = parseHTML(res.body);
    const body = document.querySelector(".body");
    assert.ok(body, "the page has a body section");
    assert.deepEqual(dangers(body.innerHTML), []);
    assert.match(body.textContent ?? "", /Ferry notice/);
    assert.match(body.textContent ?? "", /end/);
  });

  it("in the NewsML-G2 export", async () => {
    const res = await w.app.inject({ method: "GET", url: `/items/${id}/newsml.xml` });
    assert.equal(res.statusCode, 200);
    parseWellFormed(res.body);
    const inline = res.body.slice(res.body.indexOf("<inlineXML"), res.body.indexOf("</inlineXML>"));
    assert.deepEqual(dangers(inline), []);
    assert.match(inline, /click/);
  });

  it("in the feeds", async () => {
    for (const url of ["/feeds/rss.xml", "/feeds/atom.xml", "/feeds/feed.json"]) {
      const res = await w.app.inject({ method: "GET", url });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.body, /Ferry notice/, url);
      assert.doesNotMatch(res.body, /<script|onerror=|javascript:/i, url);
    }
  });

  it("when an editor submits it through the API, every surface serves it inert", async () => {
    await addUser(w.store, "editor2", "editor");
    const auth = await bearer(w.store, "editor2");
    const created = await w.app.inject({
      method: "POST",
      url: "/api/v1/items",
      headers: { authorization: auth, "content-type": "application/json" },
      payload: JSON.stringify({ headline: "Harbour closure notice", body_html: HOSTILE, "pressroom:section": "Harbor Office" }),
    });
    assert.equal(created.statusCode, 201, created.body);
    const newId = (created.json()["pressroom:id"] ?? created.json().id) as string;
    assert.ok(newId, created.body);
    const api = await w.app.inject({ method: "GET", url: `/api/v1/items/${newId}` });
    assert.equal(api.statusCode, 200);
    for (const b of api.json().bodies as { contenttype: string; value: string }[]) {
      if (b.contenttype === "text/html") assert.deepEqual(dangers(b.value), []);
    }
    const page = parseHTML((await w.app.inject({ method: "GET", url: `/items/${newId}` })).body).document.querySelector(".body");
    assert.deepEqual(dangers(page!.innerHTML), []);
    const xml = (await w.app.inject({ method: "GET", url: `/api/v1/items/${newId}/newsml` })).body;
    parseWellFormed(xml);
    assert.deepEqual(dangers(xml.slice(xml.indexOf("<inlineXML"), xml.indexOf("</inlineXML>"))), []);
  });
});
