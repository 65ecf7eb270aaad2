/*
 * Presentation mode (the P key, the top bar's button): large type, thick paths, a grey map and a colour-blind-safe
 * palette, for a projector. What changes is declared once, on the server (explorer/components/looks.py, in the client
 * config): for each graph the server draws, a template's layout and the styles of its traces by uid. This part
 * lays that look over a graph as it arrives and, leaving presentation mode, puts back what the server had drawn
 * (kept as the look is laid: a value the server sends anew while presenting is kept too), so the plain look is
 * the figures' own. What the browser draws itself (the runs, the loss and response plots) takes its sizes from
 * the look of the mode.
 */
(function (ns) {
  "use strict";

  let present = false;

  // ---------- the palettes and the sizes of what the browser draws ----------

  function palette() {
    const c = ns.config;
    return c ? c.palettes[present ? "contrast" : "plain"] : ["#ff4d4d"];
  }

  function paletteColor(index) {
    const p = palette();
    return p[index % p.length];
  }

  function sideColor(index) {
    // a run's colour on a white plot: the white one drawn grey (explorer/components/lines/view.py side_color)
    const c = paletteColor(index);
    return c.toLowerCase() === "#ffffff" ? "#8a8f98" : c;
  }

  function look(kind) {
    // the sizes of what the browser draws in this mode: "runs" (over the map), "side" (the plots beside it)
    return ns.config.looks[present ? "present" : "plain"][kind];
  }

  function fonts(layout, kind) {
    // the type of a figure the browser builds: its font and its axes' tick labels
    const size = look(kind).font;
    layout.font = Object.assign({}, layout.font, { size: size });
    ["xaxis", "yaxis"].forEach((a) => {
      if (layout[a]) layout[a].tickfont = Object.assign({}, layout[a].tickfont, { size: size });
    });
  }

  // ---------- a look laid over a graph the server drew, and taken off ----------

  function flatten(obj, prefix, out) {
    // a nested layout or trace style as attribute paths ("xaxis.tickfont.size")
    Object.entries(obj).forEach(([key, value]) => {
      const path = prefix ? prefix + "." + key : key;
      if (value && typeof value === "object" && !Array.isArray(value)) flatten(value, path, out);
      else out[path] = value;
    });
    return out;
  }

  function read(obj, path) {
    return path
      .replace(/\[(\d+)\]/g, ".$1")
      .split(".")
      .reduce((o, key) => (o === undefined || o === null ? undefined : o[key]), obj);
  }

  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  function layoutOf(gd, layer) {
    // the look's layout as paths over this figure (annotationdefaults: every annotation it has)
    const layout = Object.assign({}, layer.layout);
    const notes = layout.annotationdefaults;
    delete layout.annotationdefaults;
    const out = flatten(layout, "", {});
    if (notes) {
      (gd.layout.annotations || []).forEach((_, i) => flatten(notes, "annotations[" + i + "]", out));
    }
    return out;
  }

  function colorIndex(uid) {
    const m = /-(\d+)$/.exec(uid || "");
    return m ? parseInt(m[1], 10) : 0;
  }

  function traceLook(trace, layer) {
    // the look's style of a trace, by the start of its uid ("palette": the run's colour, from its uid's number)
    const prefix = Object.keys(layer.traces || {}).find((p) => (trace.uid || "").startsWith(p));
    if (!prefix) return null;
    const out = flatten(layer.traces[prefix], "", {});
    Object.keys(out).forEach((path) => {
      if (out[path] === "palette") out[path] = paletteColor(colorIndex(trace.uid));
      else if (out[path] === "palette-side") out[path] = sideColor(colorIndex(trace.uid));
    });
    return out;
  }

  function keep(saved, obj, want) {
    // what the server drew at each path about to change, unless it is what this look puts there
    Object.entries(want).forEach(([path, value]) => {
      const now = read(obj, path);
      if (!same(now, value)) saved[path] = now === undefined ? null : JSON.parse(JSON.stringify(now));
    });
  }

  function lay(gd, layer, extra) {
    // the look over the graph, one restyle per trace it styles and one relayout
    if (!ns.ready(gd) || !gd.data || !gd.data.length) return;
    const plain = gd._explorerPlain || (gd._explorerPlain = { layout: {}, traces: {} });
    gd.data.forEach((trace, i) => {
      const want = traceLook(trace, layer);
      if (!want) return;
      keep((plain.traces[trace.uid] = plain.traces[trace.uid] || {}), trace, want);
      const update = {};
      Object.entries(want).forEach(([path, value]) => (update[path] = [value]));
      ns.quietly(Plotly.restyle(gd, update, [i]));
    });
    const layout = Object.assign(layoutOf(gd, layer), extra || {});
    keep(plain.layout, gd.layout, layout);
    ns.quietly(Plotly.relayout(gd, layout));
    gd._styledLayout = gd.layout;
  }

  function takeOff(gd, extra) {
    // back to what the server drew
    const plain = gd && gd._explorerPlain;
    if (!ns.ready(gd) || !plain) return;
    delete gd._explorerPlain;
    Object.entries(plain.traces).forEach(([uid, values]) => {
      const i = ns.uidIndex(gd, uid);
      const update = {};
      Object.entries(values).forEach(([path, value]) => (update[path] = [value]));
      if (i >= 0 && Object.keys(update).length) ns.quietly(Plotly.restyle(gd, update, [i]));
    });
    const layout = Object.assign({}, extra || {});
    const notes = (gd.layout.annotations || []).length;
    Object.entries(plain.layout).forEach(([path, value]) => {
      const note = /^annotations\[(\d+)\]/.exec(path); // not an annotation this figure does not have
      if (!note || Number(note[1]) < notes) layout[path] = value;
    });
    ns.quietly(Plotly.relayout(gd, layout));
    gd._styledLayout = gd.layout;
  }

  // ---------- the graphs ----------

  function styleMap() {
    const gd = ns.graph("MAP");
    if (!ns.ready(gd)) return;
    const margin = ns.map.margin();
    const extra = margin ? { margin: margin } : {};
    if (present) lay(gd, ns.config.looks.present.map, extra);
    else takeOff(gd, extra);
  }

  function stylePlane() {
    const gd = ns.graph("PLANE_GRAPH");
    if (!ns.ready(gd) || !gd.data || !gd.data.length) return;
    if (!present) return takeOff(gd);
    const contour = gd.data.some((t) => t.uid === "surface" && t.type === "contour");
    const layer = ns.config.looks.present[contour ? "plane" : "plane3d"];
    const extra = {};
    if (layer.fit_titles) {
      const { largest, smallest } = layer.fit_titles;
      ["xaxis", "yaxis"].forEach((a) => {
        // the directions' titles are long: as large as the look allows where they fit along the axis
        const text = (gd.layout[a] && gd.layout[a].title && gd.layout[a].title.text) || "";
        const room = gd._fullLayout._size ? gd._fullLayout._size[a === "xaxis" ? "w" : "h"] : 400;
        const fits = Math.floor(room / (0.58 * Math.max(text.length, 1)));
        extra[a + ".title.font.size"] = Math.max(smallest, Math.min(largest, fits));
      });
    }
    lay(gd, layer, extra);
  }

  function styleLines() {
    const looks = ns.config.looks.present;
    const runs = ns.graph("LINE_RUNS_GRAPH");
    const swap = ns.graph("LINE_SWAP_GRAPH");
    if (!present) {
      takeOff(runs);
      takeOff(swap);
      return;
    }
    lay(runs, looks.lines);
    const above = looks.swap.above;
    const top = ns.ready(swap) && swap.data ? swap.data.find((t) => t.uid === above.uid) : null;
    const extra = top && top.y && top.y.length ? { "yaxis.range": [0, above.factor * top.y[0]] } : {};
    lay(swap, looks.swap, extra);
  }

  function whenDrawn(name, style, tries) {
    // once a new figure from the server is drawn (its layout is no longer the one styled), style it
    const gd = ns.graph(name);
    const fresh = ns.ready(gd) && gd.layout !== gd._styledLayout;
    if (fresh || (tries || 0) > 60) style();
    else setTimeout(() => whenDrawn(name, style, (tries || 0) + 1), 50);
  }

  function set(on) {
    present = on;
    document.body.classList.toggle("present", on);
    const button = ns.el("PRESENT");
    if (button) button.setAttribute("aria-pressed", on ? "true" : "false");
    styleMap();
    stylePlane();
    styleLines();
    const shell = ns.el("SHELL");
    if (shell) palette().forEach((c, i) => shell.style.setProperty("--run-" + i, c)); // swatches and cards follow
    // what the browser draws itself, drawn again in this mode's sizes and palette
    ns.overlay.refigure();
    ns.side.redrawLoss();
    ns.side.redrawResponse();
    ns.surface3d.drawRuns();
    ns.overlay.whenReady(() => ns.clock.draw(true));
    setTimeout(() => window.dispatchEvent(new Event("resize")), 50);
  }

  ns.clientside("explorer", {
    // (plane figure, line figures) -> a new figure on a plane or along lines, in presentation mode's look
    restyleViews: function () {
      if (!present) return ns.noUpdate();
      const name = ns.triggered();
      if (name === "PLANE_GRAPH") whenDrawn(name, stylePlane);
      else if (name) whenDrawn(name, styleLines);
      return ns.noUpdate();
    },
  });

  ns.presentation = {
    on: () => present,
    toggle: () => set(!present),
    set: set,
    look: look,
    layer: (kind) => ns.config.looks.present[kind],
    fonts: fonts,
    palette: palette,
    paletteColor: paletteColor,
    colorOf: (run) => paletteColor(run.color),
    lineColor: (run) => sideColor(run.color), // a white path cannot be seen on the white side plots
    styleMap: styleMap,
  };
})(window.lossExplorer);
