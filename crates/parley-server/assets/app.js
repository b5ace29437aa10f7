// parley's page: a timeline of events with filters, an actor network and the evidence
// of one event. Everything that comes from the store is untrusted text: the DOM is
// built with createElement and textContent only, never from HTML strings.
"use strict";

const TEXT = {
  en: {
    actor: "Actor", country: "Country", mode: "Mode", status: "Status", since: "From", until: "To",
    any: "any", apply: "Apply", reset: "Reset", network: "Who meets whom", timeline: "Timeline",
    networkHint: "Click an actor to filter the timeline; circle size is the number of events.",
    prev: "Earlier page", next: "Next page", close: "Close",
    meet: "meeting", phone: "phone call", video: "video call", visit: "visit",
    occurred: "occurred", planned: "planned",
    events: (n) => `${n} events`, page: (a, b, n) => `${a}–${b} of ${n}`,
    stats: (s) => `${s.events} events · ${s.documents} documents · ${s.actors} actors`,
    none: "No events match.", date: "Date", where: "Where", actors: "Actors", sources: "Sources",
    linked: "Linked event", source: "Source", published: "Published", origin: "Read from",
    evidence: "Evidence", open: "open the original", noNetwork: "No contacts to draw.",
    lang: "中文", noContext: "(the document is not stored; the sentence as extracted)",
  },
  zh: {
    actor: "人物/国家", country: "国家", mode: "方式", status: "状态", since: "起", until: "止",
    any: "全部", apply: "筛选", reset: "重置", network: "交往网络", timeline: "时间线",
    networkHint: "点击节点筛选时间线；圆的大小表示事件数。",
    prev: "上一页", next: "下一页", close: "关闭",
    meet: "会见/会谈", phone: "通电话", video: "视频通话", visit: "访问",
    occurred: "已发生", planned: "计划中",
    events: (n) => `共 ${n} 个事件`, page: (a, b, n) => `第 ${a}–${b} 个，共 ${n} 个`,
    stats: (s) => `${s.events} 个事件 · ${s.documents} 篇文档 · ${s.actors} 个行为体`,
    none: "没有符合条件的事件。", date: "日期", where: "地点", actors: "参与方", sources: "来源数",
    linked: "关联事件", source: "来源", published: "发布时间", origin: "读取自",
    evidence: "证据", open: "打开原文", noNetwork: "没有可显示的交往。",
    lang: "English", noContext: "（文档未存储；仅显示抽取的句子）",
  },
};

const state = {
  lang: localStorage.getItem("parley.lang") === "zh" ? "zh" : "en",
  offset: 0,
  limit: 50,
  labels: {},
  actors: [],
  page: null,
  network: null,
  event: null,
  stats: null,
};

const $ = (id) => document.getElementById(id);
const t = (key) => TEXT[state.lang][key];

/** An element with attributes and children; strings become text nodes. */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined) node.setAttribute(k, String(v));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

function svg(tag, attrs) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  return node;
}

function label(id) {
  const l = state.labels[id];
  return l ? l[state.lang] : id;
}

function rememberLabels(labels) {
  Object.assign(state.labels, labels || {});
}

function showError(message) {
  const box = $("error");
  box.textContent = message || "";
  box.hidden = !message;
}

async function api(path, params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== "" && v !== null && v !== undefined) query.append(k, v);
  }
  const qs = query.toString();
  const response = await fetch(qs ? `${path}?${qs}` : path, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({ error: "bad response", detail: response.statusText }));
  if (!response.ok) throw new Error(`${body.error}: ${body.detail}`);
  return body;
}

function filters() {
  return {
    actor: $("f-actor").value,
    country: $("f-country").value.trim(),
    mode: $("f-mode").value,
    status: $("f-status").value,
    since: $("f-since").value,
    until: $("f-until").value,
  };
}

// ---- labels and language -------------------------------------------------------

function applyLanguage() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  for (const node of document.querySelectorAll("[data-i18n]")) {
    const text = t(node.getAttribute("data-i18n"));
    if (typeof text === "string") node.textContent = text;
  }
  $("lang").textContent = t("lang");
  renderActorOptions();
  renderStats();
  renderTimeline();
  renderNetwork();
  renderEvent();
}

// ---- actors select -------------------------------------------------------------

async function loadActors() {
  const body = await api("/api/actors", { limit: 5000 });
  state.actors = body.actors;
  for (const a of body.actors) state.labels[a.id] = a.label;
  renderActorOptions();
}

function renderActorOptions() {
  const select = $("f-actor");
  const chosen = select.value;
  while (select.options.length > 1) select.remove(1);
  for (const a of state.actors) {
    select.append(el("option", { value: a.id }, `${label(a.id)} (${a.events})`));
  }
  if (chosen && !state.actors.some((a) => a.id === chosen)) {
    select.append(el("option", { value: chosen }, label(chosen)));
  }
  select.value = chosen;
}

function chooseActor(id) {
  const select = $("f-actor");
  if (![...select.options].some((o) => o.value === id)) {
    select.append(el("option", { value: id }, label(id)));
  }
  select.value = id;
  state.offset = 0;
  refresh();
}

// ---- stats ---------------------------------------------------------------------

async function loadStats() {
  state.stats = await api("/api/stats");
  renderStats();
}

function renderStats() {
  $("stats").textContent = state.stats ? t("stats")(state.stats) : "";
}

// ---- timeline ------------------------------------------------------------------

async function loadTimeline() {
  const body = await api("/api/events", { ...filters(), limit: state.limit, offset: state.offset });
  rememberLabels(body.labels);
  state.page = body;
  renderTimeline();
}

function actorsText(ids) {
  return ids.map(label).join(" · ");
}

function renderTimeline() {
  const list = $("timeline");
  list.replaceChildren();
  const page = state.page;
  if (!page) return;
  $("total").textContent = t("events")(page.total);
  if (page.events.length === 0) list.append(el("li", { class: "muted" }, t("none")));
  let month = null;
  for (const e of page.events) {
    const m = e.start.slice(0, 7);
    if (m !== month) {
      month = m;
      list.append(el("li", { class: "month" }, m));
    }
    const classes = ["event", e.status];
    if (state.event && state.event.id === e.id) classes.push("current");
    const item = el("li", { class: classes.join(" "), "data-id": e.id, "data-actors": e.actors.join(" "), tabindex: 0 },
      el("span", { class: "date" }, e.date),
      el("span", { class: `badge ${e.mode}` }, t(e.mode)),
      e.status === "planned" ? el("span", { class: "badge planned" }, t("planned")) : null,
      el("span", { class: "actors" }, actorsText(e.actors)),
      e.location ? el("span", { class: "muted" }, ` @ ${label(e.location)}`) : null,
      e.evidence ? el("div", { class: "evidence-line" }, e.evidence) : null);
    item.addEventListener("click", () => openEvent(e.id));
    item.addEventListener("keydown", (ev) => { if (ev.key === "Enter") openEvent(e.id); });
    list.append(item);
  }
  const first = page.total === 0 ? 0 : page.offset + 1;
  $("page").textContent = t("page")(first, page.offset + page.events.length, page.total);
  $("prev").disabled = page.offset === 0;
  $("next").disabled = page.offset + page.events.length >= page.total;
}

// ---- network -------------------------------------------------------------------

async function loadNetwork() {
  const f = filters();
  state.network = await api("/api/network", { ...f, nodes: 30 });
  for (const n of state.network.nodes) state.labels[n.id] = n.label;
  state.network.layout = layout(state.network);
  renderNetwork();
}

/** A small deterministic force layout: nodes start on a circle, repel each other and
 *  are pulled together along edges and towards the centre. */
function layout(net) {
  const size = 400, centre = size / 2;
  const n = net.nodes.length;
  const pos = new Map();
  net.nodes.forEach((node, i) => {
    const a = (2 * Math.PI * i) / Math.max(n, 1);
    const r = n === 1 ? 0 : 140;
    pos.set(node.id, { x: centre + r * Math.cos(a), y: centre + r * Math.sin(a) });
  });
  const maxWeight = Math.max(1, ...net.edges.map((e) => e.events));
  for (let step = 0; step < 300; step++) {
    const cool = 1 - step / 300;
    const force = new Map(net.nodes.map((node) => [node.id, { x: 0, y: 0 }]));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = pos.get(net.nodes[i].id), b = pos.get(net.nodes[j].id);
        let dx = a.x - b.x, dy = a.y - b.y;
        const d2 = Math.max(dx * dx + dy * dy, 25);
        const f = 1800 / d2;
        const d = Math.sqrt(d2);
        dx /= d; dy /= d;
        force.get(net.nodes[i].id).x += dx * f; force.get(net.nodes[i].id).y += dy * f;
        force.get(net.nodes[j].id).x -= dx * f; force.get(net.nodes[j].id).y -= dy * f;
      }
    }
    for (const e of net.edges) {
      const a = pos.get(e.source), b = pos.get(e.target);
      const dx = b.x - a.x, dy = b.y - a.y;
      const d = Math.sqrt(dx * dx + dy * dy) || 1;
      const f = (d - 70) * 0.02 * (0.5 + e.events / maxWeight);
      force.get(e.source).x += (dx / d) * f; force.get(e.source).y += (dy / d) * f;
      force.get(e.target).x -= (dx / d) * f; force.get(e.target).y -= (dy / d) * f;
    }
    for (const node of net.nodes) {
      const p = pos.get(node.id), f = force.get(node.id);
      f.x += (centre - p.x) * 0.01; f.y += (centre - p.y) * 0.01;
      const len = Math.sqrt(f.x * f.x + f.y * f.y) || 1;
      const move = Math.min(len, 10 * cool + 0.5);
      p.x = Math.min(size - 30, Math.max(30, p.x + (f.x / len) * move));
      p.y = Math.min(size - 20, Math.max(20, p.y + (f.y / len) * move));
    }
  }
  // Fill the box: scale uniformly into it, leaving room for labels on the right.
  const xs = [...pos.values()].map((p) => p.x), ys = [...pos.values()].map((p) => p.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min(3, 290 / Math.max(maxX - minX, 1), 350 / Math.max(maxY - minY, 1));
  const offX = 25 + (290 - (maxX - minX) * scale) / 2, offY = 25 + (350 - (maxY - minY) * scale) / 2;
  for (const p of pos.values()) {
    p.x = offX + (p.x - minX) * scale;
    p.y = offY + (p.y - minY) * scale;
  }
  return pos;
}

function renderNetwork() {
  const box = $("network");
  box.replaceChildren();
  const net = state.network;
  if (!net) return;
  if (net.nodes.length === 0) {
    const text = svg("text", { x: 200, y: 200, "text-anchor": "middle" });
    text.textContent = t("noNetwork");
    box.append(text);
    return;
  }
  const pos = net.layout;
  const maxWeight = Math.max(1, ...net.edges.map((e) => e.events));
  const maxEvents = Math.max(1, ...net.nodes.map((n) => n.events));
  for (const e of net.edges) {
    const a = pos.get(e.source), b = pos.get(e.target);
    const line = svg("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, "stroke-width": 1 + 5 * (e.events / maxWeight) });
    const title = svg("title");
    title.textContent = `${label(e.source)} – ${label(e.target)}: ${e.events}`;
    line.append(title);
    box.append(line);
  }
  const chosen = $("f-actor").value;
  for (const node of net.nodes) {
    const p = pos.get(node.id);
    const r = 5 + 10 * Math.sqrt(node.events / maxEvents);
    const circle = svg("circle", { cx: p.x, cy: p.y, r, class: `${node.kind}${node.id === chosen ? " selected" : ""}`, "data-id": node.id });
    const title = svg("title");
    title.textContent = `${label(node.id)} (${node.events})`;
    circle.append(title);
    circle.addEventListener("click", () => chooseActor(node.id));
    const text = svg("text", { x: p.x + r + 2, y: p.y + 4 });
    text.textContent = label(node.id);
    box.append(circle, text);
  }
}

// ---- one event -----------------------------------------------------------------

async function openEvent(id) {
  try {
    const event = await api(`/api/events/${encodeURIComponent(id)}`);
    rememberLabels(event.labels);
    state.event = event;
    if (location.hash !== `#event/${id}`) history.replaceState(null, "", `#event/${id}`);
    showError("");
    renderEvent();
    renderTimeline();
  } catch (err) {
    showError(err.message);
  }
}

function closeEvent() {
  state.event = null;
  history.replaceState(null, "", location.pathname);
  renderEvent();
  renderTimeline();
}

function safeUrl(url) {
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch (_) {
    return null;
  }
}

function evidenceBlock(ev) {
  const quote = el("blockquote", { class: "evidence" });
  const ctx = ev.context;
  if (!ctx) {
    quote.append(el("mark", {}, ev.text), el("div", { class: "muted" }, t("noContext")));
    return quote;
  }
  quote.append((ctx.clipped_before ? "…" : "") + ctx.before, el("mark", {}, ctx.text), ctx.after + (ctx.clipped_after ? "…" : ""));
  return quote;
}

function renderEvent() {
  const panel = $("event-panel");
  const box = $("event");
  box.replaceChildren();
  const e = state.event;
  panel.hidden = !e;
  document.querySelector("main").classList.toggle("with-event", !!e);
  if (!e) return;
  const facts = el("dl", {},
    el("dt", {}, t("date")), el("dd", {}, e.date),
    el("dt", {}, t("mode")), el("dd", {}, t(e.mode)),
    el("dt", {}, t("status")), el("dd", {}, t(e.status)),
    el("dt", {}, t("actors")), el("dd", {}, actorsText(e.actors)),
    el("dt", {}, t("where")), el("dd", {}, e.location ? label(e.location) : "—"),
    el("dt", {}, t("sources")), el("dd", {}, String(e.sources)));
  if (e.linked !== null) {
    const link = el("a", { href: `#event/${e.linked}` }, `#${e.linked}`);
    link.addEventListener("click", (ev) => { ev.preventDefault(); openEvent(e.linked); });
    facts.append(el("dt", {}, t("linked")), el("dd", {}, link));
  }
  box.append(el("h3", {}, `${actorsText(e.actors)} — ${t(e.mode)}`), facts);
  for (const m of e.mentions) {
    const doc = m.document || {};
    const source = el("div", { class: "source", "data-doc": m.doc });
    source.append(el("h4", {}, doc.title || doc.origin || m.doc));
    const meta = el("div", { class: "meta" });
    if (doc.source) meta.append(`${t("source")}: ${doc.source}  `);
    if (doc.published) meta.append(`${t("published")}: ${doc.published}  `);
    const url = doc.url ? safeUrl(doc.url) : null;
    if (url) meta.append(el("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, t("open")));
    else if (doc.origin) meta.append(`${t("origin")}: ${doc.origin}`);
    source.append(meta);
    for (const ev of m.evidence) source.append(evidenceBlock(ev));
    box.append(source);
  }
}

// ---- wiring --------------------------------------------------------------------

async function refresh() {
  showError("");
  try {
    await Promise.all([loadTimeline(), loadNetwork()]);
  } catch (err) {
    showError(err.message);
  }
}

async function start() {
  $("filters").addEventListener("submit", (ev) => { ev.preventDefault(); state.offset = 0; refresh(); });
  $("f-reset").addEventListener("click", () => { $("filters").reset(); state.offset = 0; refresh(); });
  $("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - state.limit); refresh(); });
  $("next").addEventListener("click", () => { state.offset += state.limit; refresh(); });
  $("close").addEventListener("click", closeEvent);
  $("lang").addEventListener("click", () => {
    state.lang = state.lang === "en" ? "zh" : "en";
    localStorage.setItem("parley.lang", state.lang);
    applyLanguage();
  });
  applyLanguage();
  try {
    await Promise.all([loadActors(), loadStats()]);
  } catch (err) {
    showError(err.message);
  }
  await refresh();
  const m = /^#event\/(\d+)$/.exec(location.hash);
  if (m) await openEvent(Number(m[1]));
  document.body.setAttribute("data-ready", "1");
}

document.addEventListener("DOMContentLoaded", start);
