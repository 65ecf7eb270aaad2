/*
 * The explorer's client side: one namespace, window.lossExplorer, shared by the scripts of assets/, one job each
 * (Dash loads them in the order of their names, this one first):
 *
 *   00-namespace.js     the namespace, the one decoder of the server's arrays, the page's ids, small helpers
 *   10-clock.js         the runs as the animation holds them and the one clock that plays them
 *   15-controls.js      the playback bar, the keys, the top bar, the readout under the map
 *   20-overlay.js       the runs drawn over the map, frame by frame
 *   30-side.js          the loss and response plots beside the map
 *   40-map-input.js     clicks, the value under the pointer and the size of the map; the learning-rate map's clicks
 *   50-surface3d.js     the same runs on the 3-D surface
 *   60-presentation.js  presentation mode: the palettes and the looks the server declares
 *   70-link.js          the address bar, history and the copied link
 *   75-png.js           the PNG of what is shown
 *   80-inside.js        inside the step: the model, −∇F and the step at the current iterate
 *   90-whole.js         the slice that follows a run of the whole network
 *   95-data.js          the gradient-check panel's fold
 *
 * Each part keeps its state in its own closure and is the only one to write it; the others call its functions.
 * The server sends everything drawn (explorer/core/codec.py for arrays): the client never computes the network.
 * Playing an animation costs the server nothing.
 */
(function () {
  "use strict";

  const ns = {};
  let config = null; // the client-config store (explorer/components/page.py client_config), once the page has it
  let names = {}; // id -> its name in the components' ids.py
  const listeners = {};

  // ---------- the server's configuration and the page's ids ----------

  ns.configure = function (c) {
    if (!c || c === config) return;
    config = c;
    names = {};
    Object.entries(c.ids || {}).forEach(([name, id]) => (names[id] = name));
  };
  Object.defineProperty(ns, "config", { get: () => config });
  // ids by their names in the components' ids.py (ns.ids.MAP is "map"); empty until the configuration has come
  Object.defineProperty(ns, "ids", { get: () => (config && config.ids) || {} });

  // ---------- the one decoder: {dtype, shape, bdata} (explorer/core/codec.py, plotly's typed arrays) ----------

  const ARRAYS = { f8: Float64Array, f4: Float32Array, i4: Int32Array, u1: Uint8Array };

  ns.decode = function (packed) {
    // the values, flat, as a typed array of the dtype sent (little-endian, as every browser is)
    if (!packed) return null;
    const Type = ARRAYS[packed.dtype];
    if (!Type) throw new Error("an array of unknown dtype " + packed.dtype);
    const bin = atob(packed.bdata || "");
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Type(bytes.buffer);
  };

  ns.shape = function (packed) {
    const s = packed && packed.shape;
    return Array.isArray(s) ? s : String(s || "").split(",").filter((v) => v.trim()).map(Number);
  };

  ns.width = function (packed) {
    // values per row: 1 for a vector, the product of the other axes otherwise
    return ns.shape(packed).slice(1).reduce((a, b) => a * b, 1);
  };

  // ---------- events: the clock tells the parts that draw ----------

  ns.on = function (event, fn) {
    (listeners[event] = listeners[event] || []).push(fn);
  };

  ns.emit = function (event, ...args) {
    (listeners[event] || []).forEach((fn) => fn(...args));
  };

  // ---------- the page ----------

  ns.el = function (name) {
    const id = ns.ids[name];
    return id ? document.getElementById(id) : null;
  };

  ns.graph = function (name) {
    // the plotly div of a dcc.Graph, by its id's name
    const el = ns.el(name);
    if (!el) return null;
    if (el.classList.contains("js-plotly-plot")) return el;
    return el.querySelector(".js-plotly-plot");
  };

  ns.ready = function (gd) {
    return !!(gd && gd._fullLayout && gd.data);
  };

  ns.shown = function (gd) {
    // a graph on screen (Plotly rejects an animation of a hidden one)
    return ns.ready(gd) && gd.offsetParent !== null;
  };

  ns.onScreen = function (name) {
    const el = ns.el(name);
    return !!el && !el.hidden && el.offsetParent !== null;
  };

  ns.quietly = function (promise) {
    // a Plotly call superseded by the next frame rejects; that is not an error of the page
    if (promise && typeof promise.catch === "function") promise.catch(() => {});
    return promise;
  };

  ns.traceIndex = function (gd, meta) {
    // a trace drawn by these scripts, by its meta name
    if (!ns.ready(gd)) return -1;
    return gd.data.findIndex((t) => t.meta === meta);
  };

  ns.uidIndex = function (gd, uid) {
    // a trace of a figure built by the server, by its uid (the map: "surface" is the contour)
    if (!ns.ready(gd)) return -1;
    return gd.data.findIndex((t) => t.uid === uid);
  };

  ns.setProps = function (name, props) {
    window.dash_clientside.set_props(ns.ids[name], props);
  };

  ns.setFigure = function (name, figure) {
    // through Dash, never Plotly.relayout/react behind its back: Dash writes a graph's figure back into its
    // props on every relayout, so a relayout racing a newer figure would bring the older one back
    ns.setProps(name, { figure: figure });
  };

  ns.triggered = function () {
    // the name (in the components' ids.py) of what triggered the clientside callback being run
    const ctx = window.dash_clientside.callback_context;
    const id = ctx.triggered.length ? ctx.triggered[0].prop_id.split(".")[0] : "";
    return names[id] || "";
  };

  ns.noUpdate = function () {
    return window.dash_clientside.no_update;
  };

  ns.clientside = function (group, functions) {
    // what explorer/*.py registers as ClientsideFunction(group, name)
    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside[group] = Object.assign(window.dash_clientside[group] || {}, functions);
  };

  ns.fmt = function (v, digits) {
    if (!isFinite(v)) return String(v);
    const text = Number(v).toPrecision(digits || 4);
    const [mantissa, exponent] = text.split("e");
    const m = mantissa.includes(".") ? mantissa.replace(/\.?0+$/, "") : mantissa;
    return (m + (exponent === undefined ? "" : "e" + exponent)).replace(/^-/, "−");
  };

  ns.say = function (text) {
    const note = ns.el("MSG_SCENE");
    if (note) note.textContent = text;
  };

  // ---------- for tests and the frame-rate benchmark: what the parts hold, read-only ----------

  Object.defineProperty(ns, "state", {
    get: () => Object.assign({ runs: ns.clock.runs() }, ns.clock.status()),
  });
  ns.play = (...a) => ns.clock.play(...a);
  ns.pause = (...a) => ns.clock.pause(...a);
  ns.seek = (...a) => ns.clock.seek(...a);
  ns.step = (...a) => ns.clock.step(...a);
  ns.fps = () => ns.clock.fps();

  window.lossExplorer = ns;
})();
