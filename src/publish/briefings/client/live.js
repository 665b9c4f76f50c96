// Live briefing pages (issue 7): progressive enhancement, no bundler, no dependencies.
// Without this script every page works with plain form posts. With it:
//  - the briefing's WebSocket (/api/v1/briefings/ID/live) says when something happened, and the
//    page re-reads its own main content (?part=live) and swaps the regions marked data-live
//    (keyed lists, data-keyed, only gain, change or lose the items that differ, so screen
//    readers announce new turns only); focus and chosen values survive the swap;
//  - forms marked data-command are sent with fetch (Accept: application/json), and refusals
//    appear in an alert; a form kept on the page gets a fresh commandId after each success;
//  - waiting times count up each second; while the socket is down the page polls every 5 s.
const config = document.getElementById("live-config");
if (config) start(config);

function start(cfg) {
  const state = { seq: Number(cfg.dataset.seq) || 0, offset: (Number(cfg.dataset.now) || Date.now()) - Date.now(), ws: null, tries: 0, poll: null, pending: null, again: false, online: null };
  const status = document.getElementById("live-state");

  const say = (online) => {
    if (state.online === online || !status) return;
    state.online = online;
    status.textContent = online ? "Live updates on." : status.dataset.offlineText || "Live updates paused.";
  };

  // One fetch at a time; news that arrives during a fetch triggers one more afterwards.
  const refresh = () => {
    if (state.pending) {
      state.again = true;
      return state.pending;
    }
    state.again = false;
    state.pending = (async () => {
      try {
        const r = await fetch(location.pathname + "?part=live", { credentials: "same-origin", headers: { Accept: "text/html" } });
        if (!r.ok) return;
        const doc = new DOMParser().parseFromString(await r.text(), "text/html");
        const c = doc.getElementById("live-config");
        if (c) {
          state.offset = (Number(c.dataset.now) || Date.now()) - Date.now();
          state.seq = Math.max(state.seq, Number(c.dataset.seq) || 0);
        }
        for (const fresh of doc.querySelectorAll("[data-live][id]")) {
          const old = document.getElementById(fresh.id);
          if (old) swap(old, fresh);
        }
        tick();
      } catch {
        // the next event or poll tries again
      } finally {
        state.pending = null;
        if (state.again) refresh();
      }
    })();
    return state.pending;
  };

  const connect = () => {
    if (!cfg.dataset.ws || typeof WebSocket !== "function") return startPolling();
    const path = cfg.dataset.ws + (cfg.dataset.ws.includes("?") ? "&" : "?") + "since=" + state.seq;
    let ws;
    try {
      // A journalist's upgrade is authenticated by the participant cookie scoped to the live path (HttpOnly: never read here).
      ws = new WebSocket(wsUrl(path));
    } catch {
      return startPolling();
    }
    state.ws = ws;
    ws.onopen = () => {
      state.tries = 0;
      stopPolling();
      say(true);
    };
    ws.onmessage = (m) => {
      let msg;
      try {
        msg = JSON.parse(m.data);
      } catch {
        return;
      }
      const seq = typeof msg.seq === "number" ? msg.seq : null;
      if (msg.type === "hello" || msg.type === "events" || msg.type === "view") {
        if (seq === null || seq > state.seq || msg.type === "view") refresh();
        if (seq !== null) state.seq = Math.max(state.seq, seq);
      }
    };
    ws.onclose = () => {
      state.ws = null;
      // A closed call changes no more: stop listening (the item link is still awaited below).
      if (document.querySelector(".phase-closed")) return;
      say(false);
      startPolling();
      const wait = Math.min(15000, 1000 * 2 ** state.tries++);
      setTimeout(connect, wait);
    };
  };

  const startPolling = () => {
    if (!state.poll) state.poll = setInterval(refresh, 5000);
  };
  const stopPolling = () => {
    if (state.poll) clearInterval(state.poll);
    state.poll = null;
  };

  const tick = () => {
    const now = Date.now() + state.offset;
    for (const el of document.querySelectorAll("[data-since]")) {
      const t = Number(el.dataset.since);
      if (Number.isFinite(t)) el.textContent = duration(now - t);
    }
  };
  setInterval(tick, 1000);

  document.addEventListener("submit", async (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-command")) return;
    e.preventDefault();
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
    if (form.dataset.pending) return; // one send at a time per form
    form.dataset.pending = "1";
    // aria-disabled, not disabled: a disabled button would lose the keyboard focus
    const button = form.querySelector("button[type=submit], button:not([type])");
    if (button) button.setAttribute("aria-disabled", "true");
    try {
      const r = await fetch(form.action, { method: "POST", credentials: "same-origin", headers: { Accept: "application/json" }, body: new URLSearchParams(new FormData(form)) });
      let out = null;
      try {
        out = await r.json();
      } catch {
        out = null;
      }
      if (r.ok && out && out.ok) {
        problem(null);
        const id = form.querySelector("input[name=commandId]");
        if (id) id.value = newId();
        const reset = form.dataset.reset;
        if (reset && form.elements[reset]) form.elements[reset].value = "";
      } else {
        problem(out && out.error ? out.error.message + " (" + (out.error.reason || out.error.code) + ")" : "The server did not accept that (HTTP " + r.status + ").");
      }
      await refresh();
    } catch {
      problem("Could not reach the server. Try again: sending the same form again is safe.");
    } finally {
      delete form.dataset.pending;
      if (button) button.removeAttribute("aria-disabled");
    }
  });

  for (const type of ["change", "input"]) {
    document.addEventListener(type, (e) => {
      const t = e.target;
      if (t instanceof HTMLElement && t.id && t.closest("[data-live]")) t.dataset.touched = "1";
    });
  }

  // After the close, the transcript item appears a moment later: look again until it is there.
  setInterval(() => {
    if (document.querySelector("[data-await-item]")) refresh();
  }, 3000);

  // Ctrl+Enter (or Cmd+Enter) in a text area sends its form.
  document.addEventListener("keydown", (e) => {
    const t = e.target;
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && t instanceof HTMLTextAreaElement && t.form) {
      e.preventDefault();
      t.form.requestSubmit();
    }
  });

  connect();
}

function wsUrl(path) {
  return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
}

function newId() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

function duration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? h + ":" + String(m).padStart(2, "0") + ":" + ss : m + ":" + ss;
}

/** Show (or clear, with null) a refusal in the page's alert box, created on first use. */
function problem(text) {
  let box = document.getElementById("live-problem");
  if (!box) {
    if (!text) return;
    box = document.createElement("p");
    box.id = "live-problem";
    box.className = "error";
    box.setAttribute("role", "alert");
    const main = document.querySelector("main h1");
    if (main) main.after(box);
    else document.body.prepend(box);
  }
  box.hidden = !text;
  box.textContent = text || "";
}

/** Bring region `old` up to date with `fresh`, keeping focus and chosen values. */
function swap(old, fresh) {
  if (old.hasAttribute("data-keyed")) {
    const want = Array.from(fresh.children);
    const keep = new Set(want.map((c) => c.id));
    for (const c of Array.from(old.children)) if (!keep.has(c.id)) c.remove();
    let prev = null;
    for (const c of want) {
      let have = c.id ? document.getElementById(c.id) : null;
      if (have && have.parentElement !== old) have = null;
      if (!have) {
        have = document.importNode(c, true);
        if (prev) prev.after(have);
        else old.prepend(have);
      } else if (have.outerHTML !== c.outerHTML) {
        const n = document.importNode(c, true);
        have.replaceWith(n);
        have = n;
      }
      prev = have;
    }
    return;
  }
  if (old.innerHTML === fresh.innerHTML) return;
  const active = document.activeElement;
  const focusId = active && old.contains(active) ? active.id : "";
  // Keep what the person chose or typed (controls they touched), not what the server preselected.
  const values = new Map();
  for (const el of old.querySelectorAll("select[id][data-touched], input[id][data-touched], textarea[id][data-touched]")) values.set(el.id, el.value);
  old.innerHTML = fresh.innerHTML;
  for (const [id, value] of values) {
    const el = document.getElementById(id);
    if (!el || !old.contains(el)) continue;
    if (el instanceof HTMLSelectElement && !Array.from(el.options).some((o) => o.value === value)) continue;
    el.value = value;
    el.dataset.touched = "1";
  }
  if (focusId) {
    const el = document.getElementById(focusId);
    const next = el || old.querySelector("button, select, textarea, input:not([type=hidden]), a[href]");
    if (next) next.focus();
  }
}
