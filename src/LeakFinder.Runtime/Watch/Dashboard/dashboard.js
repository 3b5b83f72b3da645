// The dashboard of `leakfinder watch --listen`: reads the watch's JSON endpoints (relative URLs, so it works
// behind a path prefix) and draws one uPlot chart per target and metric. Every text from the watch goes
// into the page as textContent, never as HTML: target names and messages quote what the services served.
"use strict";

const REFRESH_MS = 5000;
const COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 1e7];
const COLORS = { goroutines: "#c62828", heap_inuse_bytes: "#1565c0", rss_bytes: "#6a1b9a", fds: "#ef6c00" };

// What the page has drawn, for people poking in the console and for the headless browser test.
const dashboard = { charts: new Map(), refreshes: 0, lastError: null };
window.leakfinderDashboard = dashboard;

async function getJson(url) {
  const response = await fetch(url, { cache: "no-store" });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

function formatValue(value, bytes) {
  if (value == null) return "–";
  if (!bytes) return Math.abs(value) >= 1000 ? value.toFixed(0) : String(Math.round(value * 100) / 100);
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (Math.abs(value) >= 1024 && i < units.length - 1) { value /= 1024; i++; }
  return `${value.toFixed(value >= 100 || i === 0 ? 0 : 1)} ${units[i]}`;
}

function element(tag, text, className) {
  const e = document.createElement(tag);
  if (text != null) e.textContent = text;
  if (className) e.className = className;
  return e;
}

function chartOptions(series, color) {
  return {
    title: series.title,
    width: 520,
    height: 200,
    scales: { x: { time: true } },
    series: [
      {},
      { label: series.title, stroke: color, width: 2, fill: color + "18", spanGaps: true, value: (u, v) => formatValue(v, series.bytes) },
    ],
    // Counts (goroutines, fds) tick at whole numbers: "9.5 fds" means nothing.
    axes: [{}, { size: 72, incrs: series.bytes ? undefined : COUNT_STEPS, values: (u, ticks) => ticks.map(t => formatValue(t, series.bytes)) }],
  };
}

function targetCard(target) {
  let card = document.getElementById(`target-${target.id}`);
  if (!card) {
    card = element("div", null, "target");
    card.id = `target-${target.id}`;
    const title = element("h2", target.name);
    title.append(element("span", "", "state"));
    card.append(title, element("div", null, "charts"));
    document.getElementById("targets").append(card);
  }
  const state = card.querySelector(".state");
  state.textContent = target.up ? `up · ${target.alerts} alert(s)` : `not answering (${target.failedPolls} failed polls)`;
  state.className = "state " + (target.up ? "up" : "down");
  return card;
}

async function refreshTarget(target) {
  const card = targetCard(target);
  const data = await getJson(`api/series?target=${target.id}`);
  for (const series of data.series) {
    const key = `${target.id}/${series.metric}`;
    const columns = [data.at, series.values];
    const chart = dashboard.charts.get(key);
    if (chart) chart.plot.setData(columns);
    else {
      const holder = element("div", null, "chart");
      holder.dataset.metric = series.metric;
      card.querySelector(".charts").append(holder);
      const color = COLORS[series.metric] || "#37474f";
      dashboard.charts.set(key, { target: target.name, metric: series.metric, color, plot: new uPlot(chartOptions(series, color), columns, holder) });
    }
  }
}

async function refreshTargets() {
  const { targets } = await getJson("api/targets");
  await Promise.all(targets.map(refreshTarget));
  // A target dropped from --targets-file leaves the page.
  const kept = new Set(targets.map(t => `target-${t.id}`));
  for (const card of [...document.querySelectorAll(".target")]) {
    if (kept.has(card.id)) continue;
    for (const [key, chart] of dashboard.charts) if (key.startsWith(card.id.slice("target-".length) + "/")) { chart.plot.destroy(); dashboard.charts.delete(key); }
    card.remove();
  }
}

function when(seconds) {
  return new Date(seconds * 1000).toLocaleString();
}

function fillTable(id, rows) {
  const table = document.getElementById(id);
  const body = table.querySelector("tbody");
  body.replaceChildren(...rows);
  table.hidden = rows.length === 0;
  document.getElementById(`no-${id}`).hidden = rows.length > 0;
}

function row(cells) {
  const tr = document.createElement("tr");
  for (const cell of cells) tr.append(cell);
  return tr;
}

function link(href, text) {
  const a = element("a", text);
  a.href = href;
  return a;
}

async function refreshSuspects() {
  const { events, evidence } = await getJson("api/suspects");
  fillTable("alerts", events.filter(e => e.kind === "alert").map(e =>
    row([element("td", when(e.at), "when"), element("td", e.target), element("td", e.metric || ""), element("td", e.message, "message")])));
  fillTable("evidence", evidence.map(e => {
    const links = element("td");
    links.append(link(`evidence/${e.id}`, e.kind.startsWith("heap-") ? "profile" : "dump"));
    if (e.baseline != null) links.append(" · ", link(`evidence/${e.id}/diff`, `diff against baseline #${e.baseline}`));
    return row([element("td", when(e.at), "when"), element("td", e.target), element("td", `${e.kind} #${e.id}`), element("td", formatValue(e.bytes, true)), links]);
  }));
  const others = events.filter(e => e.kind !== "alert").map(e => element("li", `${when(e.at)} ${e.target}: ${e.kind}: ${e.message}`));
  document.getElementById("events").replaceChildren(...others);
  document.getElementById("no-events").hidden = others.length > 0;
}

async function refresh() {
  const status = document.getElementById("status");
  try {
    await Promise.all([refreshTargets(), refreshSuspects()]);
    dashboard.refreshes++;
    dashboard.lastError = null;
    status.textContent = `updated ${new Date().toLocaleTimeString()}`;
  } catch (e) {
    // The watch stopped or restarts: say so on the page and try again at the next tick.
    dashboard.lastError = String(e);
    status.textContent = `cannot reach the watch: ${e.message}`;
  }
}

refresh();
setInterval(refresh, REFRESH_MS);
