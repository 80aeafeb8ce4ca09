// graphmock's journal page. It reads only the admin API: the calls arrive
// as server-sent events from /_graphmock/events (read with fetch, so that
// the admin token can go in a header), and everything else comes from the
// endpoints beside it. Text from requests is only ever put in the page as
// text, never as markup.
"use strict";

const api = new URL("../", location.href); // /_graphmock/
const ROW = 26;         // px, as --row in app.css
const OVERSCAN = 12;    // rows drawn above and below the visible ones

// The admin token: taken once from #token=... into this tab's session
// storage, and removed from the address bar.
// It is taken again when only the fragment changes, as when #token= is
// added to the address of the open page.
function takeToken() {
  const m = /(?:^#|&)token=([^&]*)/.exec(location.hash);
  if (!m) return false;
  let token = m[1];
  try {
    token = decodeURIComponent(token);
  } catch {
    // Not valid percent-encoding (#token=%E0%A4%A): the token as typed.
  }
  sessionStorage.setItem("graphmock-token", token);
  history.replaceState(null, "", location.pathname + location.search);
  return true;
}
takeToken();
addEventListener("hashchange", () => { if (takeToken()) loadScenarios().catch(() => {}); });

function request(path, init = {}) {
  const headers = new Headers(init.headers || {});
  const token = sessionStorage.getItem("graphmock-token");
  if (token) headers.set("Authorization", "Bearer " + token);
  return fetch(new URL(path, api), { ...init, headers, cache: "no-store" }).then((resp) => {
    if (resp.status === 401) {
      notice("This graphmock has an admin token. Open this page as " + location.pathname + "#token=TOKEN with the token graphmock was started with (-admin-token).");
    }
    return resp;
  });
}

async function getJSON(path) {
  const resp = await request(path);
  if (!resp.ok) throw new Error(path + ": " + resp.status + " " + (await resp.text()));
  return resp.json();
}

const $ = (sel) => document.querySelector(sel);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function notice(text) {
  const n = $("#notice");
  n.textContent = text;
  n.hidden = !text;
}

// ---- the calls, the filter and the list ----

const state = {
  calls: [],          // summaries, in seq order
  bySeq: new Map(),
  view: [],           // the calls shown, in order (batch items under their batch)
  selected: null,     // seq
  paused: false,
  pending: [],        // events that arrived while paused
  lastSeq: 0,
  scenarios: [],
};

function add(summary) {
  if (state.bySeq.has(summary.seq)) return;
  state.bySeq.set(summary.seq, summary);
  state.calls.push(summary);
  state.lastSeq = Math.max(state.lastSeq, summary.seq);
}

function clearCalls() {
  state.calls = [];
  state.bySeq.clear();
  state.pending = [];
  state.selected = null;
  showDetail(null);
  refresh();
}

function filters() {
  return {
    scenario: $("#f-scenario").value,
    outcome: $("#f-outcome").value,
    text: $("#f-text").value.trim().toLowerCase(),
  };
}

function passes(c, f) {
  if (f.scenario && c.scenario !== f.scenario) return false;
  if (f.outcome && c.outcome !== f.outcome) return false;
  if (f.text) {
    const hay = [c.method, c.path, c.query, c.scenario, c.entity, c.outcome, c.status, c.errorCode, c.batchItem].join(" ").toLowerCase();
    if (!hay.includes(f.text)) return false;
  }
  return true;
}

// order puts each batch's items right under the batch; items whose batch
// is not recorded yet stay where they are.
function order(calls) {
  const items = new Map();
  const batches = new Set();
  for (const c of calls) if (c.scenario === "$batch") batches.add(c.requestId);
  for (const c of calls) {
    if (c.batch && batches.has(c.batch)) {
      if (!items.has(c.batch)) items.set(c.batch, []);
      items.get(c.batch).push(c);
    }
  }
  const out = [];
  for (const c of calls) {
    if (c.batch && batches.has(c.batch)) continue;
    out.push(c);
    if (c.scenario === "$batch") for (const item of items.get(c.requestId) || []) out.push(item);
  }
  return out;
}

let drawQueued = false;
function refresh() {
  if (drawQueued) return;
  drawQueued = true;
  requestAnimationFrame(() => {
    drawQueued = false;
    const f = filters();
    state.view = order(state.calls).filter((c) => passes(c, f));
    const list = $("#list");
    const stick = list.scrollTop + list.clientHeight >= list.scrollHeight - ROW * 2;
    $("#spacer").style.height = state.view.length * ROW + "px";
    list.setAttribute("aria-rowcount", String(state.view.length));
    $("#empty").hidden = state.calls.length > 0;
    const shown = state.view.length === state.calls.length ? "" : state.view.length + " shown of ";
    $("#count").textContent = shown + state.calls.length + (state.calls.length === 1 ? " call" : " calls") +
      (state.paused && state.pending.length ? ", " + state.pending.length + " waiting" : "");
    if (stick) list.scrollTop = list.scrollHeight;
    draw();
  });
}

function time(iso) {
  const d = new Date(iso);
  return d.toLocaleTimeString([], { hour12: false }) + "." + String(d.getMilliseconds()).padStart(3, "0");
}

// shortDuration writes a Go duration such as "1.195812ms" with three
// significant digits: "1.2ms".
function shortDuration(d) {
  const m = /^([0-9.]+)([a-zµ]+)$/.exec(d || "");
  return m ? parseFloat(Number(m[1]).toPrecision(3)) + m[2] : d;
}

// draw renders only the rows in sight (and a few around them), so that
// the page stays quick with the journal's 10,000 calls.
function draw() {
  const list = $("#list");
  const head = list.querySelector(".row.head").offsetHeight;
  const first = Math.max(0, Math.floor((list.scrollTop - head) / ROW) - OVERSCAN);
  const last = Math.min(state.view.length, Math.ceil((list.scrollTop + list.clientHeight) / ROW) + OVERSCAN);
  const rows = $("#rows");
  rows.style.transform = "translateY(" + first * ROW + "px)";
  const out = [];
  for (let i = first; i < last; i++) {
    const c = state.view[i];
    out.push(el("div", {
      class: "row" + (c.batch ? " nested" : ""), role: "row", "data-seq": c.seq, "data-outcome": c.outcome,
      "aria-rowindex": i + 1, "aria-selected": String(c.seq === state.selected),
      onclick: () => select(c.seq),
    },
    el("span", { text: c.seq }), el("span", { text: time(c.time) }), el("span", { text: c.method }),
    el("span", { class: "path", title: c.path, text: (c.batchItem ? "[" + c.batchItem + "] " : "") + c.path + (c.query ? "?" + c.query : "") }),
    el("span", { class: "c-scenario", text: c.scenario || (c.entity ? "⟲ " + c.entity : c.closest ? "≈ " + c.closest : "—") }),
    el("span", { class: "o-" + c.outcome, text: c.outcome }), el("span", { class: c.status >= 400 || !c.status ? "s-error" : "", text: c.status || "—" }),
    el("span", { class: "c-duration", title: c.duration, text: shortDuration(c.duration) })));
  }
  rows.replaceChildren(...out);
}

function select(seq, { scroll = false } = {}) {
  state.selected = seq;
  if (scroll) {
    const i = state.view.findIndex((c) => c.seq === seq);
    const list = $("#list");
    const top = i * ROW, head = list.querySelector(".row.head").offsetHeight;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (top + ROW > list.scrollTop + list.clientHeight - head) list.scrollTop = top + ROW - list.clientHeight + head;
  }
  draw();
  showDetail(seq);
}

function move(delta) {
  if (!state.view.length) return;
  let i = state.view.findIndex((c) => c.seq === state.selected);
  if (i < 0) i = delta > 0 ? -1 : state.view.length;
  i = Math.max(0, Math.min(state.view.length - 1, i + delta));
  select(state.view[i].seq, { scroll: true });
}

// ---- following the journal ----

function receive(summary) {
  if (state.paused) { state.pending.push(summary); refresh(); return; }
  add(summary);
  refresh();
  soon();
}

async function follow() {
  for (;;) {
    try {
      const resp = await request("events?since=" + state.lastSeq, { headers: { Accept: "text/event-stream" } });
      if (!resp.ok) throw new Error("events: " + resp.status);
      notice("");
      live(true);
      const reader = resp.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        let i;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          handle(buf.slice(0, i));
          buf = buf.slice(i + 2);
        }
      }
    } catch (e) {
      console.warn(e);
    }
    live(false);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function handle(block) {
  let event = "message", data = "";
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) event = line.slice(6).trim();
    else if (line.startsWith("data:")) data += line.slice(5).trim();
  }
  if (event === "call") receive(JSON.parse(data));
  else if (event === "cleared") { clearCalls(); soon(); }
}

function live(on) {
  const l = $("#live");
  l.className = on ? "on" : "off";
  l.textContent = on ? (state.paused ? "paused" : "live") : "reconnecting…";
}

function setPaused(p) {
  state.paused = p;
  $("#pause").setAttribute("aria-pressed", String(p));
  $("#pause").textContent = p ? "Resume" : "Pause";
  if (!p) { for (const s of state.pending) add(s); state.pending = []; soon(); }
  live($("#live").className === "on");
  refresh();
}

// ---- one call in detail ----

// missWords says in words how one part of a near miss differed, from the
// facts GET calls/{seq}/miss gives (kind, rule, sent, want).
function missWords(p) {
  const q = (s) => JSON.stringify(s);
  switch (p.rule) {
    case "longer": return "the path goes on after the template ends (extra " + q(p.sent) + ")";
    case "shorter": return "the path stops where the template goes on with " + q(p.want);
    case "pattern": return "a path variable does not fit its pattern";
    case "notJSON": return "the body is not JSON, so its conditions cannot hold (" + p.sent + ")";
    case "notContained": return "the body does not contain what the scenario requires: " + p.sent;
    case "missing": return p.part + " is missing (want " + p.want + ")";
    case "unwanted": return p.part + " must be absent and was " + q(p.sent);
  }
  if (p.kind === "method") return "the method is " + p.sent + ", not " + p.want;
  if (p.kind === "state") return p.part + " is in state " + q(p.sent) + " and the scenario needs " + q(p.want);
  if (p.kind === "path") return p.part + " is " + q(p.sent) + " where the template has " + q(p.want);
  return p.part + " is " + q(p.sent) + " (want " + p.want + ")";
}

function shortToken(name, value) {
  if (!/^authorization$/i.test(name)) return value;
  const [scheme, token = ""] = value.split(/\s+/, 2);
  return token.length > 10 ? scheme + " " + token.slice(0, 6) + "…" + token.slice(-4) : value;
}

function ptrKey(k) { return String(k).replace(/~/g, "~0").replace(/\//g, "~1"); }

// jsonTree renders a JSON value pretty-printed, each value in a span that
// carries its JSON pointer, so violations can be marked on it.
function jsonTree(value, ptr = "", indent = "") {
  const span = el("span", { class: "v", "data-ptr": ptr });
  if (Array.isArray(value) || (value && typeof value === "object")) {
    const isArr = Array.isArray(value);
    const entries = isArr ? value.map((v, i) => [i, v]) : Object.entries(value);
    span.append(isArr ? "[" : "{");
    if (!entries.length) { span.append(isArr ? "]" : "}"); return span; }
    entries.forEach(([k, v], n) => {
      span.append("\n" + indent + "  ");
      if (!isArr) span.append(el("span", { class: "k", text: JSON.stringify(k) }), ": ");
      span.append(jsonTree(v, ptr + "/" + ptrKey(k), indent + "  "));
      if (n < entries.length - 1) span.append(",");
    });
    span.append("\n" + indent + (isArr ? "]" : "}"));
  } else {
    span.textContent = JSON.stringify(value);
  }
  return span;
}

// mark highlights the value at a violation's pointer, or the nearest
// value above it when the pointer names something missing.
function mark(pre, pointer, message) {
  let p = pointer;
  for (;;) {
    const node = [...pre.querySelectorAll("[data-ptr]")].find((n) => n.dataset.ptr === p);
    if (node) {
      node.classList.add("violation");
      node.title = (node.title ? node.title + "\n" : "") + (pointer || "(body)") + ": " + message;
      return node;
    }
    if (p === "") return null;
    p = p.slice(0, p.lastIndexOf("/"));
  }
}

function bodyView(call) {
  if (call.body === undefined || call.body === null && call.bodyEncoding !== "json") return el("p", { class: "empty", text: "no body" });
  if (call.bodyEncoding === "json") return el("pre", { class: "json body" }, jsonTree(call.body));
  if (call.bodyEncoding === "base64") return el("pre", { class: "body" }, "(binary, base64) " + call.body);
  return el("pre", { class: "body" }, call.body);
}

function headersTable(h) {
  const names = Object.keys(h || {}).sort();
  if (!names.length) return el("p", { class: "empty", text: "no headers" });
  return el("table", { class: "headers" }, el("tbody", {}, names.flatMap((n) => h[n].map((v) =>
    el("tr", {}, el("th", { scope: "row", text: n }), el("td", { class: "mono", text: shortToken(n, v) }))))));
}

let detailToken = 0;
async function showDetail(seq) {
  const d = $("#detail");
  const token = ++detailToken;
  if (seq === null) { d.replaceChildren(el("p", { class: "empty", text: "Select a call (↑ ↓ in the list) to see it in full." })); return; }
  let call;
  try {
    call = await getJSON("calls/" + seq);
  } catch (e) {
    if (token === detailToken) d.replaceChildren(el("p", { class: "empty", text: "Call " + seq + " is no longer in the journal." }));
    return;
  }
  if (token !== detailToken) return;
  const parts = [];
  parts.push(el("h2", {}, call.method + " " + call.path + (call.query ? "?" + call.query : "") + " ",
    el("span", { class: "badge o-" + call.outcome, text: call.outcome })));
  const facts = el("dl", { class: "facts" });
  const fact = (k, v) => { if (v !== undefined && v !== "" && v !== null) facts.append(el("dt", { text: k }), el("dd", {}, v)); };
  fact("seq", String(call.seq));
  fact("time", new Date(call.time).toISOString());
  fact("duration", call.duration);
  fact("scenario", call.scenario || "none");
  if (call.entity) fact("entity", call.entity + " in the simulated tenant");
  if (call.ignored && call.ignored.length) fact("ignored", call.ignored.join(", ") + ": ignored, as Graph ignores them (strictQueries refuses them)");
  if (call.response) fact("response", "#" + call.response + " of the scenario's responses");
  if (call.chaos) fact("chaos", "a chaos error replaced the scenario's answer");
  fact("request-id", call.requestId);
  if (call.batch) {
    const b = state.calls.find((c) => c.requestId === call.batch);
    fact("in batch", b ? el("button", { class: "link", type: "button", onclick: () => select(b.seq, { scroll: true }), text: "call " + b.seq + ", item " + call.batchItem }) : call.batch + ", item " + call.batchItem);
  }
  parts.push(facts);

  parts.push(el("div", { class: "actions" },
    call.scenario !== "$batch" && el("button", { type: "button", id: "copy-scenario", onclick: () => copyScenario(call.seq) }, "Copy as scenario")));
  parts.push(el("div", { id: "scenario-copy" }));

  if (call.scenario === "$batch") {
    const items = state.calls.filter((c) => c.batch === call.requestId);
    parts.push(el("h3", { text: "Requests in this batch" }));
    parts.push(items.length ? el("ul", { class: "batch-items" }, items.map((c) => el("li", {},
      el("button", { class: "link", type: "button", onclick: () => select(c.seq, { scroll: true }), text: "[" + c.batchItem + "] " + c.method + " " + c.path }),
      " → " + c.status + " " + c.outcome))) : el("p", { class: "empty", text: "none recorded" }));
  }

  parts.push(el("h3", { text: "Response", title: "The journal keeps the status, Graph error and violations each call got, not the bytes of the response." }));
  const resp = el("dl", { class: "facts response" });
  resp.append(el("dt", { text: "status" }), el("dd", { class: "status", text: call.status ? String(call.status) : "none: the client left, or the connection was broken on purpose" }));
  if (call.errorCode) resp.append(el("dt", { text: "error code" }), el("dd", { class: "mono", text: call.errorCode }));
  if (call.problem) resp.append(el("dt", { text: "problem" }), el("dd", { class: "problem", text: call.problem }));
  parts.push(resp);

  const body = bodyView(call);
  if (call.violations && call.violations.length) {
    parts.push(el("h3", { text: "Violations (" + call.violations.length + ")" }));
    parts.push(el("ul", { class: "violations" }, call.violations.map((v) => el("li", {},
      el("button", { type: "button", "data-ptr": v.target, title: "show in the body", onclick: () => {
        const n = mark(body, v.target, v.message); if (n) { n.scrollIntoView({ block: "center" }); }
      } }, v.target || "(body)"), " ", el("span", { class: "mono", text: v.code }), " " + v.message))));
  }

  if (call.outcome === "unmatched" && call.closest) {
    parts.push(el("h3", { text: "Near miss: scenario " + call.closest }));
    const miss = el("div", { id: "miss" }, el("p", { class: "empty", text: "comparing…" }));
    parts.push(miss);
    getJSON("calls/" + call.seq + "/miss").then((m) => {
      if (token !== detailToken) return;
      miss.replaceChildren(
        el("p", {}, "Closest: ", el("code", { text: m.template || m.closest }), m.parts.length ? ", but " + m.parts.map(missWords).join("; ") + "." : ""),
        el("table", { class: "miss" }, el("thead", {}, el("tr", {}, el("th", { text: "part" }), el("th", { text: "sent" }), el("th", { text: "scenario wants" }))),
          el("tbody", {}, m.parts.map((p) => el("tr", { class: "differs", "data-part": p.part },
            el("td", { text: p.part + " ✗" }), el("td", { class: "mono", text: p.sent }), el("td", { class: "mono", text: p.want }))))));
    }).catch((e) => miss.replaceChildren(el("p", { class: "empty", text: String(e.message) })));
  }

  parts.push(el("h3", { text: "Request body" }));
  parts.push(body);
  parts.push(el("h3", { text: "Request headers" }));
  parts.push(headersTable(call.headers));
  d.replaceChildren(...parts);
  for (const v of call.violations || []) mark(body, v.target, v.message);
}

async function copyScenario(seq) {
  const out = $("#scenario-copy");
  const resp = await request("calls/" + seq + "/scenario");
  const text = await resp.text();
  if (!resp.ok) { out.replaceChildren(el("p", { class: "empty", text })); return; }
  const pre = el("pre", { id: "scenario-yaml", tabindex: "0", "aria-label": "scenario YAML" }, text);
  const status = el("p", { class: "note", role: "status" });
  out.replaceChildren(pre, status);
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = "Copied to the clipboard: paste it under scenarios: in a scenario file, or PUT it to /_graphmock/scenarios.";
  } catch {
    status.textContent = "Select the text to copy it (the browser refused the clipboard).";
    getSelection().selectAllChildren(pre);
  }
}

// ---- scenarios and verify ----

function timesText(t) {
  if (!t) return "—";
  if (t.atMost === -1) return "at least " + t.atLeast;
  if (t.atLeast === t.atMost) return "exactly " + t.atLeast;
  if (t.atLeast === 0) return "at most " + t.atMost;
  return t.atLeast + " to " + t.atMost;
}

async function loadScenarios() {
  const list = await getJSON("scenarios");
  state.scenarios = list.scenarios;
  const sel = $("#f-scenario");
  const keep = sel.value;
  const names = list.scenarios.map((s) => s.name).concat("$batch");
  sel.replaceChildren(el("option", { value: "", text: "all" }), ...names.map((n) => el("option", { value: n, text: n })));
  sel.value = names.includes(keep) ? keep : "";
  $("#scenarios tbody").replaceChildren(...list.scenarios.map((s) => {
    let verdict = "", cls = "";
    if (s.times) {
      const max = s.times.atMost === -1 ? Infinity : s.times.atMost;
      if (s.calls < s.times.atLeast) { verdict = "too few"; cls = "short"; }
      else if (s.calls > max) { verdict = "too many"; cls = "over"; }
      else { verdict = "met"; cls = "ok"; }
    }
    return el("tr", { "data-scenario": s.name },
      el("td", { text: s.name }), el("td", { class: "mono", text: s.request.method + " " + s.request.path }),
      el("td", { class: "calls", text: String(s.calls) }), el("td", { text: String(s.rejected) }),
      el("td", { class: "times", text: timesText(s.times) }), el("td", { class: cls, text: verdict }));
  }));
}

async function loadVerify() {
  const resp = await request("verify");
  const text = await resp.text();
  const st = $("#verify-status");
  st.textContent = "GET /_graphmock/verify → " + resp.status + " " + (resp.status === 200 ? "OK" : resp.status === 409 ? "Conflict" : "");
  st.className = resp.status === 200 ? "ok" : "bad";
  $("#verify").textContent = text;
}

// soon refreshes the scenario counts and the verify report a moment after
// calls arrive, at most a few times a second.
let soonTimer = null;
function soon() {
  if (soonTimer) return;
  soonTimer = setTimeout(() => {
    soonTimer = null;
    loadScenarios().catch(() => {});
    if (!$("#verify-view").hidden) loadVerify().catch(() => {});
  }, 300);
}

function showTab(tab) {
  for (const t of document.querySelectorAll('[role="tab"]')) {
    const on = t === tab;
    t.setAttribute("aria-selected", String(on));
    t.tabIndex = on ? 0 : -1;
    document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
  }
  if (tab.id === "tab-verify") loadVerify().catch((e) => notice(e.message));
  if (tab.id === "tab-scenarios") loadScenarios().catch((e) => notice(e.message));
  if (tab.id === "tab-calls") draw();
}

async function downloadHAR() {
  const resp = await request("har");
  if (!resp.ok) { notice("HAR export: " + resp.status); return; }
  const url = URL.createObjectURL(await resp.blob());
  const a = el("a", { href: url, download: "graphmock.har" });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// ---- wiring ----

function typing(e) {
  return e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.target instanceof HTMLTextAreaElement;
}

document.addEventListener("DOMContentLoaded", () => {
  const list = $("#list");
  list.addEventListener("scroll", draw, { passive: true });
  new ResizeObserver(draw).observe(list);
  list.addEventListener("keydown", (e) => {
    const page = Math.max(1, Math.floor(list.clientHeight / ROW) - 1);
    const keys = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity, j: 1, k: -1 };
    if (e.key in keys) { e.preventDefault(); move(keys[e.key] === Infinity ? 1e9 : keys[e.key] === -Infinity ? -1e9 : keys[e.key]); }
    else if (e.key === "Enter" && state.selected !== null) { e.preventDefault(); $("#detail").focus(); }
  });
  $("#detail").addEventListener("keydown", (e) => { if (e.key === "Escape") list.focus(); });
  for (const id of ["#f-scenario", "#f-outcome"]) $(id).addEventListener("change", refresh);
  $("#f-text").addEventListener("input", refresh);
  $("#f-text").addEventListener("keydown", (e) => { if (e.key === "Escape") { e.target.value = ""; refresh(); list.focus(); } });
  $("#filters").addEventListener("submit", (e) => e.preventDefault());
  $("#pause").addEventListener("click", () => setPaused(!state.paused));
  $("#clear").addEventListener("click", async () => {
    const resp = await request("reset", { method: "POST" });
    if (resp.ok) { clearCalls(); soon(); } else notice("Clear: " + resp.status + " " + (await resp.text()));
  });
  $("#har").addEventListener("click", () => downloadHAR().catch((e) => notice(e.message)));
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  for (const t of tabs) {
    t.addEventListener("click", () => showTab(t));
    t.addEventListener("keydown", (e) => {
      const d = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
      if (d) { const n = tabs[(tabs.indexOf(t) + d + tabs.length) % tabs.length]; n.focus(); showTab(n); }
    });
  }
  document.addEventListener("keydown", (e) => {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "/") { e.preventDefault(); showTab($("#tab-calls")); $("#f-text").focus(); }
    else if (e.key === "p") setPaused(!state.paused);
  });
  loadScenarios().catch((e) => notice(e.message));
  refresh();
  follow();
});
