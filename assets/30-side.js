/*
 * The plots beside the map, moving with the clock: the loss (F against the clock, each algorithm's own trace
 * beneath it, and for a run of the whole network F of the slice under it, dotted) and the network's response
 * a(p) at the current iterate against the training set. The response is the server's (explorer/core/response.py):
 * a(p) at keyframes along each run, the plot stepping from one to the next, each within a tenth of a pixel of
 * the curve of every point it stands for.
 */
(function (ns) {
  "use strict";

  const STILL = { transition: { duration: 0 }, frame: { duration: 0, redraw: false }, mode: "immediate" };
  const LOSS_TITLE = { text: "F (sum of squared errors)" }; // explorer/components/runs/figures.py: loss_layout
  const NOTE = { showarrow: false, x: 0.5, y: 0.5, xref: "paper", yref: "paper", font: { size: 14, color: "#5b6475" } };

  let followKey = null; // the run whose slice the map follows (assets/90-whole.js), if any
  let lossSpan = [1, 1]; // the loss plot's y extent, for the dotted line at the clock's position

  const floor = (f) => Math.max(f, 1e-300);

  // ---------- the loss plot ----------

  function clockTitle() {
    return ns.controls.clockTitle(ns.clock.kind());
  }

  function sliceOf(run) {
    // a run of the whole network: F of the slice under each drawn point (the slice shown, when the map follows it)
    return followKey === run.key && run.follow ? run.follow : run.slice;
  }

  function traceValue(run, k) {
    // the algorithm's own trace at display point k (the value the step leaving it used), or the last one's
    if (!run.trace) return null;
    const v = run.trace[Math.min(k, run.last - 1)];
    return v > 0 ? v : null;
  }

  function lossX(run, k, single) {
    // x values of the loss plot on the chosen clock (log: epoch + 1 on a log axis)
    const values = ns.clock.kind() === "evals" ? run.evals : run.epoch;
    const shift = ns.clock.kind() === "log" ? 1 : 0;
    if (single) return values[k] + shift;
    return Array.from(values.subarray(0, k + 1), (v) => v + shift);
  }

  function nowX() {
    return ns.clock.kind() === "log" ? Math.pow(10, ns.clock.pos()) : ns.clock.pos();
  }

  function lossFigure(previous) {
    const layout = JSON.parse(JSON.stringify((previous && previous.layout) || {}));
    delete layout.shapes;
    ns.presentation.fonts(layout, "side");
    const runs = ns.clock.runs();
    const hidden = ns.clock.predicting();
    const title = clockTitle();
    if (!runs.length) {
      layout.annotations = [Object.assign({ text: "F against " + title + " appears here for each run" }, NOTE)];
      layout.xaxis = Object.assign({}, layout.xaxis, { visible: false });
      layout.yaxis = Object.assign({}, layout.yaxis, { visible: false });
      return { data: [], layout: layout };
    }
    layout.annotations = hidden ? [Object.assign({ text: "Predict first, then press ▶" }, NOTE)] : [];
    layout.xaxis = Object.assign({}, layout.xaxis, {
      visible: true,
      type: ns.clock.kind() === "log" ? "log" : "linear",
      title: { text: title },
      autorange: true,
    });
    layout.yaxis = Object.assign({}, layout.yaxis, { visible: true, type: "log", autorange: true });
    const look = ns.presentation.look("side");
    const data = [];
    let low = Infinity;
    let high = 0;
    const curve = (run, x, values, suffix, line, extra) => {
      const y = Array.from(values, floor);
      y.forEach((f) => {
        low = Math.min(low, f);
        high = Math.max(high, f);
      });
      data.push(
        Object.assign(
          { type: "scatter", mode: "lines", x: x, y: y, line: line, meta: run.key + suffix, visible: !hidden },
          extra
        )
      );
    };
    const hover = (what, label) => title + " %{x}<br>" + what + " = %{y:.4g}<extra>" + label + "</extra>";
    runs.forEach((run) => {
      const color = ns.presentation.lineColor(run);
      if (run.twin && run.twin.F) {
        // a planted bug's run: the correct run from the same start, solid, under the broken one's dashes
        curve(run, lossX(run.twin, run.twin.F.length - 1), run.twin.F, ":loss-twin", { color: color, width: look.twin }, {
          opacity: 0.85,
          name: run.label + " (correct gradient)",
          hovertemplate: hover("F", "correct gradient"),
        });
      }
      curve(run, lossX(run, run.last), run.F, ":loss", { color: color, width: look.loss, dash: run.bug ? "dash" : "solid" }, {
        name: run.label,
        hovertemplate: hover("F", run.label),
      });
    });
    runs.forEach((run) => {
      // a run of the whole network: F of the slice under the drawn point, dotted, in the run's colour
      const under = sliceOf(run);
      if (!under) return;
      const line = { color: ns.presentation.lineColor(run), width: look.loss, dash: "dot" };
      curve(run, lossX(run, run.last), under, ":slice", line, {
        name: run.label + ": the slice under it",
        hovertemplate: hover("F of the slice", run.label),
      });
    });
    lossSpan = [low / 2, high * 2];
    const traced = runs.filter((run) => run.trace && run.traceInfo);
    if (traced.length) {
      // under the loss curve, each algorithm's own trace (VLBP's α, LM's μ, CG's β, BR's γ) on the same clock
      layout.yaxis.domain = [0.4, 1];
      layout.yaxis.nticks = 4;
      layout.yaxis.title = { text: "F" };
      layout.xaxis.anchor = "y2";
      const names = [...new Set(traced.map((run) => run.traceInfo.symbol))];
      layout.yaxis2 = {
        domain: [0, 0.27],
        anchor: "x",
        type: "log",
        autorange: true,
        nticks: 3,
        title: { text: names.join(", ") },
        exponentformat: "power",
      };
      traced.forEach((run) => {
        const color = ns.presentation.lineColor(run);
        data.push({
          type: "scatter",
          mode: "lines",
          x: lossX(run, run.last),
          y: Array.from(run.trace, (v) => (v > 0 ? v : null)),
          yaxis: "y2",
          line: { color: color, width: look.trace, shape: "hv" },
          name: run.label + ": " + run.traceInfo.symbol,
          meta: run.key + ":trace",
          visible: !hidden,
          connectgaps: false,
          hovertemplate: title + " %{x}<br>" + run.traceInfo.symbol + " = %{y:.4g}<extra>" + run.traceInfo.words + "</extra>",
        });
        const k = ns.clock.index(run);
        data.push(dot(run, [lossX(run, k, true)], [traceValue(run, k)], ":trace-now", { size: 8, line: { color: "#000", width: 1 } }, hidden, "y2"));
      });
    } else {
      layout.yaxis.domain = [0, 1];
      delete layout.yaxis.nticks;
      layout.yaxis.title = LOSS_TITLE;
      layout.xaxis.anchor = "y";
      delete layout.yaxis2;
    }
    runs.forEach((run) => {
      const k = ns.clock.index(run);
      const x = [lossX(run, k, true)];
      data.push(dot(run, x, [floor(run.F[k])], ":loss-now", { size: 10, line: { color: "#000", width: 1 } }, hidden));
      const under = sliceOf(run);
      if (under) {
        const marker = { size: 9, color: "#fff", line: { color: ns.presentation.lineColor(run), width: 2.5 } };
        data.push(dot(run, x, [floor(under[k])], ":slice-now", marker, hidden));
      }
    });
    data.push({
      type: "scatter",
      mode: "lines",
      x: [nowX(), nowX()],
      y: lossSpan,
      line: { color: "#666", width: 1, dash: "dot" },
      hoverinfo: "skip",
      showlegend: false,
      meta: "loss:now",
    });
    layout.showlegend = false; // the race table and the cards name each colour
    layout.meta = Object.assign({}, layout.meta, { follow: followKey }); // which slice its dotted curves are
    return { data: data, layout: layout };
  }

  function dot(run, x, y, suffix, marker, hidden, yaxis) {
    // a run's marker at the clock's position
    const out = {
      type: "scatter",
      mode: "markers",
      x: x,
      y: y,
      marker: Object.assign({ color: ns.presentation.lineColor(run) }, marker),
      hoverinfo: "skip",
      showlegend: false,
      meta: run.key + suffix,
      visible: !hidden,
    };
    if (yaxis) out.yaxis = yaxis;
    return out;
  }

  // ---------- the response plot ----------

  function responseAt(run, k) {
    // the response the server sent for display point k: the latest keyframe's at or before it
    const r = run.response;
    if (!r || !r.at.length) return { x: [], y: [] };
    let lo = 0;
    let hi = r.at.length - 1;
    if (k >= r.at[hi]) lo = hi;
    else {
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (r.at[mid] <= k) lo = mid;
        else hi = mid - 1;
      }
    }
    return { x: r.p, y: r.a.subarray(lo * r.width, (lo + 1) * r.width) };
  }

  function trainingSet() {
    // the training set the map was drawn for (explorer/core/data.py client_part), the nominal one until it arrives
    const t = ns.overlay.base() && ns.overlay.base().targets;
    return t || { P: ns.config.P, T: ns.config.T };
  }

  function responseFigure(previous) {
    const layout = JSON.parse(JSON.stringify((previous && previous.layout) || {}));
    ns.presentation.fonts(layout, "side");
    const targets = previous && previous.data ? previous.data.find((t) => t.uid === "targets") : null;
    const set = trainingSet();
    const data = targets ? [Object.assign({}, targets, { x: set.P, y: set.T })] : [];
    const low = Math.min(0, ...set.T);
    const high = Math.max(1, ...set.T);
    layout.yaxis = Object.assign({}, layout.yaxis, { range: [low - 0.05 * (high - low), high + 0.05 * (high - low)] });
    layout.xaxis = Object.assign({}, layout.xaxis, {
      range: [Math.min(-2, ...set.P) - 0.05, Math.max(2, ...set.P) + 0.05],
    });
    const look = ns.presentation.look("side");
    ns.clock.runs().forEach((run) => {
      const now = responseAt(run, ns.clock.index(run));
      data.push({
        type: "scatter",
        mode: "lines",
        x: now.x,
        y: Array.from(now.y),
        line: { color: ns.presentation.lineColor(run), width: look.response },
        name: run.label,
        meta: run.key + ":response",
        hovertemplate: "p = %{x:.2f}<br>a = %{y:.4f}<extra>" + run.label + "</extra>",
      });
    });
    return { data: data, layout: layout };
  }

  // ---------- every few frames ----------

  function animate(gd, parts) {
    const data = [];
    const traces = [];
    parts.forEach(([meta, update]) => {
      const i = ns.traceIndex(gd, meta);
      if (i < 0 || !update) return;
      traces.push(i);
      data.push(update);
    });
    if (traces.length) ns.quietly(Plotly.animate(gd, { data: data, traces: traces }, STILL));
  }

  function draw() {
    const runs = ns.clock.runs();
    if (!runs.length) return;
    const loss = ns.graph("LOSS");
    if (ns.shown(loss)) {
      const parts = [];
      runs.forEach((run) => {
        const k = ns.clock.index(run);
        const x = [lossX(run, k, true)];
        parts.push([run.key + ":loss-now", { x: x, y: [floor(run.F[k])] }]);
        const under = sliceOf(run);
        if (under && ns.traceIndex(loss, run.key + ":loss-now") >= 0) {
          parts.push([run.key + ":slice-now", { x: x, y: [floor(under[k])] }]);
        }
      });
      runs.forEach((run) => {
        const k = ns.clock.index(run);
        parts.push([run.key + ":trace-now", { x: [lossX(run, k, true)], y: [traceValue(run, k)] }]);
      });
      parts.push(["loss:now", { x: [nowX(), nowX()], y: lossSpan }]);
      animate(loss, parts);
    }
    const resp = ns.graph("RESPONSE");
    if (ns.shown(resp)) {
      animate(resp, runs.map((run) => [run.key + ":response", responseAt(run, ns.clock.index(run))]));
    }
  }

  ns.on("side", draw);

  ns.side = {
    lossFigure: lossFigure,
    responseFigure: responseFigure,
    redrawLoss: function () {
      const loss = ns.graph("LOSS");
      if (ns.ready(loss)) ns.setFigure("LOSS", lossFigure({ layout: loss.layout }));
    },
    redrawResponse: function () {
      const resp = ns.graph("RESPONSE");
      if (ns.ready(resp)) ns.setFigure("RESPONSE", responseFigure({ layout: resp.layout, data: resp.data }));
    },
    follow: function (key) {
      // the run whose slice the map shows (null: the map's own); the dotted curve follows it
      if (key === followKey) return;
      followKey = key;
      this.redrawLoss();
    },
    settle: function () {
      // a loss figure built before the slice followed changed may have been applied after it: draw it again
      const loss = ns.graph("LOSS");
      const drawn = ns.ready(loss) && loss.layout.meta ? loss.layout.meta.follow : null;
      if (ns.ready(loss) && ns.clock.runs().length && (drawn === undefined ? null : drawn) !== followKey) this.redrawLoss();
    },
  };
})(window.lossExplorer);
