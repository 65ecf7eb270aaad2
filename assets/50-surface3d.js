/*
 * The 3-D surface: the same runs as on the map, drawn a little above the surface (a chord between iterates would
 * dip into it), moving with the same clock.
 */
(function (ns) {
  "use strict";

  function surfaceZ(run, k0, k1) {
    // the run's F, on the surface's scale (F or log10 F, explorer/components/surface3d/figures.py surface_figure's meta), lifted
    const gd = ns.graph("SURFACE");
    const meta = (gd && gd.layout && gd.layout.meta) || {};
    const lift = 0.012 * (meta.span || 1);
    const out = [];
    for (let k = k0; k <= k1; k++) {
      const f = run.F[k];
      out.push((meta.zscale === "log" ? Math.log10(Math.max(f, 1e-300)) : f) + lift);
    }
    return out;
  }

  function drawRuns() {
    const gd = ns.graph("SURFACE");
    if (!ns.ready(gd) || !gd.data.length) return;
    const old = gd.data.map((t, i) => (t.meta && /^run3d:/.test(t.meta) ? i : -1)).filter((i) => i >= 0);
    if (old.length) ns.quietly(Plotly.deleteTraces(gd, old));
    const traces = [];
    ns.clock.runs().forEach((run) => {
      const k = ns.clock.index(run);
      const color = ns.presentation.colorOf(run);
      const zAll = surfaceZ(run, 0, run.last);
      const trace = (suffix, name, part) =>
        Object.assign({ type: "scatter3d", mode: "lines", name: run.label + name, meta: "run3d:" + run.key + suffix }, part);
      if (run.twin && run.twin.F) {
        // a planted bug's run: the correct run from the same start, whole and solid, as on the map
        traces.push(
          trace(":twin", " (correct gradient)", {
            x: Array.from(run.twin.x),
            y: Array.from(run.twin.y),
            z: surfaceZ(run.twin, 0, run.twin.F.length - 1),
            line: { color: color, width: 5 },
            opacity: 0.85,
          })
        );
      }
      traces.push(
        trace(":trail", "", {
          x: Array.from(run.x.subarray(0, k + 1)),
          y: Array.from(run.y.subarray(0, k + 1)),
          z: zAll.slice(0, k + 1),
          line: { color: color, width: 7, dash: run.bug ? "dash" : "solid" },
        }),
        trace(":ends", " start and end", {
          mode: "markers",
          x: [run.x[0], run.x[run.last]],
          y: [run.y[0], run.y[run.last]],
          z: [zAll[0], zAll[run.last]],
          marker: { symbol: ["circle", "square"], size: 6, color: color, line: { color: ns.overlay.outline(color), width: 2 } },
        }),
        trace(":now", " now", {
          mode: "markers",
          x: [run.x[k]],
          y: [run.y[k]],
          z: [zAll[k]],
          marker: { size: 8, color: color, line: { color: "#ffffff", width: 2 } },
        })
      );
    });
    if (traces.length) ns.quietly(Plotly.addTraces(gd, traces));
  }

  function drawHeads() {
    const gd = ns.graph("SURFACE");
    if (!ns.shown(gd)) return; // hidden: nothing to move
    ns.clock.runs().forEach((run) => {
      const k = ns.clock.index(run);
      const trail = ns.traceIndex(gd, "run3d:" + run.key + ":trail");
      const now = ns.traceIndex(gd, "run3d:" + run.key + ":now");
      if (trail < 0 || now < 0) return;
      const z = surfaceZ(run, 0, k);
      const x = [Array.from(run.x.subarray(0, k + 1)), [run.x[k]]];
      const y = [Array.from(run.y.subarray(0, k + 1)), [run.y[k]]];
      ns.quietly(Plotly.restyle(gd, { x: x, y: y, z: [z, [z[k]]] }, [trail, now]));
    });
  }

  ns.on("side", drawHeads);

  ns.clientside("explorer", {
    // (figure) -> the runs drawn on a new 3-D surface
    hookSurface: function () {
      setTimeout(drawRuns, 0);
      return ns.noUpdate();
    },
    // (mode) -> whether the F / log F switch hides (it scales the 3-D surface only)
    zscaleHidden: function (mode) {
      return mode !== "3d";
    },
  });

  ns.surface3d = { drawRuns: drawRuns };
})(window.lossExplorer);
