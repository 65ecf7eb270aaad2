/*
 * The explorer's client side: the address bar, the runs drawn over the map (and on the 3-D surface), their
 * animation, exact clicks and hover values on the map, and the exports that need the page (the PNG, the link).
 * Playing an animation costs the server nothing.
 *
 * The runs arrive once each, in two stores: their results (runs-store: key, label, colour, outcome) and their
 * display paths (paths-store: key -> base64 little-endian float64 arrays x, y, F, epoch, evals). Traces are found
 * by their `meta` name, never by position. One clock drives every run and every plot: epochs, log epochs, or
 * evaluations (a fair race).
 */
(function () {
  "use strict";

  const DURATION = 8.0; // seconds for the whole timeline at 1x
  const SIDE_EVERY = 4; // update the side plots and the readout every few frames
  const STILL = { transition: { duration: 0 }, frame: { duration: 0, redraw: false }, mode: "immediate" };
  const RESPONSE_P = Array.from({ length: 161 }, (_, i) => -2 + (4 * i) / 160);
  const LOSS_TITLE = { text: "F (sum of squared errors)" }; // explorer/figures.py: loss_layout
  const CLICK_DELAY = 280; // ms to wait before a click sets the start: a double-click (reset zoom) cancels it
  const CLOCK_TITLE = {
    epochs: "epoch",
    log: "epoch + 1 (log scale)",
    evals: "evaluations of F, ∇F, J and H",
  };

  const state = {
    config: null, // palettes, params, labels, P, T
    runs: [], // {key, color, label, x, y, F, epoch, evals, base, pair, last, time}
    decoded: {}, // key -> decoded path
    clock: "epochs",
    pos: 0, // the position on the clock's scale
    posMax: 0,
    pendingPos: null, // a position read from a link, applied once the runs are loaded
    playing: false,
    speed: 1,
    loop: false,
    lastTs: null,
    frame: 0,
    drawn: 0,
    drawnSince: null,
    raf: null,
    pendingPlay: false,
    present: false,
    base: null, // the overlay's base: layout, markers, pair, fixed values
    draftStart: null,
    lossSpan: [1, 1],
    scrubbing: false,
    clickTimer: null,
  };

  // ---------- helpers ----------

  function graphDiv(id) {
    const el = document.getElementById(id);
    if (!el) return null;
    if (el.classList.contains("js-plotly-plot")) return el;
    return el.querySelector(".js-plotly-plot");
  }

  function ready(gd) {
    return gd && gd._fullLayout && gd.data;
  }

  function shown(gd) {
    // a graph on screen (Plotly rejects an animation of a hidden one)
    return ready(gd) && gd.offsetParent !== null;
  }

  function quietly(promise) {
    // a Plotly call superseded by the next frame rejects; that is not an error of the page
    if (promise && typeof promise.catch === "function") promise.catch(() => {});
    return promise;
  }

  function traceIndex(gd, meta) {
    if (!ready(gd)) return -1;
    return gd.data.findIndex((t) => t.meta === meta);
  }

  function uidIndex(gd, uid) {
    // a trace of a figure built by the server, by its uid (the map: "surface" is the contour)
    if (!ready(gd)) return -1;
    return gd.data.findIndex((t) => t.uid === uid);
  }

  function decode(b64) {
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Float64Array(bytes.buffer);
  }

  // a planted bug's correct twin (explorer/callbacks.bug_parts): its path and its F on both clocks
  function decodeTwin(t) {
    const out = { x: decode(t.x), y: decode(t.y) };
    if (t.F) Object.assign(out, { F: decode(t.F), epoch: decode(t.epoch), evals: decode(t.evals) });
    return out;
  }

  function logsig(n) {
    // the same stable form as surface.network.logsig
    const z = Math.exp(-Math.abs(n));
    return n >= 0 ? 1 / (1 + z) : z / (1 + z);
  }

  // the training set the map was drawn for (explorer/scene_data.client_part), the nominal one until it arrives
  function trainingSet() {
    const t = state.base && state.base.targets;
    return t || { P: state.config.P, T: state.config.T, linear: false };
  }

  // a(p) of the 1-2-1 network for seven parameters in PARAMS order (surface.network.output), with a log-sigmoid
  // output (ch. 12) or a linear one (ch. 11)
  function response(x, p) {
    const out = trainingSet().linear ? (n) => n : logsig;
    return p.map((pq) => out(x[4] * logsig(x[0] * pq + x[2]) + x[5] * logsig(x[1] * pq + x[3]) + x[6]));
  }

  // where the response is drawn: [-2, 2], or the set's own inputs' range when that is wider
  function responseP() {
    const P = trainingSet().P;
    const lo = Math.min(-2, ...P);
    const hi = Math.max(2, ...P);
    if (lo === -2 && hi === 2) return RESPONSE_P;
    return Array.from({ length: 161 }, (_, i) => lo + ((hi - lo) * i) / 160);
  }

  // F = sum (t - a)^2 over the training set (surface.network.performance)
  function sse(x) {
    const c = trainingSet();
    const a = response(x, c.P);
    let f = 0;
    for (let q = 0; q < a.length; q++) f += (c.T[q] - a[q]) * (c.T[q] - a[q]);
    return f;
  }

  function fmt(v, digits) {
    if (!isFinite(v)) return String(v);
    const text = Number(v).toPrecision(digits || 4);
    const [mantissa, exponent] = text.split("e");
    const m = mantissa.includes(".") ? mantissa.replace(/\.?0+$/, "") : mantissa;
    return (m + (exponent === undefined ? "" : "e" + exponent)).replace(/^-/, "−");
  }

  function palette() {
    const c = state.config;
    return c ? c.palettes[state.present ? "contrast" : "plain"] : ["#ff4d4d"];
  }

  function colorOf(run) {
    return palette()[run.color % palette().length];
  }

  function lineColor(run) {
    // a white path cannot be seen on the white side plots
    const c = colorOf(run);
    return c.toLowerCase() === "#ffffff" ? "#8a8f98" : c;
  }

  function outline(color) {
    return color === "#111111" || color === "#000000" ? "#ffffff" : "#000000";
  }

  function predicting() {
    const shell = document.getElementById("shell");
    return !!(shell && shell.classList.contains("predicting"));
  }

  // ---------- the clock ----------

  function timesOf(run, clock) {
    if (clock === "log") return Float64Array.from(run.epoch, (e) => Math.log10(1 + e));
    if (clock === "evals") return run.evals;
    return run.epoch;
  }

  function indexAt(run, pos) {
    // the last display point at or before pos on the clock
    const e = run.time;
    let lo = 0;
    let hi = e.length - 1;
    if (pos >= e[hi]) return hi;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (e[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  function setClock(clock) {
    if (!CLOCK_TITLE[clock]) clock = "epochs";
    if (clock === state.clock && state.runs.every((r) => r.time)) return;
    // keep the first run where it is
    const first = state.runs[0];
    const k = first && first.time ? indexAt(first, state.pos) : 0;
    state.clock = clock;
    state.runs.forEach((r) => (r.time = timesOf(r, clock)));
    state.posMax = state.runs.reduce((m, r) => Math.max(m, r.time[r.last]), 0);
    state.pos = first ? first.time[k] : 0;
  }

  function positionText() {
    // the position as a link writes it: epochs on the epoch clocks, evaluations on the evaluations clock
    const t = state.clock === "log" ? Math.pow(10, state.pos) - 1 : state.pos;
    return String(Math.round(t * 1000) / 1000);
  }

  function positionFrom(t) {
    return state.clock === "log" ? Math.log10(1 + Math.max(0, t)) : t;
  }

  // ---------- loading the runs ----------

  function loadRuns(runs, paths) {
    const previous = new Set(state.runs.map((r) => r.key));
    const fixed = (state.base && state.base.fixed) || null;
    state.runs = (runs || [])
      .filter((r) => paths && paths[r.key])
      .map((r) => {
        if (!state.decoded[r.key]) {
          const p = paths[r.key];
          state.decoded[r.key] = {
            x: decode(p.x),
            y: decode(p.y),
            F: decode(p.F),
            epoch: decode(p.epoch),
            evals: decode(p.evals),
            trace: p.trace ? decode(p.trace) : null, // the algorithm's own trace (VLBP's α, LM's μ, …)
            // the whole network (explorer/whole_data.py): F of the map's slice under each point, of the slice a
            // following view shows, and the values of the parameters off the axes
            slice: p.slice ? decode(p.slice) : null,
            follow: p.follow ? decode(p.follow) : null,
            others: p.others ? decode(p.others) : null,
          };
        }
        const d = state.decoded[r.key];
        return Object.assign({}, d, {
          key: r.key,
          color: r.color,
          label: r.label,
          algorithm: r.algorithm,
          traceInfo: r.trace || null,
          status: r.status,
          exit: r.exit || null,
          bug: r.bug || null,
          twin: r.twin ? decodeTwin(r.twin) : null,
          base: r.base || fixed,
          pair: r.pair.map((name) => state.config.params.indexOf(name)), // the axes, then any others that train
          gap: r.gap || null,
          last: d.x.length - 1,
        });
      });
    const live = new Set(state.runs.map((r) => r.key));
    Object.keys(state.decoded).forEach((key) => {
      if (!live.has(key)) delete state.decoded[key];
    });
    state.runs.forEach((r) => (r.time = timesOf(r, state.clock)));
    state.posMax = state.runs.reduce((m, r) => Math.max(m, r.time[r.last]), 0);
    const added = state.runs.some((r) => !previous.has(r.key));
    if (state.pendingPos !== null && state.runs.length) {
      state.pos = Math.min(positionFrom(state.pendingPos), state.posMax);
      state.pendingPos = null;
    } else if (added) {
      state.pos = 0;
      state.pendingPlay = !predicting();
    }
    state.pos = Math.min(state.pos, state.posMax);
  }

  // ---------- the overlay: runs under the markers ----------

  function startTrace() {
    const s = state.draftStart;
    return {
      type: "scatter",
      mode: "markers",
      x: s ? [s[0]] : [],
      y: s ? [s[1]] : [],
      name: "next start",
      meta: "draft-start",
      marker: { symbol: "cross-thin-open", size: 24, color: "#ffd60a", line: { width: 3, color: "#ffd60a" } },
    };
  }

  function runTraces(run) {
    const k = indexAt(run, state.pos);
    const end = k === run.last;
    const color = colorOf(run);
    const width = state.present ? 6 : 3;
    // a run with a planted bug: its path dashed, beside the correct run from the same start drawn whole and solid
    const twin = run.twin
      ? [
          {
            type: "scatter",
            mode: "lines",
            x: Array.from(run.twin.x),
            y: Array.from(run.twin.y),
            line: { color: color, width: Math.max(2, width - 1) },
            opacity: 0.85,
            name: run.label + " (correct gradient)",
            meta: run.key + ":twin",
          },
        ]
      : [];
    return [
      ...twin,
      {
        type: "scatter",
        mode: "lines",
        x: Array.from(run.x.subarray(0, k + 1)),
        y: Array.from(run.y.subarray(0, k + 1)),
        line: { color: color, width: width, dash: run.bug ? "dash" : "solid" },
        name: run.label,
        meta: run.key + ":trail",
      },
      {
        type: "scatter",
        mode: "markers",
        x: [run.x[0]],
        y: [run.y[0]],
        marker: { symbol: "circle", size: 12, color: color, line: { color: outline(color), width: 2 } },
        name: run.label + " start",
        meta: run.key + ":start",
      },
      {
        type: "scatter",
        mode: "markers",
        x: end ? [run.x[run.last]] : [],
        y: end ? [run.y[run.last]] : [],
        marker: { symbol: "square", size: 13, color: color, line: { color: outline(color), width: 2 } },
        name: run.label + " end",
        meta: run.key + ":end",
      },
      {
        type: "scatter",
        mode: "markers",
        x: [run.x[k]],
        y: [run.y[k]],
        marker: { symbol: "circle", size: state.present ? 18 : 14, color: color, line: { color: "#ffffff", width: 2.5 } },
        name: run.label + " now",
        meta: run.key + ":now",
      },
      Object.assign(
        {
          type: "scatter",
          mode: "markers",
          marker: {
            symbol: "triangle-up",
            size: state.present ? 26 : 20,
            color: color,
            angle: exitAngle(run),
            line: { color: outline(color), width: 2 },
          },
          name: run.label + " leaves the window",
          meta: run.key + ":exit",
          cliponaxis: false,
        },
        exitXY(run, k)
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
    const gd = graphDiv("map");
    if (!e || !ready(gd)) return 0;
    const xa = gd._fullLayout.xaxis;
    const ya = gd._fullLayout.yaxis;
    const sx = (e.direction[0] * xa._length) / (xa.range[1] - xa.range[0]);
    const sy = (e.direction[1] * ya._length) / (ya.range[1] - ya.range[0]);
    return (Math.atan2(sx, sy) * 180) / Math.PI;
  }

  function restartTraces() {
    // where each run's random restarts ended, beneath the runs: a dot per restart, a star for the best
    const pal = palette();
    const out = [];
    (state.restarts || []).forEach((r, i) => {
      const color = pal[r.color % pal.length];
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

  function mapRanges() {
    const gd = graphDiv("map");
    if (!ready(gd)) return null;
    return { x: gd._fullLayout.xaxis.range.slice(), y: gd._fullLayout.yaxis.range.slice() };
  }

  function overlayFigure() {
    const base = state.base || { layout: {}, markers: [] };
    const layout = JSON.parse(JSON.stringify(base.layout || {}));
    const ranges = mapRanges();
    if (ranges && layout.xaxis && layout.yaxis) {
      layout.xaxis.range = ranges.x;
      layout.yaxis.range = ranges.y;
    }
    fontsFor(layout, "map");
    const margin = mapMargin();
    if (margin) layout.margin = margin;
    // each figure is numbered: frames animate the overlay only once it holds the newest one (an animation
    // started while Dash is still applying a new figure would leave the old plot area drawn)
    state.revision = (state.revision || 0) + 1;
    layout.datarevision = state.revision;
    const data = restartTraces();
    state.runs.forEach((run) => data.push(...runTraces(run)));
    layers.forEach((layer) => data.push(...layer.traces()));
    data.push(startTrace());
    (base.markers || []).forEach((m) => data.push(Object.assign({}, m, { meta: "marker:" + (m.uid || m.name) })));
    return { data: data, layout: layout };
  }

  function fontsFor(layout, which) {
    // presentation mode: tick labels of at least 22 px on a 1920-wide screen
    const big = state.present;
    const size = big ? (which === "map" ? 22 : 18) : which === "map" ? 14 : 12;
    layout.font = Object.assign({}, layout.font, { size: size });
    ["xaxis", "yaxis"].forEach((a) => {
      if (layout[a]) layout[a].tickfont = Object.assign({}, layout[a].tickfont, { size: size });
    });
  }

  // ---------- the side plots ----------

  function lossFigure(previous) {
    const layout = JSON.parse(JSON.stringify((previous && previous.layout) || {}));
    delete layout.shapes;
    fontsFor(layout, "side");
    const hidden = predicting();
    if (!state.runs.length) {
      layout.annotations = [
        {
          text: "F against " + CLOCK_TITLE[state.clock] + " appears here for each run",
          showarrow: false,
          x: 0.5,
          y: 0.5,
          xref: "paper",
          yref: "paper",
          font: { size: 14, color: "#5b6475" },
        },
      ];
      layout.xaxis = Object.assign({}, layout.xaxis, { visible: false });
      layout.yaxis = Object.assign({}, layout.yaxis, { visible: false });
      return { data: [], layout: layout };
    }
    layout.annotations = hidden
      ? [{ text: "Predict first, then press ▶", showarrow: false, x: 0.5, y: 0.5, xref: "paper", yref: "paper", font: { size: 14, color: "#5b6475" } }]
      : [];
    layout.xaxis = Object.assign({}, layout.xaxis, {
      visible: true,
      type: state.clock === "log" ? "log" : "linear",
      title: { text: CLOCK_TITLE[state.clock] },
      autorange: true,
    });
    layout.yaxis = Object.assign({}, layout.yaxis, { visible: true, type: "log", autorange: true });
    const data = [];
    let low = Infinity;
    let high = 0;
    state.runs.forEach((run) => {
      const F = Array.from(run.F, (f) => Math.max(f, 1e-300));
      F.forEach((f) => {
        low = Math.min(low, f);
        high = Math.max(high, f);
      });
      if (run.twin && run.twin.F) {
        // a planted bug's run: the correct run from the same start, solid, under the broken one's dashes
        const G = Array.from(run.twin.F, (f) => Math.max(f, 1e-300));
        G.forEach((f) => {
          low = Math.min(low, f);
          high = Math.max(high, f);
        });
        data.push({
          type: "scatter",
          mode: "lines",
          x: lossX(run.twin, G.length - 1),
          y: G,
          line: { color: lineColor(run), width: state.present ? 3 : 1.5 },
          opacity: 0.85,
          name: run.label + " (correct gradient)",
          meta: run.key + ":loss-twin",
          visible: !hidden,
          hovertemplate: CLOCK_TITLE[state.clock] + " %{x}<br>F = %{y:.4g}<extra>correct gradient</extra>",
        });
      }
      data.push({
        type: "scatter",
        mode: "lines",
        x: lossX(run, run.last),
        y: F,
        line: { color: lineColor(run), width: state.present ? 4 : 2, dash: run.bug ? "dash" : "solid" },
        name: run.label,
        meta: run.key + ":loss",
        visible: !hidden,
        hovertemplate: CLOCK_TITLE[state.clock] + " %{x}<br>F = %{y:.4g}<extra>" + run.label + "</extra>",
      });
    });
    state.runs.forEach((run) => {
      // a run of the whole network: F of the slice under the drawn point, dotted, in the run's colour
      const under = sliceOf(run);
      if (!under) return;
      const S = Array.from(under, (f) => Math.max(f, 1e-300));
      S.forEach((f) => {
        low = Math.min(low, f);
        high = Math.max(high, f);
      });
      data.push({
        type: "scatter",
        mode: "lines",
        x: lossX(run, run.last),
        y: S,
        line: { color: lineColor(run), width: state.present ? 4 : 2, dash: "dot" },
        name: run.label + ": the slice under it",
        meta: run.key + ":slice",
        visible: !hidden,
        hovertemplate: CLOCK_TITLE[state.clock] + " %{x}<br>F of the slice = %{y:.4g}<extra>" + run.label + "</extra>",
      });
    });
    state.lossSpan = [low / 2, high * 2];
    const traced = state.runs.filter((run) => run.trace && run.traceInfo);
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
        data.push({
          type: "scatter",
          mode: "lines",
          x: lossX(run, run.last),
          y: Array.from(run.trace, (v) => (v > 0 ? v : null)),
          yaxis: "y2",
          line: { color: lineColor(run), width: state.present ? 3 : 1.5, shape: "hv" },
          name: run.label + ": " + run.traceInfo.symbol,
          meta: run.key + ":trace",
          visible: !hidden,
          connectgaps: false,
          hovertemplate: CLOCK_TITLE[state.clock] + " %{x}<br>" + run.traceInfo.symbol + " = %{y:.4g}<extra>" +
            run.traceInfo.words + "</extra>",
        });
        const k = indexAt(run, state.pos);
        data.push({
          type: "scatter",
          mode: "markers",
          x: [lossX(run, k, true)],
          y: [traceValue(run, k)],
          yaxis: "y2",
          marker: { size: 8, color: lineColor(run), line: { color: "#000", width: 1 } },
          hoverinfo: "skip",
          showlegend: false,
          meta: run.key + ":trace-now",
          visible: !hidden,
        });
      });
    } else {
      layout.yaxis.domain = [0, 1];
      delete layout.yaxis.nticks;
      layout.yaxis.title = LOSS_TITLE;
      layout.xaxis.anchor = "y";
      delete layout.yaxis2;
    }
    state.runs.forEach((run) => {
      const k = indexAt(run, state.pos);
      data.push({
        type: "scatter",
        mode: "markers",
        x: [lossX(run, k, true)],
        y: [Math.max(run.F[k], 1e-300)],
        marker: { size: 10, color: lineColor(run), line: { color: "#000", width: 1 } },
        hoverinfo: "skip",
        showlegend: false,
        meta: run.key + ":loss-now",
        visible: !hidden,
      });
      const under = sliceOf(run);
      if (under) {
        data.push({
          type: "scatter",
          mode: "markers",
          x: [lossX(run, k, true)],
          y: [Math.max(under[k], 1e-300)],
          marker: { size: 9, color: "#fff", line: { color: lineColor(run), width: 2.5 } },
          hoverinfo: "skip",
          showlegend: false,
          meta: run.key + ":slice-now",
          visible: !hidden,
        });
      }
    });
    data.push({
      type: "scatter",
      mode: "lines",
      x: [nowX(), nowX()],
      y: state.lossSpan,
      line: { color: "#666", width: 1, dash: "dot" },
      hoverinfo: "skip",
      showlegend: false,
      meta: "loss:now",
    });
    layout.showlegend = false; // the race table and the cards name each colour
    return { data: data, layout: layout };
  }

  function sliceOf(run) {
    // a run of the whole network: F of the slice under each drawn point (the slice shown, when the map follows it)
    return state.followKey === run.key && run.follow ? run.follow : run.slice;
  }

  function traceValue(run, k) {
    // the algorithm's own trace at display point k (the value the step leaving it used), or the last one's
    if (!run.trace) return null;
    const v = run.trace[Math.min(k, run.last - 1)];
    return v > 0 ? v : null;
  }

  function lossX(run, k, single) {
    // x values of the loss plot on the chosen clock (log: epoch + 1 on a log axis)
    const values = state.clock === "evals" ? run.evals : run.epoch;
    const shift = state.clock === "log" ? 1 : 0;
    if (single) return values[k] + shift;
    return Array.from(values.subarray(0, k + 1), (v) => v + shift);
  }

  function nowX() {
    if (state.clock === "log") return Math.pow(10, state.pos);
    return state.pos;
  }

  function currentParameters(run, k) {
    const x = run.base.slice();
    x[run.pair[0]] = run.x[k];
    x[run.pair[1]] = run.y[k];
    const more = run.pair.length - 2; // the whole network: the others that train, at display point k
    if (run.others && more > 0) for (let j = 0; j < more; j++) x[run.pair[2 + j]] = run.others[k * more + j];
    return x;
  }

  function responseFigure(previous) {
    const layout = JSON.parse(JSON.stringify((previous && previous.layout) || {}));
    fontsFor(layout, "side");
    const targets = previous && previous.data ? previous.data.find((t) => t.uid === "targets") : null;
    const set = trainingSet();
    const data = targets ? [Object.assign({}, targets, { x: set.P, y: set.T })] : [];
    const low = Math.min(0, ...set.T);
    const high = Math.max(1, ...set.T);
    layout.yaxis = Object.assign({}, layout.yaxis, { range: [low - 0.05 * (high - low), high + 0.05 * (high - low)] });
    layout.xaxis = Object.assign({}, layout.xaxis, {
      range: [Math.min(-2, ...set.P) - 0.05, Math.max(2, ...set.P) + 0.05],
    });
    state.runs.forEach((run) => {
      const k = indexAt(run, state.pos);
      data.push({
        type: "scatter",
        mode: "lines",
        x: responseP(),
        y: response(currentParameters(run, k), responseP()),
        line: { color: lineColor(run), width: state.present ? 4 : 2.5 },
        name: run.label,
        meta: run.key + ":response",
        hovertemplate: "p = %{x:.2f}<br>a = %{y:.4f}<extra>" + run.label + "</extra>",
      });
    });
    return { data: data, layout: layout };
  }

  // ---------- layers: what other scripts draw in step with the clock (assets/inside.js) ----------

  // each layer: traces() for the overlay's figure (found again by their meta), frame() -> [[meta, {x, y, …}]]
  // for each animation frame, side() for the panels beside the map (every few frames, and on every seek)
  const layers = [];

  function redrawOverlay() {
    if (ready(graphDiv("overlay"))) setFigure("overlay", overlayFigure());
    whenReady(() => draw(true));
  }

  // ---------- the animation ----------

  function draw(force) {
    const gd = graphDiv("overlay");
    if (shown(gd) && !current(gd) && state.runs.length && !state.playing && !state.drawPending) {
      // paused, and the overlay is still drawing a newer figure: draw this moment once it has
      state.drawPending = true;
      whenReady(() => {
        state.drawPending = false;
        if (current(graphDiv("overlay"))) draw(true);
      });
    }
    if (shown(gd) && current(gd) && state.runs.length) {
      const data = [];
      const traces = [];
      state.runs.forEach((run) => {
        const k = indexAt(run, state.pos);
        const end = k === run.last;
        const exit = exitXY(run, k);
        const parts = [
          [":trail", run.x.subarray(0, k + 1), run.y.subarray(0, k + 1)],
          [":now", [run.x[k]], [run.y[k]]],
          [":end", end ? [run.x[run.last]] : [], end ? [run.y[run.last]] : []],
          [":exit", exit.x, exit.y],
        ];
        parts.forEach(([suffix, x, y]) => {
          const i = traceIndex(gd, run.key + suffix);
          if (i >= 0) {
            traces.push(i);
            data.push({ x: x, y: y });
          }
        });
      });
      layers.forEach((layer) =>
        layer.frame().forEach(([meta, update]) => {
          const i = traceIndex(gd, meta);
          if (i >= 0) {
            traces.push(i);
            data.push(update);
          }
        })
      );
      if (traces.length) {
        quietly(Plotly.animate(gd, { data: data, traces: traces }, STILL));
        state.drawn += 1;
      }
    }
    if (force || state.frame % SIDE_EVERY === 0) drawSide();
  }

  function drawSide() {
    const loss = graphDiv("loss");
    if (shown(loss) && state.runs.length) {
      const data = [];
      const traces = [];
      state.runs.forEach((run) => {
        const i = traceIndex(loss, run.key + ":loss-now");
        if (i < 0) return;
        const k = indexAt(run, state.pos);
        traces.push(i);
        data.push({ x: [lossX(run, k, true)], y: [Math.max(run.F[k], 1e-300)] });
        const j = traceIndex(loss, run.key + ":slice-now");
        const under = sliceOf(run);
        if (j >= 0 && under) {
          traces.push(j);
          data.push({ x: [lossX(run, k, true)], y: [Math.max(under[k], 1e-300)] });
        }
      });
      state.runs.forEach((run) => {
        const i = traceIndex(loss, run.key + ":trace-now");
        if (i < 0) return;
        const k = indexAt(run, state.pos);
        traces.push(i);
        data.push({ x: [lossX(run, k, true)], y: [traceValue(run, k)] });
      });
      const now = traceIndex(loss, "loss:now");
      if (now >= 0) {
        traces.push(now);
        data.push({ x: [nowX(), nowX()], y: state.lossSpan });
      }
      if (traces.length) quietly(Plotly.animate(loss, { data: data, traces: traces }, STILL));
    }
    const resp = graphDiv("response");
    if (shown(resp) && state.runs.length) {
      const data = [];
      const traces = [];
      state.runs.forEach((run) => {
        const i = traceIndex(resp, run.key + ":response");
        if (i < 0) return;
        traces.push(i);
        data.push({ x: responseP(), y: response(currentParameters(run, indexAt(run, state.pos)), responseP()) });
      });
      if (traces.length) quietly(Plotly.animate(resp, { data: data, traces: traces }, STILL));
    }
    drawSurfaceHeads();
    layers.forEach((layer) => layer.side());
    readout();
  }

  function readout() {
    const el = document.getElementById("readout");
    if (el) {
      if (!state.runs.length) {
        el.textContent = "Click the map to choose a start, then press Run.";
      } else if (predicting()) {
        el.textContent = "Predict first: where will each run end, and how long will it take? Then press ▶.";
      } else {
        const parts = state.runs.map((run) => {
          const k = indexAt(run, state.pos);
          return (
            run.label + ": epoch " + Math.round(run.epoch[k]).toLocaleString("en-US") + ", F = " + fmt(run.F[k], 4) +
            " at (" + fmt(run.x[k], 5) + ", " + fmt(run.y[k], 5) + ")"
          );
        });
        el.textContent = clockText() + "  ·  " + parts.join("  ·  ");
      }
    }
    const slider = document.querySelector("#scrubber input");
    if (slider && !state.scrubbing) {
      slider.value = state.posMax ? Math.round((1000 * state.pos) / state.posMax) : 0;
    }
    const play = document.getElementById("play");
    if (play) play.dataset.playing = state.playing ? "1" : "0";
  }

  function clockText() {
    const n = (v) => Math.round(v).toLocaleString("en-US");
    if (state.clock === "evals") return "evaluations " + n(state.pos) + " of " + n(state.posMax);
    if (state.clock === "log") return "epoch " + n(Math.pow(10, state.pos) - 1) + " of " + n(Math.pow(10, state.posMax) - 1) + " (log clock)";
    return "epoch " + n(state.pos) + " of " + n(state.posMax);
  }

  function tick(ts) {
    state.raf = null;
    if (!state.playing) return;
    if (state.lastTs === null) state.lastTs = ts;
    const dt = Math.min((ts - state.lastTs) / 1000, 0.1);
    state.lastTs = ts;
    state.pos += (state.posMax * state.speed * dt) / DURATION;
    if (state.pos >= state.posMax) {
      if (state.loop) {
        state.pos = 0;
      } else {
        state.pos = state.posMax;
        state.playing = false;
        writePosition();
      }
    }
    state.frame += 1;
    draw(!state.playing);
    if (state.playing) state.raf = requestAnimationFrame(tick);
  }

  function play() {
    if (!state.runs.length) return;
    reveal();
    if (state.pos >= state.posMax) state.pos = 0;
    state.playing = true;
    state.lastTs = null;
    state.drawn = 0;
    state.drawnSince = performance.now();
    if (!state.raf) state.raf = requestAnimationFrame(tick);
    readout();
  }

  function pause() {
    if (state.playing) {
      state.playing = false;
      writePosition();
    }
    layers.forEach((layer) => layer.side());
    readout();
  }

  function seek(pos, keepPlaying) {
    if (!keepPlaying) state.playing = false;
    state.pos = Math.max(0, Math.min(state.posMax, pos));
    draw(true);
    if (!state.playing) writePosition();
  }

  function step(direction) {
    // to the next (or previous) iterate of any run
    pause();
    let best = direction > 0 ? Infinity : -Infinity;
    state.runs.forEach((run) => {
      const k = indexAt(run, state.pos);
      if (direction > 0 && k < run.last) best = Math.min(best, run.time[k + 1]);
      if (direction < 0) {
        const j = run.time[k] < state.pos ? k : k - 1;
        if (j >= 0) best = Math.max(best, run.time[j]);
      }
    });
    if (isFinite(best)) seek(best);
  }

  function reveal() {
    const shell = document.getElementById("shell");
    if (!shell || !shell.classList.contains("predicting")) return;
    shell.classList.remove("predicting");
    window.dash_clientside.set_props("reveal", { data: { at: Date.now() } });
    const loss = graphDiv("loss");
    if (ready(loss)) setFigure("loss", lossFigure({ layout: loss.layout }));
  }

  function current(gd) {
    // the overlay has finished drawing the newest figure made for it (plotly_afterplot says which it drew)
    if (!ready(gd)) return false;
    if (!gd._explorerAfterplot) {
      gd._explorerAfterplot = () => (state.plotted = gd.layout && gd.layout.datarevision);
      gd.on("plotly_afterplot", gd._explorerAfterplot);
      state.plotted = gd.layout.datarevision;
    }
    return state.plotted === state.revision;
  }

  function whenReady(fn, tries) {
    // run fn once the overlay holds the figure just made (Dash renders figures asynchronously)
    const gd = graphDiv("overlay");
    const ok = current(gd) && state.runs.every((r) => traceIndex(gd, r.key + ":trail") >= 0);
    if (ok || (tries || 0) > 100) fn();
    else setTimeout(() => whenReady(fn, (tries || 0) + 1), 30);
  }

  // ---------- the address bar ----------

  function writePosition() {
    // the playback position goes into the link without a history entry of its own
    if (!state.runs.length) return;
    const params = new URLSearchParams(window.location.search);
    const text = positionText();
    if (Number(text) > 0) params.set("t", text);
    else params.delete("t");
    const query = readable(params.toString());
    if ("?" + query !== window.location.search) history.replaceState(history.state, "", "?" + query);
  }

  function readable(query) {
    // keep commas and the = inside a run readable, as the server writes them (and a run's free=b1_1+b2 and
    // init=small:3: a + reads back as a space, which explorer/scene_whole.py takes as the same separator)
    return query.replace(/%2C/gi, ",").replace(/%3D/gi, "=").replace(/%2B/gi, "+").replace(/%3A/gi, ":");
  }

  function writeUrl(link) {
    // a loaded scene (a link, a preset, a file, Back / Forward) opens at its own position and waits for Play;
    // after any other change the runs a person adds play from the start
    if (!link || typeof link.query !== "string") return;
    const params = new URLSearchParams(link.query);
    if (link.load) {
      state.pendingPos = params.has("t") ? Number(params.get("t")) || 0 : 0;
      if (state.runs.length) seek(positionFrom(state.pendingPos));
    } else {
      state.pendingPos = null;
      if (state.runs.length && state.pos > 0) params.set("t", positionText());
      else params.delete("t");
    }
    if (link.history === "none") return;
    const url = "?" + readable(params.toString());
    if (link.history === "push" && url !== window.location.search) history.pushState({ scene: true }, "", url);
    else history.replaceState({ scene: true }, "", url);
  }

  window.addEventListener("popstate", () => {
    window.dash_clientside.set_props("url-in", { data: { search: window.location.search, pop: true, at: Date.now() } });
  });

  // ---------- the map: exact clicks, the value under the pointer, the overlay following the zoom ----------

  function setFigure(id, figure) {
    // through Dash, never Plotly.relayout/react behind its back: Dash writes a graph's figure back into its
    // props on every relayout, so a relayout racing a newer figure would bring the older one back
    window.dash_clientside.set_props(id, { figure: figure });
  }

  function syncOverlay() {
    const ranges = mapRanges();
    const overlay = graphDiv("overlay");
    if (!ranges || !ready(overlay)) return;
    const cur = overlay._fullLayout;
    if (
      cur.xaxis.range[0] === ranges.x[0] && cur.xaxis.range[1] === ranges.x[1] &&
      cur.yaxis.range[0] === ranges.y[0] && cur.yaxis.range[1] === ranges.y[1]
    ) {
      return;
    }
    setFigure("overlay", overlayFigure());
  }

  function pointAt(gd, ev) {
    // the data coordinates under the pointer, from the pixel (a contour's clickData names a grid node)
    const xa = gd._fullLayout.xaxis;
    const ya = gd._fullLayout.yaxis;
    const box = gd.getBoundingClientRect();
    const px = ev.clientX - box.left - xa._offset;
    const py = ev.clientY - box.top - ya._offset;
    if (px < 0 || px > xa._length || py < 0 || py > ya._length) return null;
    return { x: xa.p2d(px), y: ya.p2d(py) };
  }

  function hoverValue(gd, ev) {
    const tip = document.getElementById("map-tip") || makeTip();
    const point = state.base && state.config ? pointAt(gd, ev) : null;
    if (!point) {
      tip.hidden = true;
      return;
    }
    const c = state.config;
    const x = (state.sliceFixed || state.base.fixed).slice(); // the slice shown (assets/whole.js may follow a run)
    const [ix, iy] = state.base.pair.map((n) => c.params.indexOf(n));
    x[ix] = point.x;
    x[iy] = point.y;
    tip.textContent =
      c.labels[ix] + " = " + fmt(point.x, 4) + ",  " + c.labels[iy] + " = " + fmt(point.y, 4) + "  ·  F = " + fmt(sse(x), 4);
    const box = gd.getBoundingClientRect();
    tip.style.left = ev.clientX - box.left + 14 + "px";
    tip.style.top = ev.clientY - box.top + 14 + "px";
    tip.hidden = false;
  }

  function makeTip() {
    const tip = document.createElement("div");
    tip.id = "map-tip";
    tip.className = "map-tip";
    tip.hidden = true;
    const stack = document.getElementById("map-view");
    if (stack) stack.appendChild(tip);
    return tip;
  }

  function hook(tries) {
    const gd = graphDiv("map");
    if (!ready(gd) || typeof gd.on !== "function") {
      if ((tries || 0) < 200) setTimeout(() => hook((tries || 0) + 1), 50);
      return;
    }
    if (gd._explorerClick) gd.removeListener("plotly_click", gd._explorerClick);
    if (gd._explorerRelayout) gd.removeListener("plotly_relayout", gd._explorerRelayout);
    if (gd._explorerDouble) gd.removeListener("plotly_doubleclick", gd._explorerDouble);
    gd._explorerClick = (data) => {
      if (!data || !data.event) return;
      const point = pointAt(gd, data.event);
      clearTimeout(state.clickTimer);
      if (!point) return;
      if (data.event.detail > 1) return; // the second click of a double-click
      // on the map of where each start ends, a click runs from the cell, not only moves the start
      const run = !!(state.base && (state.base.overlays || []).includes("basins"));
      state.clickTimer = setTimeout(() => {
        window.dash_clientside.set_props("start-click", { data: { x: point.x, y: point.y, run: run, at: Date.now() } });
      }, CLICK_DELAY);
    };
    gd._explorerDouble = () => clearTimeout(state.clickTimer);
    gd._explorerRelayout = () => syncOverlay();
    gd.on("plotly_click", gd._explorerClick);
    gd.on("plotly_doubleclick", gd._explorerDouble);
    gd.on("plotly_relayout", gd._explorerRelayout);
    if (!gd._explorerHover) {
      gd._explorerHover = (ev) => hoverValue(gd, ev);
      gd.addEventListener("mousemove", gd._explorerHover);
      gd.addEventListener("mouseleave", () => {
        const tip = document.getElementById("map-tip");
        if (tip) tip.hidden = true;
      });
      gd.addEventListener("dblclick", () => clearTimeout(state.clickTimer));
    }
    if (state.present) restyleMap();
    fitMargins(true);
    syncOverlay();
  }

  function compactMargin() {
    // on a narrow screen the axis titles and the colour bar take less room, so the map itself keeps its width
    const holder = document.getElementById("map-view");
    return holder && holder.clientWidth < 640 ? { l: 46, r: 74, t: 8, b: 44, pad: 0, autoexpand: false } : null;
  }

  function mapMargin() {
    // the one margin of the map and its overlay (their plot areas must coincide): the figure's, narrower on a
    // narrow screen, wider on the right in presentation mode for the colour bar's larger labels
    const base = compactMargin() || (state.base && state.base.layout.margin);
    if (!base) return null;
    return state.present ? Object.assign({}, base, { r: base.r + 40, l: base.l + 16, b: base.b + 16 }) : base;
  }

  function fitMargins(force) {
    const gd = graphDiv("map");
    if (!ready(gd)) return;
    const want = mapMargin();
    if (!want) return;
    const have = gd._fullLayout.margin;
    if (!force && have.l === want.l && have.r === want.r) return;
    if (have.l !== want.l || have.r !== want.r || have.b !== want.b) {
      const contour = uidIndex(gd, "surface");
      const narrow = want.r < 100;
      if (contour >= 0) quietly(Plotly.restyle(gd, { "colorbar.thickness": narrow ? 9 : 14 }, [contour]));
      quietly(Plotly.relayout(gd, { margin: want, "font.size": narrow ? 12 : 14 }));
      setFigure("overlay", overlayFigure());
    }
  }

  let resizeTimer = null;
  window.addEventListener("resize", () => {
    // once Plotly has resized both graphs, the overlay is drawn afresh (frames wait for it), so the paths are
    // never left on a plot area of the size before
    state.revision = (state.revision || 0) + 1;
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      fitMargins(false);
      setFigure("overlay", overlayFigure());
    }, 250);
  });

  // ---------- the 3-D surface: the same runs, the same clock ----------

  function surfaceZ(run, k0, k1) {
    const gd = graphDiv("surface");
    const meta = (gd && gd.layout && gd.layout.meta) || {};
    const lift = 0.012 * (meta.span || 1); // above the surface, where a chord between iterates would dip into it
    const out = [];
    for (let k = k0; k <= k1; k++) {
      const f = run.F[k];
      out.push((meta.zscale === "log" ? Math.log10(Math.max(f, 1e-300)) : f) + lift);
    }
    return out;
  }

  function drawSurfaceRuns() {
    const gd = graphDiv("surface");
    if (!ready(gd) || !gd.data.length) return;
    const old = gd.data.map((t, i) => (t.meta && /^run3d:/.test(t.meta) ? i : -1)).filter((i) => i >= 0);
    if (old.length) quietly(Plotly.deleteTraces(gd, old));
    const traces = [];
    state.runs.forEach((run) => {
      const k = indexAt(run, state.pos);
      const color = colorOf(run);
      const zAll = surfaceZ(run, 0, run.last);
      if (run.twin && run.twin.F) {
        // a planted bug's run: the correct run from the same start, whole and solid, as on the map
        traces.push({
          type: "scatter3d",
          mode: "lines",
          x: Array.from(run.twin.x),
          y: Array.from(run.twin.y),
          z: surfaceZ(run.twin, 0, run.twin.F.length - 1),
          line: { color: color, width: 5 },
          opacity: 0.85,
          name: run.label + " (correct gradient)",
          meta: "run3d:" + run.key + ":twin",
        });
      }
      traces.push({
        type: "scatter3d",
        mode: "lines",
        x: Array.from(run.x.subarray(0, k + 1)),
        y: Array.from(run.y.subarray(0, k + 1)),
        z: zAll.slice(0, k + 1),
        line: { color: color, width: 7, dash: run.bug ? "dash" : "solid" },
        name: run.label,
        meta: "run3d:" + run.key + ":trail",
      });
      traces.push({
        type: "scatter3d",
        mode: "markers",
        x: [run.x[0], run.x[run.last]],
        y: [run.y[0], run.y[run.last]],
        z: [zAll[0], zAll[run.last]],
        marker: { symbol: ["circle", "square"], size: 6, color: color, line: { color: outline(color), width: 2 } },
        name: run.label + " start and end",
        meta: "run3d:" + run.key + ":ends",
      });
      traces.push({
        type: "scatter3d",
        mode: "markers",
        x: [run.x[k]],
        y: [run.y[k]],
        z: [zAll[k]],
        marker: { size: 8, color: color, line: { color: "#ffffff", width: 2 } },
        name: run.label + " now",
        meta: "run3d:" + run.key + ":now",
      });
    });
    if (traces.length) quietly(Plotly.addTraces(gd, traces));
  }

  function drawSurfaceHeads() {
    const gd = graphDiv("surface");
    if (!shown(gd)) return; // hidden: nothing to move
    state.runs.forEach((run) => {
      const k = indexAt(run, state.pos);
      const trail = traceIndex(gd, "run3d:" + run.key + ":trail");
      const now = traceIndex(gd, "run3d:" + run.key + ":now");
      if (trail < 0 || now < 0) return;
      const z = surfaceZ(run, 0, k);
      quietly(Plotly.restyle(
        gd,
        {
          x: [Array.from(run.x.subarray(0, k + 1)), [run.x[k]]],
          y: [Array.from(run.y.subarray(0, k + 1)), [run.y[k]]],
          z: [z, [z[k]]],
        },
        [trail, now]
      ));
    });
  }

  // ---------- the scrubber, keys, the top bar ----------

  function ensureScrubber() {
    const holder = document.getElementById("scrubber");
    if (!holder || holder.querySelector("input")) return;
    const input = document.createElement("input");
    input.type = "range";
    input.min = "0";
    input.max = "1000";
    input.value = "0";
    input.setAttribute("aria-label", "position in the runs");
    const jump = () => seek((state.posMax * Number(input.value)) / 1000, state.playing);
    input.addEventListener("pointerdown", () => (state.scrubbing = true));
    window.addEventListener("pointerup", () => {
      if (state.scrubbing) {
        state.scrubbing = false;
        writePosition();
      }
    });
    input.addEventListener("input", jump);
    input.addEventListener("change", jump);
    holder.appendChild(input);
  }

  function typing(target) {
    // a key belongs to what has focus when it is a box, a list or a slider
    if (!target || target === document.body) return false;
    if (target.isContentEditable) return true;
    if (["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) return true;
    return !!target.closest('[role="slider"], [role="combobox"], [role="listbox"], .dash-dropdown, .rc-slider');
  }

  function onKey(ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "Escape") {
      toggleHelp(false);
      document.body.classList.remove("drawer-open");
      return;
    }
    if (typing(ev.target)) return;
    const onButton = ev.target && ev.target.tagName === "BUTTON";
    if (ev.key === " ") {
      if (onButton) return; // the button's own click: one key, one action
      ev.preventDefault();
      state.playing ? pause() : play();
    } else if (ev.key === "ArrowRight") {
      ev.preventDefault();
      step(1);
    } else if (ev.key === "ArrowLeft") {
      ev.preventDefault();
      step(-1);
    } else if (ev.key === "Home") {
      ev.preventDefault();
      pause();
      seek(0);
    } else if (ev.key === "p" || ev.key === "P") {
      setPresent(!state.present);
    } else if (ev.key === "?") {
      toggleHelp();
    }
  }

  function toggleHelp(show) {
    const panel = document.getElementById("help-panel");
    if (!panel) return;
    panel.hidden = show === undefined ? !panel.hidden : !show;
  }

  function restyleMap() {
    const gd = graphDiv("map");
    if (!ready(gd)) return;
    const contour = uidIndex(gd, "surface");
    if (contour >= 0) {
      const colors = { colorscale: [state.present ? "Greys" : "Viridis"], reversescale: [state.present] };
      quietly(Plotly.restyle(gd, colors, [contour]));
    }
    // behind a filled contour, Viridis's lowest colour; behind contour lines over a layer that leaves cells
    // blank (the condition number), light grey (explorer/figures.py BACKGROUND)
    const lines = contour >= 0 && gd.data[contour].contours && gd.data[contour].contours.coloring === "lines";
    const layout = { plot_bgcolor: state.present ? "#ffffff" : lines ? "#f4f5f7" : "#440154" };
    const size = state.present ? 22 : 14;
    const margin = mapMargin();
    if (margin) layout.margin = margin;
    layout["font.size"] = size;
    layout["xaxis.tickfont.size"] = size;
    layout["yaxis.tickfont.size"] = size;
    layout["xaxis.title.font.size"] = state.present ? 26 : 14;
    layout["yaxis.title.font.size"] = state.present ? 26 : 14;
    quietly(Plotly.relayout(gd, layout));
  }

  function colorIndex(uid) {
    const m = /-(\d+)$/.exec(uid || "");
    return m ? parseInt(m[1], 10) : -1;
  }

  function sideColor(index) {
    // a run's colour on a white plot: the white one drawn grey (explorer/lines_view.py side_color)
    const c = palette()[index % palette().length];
    return c.toLowerCase() === "#ffffff" ? "#8a8f98" : c;
  }

  function restyleGraph(gd, styles, layout) {
    // styles: uid prefix -> (index of the run's colour) -> restyle update; one restyle per trace that matches
    if (!ready(gd) || !gd.data) return;
    gd.data.forEach((trace, i) => {
      const prefix = Object.keys(styles).find((p) => (trace.uid || "").startsWith(p));
      if (prefix) quietly(Plotly.restyle(gd, styles[prefix](colorIndex(trace.uid)), [i]));
    });
    quietly(Plotly.relayout(gd, layout));
    gd._styledLayout = gd.layout;
  }

  function restylePlane() {
    // the map on a plane (or its surface): the map's presentation look, thick paths in the contrast palette
    const gd = graphDiv("plane-graph");
    if (!ready(gd) || !gd.data || !gd.data.length) return;
    const big = state.present;
    const color = (k) => palette()[k % palette().length];
    const surfaceTrace = gd.data.find((t) => t.uid === "surface");
    const styles = {
      "plane-path3d-": (k) => ({ "line.width": big ? 10 : 7, "line.color": color(k) }),
      "plane-ends3d-": (k) => ({ "marker.size": big ? 7 : 6, "marker.color": color(k) }),
      "plane-path-": (k) => ({ "line.width": big ? 6 : 2.5, "line.color": color(k) }),
      "plane-ends-": (k) => ({ "marker.size": big ? 16 : 10, "marker.color": color(k) }),
      "plane-point": () => ({ "marker.size": big ? 22 : 15 }),
    };
    const layout = { "font.size": big ? 22 : 12 };
    if (surfaceTrace && surfaceTrace.type === "contour") {
      styles.surface = () => ({ colorscale: [big ? "Greys" : "Viridis"], reversescale: [big] });
      ["xaxis", "yaxis"].forEach((a) => {
        layout[a + ".tickfont.size"] = big ? 22 : 12;
        // the directions' titles are long: as large as the map's (26 px) where they fit along the axis
        const text = (gd.layout[a] && gd.layout[a].title && gd.layout[a].title.text) || "";
        const room = gd._fullLayout._size ? gd._fullLayout._size[a === "xaxis" ? "w" : "h"] : 400;
        const fits = Math.floor(room / (0.58 * Math.max(text.length, 1)));
        layout[a + ".title.font.size"] = big ? Math.max(14, Math.min(26, fits)) : 14;
      });
      layout["margin.l"] = big ? 96 : 72;
      layout["margin.b"] = big ? 80 : 58;
    } else {
      ["xaxis", "yaxis", "zaxis"].forEach((a) => {
        layout["scene." + a + ".tickfont.size"] = big ? 15 : 12;
        layout["scene." + a + ".title.font.size"] = big ? 17 : 14;
      });
    }
    restyleGraph(gd, styles, layout);
  }

  function restyleLines() {
    // the two plots along lines: larger fonts, thicker lines, the runs in the palette of the moment
    const big = state.present;
    const layout = {
      "font.size": big ? 18 : 12,
      "title.font.size": big ? 22 : 15,
      "xaxis.tickfont.size": big ? 18 : 12,
      "yaxis.tickfont.size": big ? 18 : 12,
      "xaxis.title.font.size": big ? 20 : 14,
      "yaxis.title.font.size": big ? 20 : 14,
      "margin.t": big ? 70 : 56,
      "margin.b": big ? 64 : 50,
      "margin.l": big ? 80 : 64,
      // in presentation mode the key sits in the plot's top right corner, out of the larger axis title's way
      "legend.orientation": big ? "v" : "h",
      "legend.x": big ? 1 : 0,
      "legend.xanchor": big ? "right" : "left",
      "legend.y": big ? 1 : -0.22,
      "legend.yanchor": "top",
      "legend.bgcolor": big ? "rgba(255,255,255,0.85)" : "rgba(0,0,0,0)",
      "annotations[0].font.size": big ? 16 : 12,
      "annotations[1].font.size": big ? 16 : 12,
    };
    const swap = graphDiv("line-swap-graph");
    const top = ready(swap) && swap.data ? swap.data.find((t) => t.uid === "line-barrier") : null;
    const swapLayout = Object.assign({}, layout);
    if (top && top.y && top.y.length) swapLayout["yaxis.range"] = [0, (big ? 1.4 : 1.18) * top.y[0]];
    restyleGraph(
      graphDiv("line-runs-graph"),
      {
        "line-run-": (k) => ({ "line.width": big ? 5 : 2.5, "line.color": sideColor(k) }),
        "line-ends-": (k) => ({ "marker.size": big ? 14 : 9, "marker.color": sideColor(k) }),
      },
      layout
    );
    restyleGraph(
      graphDiv("line-swap-graph"),
      {
        "line-swap": () => ({ "line.width": big ? 5 : 2.5 }),
        "line-barrier": () => ({ "marker.size": big ? 18 : 11, "textfont.size": big ? 20 : 13 }),
      },
      swapLayout
    );
  }

  function whenDrawn(id, restyle, tries) {
    // once a new figure from the server is drawn (its layout is no longer the one styled), style it
    const gd = graphDiv(id);
    const fresh = ready(gd) && gd.layout !== gd._styledLayout;
    if (fresh || (tries || 0) > 60) restyle();
    else setTimeout(() => whenDrawn(id, restyle, (tries || 0) + 1), 50);
  }

  function setPresent(on) {
    state.present = on;
    document.body.classList.toggle("present", on);
    const button = document.getElementById("present");
    if (button) button.setAttribute("aria-pressed", on ? "true" : "false");
    restyleMap();
    restylePlane();
    restyleLines();
    const shell = document.getElementById("shell");
    if (shell) palette().forEach((c, i) => shell.style.setProperty("--run-" + i, c)); // swatches and cards follow
    redrawAll();
    setTimeout(() => window.dispatchEvent(new Event("resize")), 50);
  }

  function redrawAll() {
    setFigure("overlay", overlayFigure());
    const loss = graphDiv("loss");
    if (ready(loss)) setFigure("loss", lossFigure({ layout: loss.layout }));
    const resp = graphDiv("response");
    if (ready(resp)) setFigure("response", responseFigure({ layout: resp.layout, data: resp.data }));
    drawSurfaceRuns();
    whenReady(() => draw(true));
  }

  function copyLink() {
    const url = window.location.href;
    const note = document.getElementById("msg-scene");
    const say = (text) => {
      if (note) note.textContent = text;
    };
    const long = window.location.search.length > (state.config ? state.config.maxQuery : 4000);
    const tail = long ? " It is longer than a link can reliably be; save the scene as a file instead (Export)." : "";
    const fallback = () => {
      const box = document.createElement("textarea");
      box.value = url;
      document.body.appendChild(box);
      box.select();
      let ok = false;
      try {
        ok = document.execCommand("copy");
      } catch (e) {
        ok = false;
      }
      box.remove();
      say((ok ? "Link copied." : "Copy this link: " + url) + tail);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(() => say("Link copied." + tail), fallback);
    } else {
      fallback();
    }
  }

  function onScreen(id) {
    const el = document.getElementById(id);
    return !!el && !el.hidden && el.offsetParent !== null;
  }

  function say(text) {
    const note = document.getElementById("msg-scene");
    if (note) note.textContent = text;
  }

  function titled(gd, title) {
    // the graph as a figure with a title on top, above its legend (for an image that says what it is)
    const size = state.present ? 22 : 15;
    // the top as drawn (a legend above the plot widens it past the figure's margin), plus room for the title
    const top = gd._fullLayout._size ? gd._fullLayout._size.t : gd._fullLayout.margin.t;
    const margin = Object.assign({}, gd._fullLayout.margin, { t: Math.round(top + 2 * size + 8) });
    const layout = Object.assign({}, gd.layout, {
      title: { text: title, x: 0.01, xanchor: "left", y: 1, yref: "container", yanchor: "top", pad: { t: 8 } },
      margin: margin,
    });
    layout.title.font = { size: size };
    return { data: gd.data, layout: layout };
  }

  function stackedPng(parts, name, what) {
    // graphs one above the other in one image: parts are [graph, title or null]
    const graphs = parts.filter((p) => ready(p[0]));
    if (!graphs.length) return;
    const sizes = graphs.map((p) => [Math.round(p[0]._fullLayout.width), Math.round(p[0]._fullLayout.height)]);
    const images = graphs.map((p, i) => {
      const opts = { format: "png", width: sizes[i][0], height: sizes[i][1], scale: 2 };
      return Plotly.toImage(p[1] ? titled(p[0], p[1]) : p[0], opts);
    });
    Promise.all(images).then((urls) =>
      Promise.all(urls.map(loadImage)).then((loaded) => {
        const canvas = document.createElement("canvas");
        canvas.width = 2 * Math.max(...sizes.map((s) => s[0]));
        canvas.height = 2 * sizes.reduce((h, s) => h + s[1], 0);
        const ctx = canvas.getContext("2d");
        ctx.fillStyle = "#ffffff";
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        let y = 0;
        loaded.forEach((img, i) => {
          ctx.drawImage(img, 0, y, 2 * sizes[i][0], 2 * sizes[i][1]);
          y += 2 * sizes[i][1];
        });
        canvas.toBlob((blob) => download(blob, name), "image/png");
        say("Exported " + what + " as " + name + ".");
      })
    );
  }

  function planeTitle() {
    // where the plane passes (explorer/planes_view.py title_for); the axes say what spans it
    const gd = graphDiv("plane-graph");
    return (gd && gd.layout && gd.layout.meta && gd.layout.meta.title) || "";
  }

  function exportPng() {
    // what is shown: the plane's map (or surface) with its projected paths, the two plots along lines, or the
    // map and the paths above it, composed into one image at the current frame
    if (onScreen("plane-view")) {
      stackedPng([[graphDiv("plane-graph"), planeTitle()]], "loss-surface-plane.png", "the map on the plane shown");
      return;
    }
    if (onScreen("line-view")) {
      const parts = [[graphDiv("line-runs-graph"), null], [graphDiv("line-swap-graph"), null]];
      stackedPng(parts, "loss-along-lines.png", "the two plots along lines");
      return;
    }
    if (onScreen("surface-view")) {
      stackedPng([[graphDiv("surface"), null]], "loss-surface-3d.png", "the 3-D surface with the runs");
      return;
    }
    if (onScreen("hyper-view")) {
      stackedPng([[graphDiv("hyper-graph"), null]], "learning-rate-map.png", "the learning-rate map");
      return;
    }
    const map = graphDiv("map");
    const overlay = graphDiv("overlay");
    if (!ready(map) || !ready(overlay)) return;
    const width = map._fullLayout.width;
    const height = map._fullLayout.height;
    const opts = { format: "png", width: width, height: height, scale: 2 };
    Promise.all([Plotly.toImage(map, opts), Plotly.toImage(overlay, opts)]).then((urls) =>
      Promise.all(urls.map(loadImage)).then((images) => {
        const canvas = document.createElement("canvas");
        canvas.width = width * 2;
        canvas.height = height * 2;
        const ctx = canvas.getContext("2d");
        images.forEach((img) => ctx.drawImage(img, 0, 0, canvas.width, canvas.height));
        canvas.toBlob((blob) => download(blob, "loss-surface.png"), "image/png");
      })
    );
  }

  function loadImage(url) {
    return new Promise((resolve, reject) => {
      const img = new Image();
      img.onload = () => resolve(img);
      img.onerror = reject;
      img.src = url;
    });
  }

  function download(blob, name) {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => {
      URL.revokeObjectURL(a.href);
      a.remove();
    }, 1000);
  }

  document.addEventListener("click", (ev) => {
    // exports of the scene as it is now: the address bar holds it, playback position included
    const link = ev.target.closest && ev.target.closest("#export-html, #export-scene");
    if (link) link.href = (link.id === "export-html" ? "export/figure.html" : "export/scene.json") + window.location.search;
    const card = ev.target.closest && ev.target.closest(".lesson-card");
    if (card) {
      const menu = document.getElementById("lessons");
      if (menu) menu.open = false;
    }
    // the drawer gets out of the way of the map once a run or a lesson is on its way
    if (ev.target.closest && ev.target.closest("#run, .lesson-card")) document.body.classList.remove("drawer-open");
    // a menu closes when a click lands outside it
    document.querySelectorAll("details.menu[open]").forEach((menu) => {
      if (!menu.contains(ev.target)) menu.open = false;
    });
  });

  // ---------- what the Dash callbacks call ----------

  function triggered() {
    const ctx = window.dash_clientside.callback_context;
    return ctx.triggered.length ? ctx.triggered[0].prop_id.split(".")[0] : "";
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    explorer: {
      // (mode) -> whether the F / log F switch hides (it scales the 3-D surface only)
      zscaleHidden: function (mode) {
        return mode !== "3d";
      },
      // (config) -> the address bar's query, once, when the page opens
      readUrl: function (config) {
        state.config = config;
        return { search: window.location.search, pop: false, at: Date.now() };
      },
      // (link) -> a history entry pushed or replaced for the scene's link
      writeUrl: function (link) {
        writeUrl(link);
        return window.dash_clientside.no_update;
      },
      // (runs, paths, base; draft, loss, response) -> overlay, loss and response figures
      drawRuns: function (runs, paths, base, draft, loss, resp) {
        ensureScrubber();
        if (base) state.base = base;
        if (draft && draft.start) state.draftStart = draft.start;
        loadRuns(runs, paths);
        const figures = [overlayFigure(), lossFigure(loss), responseFigure(resp)];
        whenReady(() => {
          syncOverlay();
          drawSurfaceRuns();
          if (state.pendingPlay) {
            state.pendingPlay = false;
            play();
          } else {
            draw(true);
          }
        });
        return figures;
      },
      // (view, draft; current) -> what the stability overlay reads of the training panel (its algorithm and
      // hyperparameters) while that overlay is on, null while it is off, and no update when that is unchanged:
      // the server redraws the map and its key from it, so a moved start or another epoch budget costs nothing
      stabilityInput: function (view, draft, current) {
        const on = !!(view && Array.isArray(view.overlays) && view.overlays.includes("stability"));
        const next = on && draft ? { algorithm: draft.algorithm, hyper: draft.hyper || {} } : null;
        const same = JSON.stringify(next) === JSON.stringify(current === undefined ? null : current);
        return same ? window.dash_clientside.no_update : next;
      },
      // (draft) -> the next start marked on the map
      showStart: function (draft) {
        state.draftStart = draft && draft.start ? draft.start : null;
        const gd = graphDiv("overlay");
        const i = traceIndex(gd, "draft-start");
        if (i >= 0) {
          const t = startTrace();
          quietly(Plotly.restyle(gd, { x: [t.x], y: [t.y] }, [i]));
        }
        return window.dash_clientside.no_update;
      },
      // (figure) -> the map's click, hover and zoom handlers attached
      hookMap: function () {
        ensureScrubber();
        setTimeout(() => hook(0), 0);
        return window.dash_clientside.no_update;
      },
      // (plane figure, line figures) -> a new figure on a plane or along lines, styled for presentation mode
      restyleViews: function () {
        if (!state.present) return window.dash_clientside.no_update;
        const id = triggered();
        if (id === "plane-graph") whenDrawn(id, restylePlane);
        else if (id) whenDrawn(id, restyleLines);
        return window.dash_clientside.no_update;
      },
      // (figure) -> the runs drawn on a new 3-D surface
      hookSurface: function () {
        setTimeout(drawSurfaceRuns, 0);
        return window.dash_clientside.no_update;
      },
      // (play, step, back, restart clicks)
      control: function () {
        const id = triggered();
        if (id === "play") state.playing ? pause() : play();
        else if (id === "step") step(1);
        else if (id === "step-back") step(-1);
        else if (id === "restart") {
          pause();
          seek(0);
        }
        return window.dash_clientside.no_update;
      },
      // (speed, loop, clock, config)
      settings: function (speed, loop, clock, config) {
        if (config) state.config = config;
        state.speed = Math.pow(2, Number(speed) || 0);
        state.loop = (loop || []).includes("loop");
        if (clock !== state.clock && state.runs.length) {
          setClock(clock);
          const loss = graphDiv("loss");
          if (ready(loss)) setFigure("loss", lossFigure({ layout: loss.layout }));
          whenReady(() => draw(true));
        } else {
          state.clock = CLOCK_TITLE[clock] ? clock : "epochs";
        }
        return window.dash_clientside.no_update;
      },
      // (restart results) -> their ends marked on the map
      setRestarts: function (result) {
        state.restarts = result && Array.isArray(result.runs) ? result.runs : [];
        if (ready(graphDiv("overlay"))) setFigure("overlay", overlayFigure());
        return window.dash_clientside.no_update;
      },
      // (figure; hyper results) -> a click on a cell of the learning-rate map runs that cell
      hookHyper: function (figure, result) {
        const gd = graphDiv("hyper-graph");
        const along = result && result.request && result.request.y === "line";
        if (gd && typeof gd.on === "function") {
          if (gd._explorerClick) gd.removeListener("plotly_click", gd._explorerClick);
          gd._explorerClick = (data) => {
            const p = data && data.points && data.points[0];
            if (!p) return;
            const cell = along ? { alpha: p.x, t: p.y } : { alpha: p.x, gamma: p.y };
            window.dash_clientside.set_props("hyper-click", { data: Object.assign(cell, { at: Date.now() }) });
          };
          gd.on("plotly_click", gd._explorerClick);
        }
        return window.dash_clientside.no_update;
      },
      // (copy, png, present, help, drawer, lesson clicks)
      topBar: function () {
        const id = triggered();
        if (id === "copy-link") copyLink();
        else if (id === "export-png") exportPng();
        else if (id === "present") setPresent(!state.present);
        else if (id === "help") toggleHelp();
        else if (id === "drawer") document.body.classList.toggle("drawer-open");
        return window.dash_clientside.no_update;
      },
    },
  });

  // for tests, the frame-rate benchmark and the layers (assets/inside.js)
  window.lossExplorer = {
    state: state,
    lossFigure: lossFigure,
    setFigure: setFigure,
    addLayer: (layer) => layers.push(layer),
    redrawOverlay: redrawOverlay,
    indexAt: indexAt,
    colorOf: colorOf,
    fmt: fmt,
    graphDiv: graphDiv,
    ready: ready,
    play: play,
    pause: pause,
    seek: seek,
    step: step,
    response: response,
    sse: sse,
    setPresent: setPresent,
    fps: function () {
      const dt = (performance.now() - (state.drawnSince || performance.now())) / 1000;
      return dt > 0 ? state.drawn / dt : 0;
    },
  };

  document.addEventListener("keydown", onKey);
})();
