/*
 * The overlay: the transparent graph stacked on the map, with the map's axes and margins, on which the runs are
 * drawn (trail, start, end, the point now, where a path leaves the window), the ends of random restarts, the
 * next start, the map's markers on top, and what other parts add as layers (inside the step). Each frame moves
 * the runs' traces with Plotly.animate(..., {redraw: false}), found by their meta names, never by position; the
 * map beneath is never redrawn while a run plays.
 */
(function (ns) {
  "use strict";

  const STILL = { transition: { duration: 0 }, frame: { duration: 0, redraw: false }, mode: "immediate" };

  const s = {
    base: null, // the overlay's base (explorer/components/map/figures.py overlay_base): layout, markers, pair, fixed, targets
    draftStart: null,
    restarts: [], // where each run's random restarts ended (explorer/components/restarts/view.py)
    revision: 0, // each figure made is numbered: frames wait until the overlay has drawn the newest
    plotted: null,
    drawPending: false,
    layers: [], // {traces() -> traces, frame() -> [[meta, update]]}: what other parts draw here in step
  };

  // ---------- the traces ----------

  function outline(color) {
    return color === "#111111" || color === "#000000" ? "#ffffff" : "#000000";
  }

  function startTrace() {
    const p = s.draftStart;
    return {
      type: "scatter",
      mode: "markers",
      x: p ? [p[0]] : [],
      y: p ? [p[1]] : [],
      name: "next start",
      meta: "draft-start",
      marker: { symbol: "cross-thin-open", size: 24, color: "#ffd60a", line: { width: 3, color: "#ffd60a" } },
    };
  }

  function runTraces(run) {
    const k = ns.clock.index(run);
    const end = k === run.last;
    const color = ns.presentation.colorOf(run);
    const look = ns.presentation.look("runs");
    const marker = (symbol, size, line) => ({ symbol: symbol, size: size, color: color, line: line });
    const edge = { color: outline(color), width: 2 };
    const trace = (suffix, name, part) =>
      Object.assign({ type: "scatter", mode: "markers", name: run.label + name, meta: run.key + suffix }, part);
    // a run with a planted bug: its path dashed, beside the correct run from the same start drawn whole and solid
    const twin = run.twin
      ? [
          trace(":twin", " (correct gradient)", {
            mode: "lines",
            x: Array.from(run.twin.x),
            y: Array.from(run.twin.y),
            line: { color: color, width: Math.max(2, look.trail - 1) },
            opacity: 0.85,
          }),
        ]
      : [];
    return [
      ...twin,
      trace(":trail", "", {
        mode: "lines",
        x: Array.from(run.x.subarray(0, k + 1)),
        y: Array.from(run.y.subarray(0, k + 1)),
        line: { color: color, width: look.trail, dash: run.bug ? "dash" : "solid" },
      }),
      trace(":start", " start", { x: [run.x[0]], y: [run.y[0]], marker: marker("circle", 12, edge) }),
      trace(":end", " end", {
        x: end ? [run.x[run.last]] : [],
        y: end ? [run.y[run.last]] : [],
        marker: marker("square", 13, edge),
      }),
      trace(":now", " now", {
        x: [run.x[k]],
        y: [run.y[k]],
        marker: marker("circle", look.now, { color: "#ffffff", width: 2.5 }),
      }),
      trace(
        ":exit",
        " leaves the window",
        Object.assign(
          { marker: Object.assign(marker("triangle-up", look.exit, edge), { angle: exitAngle(run) }), cliponaxis: false },
          exitXY(run, k)
        )
      ),
    ];
  }

  function exitXY(run, k) {
    // the arrow where the path leaves the window, once the animation has got there
    const e = run.exit;
    return e && k >= e.index ? { x: [e.point[0]], y: [e.point[1]] } : { x: [], y: [] };
  }

  function exitAngle(run) {
    // the direction of travel on screen (plotly turns a marker clockwise from pointing up)
    const e = run.exit;
    const gd = ns.graph("MAP");
    if (!e || !ns.ready(gd)) return 0;
    const xa = gd._fullLayout.xaxis;
    const ya = gd._fullLayout.yaxis;
    const sx = (e.direction[0] * xa._length) / (xa.range[1] - xa.range[0]);
    const sy = (e.direction[1] * ya._length) / (ya.range[1] - ya.range[0]);
    return (Math.atan2(sx, sy) * 180) / Math.PI;
  }

  function restartTraces() {
    // where each run's random restarts ended, beneath the runs: a dot per restart, a star for the best
    const out = [];
    s.restarts.forEach((r, i) => {
      const color = ns.presentation.paletteColor(r.color);
      const ends = r.ends.filter((e) => e && isFinite(e[0]) && isFinite(e[1]));
      out.push({
        type: "scatter",
        mode: "markers",
        x: ends.map((e) => e[0]),
        y: ends.map((e) => e[1]),
        marker: { symbol: "circle", size: 7, color: color, opacity: 0.85, line: { color: outline(color), width: 1 } },
        name: r.label + ": restarts' ends",
        meta: "restarts:" + i,
        cliponaxis: true,
      });
      const best = r.ends[r.best];
      out.push({
        type: "scatter",
        mode: "markers",
        x: best ? [best[0]] : [],
        y: best ? [best[1]] : [],
        marker: { symbol: "star-diamond", size: 15, color: color, line: { color: outline(color), width: 1.5 } },
        name: r.label + ": the best restart",
        meta: "restarts:" + i + ":best",
      });
    });
    return out;
  }

  // ---------- the figure ----------

  function mapRanges() {
    const gd = ns.graph("MAP");
    if (!ns.ready(gd)) return null;
    return { x: gd._fullLayout.xaxis.range.slice(), y: gd._fullLayout.yaxis.range.slice() };
  }

  function figure() {
    const base = s.base || { layout: {}, markers: [] };
    const layout = JSON.parse(JSON.stringify(base.layout || {}));
    const ranges = mapRanges();
    if (ranges && layout.xaxis && layout.yaxis) {
      layout.xaxis.range = ranges.x;
      layout.yaxis.range = ranges.y;
    }
    ns.presentation.fonts(layout, "runs");
    const margin = ns.map.margin();
    if (margin) layout.margin = margin;
    // each figure is numbered: frames animate the overlay only once it holds the newest one (an animation
    // started while Dash is still applying a new figure would leave the old plot area drawn)
    s.revision += 1;
    layout.datarevision = s.revision;
    const data = restartTraces();
    ns.clock.runs().forEach((run) => data.push(...runTraces(run)));
    s.layers.forEach((layer) => data.push(...layer.traces()));
    data.push(startTrace());
    (base.markers || []).forEach((m) => data.push(Object.assign({}, m, { meta: "marker:" + (m.uid || m.name) })));
    return { data: data, layout: layout };
  }

  function refigure() {
    ns.setFigure("OVERLAY", figure());
  }

  function redraw() {
    if (ns.ready(ns.graph("OVERLAY"))) refigure();
    whenReady(() => ns.clock.draw(true));
  }

  function sync() {
    // the overlay follows the map's zoom
    const ranges = mapRanges();
    const overlay = ns.graph("OVERLAY");
    if (!ranges || !ns.ready(overlay)) return;
    const cur = overlay._fullLayout;
    if (
      cur.xaxis.range[0] === ranges.x[0] && cur.xaxis.range[1] === ranges.x[1] &&
      cur.yaxis.range[0] === ranges.y[0] && cur.yaxis.range[1] === ranges.y[1]
    ) {
      return;
    }
    refigure();
  }

  function current(gd) {
    // the overlay has finished drawing the newest figure made for it (plotly_afterplot says which it drew)
    if (!ns.ready(gd)) return false;
    if (!gd._explorerAfterplot) {
      gd._explorerAfterplot = () => (s.plotted = gd.layout && gd.layout.datarevision);
      gd.on("plotly_afterplot", gd._explorerAfterplot);
      s.plotted = gd.layout.datarevision;
    }
    return s.plotted === s.revision;
  }

  function whenReady(fn, tries) {
    // run fn once the overlay holds the figure just made (Dash renders figures asynchronously)
    const gd = ns.graph("OVERLAY");
    const ok = current(gd) && ns.clock.runs().every((r) => ns.traceIndex(gd, r.key + ":trail") >= 0);
    if (ok || (tries || 0) > 100) fn();
    else setTimeout(() => whenReady(fn, (tries || 0) + 1), 30);
  }

  // ---------- each frame ----------

  function frame() {
    const gd = ns.graph("OVERLAY");
    const runs = ns.clock.runs();
    if (ns.shown(gd) && !current(gd) && runs.length && !ns.clock.playing() && !s.drawPending) {
      // paused, and the overlay is still drawing a newer figure: draw this moment once it has
      s.drawPending = true;
      whenReady(() => {
        s.drawPending = false;
        if (current(ns.graph("OVERLAY"))) ns.clock.draw(true);
      });
    }
    if (!ns.shown(gd) || !current(gd) || !runs.length) return;
    const data = [];
    const traces = [];
    const put = (meta, update) => {
      const i = ns.traceIndex(gd, meta);
      if (i >= 0) {
        traces.push(i);
        data.push(update);
      }
    };
    runs.forEach((run) => {
      const k = ns.clock.index(run);
      const end = k === run.last;
      put(run.key + ":trail", { x: run.x.subarray(0, k + 1), y: run.y.subarray(0, k + 1) });
      put(run.key + ":now", { x: [run.x[k]], y: [run.y[k]] });
      put(run.key + ":end", { x: end ? [run.x[run.last]] : [], y: end ? [run.y[run.last]] : [] });
      put(run.key + ":exit", exitXY(run, k));
    });
    s.layers.forEach((layer) => layer.frame().forEach(([meta, update]) => put(meta, update)));
    if (traces.length) {
      ns.quietly(Plotly.animate(gd, { data: data, traces: traces }, STILL));
      ns.clock.drawnFrame();
    }
  }

  ns.on("frame", frame);

  let resizeTimer = null;
  window.addEventListener("resize", () => {
    // once Plotly has resized both graphs, the overlay is drawn afresh (frames wait for it), so the paths are
    // never left on a plot area of the size before
    s.revision += 1;
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      if (!ns.config) return;
      ns.map.fitMargins(false);
      refigure();
    }, 250);
  });

  // ---------- what the Dash callbacks call (each component's callbacks.py) ----------

  ns.clientside("explorer", {
    // (runs, paths, base; draft, loss, response) -> overlay, loss and response figures
    drawRuns: function (runs, paths, base, draft, loss, resp) {
      ns.controls.ensureScrubber();
      if (base) s.base = base;
      if (draft && draft.start) s.draftStart = draft.start;
      ns.clock.load(runs, paths);
      const figures = [figure(), ns.side.lossFigure(loss), ns.side.responseFigure(resp)];
      whenReady(() => {
        sync();
        ns.side.settle();
        ns.surface3d.drawRuns();
        if (ns.clock.takePendingPlay()) ns.clock.play();
        else ns.clock.draw(true);
      });
      return figures;
    },
    // (draft) -> the next start marked on the map
    showStart: function (draft) {
      s.draftStart = draft && draft.start ? draft.start : null;
      const gd = ns.graph("OVERLAY");
      const i = ns.traceIndex(gd, "draft-start");
      if (i >= 0) {
        const t = startTrace();
        ns.quietly(Plotly.restyle(gd, { x: [t.x], y: [t.y] }, [i]));
      }
      return ns.noUpdate();
    },
    // (restart results) -> their ends marked on the map
    setRestarts: function (result) {
      s.restarts = result && Array.isArray(result.runs) ? result.runs : [];
      if (ns.ready(ns.graph("OVERLAY"))) refigure();
      return ns.noUpdate();
    },
  });

  ns.overlay = {
    base: () => s.base,
    addLayer: (layer) => s.layers.push(layer),
    refigure: refigure,
    redraw: redraw,
    sync: sync,
    whenReady: whenReady,
    outline: outline,
  };
})(window.lossExplorer);
