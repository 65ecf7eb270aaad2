/*
 * The map as a person handles it: a click sets the start at the point under the pointer (from the pixel: a
 * contour's clickData names a grid node), a double-click resets the zoom and sets nothing, a zoom moves the
 * overlay with it, the tip beside the pointer gives F there (asked of the server: explorer/components/map/hover.py), and the
 * map's margins (the overlay's too) fit the screen. A click on a cell of the learning-rate map runs that cell.
 */
(function (ns) {
  "use strict";

  const CLICK_DELAY = 280; // ms to wait before a click sets the start: a double-click (reset zoom) cancels it
  const HOVER_PATIENCE = 2000; // ms after which an unanswered hover request no longer holds back the next

  let clickTimer = null;
  const hover = { over: false, next: null, asked: null, askedAt: 0, count: 0 };

  // ---------- where the pointer is ----------

  function pointAt(gd, ev) {
    // the data coordinates under the pointer, from the pixel
    const xa = gd._fullLayout.xaxis;
    const ya = gd._fullLayout.yaxis;
    const box = gd.getBoundingClientRect();
    const px = ev.clientX - box.left - xa._offset;
    const py = ev.clientY - box.top - ya._offset;
    if (px < 0 || px > xa._length || py < 0 || py > ya._length) return null;
    return { x: xa.p2d(px), y: ya.p2d(py) };
  }

  function leave() {
    hover.next = null;
    if (hover.over) ns.setProps("MAP_TIP", { hidden: true });
    hover.over = false;
  }

  function onHover(gd, ev) {
    // the tip follows the pointer at once; its text is the server's answer for the latest point asked
    const point = ns.overlay.base() && ns.config ? pointAt(gd, ev) : null;
    const el = ns.el("MAP_TIP");
    if (!point || !el) return leave();
    hover.over = true;
    const box = gd.getBoundingClientRect();
    el.style.left = ev.clientX - box.left + 14 + "px";
    el.style.top = ev.clientY - box.top + 14 + "px";
    hover.next = point;
    ask();
  }

  function ask() {
    // one request at a time: the next point waits for the answer (or for a request that went unanswered)
    if (!hover.next || (hover.asked !== null && performance.now() - hover.askedAt < HOVER_PATIENCE)) return;
    const point = hover.next;
    hover.next = null;
    hover.count += 1;
    hover.asked = hover.count;
    hover.askedAt = performance.now();
    const keyframe = ns.whole.keyframe(); // the slice shown, while it follows a run of the whole network
    ns.setProps("MAP_HOVER", { data: { x: point.x, y: point.y, keyframe: keyframe, at: hover.count } });
  }

  function answered(value) {
    // [the tip's text, whether it hides] for the server's answer, or no updates for an answer superseded
    const none = [ns.noUpdate(), ns.noUpdate()];
    if (!value || value.at !== hover.asked) return none;
    hover.asked = null;
    ask();
    const base = ns.overlay.base();
    if (!hover.over || !base) return none;
    const c = ns.config;
    const [ix, iy] = base.pair.map((n) => c.params.indexOf(n));
    const F = value.F === null ? NaN : value.F;
    const text = c.labels[ix] + " = " + ns.fmt(value.x, 4) + ",  " + c.labels[iy] + " = " + ns.fmt(value.y, 4);
    return [text + "  ·  F = " + ns.fmt(F, 4), false];
  }

  // ---------- clicks and zoom ----------

  function hook(tries) {
    const gd = ns.graph("MAP");
    if (!ns.ready(gd) || typeof gd.on !== "function") {
      if ((tries || 0) < 200) setTimeout(() => hook((tries || 0) + 1), 50);
      return;
    }
    if (gd._explorerClick) gd.removeListener("plotly_click", gd._explorerClick);
    if (gd._explorerRelayout) gd.removeListener("plotly_relayout", gd._explorerRelayout);
    if (gd._explorerDouble) gd.removeListener("plotly_doubleclick", gd._explorerDouble);
    gd._explorerClick = (data) => {
      if (!data || !data.event) return;
      const point = pointAt(gd, data.event);
      clearTimeout(clickTimer);
      if (!point) return;
      if (data.event.detail > 1) return; // the second click of a double-click
      // on the map of where each start ends, a click runs from the cell, not only moves the start
      const base = ns.overlay.base();
      const run = !!(base && (base.overlays || []).includes("basins"));
      clickTimer = setTimeout(() => {
        ns.setProps("START_CLICK", { data: { x: point.x, y: point.y, run: run, at: Date.now() } });
      }, CLICK_DELAY);
    };
    gd._explorerDouble = () => clearTimeout(clickTimer);
    gd._explorerRelayout = () => ns.overlay.sync();
    gd.on("plotly_click", gd._explorerClick);
    gd.on("plotly_doubleclick", gd._explorerDouble);
    gd.on("plotly_relayout", gd._explorerRelayout);
    if (!gd._explorerHover) {
      gd._explorerHover = (ev) => onHover(gd, ev);
      gd.addEventListener("mousemove", gd._explorerHover);
      gd.addEventListener("mouseleave", leave);
      gd.addEventListener("dblclick", () => clearTimeout(clickTimer));
    }
    ns.presentation.styleMap();
    fitMargins(true);
    ns.overlay.sync();
  }

  // ---------- the map's size ----------

  function compactMargin() {
    // on a narrow screen the axis titles and the colour bar take less room, so the map itself keeps its width
    const holder = ns.el("MAP_VIEW");
    return holder && holder.clientWidth < 640 ? { l: 46, r: 74, t: 8, b: 44, pad: 0, autoexpand: false } : null;
  }

  function margin() {
    // the one margin of the map and its overlay (their plot areas must coincide): the figure's, narrower on a
    // narrow screen, wider in presentation mode for the larger labels
    const base = ns.overlay.base();
    const own = compactMargin() || (base && base.layout.margin);
    if (!own) return null;
    const more = ns.presentation.on() ? ns.presentation.layer("map").margin : null;
    if (!more) return own;
    const out = Object.assign({}, own);
    Object.entries(more).forEach(([side, extra]) => (out[side] = own[side] + extra));
    return out;
  }

  function fitMargins(force) {
    const gd = ns.graph("MAP");
    if (!ns.ready(gd)) return;
    const want = margin();
    if (!want) return;
    const have = gd._fullLayout.margin;
    if (!force && have.l === want.l && have.r === want.r) return;
    if (have.l !== want.l || have.r !== want.r || have.b !== want.b) {
      const contour = ns.uidIndex(gd, "surface");
      const narrow = want.r < 100;
      if (contour >= 0) ns.quietly(Plotly.restyle(gd, { "colorbar.thickness": narrow ? 9 : 14 }, [contour]));
      ns.quietly(Plotly.relayout(gd, { margin: want, "font.size": narrow ? 12 : 14 }));
      ns.overlay.refigure();
    }
  }

  // ---------- what the Dash callbacks call (the map's callbacks, explorer/components/map/) ----------

  ns.clientside("explorer", {
    // (figure) -> the map's click, hover and zoom handlers attached
    hookMap: function () {
      ns.controls.ensureScrubber();
      setTimeout(() => hook(0), 0);
      return ns.noUpdate();
    },
    // (F at the point asked) -> the tip's text and whether it hides
    hoverValue: function (value) {
      return answered(value);
    },
    // (figure; hyper results) -> a click on a cell of the learning-rate map runs that cell
    hookHyper: function (figure, result) {
      const gd = ns.graph("HYPER_GRAPH");
      const along = result && result.request && result.request.y === "line";
      if (gd && typeof gd.on === "function") {
        if (gd._explorerClick) gd.removeListener("plotly_click", gd._explorerClick);
        gd._explorerClick = (data) => {
          // a heatmap's click names its cell: x and y are the cell's own values (the map's columns and rows)
          const p = data && data.points && data.points[0];
          if (!p) return;
          const cell = along ? { alpha: p.x, t: p.y } : { alpha: p.x, gamma: p.y };
          ns.setProps("HYPER_CLICK", { data: Object.assign(cell, { at: Date.now() }) });
        };
        gd.on("plotly_click", gd._explorerClick);
      }
      return ns.noUpdate();
    },
    // (view, draft; current) -> what the stability overlay reads of the training panel (its algorithm and
    // hyperparameters) while that overlay is on, null while it is off, and no update when that is unchanged:
    // the server redraws the map and its key from it, so a moved start or another epoch budget costs nothing
    stabilityInput: function (view, draft, current) {
      const on = !!(view && Array.isArray(view.overlays) && view.overlays.includes("stability"));
      const next = on && draft ? { algorithm: draft.algorithm, hyper: draft.hyper || {} } : null;
      const same = JSON.stringify(next) === JSON.stringify(current === undefined ? null : current);
      return same ? ns.noUpdate() : next;
    },
  });

  ns.map = { margin: margin, fitMargins: fitMargins };
})(window.lossExplorer);
