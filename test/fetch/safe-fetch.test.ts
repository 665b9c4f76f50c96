/** safeFetch: address policy, redirects re-checked per hop, size and time caps, on real loopback servers. */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { safeFetch } from "../../src/fetch/safe-fetch.js";
import { parseAllowList, refusalReason } from "../../src/fetch/address-policy.js";
import { isPressroomError } from "../../src/core/errors.js";

let server: Server;
let base = "";
const ALLOW = ["127.0.0.1"];

before(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const u = new URL(req.url ?? "/", "http://x");
    switch (u.pathname) {
      case "/ok":
        res.writeHead(200, { "content-type": "text/plain", etag: '"v1"' });
        res.end("hello");
        return;
      case "/to-private":
        res.writeHead(302, { location: "http://10.0.0.5/feed" });
        res.end();
        return;
      case "/to-loopback-v6":
        res.writeHead(301, { location: "http://[::1]/feed" });
        res.end();
        return;
      case "/to-metadata":
        res.writeHead(307, { location: "http://169.254.169.254/latest/meta-data/" });
        res.end();
        return;
      case "/hop": {
        const n = Number(u.searchParams.get("n") ?? "0");
        res.writeHead(302, { location: n > 0 ? `/hop?n=${n - 1}` : "/ok" });
        res.end();
        return;
      }
      case "/big":
        res.writeHead(200, { "content-type": "text/plain" });
        // No content-length: the cap must work while streaming.
        for (let i = 0; i < 64; i++) res.write(Buffer.alloc(1024, 97));
        res.end();
        return;
      case "/big-declared":
        res.writeHead(200, { "content-type": "text/plain", "content-length": String(1 << 20) });
        res.end(Buffer.alloc(1 << 20, 97));
        return;
      case "/slow":
        res.writeHead(200, { "content-type": "text/plain" });
        res.write("start");
        setTimeout(() => res.end("end"), 3000).unref();
        return;
      case "/echo":
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ method: req.method, inm: req.headers["if-none-match"] ?? null }));
        return;
      default:
        res.writeHead(404);
        res.end("no");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

async function refused(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isPressroomError(e, "PRESSROOM_E_FETCH"), `expected PRESSROOM_E_FETCH, got ${String(e)}`);
    assert.match((e as Error).message, pattern);
    return true;
  });
}

test("an allowed loopback server answers with status, headers, body and final URL", async () => {
  const r = await safeFetch(`${base}/ok`, { allow: ALLOW });
  assert.equal(r.status, 200);
  assert.equal(r.body.toString("utf8"), "hello");
  assert.equal(r.headers["etag"], '"v1"');
  assert.equal(r.url, `${base}/ok`);
  assert.deepEqual(r.redirects, []);
});

test("request headers are sent", async () => {
  const r = await safeFetch(`${base}/echo`, { allow: ALLOW, headers: { "If-None-Match": '"abc"' } });
  assert.deepEqual(JSON.parse(r.body.toString()), { method: "GET", inm: '"abc"' });
});

test("127.0.0.1 is refused without an allow entry", async () => {
  await refused(safeFetch(`${base}/ok`), /refused: 127\.0\.0\.1 is a loopback address/);
});

test("private, metadata, IPv6 loopback and IPv4-mapped loopback literals are refused", async () => {
  await refused(safeFetch("http://10.0.0.5/feed"), /refused: 10\.0\.0\.5 is a private address/);
  await refused(safeFetch("http://192.168.1.20/"), /private address/);
  await refused(safeFetch("http://169.254.169.254/latest/meta-data/"), /refused: 169\.254\.169\.254 is a link-local cloud metadata address/);
  await refused(safeFetch("http://[::1]/"), /refused: ::1 is a loopback address/);
  await refused(safeFetch("http://[::ffff:127.0.0.1]/"), /loopback address \(embedded in IPv6\)/);
  await refused(safeFetch("http://100.64.0.1/"), /carrier-grade NAT/);
  await refused(safeFetch("http://[fd00::1]/"), /unique-local address/);
  await refused(safeFetch("http://0.0.0.0/"), /unspecified address/);
  // WHATWG URL parsing turns odd IPv4 spellings into dotted quads before the check.
  await refused(safeFetch("http://0x7f.1/"), /127\.0\.0\.1 is a loopback address/);
});

test("a host name that resolves to loopback is refused at connect time", async () => {
  const port = new URL(base).port;
  await refused(safeFetch(`http://localhost:${port}/ok`), /refused: localhost resolves to .*loopback address/);
});

test("a host name in the allow list is let through", async () => {
  const port = new URL(base).port;
  const r = await safeFetch(`http://localhost:${port}/ok`, { allow: ["localhost"] });
  assert.equal(r.body.toString(), "hello");
});

test("only http and https are fetched", async () => {
  await refused(safeFetch("file:///etc/passwd"), /only http and https URLs are fetched, not file/);
  await refused(safeFetch("ftp://example.org/x"), /not ftp/);
  await refused(safeFetch("not a url"), /not a valid URL/);
});

test("a redirect from an allowed server to a refused address is refused", async () => {
  await refused(safeFetch(`${base}/to-private`, { allow: ALLOW }), /refused: 10\.0\.0\.5 is a private address/);
  await refused(safeFetch(`${base}/to-loopback-v6`, { allow: ALLOW }), /refused: ::1 is a loopback address/);
  await refused(safeFetch(`${base}/to-metadata`, { allow: ALLOW }), /metadata/);
});

test("redirects are followed up to the limit and no further", async () => {
  const r = await safeFetch(`${base}/hop?n=2`, { allow: ALLOW });
  assert.equal(r.status, 200);
  assert.equal(r.url, `${base}/ok`);
  assert.equal(r.redirects.length, 3);
  await refused(safeFetch(`${base}/hop?n=5`, { allow: ALLOW }), /too many redirects \(more than 5\)/);
  await refused(safeFetch(`${base}/hop?n=1`, { allow: ALLOW, maxRedirects: 1 }), /too many redirects \(more than 1\)/);
});

test("a body over the size cap is refused, streamed or declared", async () => {
  await refused(safeFetch(`${base}/big`, { allow: ALLOW, maxBytes: 10_000 }), /over the 10000-byte limit/);
  await refused(safeFetch(`${base}/big-declared`, { allow: ALLOW, maxBytes: 10_000 }), /1048576 bytes, over the 10000-byte limit/);
  const ok = await safeFetch(`${base}/big`, { allow: ALLOW, maxBytes: 65_536 });
  assert.equal(ok.body.length, 65_536);
});

test("a response slower than the time cap fails with a timeout", async () => {
  await refused(safeFetch(`${base}/slow`, { allow: ALLOW, timeoutMs: 300 }), /timed out after 300 ms/);
});

test("a 404 is returned, not thrown", async () => {
  const r = await safeFetch(`${base}/missing`, { allow: ALLOW });
  assert.equal(r.status, 404);
});

test("the allow list takes CIDR ranges and PRESSROOM_FETCH_ALLOW", async () => {
  const list = parseAllowList(["10.0.0.0/8", "::1"]);
  assert.equal(refusalReason("10.1.2.3", list), null);
  assert.equal(refusalReason("::1", list), null);
  assert.equal(refusalReason("192.168.0.1", list), "a private address");
  assert.equal(refusalReason("93.184.216.34", parseAllowList([])), null);
  assert.throws(() => parseAllowList(["10.0.0.0/99"]), /not a valid CIDR range/);
  process.env.PRESSROOM_FETCH_ALLOW = " 127.0.0.0/8 ,";
  try {
    const r = await safeFetch(`${base}/ok`);
    assert.equal(r.status, 200);
  } finally {
    delete process.env.PRESSROOM_FETCH_ALLOW;
  }
});
