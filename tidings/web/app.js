// tidings dashboard: one set of filters (mirrored in the URL) drives every view.
"use strict";

const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
  "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
  "ASSAULT", "STATEMENT"]; // STATEMENT: only in stores ingested with --statements
const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
  "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173",
  "#b30000", "#c7c7c7"];
const COLOR = Object.fromEntries(TYPES.map((t, i) => [t, PALETTE[i]]));
const FIELDS = ["date_from", "date_to", "event_type", "actor", "recipient", "party", "country",
  "admin1", "q", "cluster"];
const DAY = 86_400_000; // ms
const TABLE_ROWS = 100; // the newest events listed; the rest are counted
const NOT_FACTUAL = ["negated", "hypothetical", "future"];
const form = document.getElementById("filters");
const actorsInput = document.getElementById("actors"); // how many actors the network shows
const ACTORS_DEFAULT = "30";
const mapMode = document.getElementById("map-mode"); // events, or counts per country or admin1
const densityBox = document.getElementById("density");
// How the views are shown, kept in the URL beside the filters: control and default value.
const VIEW = { actors: [actorsInput, ACTORS_DEFAULT], map: [mapMode, "events"],
  density: [densityBox, ""] };
const viewValue = (control) => (control.type === "checkbox" ? (control.checked ? "1" : "")
  : control.value);
const config = { displaylogo: false }; // resized by fitCharts, which also redoes pixel layouts
let basemap = { lon: [], lat: [], countries: {} };
let drawable; // settles once plotly.js and the basemap are both loaded

const escape = (s) => String(s ?? "").replace(/[&<>"']/g,
  (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const codes = (parties) => parties.map((a) => a.code || a.text).join(", ");

// -- filters <-> URL ----------------------------------------------------------------------

function filtersFromUrl() {
  const url = new URLSearchParams(location.search);
  for (const name of FIELDS) form.elements[name].value = url.get(name) || "";
  form.elements.factual.checked = url.getAll("exclude_flag").length > 0;
  for (const [name, [control, fallback]] of Object.entries(VIEW)) {
    const value = url.get(name) || fallback;
    if (control.type === "checkbox") control.checked = value === "1";
    else control.value = value;
  }
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
  for (const [name, [control, fallback]] of Object.entries(VIEW)) {
    const value = viewValue(control);
    if (value && value !== fallback) shown.set(name, value);
  }
  if (eventId) shown.set("event", eventId);
  history.replaceState(null, "", shown.toString() ? `?${shown}` : location.pathname);
}

async function getJson(path, params) {
  const response = await fetch(`${path}?${params}`);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

// -- views --------------------------------------------------------------------------------

// -- map: the offline basemap, one marker per reported event, clustered when crowded -----

const WORLD = { x: [-180, 180], y: [-60, 85] };
const CLUSTER_PX = 26; // markers nearer than this on screen are drawn as one cluster
let located = []; // GET /map: one point per reported event with a place
let crowds = []; // the groups drawn as cluster bubbles, in the order of their trace
let mapView = WORLD;
let mapNote = []; // what the map's events are, from GET /map

/** The view that shows every located event with a margin (the world when there is none). */
function fittedView(items) {
  if (!items.length) return WORLD;
  const lons = items.map((i) => i.lon), lats = items.map((i) => i.lat);
  const around = (lo, hi, pad, [min, max]) => {
    const middle = (lo + hi) / 2, half = (hi - lo) * 0.6 + pad; // a tenth more each side
    return [Math.max(min, middle - half), Math.min(max, middle + half)];
  };
  return { x: around(Math.min(...lons), Math.max(...lons), 8, WORLD.x),
    y: around(Math.min(...lats), Math.max(...lats), 5, WORLD.y) };
}

/** Greedy screen-distance clustering: the most reported events first, each joining a
 * group whose seed is within CLUSTER_PX pixels, else seeding a new one. Seeds are kept in a
 * grid of that size, so thousands of points cost one look at nine cells each. */
function clustered(items, degreesPerPixel) {
  const radius = CLUSTER_PX * degreesPerPixel;
  const groups = [], seeds = new Map();
  const order = [...items].sort((a, b) => b.reports - a.reports ||
    a.event_id.localeCompare(b.event_id));
  for (const item of order) {
    const [cx, cy] = [Math.floor(item.lon / radius), Math.floor(item.lat / radius)];
    let near;
    for (let dx = -1; dx <= 1 && !near; dx++) {
      for (let dy = -1; dy <= 1 && !near; dy++) {
        near = seeds.get(`${cx + dx} ${cy + dy}`)?.find((g) =>
          Math.hypot(g.seed.lon - item.lon, g.seed.lat - item.lat) < radius);
      }
    }
    if (near) {
      near.members.push(item);
      continue;
    }
    const group = { seed: item, members: [item] };
    groups.push(group);
    const key = `${cx} ${cy}`;
    seeds.set(key, [...(seeds.get(key) ?? []), group]);
  }
  return groups;
}

// -- map layers counted by the server: a choropleth of countries or first-level divisions,
// and a density grid ----------------------------------------------------------------------

// Few to many events, evenly on a log scale (ColorBrewer YlOrBr).
const RAMP = ["#fff7bc", "#fec44f", "#ec7014", "#993404"];
const colourScale = (colours) => colours.map((colour, i) => [i / (colours.length - 1), colour]);
const RAMP_SCALE = colourScale(RAMP);
// Density cells start darker than the palest country: pale squares vanish on the land.
const DENSITY_SCALE = colourScale(RAMP.slice(1));
const DENSITY_COLUMNS = 30; // about this many grid cells across the map's view
// The choropleth's colours: one trace each, whatever the number of areas (a trace per area
// made plotly five times slower to draw every division of the world).
const AREA_CLASSES = 8;
// The areas the choropleth fills: {country, admin1 (divisions only), events, label, slices
// of their outlines' lon/lat, bbox}, and what it cannot place (from GET /countries or /admin1).
let choropleth = { areas: [], lon: [], lat: [], note: "" };
let admin1Outlines; // GET /admin1.json (2.9 MB): fetched the first time divisions are shown
let densityGrid = { cell: 1, x: [], y: [], events: [] }; // GET /density, for the view
let densityAsked = 0; // the latest density request: an older answer is not drawn
let shownFilters = new URLSearchParams(); // the filters every view was last fetched for

/** Where ``n`` lies between 1 and ``most`` on a log scale, from 0 to 1. */
const logShare = (n, most) => (most > 1 ? Math.log(n) / Math.log(most) : 1);

/** The RAMP colour at ``share`` (0 to 1), blended between its two nearest stops. */
function rampColour(share) {
  const at = share * (RAMP.length - 1), i = Math.min(RAMP.length - 2, Math.floor(at));
  const rgb = (hex) => [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
  const [low, high] = [rgb(RAMP[i]), rgb(RAMP[i + 1])];
  return `rgb(${low.map((c, k) => Math.round(c + (high[k] - c) * (at - i)))})`;
}

/** The choropleth for the map mode: counts per country (outlines from the basemap) or per
 * first-level division (outlines from /admin1.json, fetched once, only for this). Areas
 * without an outline are counted in the note, not drawn. */
async function loadChoropleth(mode) {
  if (mode === "countries") {
    const counts = await getJson("/countries", shownFilters);
    return areasOf(counts.countries.map((c) => ({ ...c, label: c.country })), basemap,
      (c) => basemap.countries?.[c.country], "countries",
      counts.without_country && `${counts.without_country} event(s) without a country`);
  }
  admin1Outlines ??= fetch("/admin1.json").then((r) => r.json());
  const [counts, outlines] = await Promise.all([getJson("/admin1", shownFilters), admin1Outlines]);
  return areasOf(counts.divisions.map((d) => ({ ...d, label: `${d.admin1}, ${d.country}` })),
    outlines, (d) => outlines.divisions[d.country]?.[d.admin1], "divisions",
    counts.without_admin1 && `${counts.without_admin1} event(s) without one`);
}

/** The counted areas that have an outline (``slicesOf`` gives its [start, end) slices of
 * ``outlines``' lon/lat) with its bounding box, and the map note that says what is and is
 * not drawn. */
function areasOf(counted, outlines, slicesOf, noun, without) {
  const areas = counted.map((area) => ({ ...area, slices: slicesOf(area) }));
  const drawn = areas.filter((area) => area.slices);
  for (const area of drawn) {
    const lons = area.slices.flatMap(([start, end]) => outlines.lon.slice(start, end))
      .filter((x) => x !== null);
    const lats = area.slices.flatMap(([start, end]) => outlines.lat.slice(start, end))
      .filter((y) => y !== null);
    area.bbox = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
  }
  const undrawn = areas.length - drawn.length;
  return { areas: drawn, lon: outlines.lon, lat: outlines.lat, note: [`${areas.length} ${noun}`,
    undrawn && `${undrawn} without an outline`, without, drawn.length && "click one to filter"]
    .filter(Boolean).join(", ") };
}

/** The areas with events filled by their counts, one trace per colour class, and a colour
 * bar labelled in events. Which area the pointer is over is found by areaAt, not by plotly
 * (its traces are classes): hover shows it (showAreaTip), a click filters by it. */
function choroplethTraces() {
  const { areas, lon, lat } = choropleth;
  const most = Math.max(1, ...areas.map((area) => area.events));
  const classOf = (area) => Math.min(AREA_CLASSES - 1,
    Math.floor(logShare(area.events, most) * AREA_CLASSES));
  const fills = [];
  for (let k = 0; k < AREA_CLASSES; k++) {
    const slices = areas.filter((area) => classOf(area) === k).flatMap((area) => area.slices);
    if (!slices.length) continue;
    fills.push({ type: "scatter", mode: "lines", name: "areas", meta: "areas",
      x: slices.flatMap(([start, end]) => lon.slice(start, end)),
      y: slices.flatMap(([start, end]) => lat.slice(start, end)),
      fill: "toself", fillcolor: rampColour(k / (AREA_CLASSES - 1)), hoveron: "fills",
      hoverinfo: "none", line: { color: "#777", width: 0.6 }, showlegend: false });
  }
  const scale = { type: "scatter", mode: "markers", name: "scale", x: [null], y: [null],
    hoverinfo: "skip", showlegend: false,
    marker: { color: [0], cmin: 0, cmax: 1, colorscale: RAMP_SCALE, showscale: true,
      colorbar: { title: { text: "events" }, thickness: 10, len: 0.5, x: 1, xanchor: "right",
        tickvals: [0, 0.5, 1], ticktext: [1, Math.round(Math.sqrt(most)), most] } } };
  return [...fills, scale];
}

/** Whether an area's rings hold the point (even-odd rule, so holes are out). */
function holds(area, x, y) {
  const [west, south, east, north] = area.bbox;
  if (x < west || x > east || y < south || y > north) return false;
  const { lon, lat } = choropleth;
  let inside = false;
  for (const [start, end] of area.slices) {
    for (let i = start; i < end - 1; i++) { // rings are closed, and end with a null
      const [x1, y1, x2, y2] = [lon[i], lat[i], lon[i + 1], lat[i + 1]];
      if (x1 !== null && x2 !== null && (y1 > y) !== (y2 > y)
        && x < x1 + (y - y1) * (x2 - x1) / (y2 - y1)) inside = !inside;
    }
  }
  return inside;
}

/** The area drawn under the pointer (a mouse event), the most counted of any that overlap. */
function areaAt(pointer) {
  const div = document.getElementById("map"), { xaxis, yaxis } = div._fullLayout;
  const box = div.getBoundingClientRect();
  const x = xaxis.p2l(pointer.clientX - box.left - xaxis._offset);
  const y = yaxis.p2l(pointer.clientY - box.top - yaxis._offset);
  return choropleth.areas.find((area) => holds(area, x, y));
}

/** The name and count of the area under the pointer, beside it; none off the areas. */
function showAreaTip(pointer) {
  const tip = document.getElementById("map-tip");
  const area = mapMode.value !== "events" && pointer && areaAt(pointer);
  tip.hidden = !area;
  if (!area) return;
  const panel = tip.parentElement.getBoundingClientRect();
  tip.textContent = `${area.label}: ${area.events} event(s), click to filter`;
  const right = pointer.clientX - panel.left + 12; // beside the pointer, inside the panel
  tip.style.left = `${Math.max(0, Math.min(right, panel.width - tip.offsetWidth))}px`;
  tip.style.top = `${pointer.clientY - panel.top + 16}px`;
}

/** The density grid as translucent squares, one per cell with events, each the cell's size
 * on screen. */
function densityTrace(degreesPerPixel) {
  const { cell, x, y, events } = densityGrid;
  const most = Math.max(1, ...events);
  return { type: "scatter", mode: "markers", name: "density", showlegend: false,
    x: x.map((column) => (column + 0.5) * cell), y: y.map((row) => (row + 0.5) * cell),
    hoverinfo: "text", hovertext: events.map((n) => `${n} event(s) in this ${cell}° cell`),
    marker: { symbol: "square", size: cell / degreesPerPixel, opacity: 0.7,
      color: events.map((n) => logShare(n, most)), cmin: 0, cmax: 1,
      colorscale: DENSITY_SCALE } };
}

/** Fetch the density grid for the map's view: cells of a power of two of degrees near a
 * DENSITY_COLUMNS-th of its width, so that panning keeps the same grid and only zooming changes it. */
async function loadDensity() {
  const asked = ++densityAsked;
  const width = mapView.x[1] - mapView.x[0];
  const cell = Math.min(8, Math.max(1 / 64, 2 ** Math.round(Math.log2(width / DENSITY_COLUMNS))));
  const clamp = (value, [low, high]) => Math.min(high, Math.max(low, value)).toFixed(3);
  const params = new URLSearchParams(shownFilters);
  params.set("cell", String(cell));
  params.set("bbox", [clamp(mapView.x[0], [-180, 180]), clamp(mapView.y[0], [-90, 90]),
    clamp(mapView.x[1], [-180, 180]), clamp(mapView.y[1], [-90, 90])].join(","));
  const grid = await getJson("/density", params);
  if (asked === densityAsked) densityGrid = grid;
  return asked === densityAsked;
}

/** The layers the map toggles fetched for the current filters and view, then drawn. */
async function loadMapLayers() {
  const [areas] = await Promise.all([
    mapMode.value === "events" ? choropleth : loadChoropleth(mapMode.value),
    densityBox.checked ? loadDensity() : null]);
  choropleth = areas;
  renderMap();
}

function drawMap(map) {
  located = map.events;
  mapView = fittedView(located);
  mapNote = [map.located > located.length
    ? `the ${located.length} most reported of ${map.located} located events`
    : `${map.located} located event(s)`];
  if (map.unlocated) mapNote.push(`${map.unlocated} report(s) without a place`);
}

function renderMap() {
  const div = document.getElementById("map");
  const areas = mapMode.value !== "events";
  document.getElementById("map-note").textContent = areas ? choropleth.note : mapNote.join(", ");
  const sizeBy = document.getElementById("size-by").value;
  const width = Math.max(1, div.clientWidth), height = Math.max(1, div.clientHeight);
  const perPixel = Math.max((mapView.x[1] - mapView.x[0]) / width,
    (mapView.y[1] - mapView.y[0]) / height);
  const groups = clustered(located, perPixel);
  const singles = groups.filter((g) => g.members.length === 1).map((g) => g.seed);
  crowds = groups.filter((g) => g.members.length > 1);
  const markerSize = (item) => Math.min(34, 8 + 4 * Math.sqrt(item[sizeBy]));
  const types = TYPES.filter((t) => located.some((i) => i.event_type === t));
  const byType = types.map((type) => {
    const rows = singles.filter((i) => i.event_type === type);
    return {
      type: "scatter", mode: "markers", name: type,
      x: rows.map((i) => i.lon), y: rows.map((i) => i.lat),
      customdata: rows.map((i) => i.event_id),
      text: rows.map((i) => `${i.date ?? "undated"} ${type}<br>${escape(i.location)}: ` +
        `${escape(i.actor)} → ${escape(i.recipient)}` +
        `<br>${i.reports} report(s)${i.killed ? `, ${i.killed} killed` : ""}`),
      hoverinfo: "text",
      marker: { size: rows.map(markerSize), color: COLOR[type], opacity: 0.85,
        line: { color: "#fff", width: 1 } },
    };
  });
  const crowd = {
    type: "scatter", mode: "markers+text", name: "clusters", showlegend: false,
    x: crowds.map((g) => g.members.reduce((sum, i) => sum + i.lon, 0) / g.members.length),
    y: crowds.map((g) => g.members.reduce((sum, i) => sum + i.lat, 0) / g.members.length),
    text: crowds.map((g) => String(g.members.length)), textfont: { color: "#fff", size: 11 },
    customdata: crowds.map((_, i) => `zoom:${i}`), hoverinfo: "text",
    hovertext: crowds.map((g) => `${g.members.length} events: ` + TYPES.map((t) => {
      const n = g.members.filter((i) => i.event_type === t).length;
      return n ? `${t} ${n}` : "";
    }).filter(Boolean).join(", ") + "<br>click to zoom in"),
    marker: { size: crowds.map((g) => Math.min(44, 18 + 4 * Math.sqrt(g.members.length))),
      color: "#334155", opacity: 0.85, line: { color: "#fff", width: 1.5 } },
  };
  const land = { type: "scatter", mode: "lines", x: basemap.lon, y: basemap.lat,
    fill: "toself", fillcolor: "#e8e4d8", line: { color: "#9a9a9a", width: 0.6 },
    hoverinfo: "skip", showlegend: false };
  const axis = { showgrid: false, zeroline: false, showticklabels: false };
  const layers = [land, ...(areas ? choroplethTraces() : []),
    ...(densityBox.checked ? [densityTrace(perPixel)] : []),
    ...(areas ? [] : [...byType, crowd])];
  Plotly.react(div, layers, {
    margin: { l: 0, r: 0, t: 0, b: 0 }, plot_bgcolor: "#dbeafe", dragmode: "pan",
    hovermode: "closest", xaxis: { ...axis, range: [...mapView.x] },
    yaxis: { ...axis, range: [...mapView.y], scaleanchor: "x" },
    legend: { font: { size: 10 }, orientation: "h", x: 0, y: 0, yanchor: "bottom",
      bgcolor: "rgba(255,255,255,0.7)", itemclick: false, itemdoubleclick: false },
  }, { ...config, scrollZoom: true, doubleClick: false });
}

/** After a pan or zoom: recluster for the new scale. */
function onMapMoved() {
  const { xaxis, yaxis } = document.getElementById("map").layout;
  const view = { x: [...xaxis.range], y: [...yaxis.range] };
  if (view.x.join() === mapView.x.join() && view.y.join() === mapView.y.join()) return;
  mapView = view;
  renderMap();
  if (densityBox.checked) loadDensity().then((latest) => latest && renderMap());
}

/** A click on an event opens it; on a cluster, zooms to its events, or lists them when
 * they share one place (many events geocode to the same town centre: no zoom parts them); on
 * a country or division of the choropleth, filters every view by it. */
function onMapClick(value, pointer) {
  if (value === "areas") {
    const area = areaAt(pointer);
    if (!area) return;
    form.elements.country.value = area.country;
    form.elements.admin1.value = area.admin1 ?? "";
    return refresh();
  }
  if (!value.startsWith("zoom:")) return showEvent(value);
  const members = crowds[Number(value.slice(5))].members;
  const lons = members.map((i) => i.lon), lats = members.map((i) => i.lat);
  const spread = Math.max(Math.max(...lons) - Math.min(...lons), Math.max(...lats) - Math.min(...lats));
  if (spread < 0.01) return showPlace(members);
  const pad = 0.5;
  Plotly.relayout("map", {
    "xaxis.range": [Math.min(...lons) - pad, Math.max(...lons) + pad],
    "yaxis.range": [Math.min(...lats) - pad, Math.max(...lats) + pad] });
}

// Bar widths and tick labels for the server's bins (GET /stats picks the bin for the span).
const BIN_DAYS = { day: 1, week: 7, month: 30.4, year: 365.25 };
const BIN_TICKS = { day: "%Y-%m-%d", week: "%Y-%m-%d", month: "%Y-%m", year: "%Y" };
let timelineBin = "day"; // the bin of the bars drawn

/** The last day (ms) of the bin that starts at ``start`` (ms). */
function binEnd(start, bin) {
  const day = new Date(start), [year, month] = [day.getUTCFullYear(), day.getUTCMonth()];
  return { day: start, week: start + 6 * DAY, month: Date.UTC(year, month + 1, 0),
    year: Date.UTC(year, 11, 31) }[bin];
}

/** A box dragged across the timeline: from its first bar's first day to its last bar's last
 * day becomes the date filter, which every view is fetched again for. */
function onTimelineBrushed(event) {
  const starts = (event?.points ?? []).map((point) => Date.parse(point.x));
  if (!starts.length) return;
  form.elements.date_from.value = isoDay(Math.min(...starts));
  form.elements.date_to.value = isoDay(binEnd(Math.max(...starts), timelineBin));
  refresh();
}

function drawTimeline({ counts, bin, undated, out_of_range: outside }) {
  timelineBin = bin;
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
    marker: { color: COLOR[type] }, width: 0.8 * DAY * BIN_DAYS[bin], offset: 0, // from its start
  }));
  // Days are the unit: a tick per day over short spans (plotly would tick every 12 hours,
  // repeating each date), and a lone day is not stretched across the whole axis.
  const days = counts.map((row) => Date.parse(row.date));
  const span = days.length ? (Math.max(...days) - Math.min(...days)) / DAY : 0;
  const xaxis = { type: "date", tickformat: BIN_TICKS[bin],
    dtick: bin === "day" && span < 14 ? DAY : undefined,
    range: span < 3 && days.length
      ? [Math.min(...days) - 3 * DAY, Math.max(...days) + 3 * DAY].map(isoDay) : undefined };
  // The legend goes under the axis: at the top right it sat under plotly's toolbar.
  Plotly.react("timeline", traces, { barmode: "stack", margin: { l: 30, r: 0, t: 24, b: 40 },
    xaxis, dragmode: "select", selectdirection: "h",
    legend: { font: { size: 10 }, orientation: "h", y: -0.15, yanchor: "top" } }, config);
}

// -- actor network: positions come from the server's force layout (GET /network) --------

const NETWORK_RANGE = 1.15; // the layout fills [-1, 1]²; the margin leaves room for labels
const LABEL_FONT = { size: 11, family: "system-ui, sans-serif" };
const COOPERATION_RGB = [37, 99, 235];
const CONFLICT_RGB = [220, 38, 38];
let network = { nodes: [], edges: [] };

/** Blue for all cooperation, red for all conflict, their mix in between (quad classes 1-2
 * are cooperation, 3-4 conflict). */
function cooperationColour(quad) {
  const conflict = (quad[2] + quad[3]) / Math.max(1, quad.reduce((a, b) => a + b, 0));
  const rgb = COOPERATION_RGB.map((c, i) => Math.round(c + (CONFLICT_RGB[i] - c) * conflict));
  return `rgb(${rgb})`;
}

/** Labels that neither overlap each other nor cover another actor: the most active actors
 * are labelled first, each at the first free spot around its marker (above, below, right,
 * left); one with no free spot is left unlabelled (its code still shows on hover). */
function placeLabels(nodes, diameters, width, height) {
  const context = document.createElement("canvas").getContext("2d");
  context.font = `${LABEL_FONT.size}px ${LABEL_FONT.family}`;
  const pixel = (n) => [(n.x + NETWORK_RANGE) / (2 * NETWORK_RANGE) * width,
    (NETWORK_RANGE - n.y) / (2 * NETWORK_RANGE) * height];
  const markers = nodes.map((n, i) => {
    const [x, y] = pixel(n), r = diameters[i] / 2;
    return { left: x - r, right: x + r, top: y - r, bottom: y + r };
  });
  const hits = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const placed = [];
  return nodes.map((n, i) => {
    const [x, y] = pixel(n), r = diameters[i] / 2 + 2;
    const w = context.measureText(n.code).width + 6, h = LABEL_FONT.size * 1.4;
    const spots = [["top center", x - w / 2, y - r - h], ["bottom center", x - w / 2, y + r],
      ["middle right", x + r, y - h / 2], ["middle left", x - r - w, y - h / 2]];
    for (const [position, left, top] of spots) {
      const box = { left, top, right: left + w, bottom: top + h };
      if (left < 0 || top < 0 || box.right > width || box.bottom > height) continue;
      if (placed.some((b) => hits(b, box)) || markers.some((m, j) => j !== i && hits(m, box))) continue;
      placed.push(box);
      return { position, text: n.code };
    }
    return { position: "top center", text: "" };
  });
}

function drawNetwork() {
  const { nodes, edges } = network;
  const at = Object.fromEntries(nodes.map((n) => [n.code, n]));
  // Both directions between two actors, and their reciprocal events (both actors, no
  // recipient: "A and B met"), are one line; its hover tells each apart.
  const pairs = new Map();
  for (const e of edges) {
    const key = [e.source, e.target].sort().join(" ");
    if (!pairs.has(key)) pairs.set(key, []);
    pairs.get(key).push(e);
  }
  const lines = [], middles = { x: [], y: [], text: [], customdata: [] };
  for (const directions of pairs.values()) {
    const [a, b] = [at[directions[0].source], at[directions[0].target]];
    const count = directions.reduce((sum, e) => sum + e.count, 0);
    const quad = [0, 1, 2, 3].map((q) => directions.reduce((sum, e) => sum + e.quad[q], 0));
    lines.push({ type: "scatter", mode: "lines", name: [a.code, b.code].sort().join(" "),
      x: [a.x, b.x], y: [a.y, b.y], hoverinfo: "skip",
      showlegend: false, line: { color: cooperationColour(quad), width: 2 + 1.5 * Math.log2(count) },
      opacity: 0.7 });
    middles.x.push((a.x + b.x) / 2);
    middles.y.push((a.y + b.y) / 2);
    middles.text.push(directions.map((e) =>
      `${e.source} ${e.reciprocal ? "↔" : "→"} ${e.target}: ${e.count} event(s)<br>` +
      network.quad_classes.map((name, q) => e.quad[q] ? `${name} ${e.quad[q]}` : "")
        .filter(Boolean).join(", ") + `; mostly ${e.dominant_type}`).join("<br>"));
    const heaviest = directions.reduce((x, y) => (y.count > x.count ? y : x));
    middles.customdata.push(`${heaviest.source}${heaviest.reciprocal ? "&" : ">"}${heaviest.target}`);
  }
  const div = document.getElementById("network");
  const most = Math.max(1, ...nodes.map((n) => n.events));
  const diameters = nodes.map((n) => 10 + 20 * Math.sqrt(n.events / most));
  const labels = placeLabels(nodes, diameters, div.clientWidth, div.clientHeight);
  const edgeHover = { ...middles, type: "scatter", mode: "markers", hoverinfo: "text",
    showlegend: false, marker: { size: 14, color: "rgba(0,0,0,0)" } };
  const actors = { type: "scatter", mode: "markers+text", showlegend: false,
    x: nodes.map((n) => n.x), y: nodes.map((n) => n.y), customdata: nodes.map((n) => n.code),
    text: labels.map((l) => l.text), textposition: labels.map((l) => l.position),
    textfont: LABEL_FONT, hoverinfo: "text",
    hovertext: nodes.map((n) => `${n.code}: ${n.events} event(s)`),
    marker: { size: diameters, color: "#334155", line: { color: "#fff", width: 1 } } };
  const axis = { visible: false, range: [-NETWORK_RANGE, NETWORK_RANGE], fixedrange: true };
  Plotly.react(div, [...lines, edgeHover, actors], {
    margin: { l: 0, r: 0, t: 0, b: 0 }, xaxis: axis, yaxis: axis, hovermode: "closest",
    annotations: nodes.length ? [] : [{ text: "no actors match the filters", showarrow: false }],
  }, config);
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
  // The same words in several roles ("Nairobi" as recipient and place): one mark with every role.
  const marks = [];
  for (const s of spans) {
    const last = marks[marks.length - 1];
    if (last && last.sentence_start === s.sentence_start && last.sentence_end === s.sentence_end) {
      last.roles.push(s.role);
    } else marks.push({ ...s, roles: [s.role] });
  }
  let html = "", at = 0;
  for (const s of marks) {
    if (s.sentence_start < at) continue; // a span overlapping the one before: keep the first
    html += escape(text.slice(at, s.sentence_start)) +
      `<mark class="${s.roles.join(" ")}" title="${s.roles.join(", ")}">` +
      `${escape(text.slice(s.sentence_start, s.sentence_end))}</mark>`;
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
      <dt>typed by</dt><dd>${{
        model: `the event coder (p = ${record.type_score})`,
        both: `the trigger lexicon and the event coder agree (p = ${record.type_score})`,
      }[record.typed_by] || (record.type_score == null ? "the trigger lexicon"
        : `the trigger lexicon; the event coder doubts it (p = ${record.type_score})`)}</dd>
    </dl>`;
  showPanel(true);
  setUrl(queryFromForm(), eventId);
}

/** The events at one place, as links in the event panel. */
function showPlace(members) {
  document.getElementById("event-body").innerHTML = `
    <h3>${members.length} events at ${escape(members[0].location)}</h3>
    <ul class="place-events">${members.map((i) => `
      <li><a href="#" data-event="${i.event_id}">${escape(i.date ?? "undated")} ${i.event_type}</a>
        ${escape(i.actor)} → ${escape(i.recipient)}, ${i.reports} report(s)</li>`).join("")}
    </ul>`;
  showPanel(true);
}

/** Open or close the event panel; the charts beside it are resized to the space left. */
function showPanel(open) {
  const panel = document.getElementById("event");
  if (panel.hidden === !open) return;
  panel.hidden = !open;
  fitCharts();
}

/** Size every chart to its panel, then redo what is laid out in pixels: the map's clusters
 * and the network's labels. */
async function fitCharts() {
  await Promise.all(["map", "timeline", "network"].map((id) => Plotly.Plots.resize(id)));
  renderMap();
  drawNetwork();
}

// -- wiring -------------------------------------------------------------------------------

/** Fetch and draw every view for the form's filters. Unfiltered, these are the requests the
 * server answers as it starts (first_view in tidings/api.py; tested). */
async function refresh() {
  const params = queryFromForm();
  setUrl(params, new URLSearchParams(location.search).get("event"));
  const page = new URLSearchParams(params);
  page.set("limit", String(TABLE_ROWS));
  const graph = new URLSearchParams(params);
  graph.set("actors", actorsInput.value || ACTORS_DEFAULT);
  const timeline = new URLSearchParams(params);
  timeline.set("per_country", "false"); // the timeline stacks types only
  shownFilters = params;
  document.getElementById("clear-dates").hidden =
    !(form.elements.date_from.value || form.elements.date_to.value);
  document.getElementById("clear-place").hidden =
    !(form.elements.country.value || form.elements.admin1.value);
  const [events, map, stats, shownNetwork] = await Promise.all([getJson("/events", page),
    getJson("/map", params), getJson("/stats", timeline), getJson("/network", graph),
    drawable]);
  network = shownNetwork;
  drawTable(events);
  drawMap(map);
  drawTimeline(stats);
  drawNetwork();
  await loadMapLayers();
  await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted)));
  const loaded = Number(document.body.dataset.loaded || 0) + 1;
  // The first paint of every view, for benchmarks/dashboard_paint.py (ms from navigation).
  if (loaded === 1) performance.mark("tidings:drawn");
  document.body.dataset.loaded = String(loaded);
}

/** Call ``handler`` with the clicked point's customdata, or the ``meta`` of its trace (a
 * filled area's points are not what is clicked), and the mouse event. */
function onPlotClick(id, handler) {
  document.getElementById(id).on("plotly_click", (event) => {
    const value = event.points[0]?.customdata ?? event.points[0]?.data.meta;
    if (value) handler(value, event.event);
  });
}

/** plotly.js, loaded without blocking the page (index.html's async script), so that the
 * data is fetched while it downloads and compiles. */
function plotlyLoaded() {
  if (window.Plotly) return Promise.resolve();
  return new Promise((loaded, failed) => {
    const script = document.getElementById("plotly");
    script.addEventListener("load", loaded);
    script.addEventListener("error", () => failed(new Error("plotly.js did not load")));
  });
}

async function main() {
  const select = form.elements.event_type;
  for (const type of TYPES) select.add(new Option(type, type));
  const eventId = filtersFromUrl();
  drawable = Promise.all([plotlyLoaded(),
    fetch("/basemap.json").then((r) => r.json()).then((shapes) => { basemap = shapes; })
      .catch(() => {})]);
  form.addEventListener("submit", (e) => { e.preventDefault(); refresh(); });
  form.addEventListener("change", () => refresh());
  document.getElementById("reset").addEventListener("click", () => { form.reset(); refresh(); });
  document.getElementById("size-by").addEventListener("change", () => renderMap());
  for (const control of [mapMode, densityBox]) {
    control.addEventListener("change", () => {
      setUrl(shownFilters, new URLSearchParams(location.search).get("event"));
      loadMapLayers();
    });
  }
  document.getElementById("clear-dates").addEventListener("click", () => {
    form.elements.date_from.value = form.elements.date_to.value = "";
    refresh();
  });
  document.getElementById("clear-place").addEventListener("click", () => {
    form.elements.country.value = form.elements.admin1.value = "";
    refresh();
  });
  document.getElementById("fit").addEventListener("click", () => {
    mapView = fittedView(located);
    renderMap();
  });
  actorsInput.addEventListener("change", () => refresh());
  window.addEventListener("resize", fitCharts);
  document.getElementById("close").addEventListener("click", () => {
    showPanel(false);
    setUrl(queryFromForm(), null);
  });
  document.getElementById("event-body").addEventListener("click", (e) => {
    const link = e.target.closest("a[data-event]");
    if (!link) return;
    e.preventDefault();
    showEvent(link.dataset.event);
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
  onPlotClick("map", onMapClick);
  document.getElementById("map").on("plotly_relayout", onMapMoved);
  document.getElementById("map").addEventListener("mousemove", showAreaTip);
  document.getElementById("map").addEventListener("mouseleave", () => showAreaTip(null));
  document.getElementById("timeline").on("plotly_selected", onTimelineBrushed);
  // an actor filters by actor; an edge by its heaviest kind: "actor>recipient", or
  // "actor&party" for events both take part in whichever way
  onPlotClick("network", (value) => {
    const reciprocal = value.includes("&");
    const [actor, other = ""] = value.split(reciprocal ? "&" : ">");
    form.elements.actor.value = actor;
    form.elements.recipient.value = reciprocal ? "" : other;
    form.elements.party.value = reciprocal ? other : "";
    refresh();
  });
  if (eventId) showEvent(eventId);
}

main();
