import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseHTML } from "linkedom";
import { sanitizeBodyHtml } from "../../src/publish/sanitize.js";

/** Every element and attribute left in sanitised HTML, parsed back as a browser would. */
function inventory(html: string): { tags: string[]; attrs: string[]; hrefs: string[] } {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const tags: string[] = [];
  const attrs: string[] = [];
  const hrefs: string[] = [];
  for (const el of Array.from(document.body.querySelectorAll("*"))) {
    tags.push(el.localName);
    for (const a of Array.from(el.attributes)) {
      attrs.push(`${el.localName}[${a.name}]`);
      if (a.name === "href") hrefs.push(a.value);
    }
  }
  return { tags, attrs, hrefs };
}

const ALLOWED = new Set(["p", "br", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "strong", "em", "b", "i", "a", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"]);
const ALLOWED_ATTRS = new Set(["a[href]", "a[rel]", "td[colspan]", "td[rowspan]", "th[colspan]", "th[rowspan]", "th[scope]"]);

/** The output is inert: only allowed elements and attributes, only http(s)/mailto links. */
function assertInert(out: string): void {
  const inv = inventory(out);
  for (const t of inv.tags) assert.ok(ALLOWED.has(t), `element <${t}> survived in ${out}`);
  for (const a of inv.attrs) assert.ok(ALLOWED_ATTRS.has(a), `attribute ${a} survived in ${out}`);
  for (const h of inv.hrefs) assert.match(h, /^(https?:\/\/|mailto:)/i, `href ${h}`);
  // Text may mention "javascript:" (it is escaped text then); markup may not hide anywhere.
  assert.doesNotMatch(out, /<(script|style|iframe|object|embed|svg|img|math|form|input|meta|base|link)\b/i);
}

describe("sanitizeBodyHtml: hostile input we wrote", () => {
  const cases: [string, string, string][] = [
    ["script element", `<p>Ferry news<script>alert("x")</script></p>`, "<p>Ferry news</p>"],
    ["script with odd case and attributes", `<ScRiPt type="text/javascript" src="https://evil.example/x.js"></ScRiPt><p>ok</p>`, "<p>ok</p>"],
    ["img onerror", `<img src=x onerror=alert(1)>Lanternfish`, "Lanternfish"],
    ["javascript: link", `<a href="javascript:alert(1)">click</a>`, "<a>click</a>"],
    ["entity-encoded javascript:", `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">e</a>`, "<a>e</a>"],
    ["hex entities and a tab inside the scheme", `<a href="jav&#x09;ascript&#x3A;alert(1)">t</a>`, "<a>t</a>"],
    ["upper-case scheme with leading space", `<a href="  JAVASCRIPT:alert(1)">u</a>`, "<a>u</a>"],
    ["data: URL", `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">d</a>`, "<a>d</a>"],
    ["vbscript: URL", `<a href="vbscript:msgbox(1)">v</a>`, "<a>v</a>"],
    ["relative and protocol-relative links lose the href", `<a href="/admin">r</a> <a href="//evil.example/">p</a>`, "<a>r</a> <a>p</a>"],
    ["svg onload", `<svg onload="alert(1)"><circle r="4"/>inside</svg>after`, "after"],
    ["iframe, object, embed", `<iframe src="https://evil.example/"></iframe><object data="x.swf">o</object><embed src="x.swf">e`, "e"],
    ["style element and attribute", `<style>p{color:red}</style><p style="background:url(javascript:alert(1))" class="x" id="y">styled</p>`, "<p>styled</p>"],
    ["event handlers on allowed elements", `<p onclick="alert(1)" onmouseover="x()">para</p><b onfocus=alert(1)>b</b>`, "<p>para</p><b>b</b>"],
    ["nested and misnested tags", `<p><b><i>deep</b></i> text`, "<p><b><i>deep</i></b> text</p>"],
    ["tag split to rebuild a script", `<scr<script>ipt>alert(1)</script>`, "ipt&gt;alert(1)"],
    ["unclosed comment and CDATA", `<p>a<!-- <script>alert(1)</script> --></p><![CDATA[<script>x</script>]]>`, "<p>a</p>"],
    ["form controls", `<form action="https://evil.example"><input name=q><button formaction=javascript:alert(1)>go</button></form>`, "go"],
    ["meta refresh and base", `<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="https://evil.example/">text`, "text"],
  ];
  for (const [name, html, want] of cases) {
    it(name, () => {
      const out = sanitizeBodyHtml(html);
      assert.equal(out, want);
      assertInert(out);
    });
  }

  it("keeps the allowed structure and gives links rel=nofollow noopener", () => {
    const html = `<h1>Top</h1><h2>Notice</h2><p>Read <a href="https://transport.example.gov/a?b=1&amp;c=2" target="_blank" title="t">the order</a> or <a href="mailto:desk@transport.example.gov">write</a>.<br>Thanks.</p>` +
      `<ul><li><strong>one</strong></li><li><em>two</em></li></ul><ol><li>x</li></ol><blockquote>q</blockquote>` +
      `<table><caption>Fares</caption><thead><tr><th scope="col" colspan="2">Route</th></tr></thead><tbody><tr><td rowspan="1" width="9">A</td></tr></tbody></table>`;
    assert.equal(
      sanitizeBodyHtml(html),
      `<h2>Top</h2><h2>Notice</h2><p>Read <a href="https://transport.example.gov/a?b=1&amp;c=2" rel="nofollow noopener">the order</a> or <a href="mailto:desk@transport.example.gov" rel="nofollow noopener">write</a>.<br />Thanks.</p>` +
        `<ul><li><strong>one</strong></li><li><em>two</em></li></ul><ol><li>x</li></ol><blockquote>q</blockquote>` +
        `<table><caption>Fares</caption><thead><tr><th scope="col" colspan="2">Route</th></tr></thead><tbody><tr><td rowspan="1">A</td></tr></tbody></table>`,
    );
  });

  it("returns an empty string for empty input and plain text escaped", () => {
    assert.equal(sanitizeBodyHtml(""), "");
    assert.equal(sanitizeBodyHtml("5 < 6 & 7 > 3"), "5 &lt; 6 &amp; 7 &gt; 3");
  });

  it("random mixtures of hostile fragments always come out inert (fixed seed)", () => {
    const pieces = [
      "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", `<a href="javascript:alert(1)">`, "<svg onload=alert(1)>", "<iframe src=//e>",
      `<a href="&#x6A;avascript:x">`, "<p onclick=x>", "<style>*{}</style>", "</p>", "<b>", "</i>", "<", ">", "&", "&#", "\"", "'", "=", " on", "text",
      `<a href="https://ok.example/">`, "</a>", "<table><tr><td>", "<!--", "-->", "<![CDATA[", "]]>", "<scr", "ipt>", "javascript:", "<math><mi xlink:href=javascript:x>",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 25 }), (parts) => {
        const out = sanitizeBodyHtml(parts.join(""));
        assertInert(out);
        assertInert(sanitizeBodyHtml(out));
      }),
      { seed: 20260310, numRuns: 400 },
    );
  });
});
