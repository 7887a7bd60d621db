// tidings dashboard: one set of filters (mirrored in the URL) drives every view.
"use strict";

const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
  "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
  "ASSAULT"];
const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
  "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173",
  "#b30000"];
const COLOR = Object.fromEntries(TYPES.map((t, i) => [t, PALETTE[i]]));
const FIELDS = ["date_from", "date_to", "event_type", "actor", "recipient", "country", "q",
  "cluster"];
const DAY = 86_400_000; // ms
const NOT_FACTUAL = ["negated", "hypothetical", "future"];
const form = document.getElementById("filters");
const config = { displaylogo: false, responsive: true };
let basemap = { lon: [], lat: [] };

const escape = (s) => String(s ?? "").replace(/[&<>"']/g,
  (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const codes = (parties) => parties.map((a) => a.code || a.text).join(", ");

// -- filters <-> URL ----------------------------------------------------------------------

function filtersFromUrl() {
  const url = new URLSearchParams(location.search);
  for (const name of FIELDS) form.elements[name].value = url.get(name) || "";
  form.elements.factual.checked = url.getAll("exclude_flag").length > 0;
  return url.get("event");
}

function queryFromForm() {
  const params = new URLSearchParams();
  for (const name of FIELDS) {
    const value = form.elements[name].value.trim();
    if (value) params.set(name, value);
  }
  if (form.elements.factual.checked) NOT_FACTUAL.forEach((f) => params.append("exclude_flag", f));
  return params;
}

function setUrl(params, eventId) {
  const shown = new URLSearchParams(params);
  if (eventId) shown.set("event", eventId);
  history.replaceState(null, "", shown.toString() ? `?${shown}` : location.pathname);
}

async function getJson(path, params) {
  const response = await fetch(`${path}?${params}`);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

// -- views --------------------------------------------------------------------------------

function drawMap(events) {
  const located = events.filter((e) => e.location && e.location.lat !== null);
  const byType = TYPES.filter((t) => located.some((e) => e.event_type === t));
  const tiles = document.getElementById("tiles").checked;
  const markers = byType.map((type) => {
    const rows = located.filter((e) => e.event_type === type);
    return {
      type: tiles ? "scattermap" : "scatter", mode: "markers", name: type,
      lon: rows.map((e) => e.location.lon), lat: rows.map((e) => e.location.lat),
      x: tiles ? undefined : rows.map((e) => e.location.lon),
      y: tiles ? undefined : rows.map((e) => e.location.lat),
      customdata: rows.map((e) => e.event_id),
      text: rows.map((e) => `${e.date ?? ""} ${type}<br>${escape(e.location.name)}: ` +
        `${escape(codes(e.actor))} → ${escape(codes(e.recipient))}`),
      hoverinfo: "text", marker: { size: 9, color: COLOR[type], opacity: 0.8 },
    };
  });
  if (tiles) {
    Plotly.react("map", markers, { margin: { l: 0, r: 0, t: 0, b: 0 },
      map: { style: "open-street-map", zoom: 1 }, showlegend: false }, config);
    return;
  }
  const land = { type: "scatter", mode: "lines", x: basemap.lon, y: basemap.lat,
    fill: "toself", fillcolor: "#e8e4d8", line: { color: "#9a9a9a", width: 0.6 },
    hoverinfo: "skip", showlegend: false };
  Plotly.react("map", [land, ...markers], {
    margin: { l: 30, r: 0, t: 0, b: 20 }, plot_bgcolor: "#dbeafe", dragmode: "pan",
    xaxis: { range: [-180, 180], showgrid: false, zeroline: false },
    yaxis: { range: [-60, 85], scaleanchor: "x", showgrid: false, zeroline: false },
    legend: { font: { size: 10 }, orientation: "h", y: -0.08 },
  }, { ...config, scrollZoom: true });
}

function drawTimeline({ counts, undated, out_of_range: outside }) {
  const left = [undated && `${undated} undated`,
    outside && `${outside} dated over a month before their report or after it`].filter(Boolean);
  document.getElementById("timeline-note").textContent =
    left.length ? `not shown: ${left.join(", ")}` : "";
  const byType = {};
  for (const row of counts) {
    const series = (byType[row.event_type] ??= {});
    series[row.date] = (series[row.date] ?? 0) + row.count;
  }
  const traces = Object.entries(byType).map(([type, series]) => ({
    type: "bar", name: type, x: Object.keys(series), y: Object.values(series),
    marker: { color: COLOR[type] }, width: 0.8 * DAY,
  }));
  // Days are the unit: a tick per day over short spans (plotly would tick every 12 hours,
  // repeating each date), and a lone day is not stretched across the whole axis.
  const days = counts.map((row) => Date.parse(row.date));
  const span = days.length ? (Math.max(...days) - Math.min(...days)) / DAY : 0;
  const xaxis = { type: "date", tickformat: "%Y-%m-%d", dtick: span < 14 ? DAY : undefined,
    range: span < 3 && days.length
      ? [Math.min(...days) - 3 * DAY, Math.max(...days) + 3 * DAY].map(isoDay) : undefined };
  // The legend goes under the axis: at the top right it sat under plotly's toolbar.
  Plotly.react("timeline", traces, { barmode: "stack", margin: { l: 30, r: 0, t: 24, b: 40 },
    xaxis,
    legend: { font: { size: 10 }, orientation: "h", y: -0.15, yanchor: "top" } }, config);
}

function drawNetwork(edges) {
  const degree = {};
  for (const e of edges) for (const n of [e.source, e.target]) degree[n] = (degree[n] ?? 0) + e.count;
  const nodes = Object.keys(degree).sort((a, b) => degree[b] - degree[a]);
  const at = Object.fromEntries(nodes.map((n, i) => {
    const angle = (2 * Math.PI * i) / Math.max(nodes.length, 1);
    return [n, [Math.cos(angle), Math.sin(angle)]];
  }));
  const links = edges.map((e) => ({
    type: "scatter", mode: "lines", hoverinfo: "text", showlegend: false,
    x: [at[e.source][0], at[e.target][0]], y: [at[e.source][1], at[e.target][1]],
    text: `${e.source} → ${e.target}: ${e.count} (${e.dominant_type})`,
    line: { color: COLOR[e.dominant_type], width: 1 + Math.log2(e.count) },
  }));
  const points = { type: "scatter", mode: "markers+text", name: "actors", showlegend: false,
    x: nodes.map((n) => at[n][0]), y: nodes.map((n) => at[n][1]), text: nodes,
    textposition: "top center", customdata: nodes, hoverinfo: "text",
    marker: { size: nodes.map((n) => 8 + 3 * Math.sqrt(degree[n])), color: "#334155" } };
  const hidden = { visible: false, range: [-1.4, 1.4] };
  Plotly.react("network", [...links, points], { margin: { l: 0, r: 0, t: 0, b: 0 },
    xaxis: hidden, yaxis: { ...hidden, scaleanchor: "x" }, hovermode: "closest" }, config);
}

function drawTable(page) {
  document.getElementById("count").textContent =
    `${page.total} event(s)${page.total > page.events.length ? `, first ${page.events.length}` : ""}`;
  document.querySelector("#events tbody").innerHTML = page.events.map((e) => `
    <tr data-id="${e.event_id}" data-type="${e.event_type}">
      <td>${escape(e.date)}</td><td>${e.event_type}</td><td>${escape(codes(e.actor))}</td>
      <td>${escape(codes(e.recipient))}</td><td>${escape(e.location?.name)}</td>
      <td>${escape(e.article.outlet)}</td>
      <td><a href="#" data-cluster="${e.cluster_id}" title="all reports of this event">cluster</a></td>
    </tr>`).join("");
}

function highlighted(record) {
  const text = record.sentence.text;
  const spans = record.evidence.filter((s) => s.in_sentence)
    .sort((a, b) => a.sentence_start - b.sentence_start);
  let html = "", at = 0;
  for (const s of spans) {
    if (s.sentence_start < at) continue; // overlapping span: keep the first
    html += escape(text.slice(at, s.sentence_start)) +
      `<mark class="${s.role}" title="${s.role}">${escape(text.slice(s.sentence_start, s.sentence_end))}</mark>`;
    at = s.sentence_end;
  }
  return html + escape(text.slice(at));
}

async function showEvent(eventId) {
  const record = await getJson(`/events/${encodeURIComponent(eventId)}`, "");
  const flags = Object.entries(record.flags).filter(([, on]) => on).map(([name]) => name);
  const outside = record.evidence.filter((s) => !s.in_sentence)
    .map((s) => `${s.role}: “${escape(s.text)}”`).join("; ");
  const place = record.location;
  document.getElementById("event-body").innerHTML = `
    <h3>${record.event_type}${record.mode ? ` (${escape(record.mode)})` : ""}</h3>
    <p class="sentence">${highlighted(record)}</p>
    <p class="note"><mark class="actor">actor</mark> <mark class="trigger">trigger</mark>
      <mark class="recipient">recipient</mark> <mark class="place">place</mark>
      <mark class="date">date</mark>${outside ? `<br>outside the sentence: ${outside}` : ""}</p>
    <dl>
      <dt>actor</dt><dd>${escape(codes(record.actor)) || "–"}</dd>
      <dt>recipient</dt><dd>${escape(codes(record.recipient)) || "–"}</dd>
      <dt>place</dt><dd>${place ? `${escape(place.name)}, ${escape(place.country)} (${escape(place.precision)})` : "–"}</dd>
      <dt>date</dt><dd>${escape(record.date) || "–"} (${escape(record.date_precision)})</dd>
      <dt>flags</dt><dd>${flags.join(", ") || "–"}</dd>
      <dt>article</dt><dd>${escape(record.article.title || record.article_id)} —
        ${escape(record.article.outlet)} ${escape(record.article.published)}
        ${record.article.url ? `<a href="${escape(record.article.url)}" rel="noreferrer">link</a>` : ""}</dd>
      <dt>confidence</dt><dd>${record.confidence}</dd>
      <dt>typed by</dt><dd>${record.typed_by === "model"
        ? `the type model (p = ${record.type_score}), no trigger word` : "the trigger lexicon"}</dd>
    </dl>`;
  showPanel(true);
  setUrl(queryFromForm(), eventId);
}

/** Open or close the event panel; the charts beside it are resized to the space left. */
function showPanel(open) {
  const panel = document.getElementById("event");
  if (panel.hidden === !open) return;
  panel.hidden = !open;
  for (const id of ["map", "timeline", "network"]) Plotly.Plots.resize(id);
}

// -- wiring -------------------------------------------------------------------------------

async function refresh() {
  const params = queryFromForm();
  setUrl(params, new URLSearchParams(location.search).get("event"));
  const page = new URLSearchParams(params);
  page.set("limit", "500");
  const [events, stats, network] = await Promise.all([
    getJson("/events", page), getJson("/stats", params), getJson("/network", params)]);
  drawTable(events);
  drawMap(events.events);
  drawTimeline(stats);
  drawNetwork(network.edges);
  document.body.dataset.loaded = String(Number(document.body.dataset.loaded || 0) + 1);
}

function onPlotClick(id, handler) {
  document.getElementById(id).on("plotly_click", (event) => {
    const value = event.points[0]?.customdata;
    if (value) handler(value);
  });
}

async function main() {
  const select = form.elements.event_type;
  for (const type of TYPES) select.add(new Option(type, type));
  const eventId = filtersFromUrl();
  basemap = await fetch("/basemap.json").then((r) => r.json()).catch(() => basemap);
  form.addEventListener("submit", (e) => { e.preventDefault(); refresh(); });
  form.addEventListener("change", () => refresh());
  document.getElementById("reset").addEventListener("click", () => { form.reset(); refresh(); });
  document.getElementById("tiles").addEventListener("change", () => refresh());
  document.getElementById("close").addEventListener("click", () => {
    showPanel(false);
    setUrl(queryFromForm(), null);
  });
  document.querySelector("#events tbody").addEventListener("click", (e) => {
    const cluster = e.target.closest("a[data-cluster]");
    if (cluster) {
      e.preventDefault();
      form.elements.cluster.value = cluster.dataset.cluster;
      refresh();
      return;
    }
    const row = e.target.closest("tr[data-id]");
    if (row) showEvent(row.dataset.id);
  });
  await refresh();
  onPlotClick("map", showEvent);
  onPlotClick("network", (code) => { form.elements.actor.value = code; refresh(); });
  if (eventId) showEvent(eventId);
}

main();
