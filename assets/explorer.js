/*
 * The explorer's client side: draws the runs over the map, animates them, and turns a click on the map into
 * the exact start point. Everything here runs in the browser; playing an animation costs the server nothing.
 *
 * The runs arrive once per run in two stores: metadata (runs-store) and display paths (paths-store, base64
 * little-endian float64 arrays x, y, F, epoch). The animation steps a shared epoch clock; each frame moves every
 * run's trail and head on the transparent overlay graph with Plotly.animate(..., {redraw: false}), and, a few
 * times a second, the F-against-epoch markers, the network responses and the readout.
 */
(function () {
  "use strict";

  const PARAMS = ["w1_11", "w1_21", "b1_1", "b1_2", "w2_11", "w2_12", "b2"];
  const DURATION = 8.0; // seconds for the whole timeline at 1x
  const SIDE_EVERY = 4; // update the side plots and readout every few frames (15 times a second)
  // Plotly.animate options that move traces without redrawing the plot (design.md: "the stack, as measured")
  const STILL = { transition: { duration: 0 }, frame: { duration: 0, redraw: false }, mode: "immediate" };
  const RESPONSE_P = Array.from({ length: 161 }, (_, i) => -2 + (4 * i) / 160);

  const state = {
    runs: [], // {id, color, label, x, y, F, epoch (Float64Array), base, pair (indices), last}
    epochMax: 0,
    t: 0, // the clock, in epochs
    playing: false,
    speed: 1,
    loop: false,
    lastTs: null,
    frame: 0,
    drawn: 0,
    drawnSince: null,
    decoded: {}, // id -> decoded path
    raf: null,
    pendingPlay: false,
    lossSpan: [1, 1], // the y extent of the loss plot's "now" line
  };

  // ---------- helpers ----------

  function graphDiv(id) {
    const el = document.getElementById(id);
    if (!el) return null;
    if (el.classList.contains("js-plotly-plot")) return el;
    return el.querySelector(".js-plotly-plot");
  }

  function ready(gd, traces) {
    return gd && gd._fullLayout && gd.data && (traces === undefined || gd.data.length === traces);
  }

  function decode(b64) {
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Float64Array(bytes.buffer);
  }

  function logsig(n) {
    // the same stable form as surface.network.logsig
    const z = Math.exp(-Math.abs(n));
    return n >= 0 ? 1 / (1 + z) : z / (1 + z);
  }

  // a(p) of the 1-2-1 network for seven parameters in PARAMS order (surface.network.output)
  function response(x, p) {
    return p.map((pq) => logsig(x[4] * logsig(x[0] * pq + x[2]) + x[5] * logsig(x[1] * pq + x[3]) + x[6]));
  }

  function indexAt(run, t) {
    // the last display point whose epoch is <= t
    const e = run.epoch;
    let lo = 0;
    let hi = e.length - 1;
    if (t >= e[hi]) return hi;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (e[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  function trimZeros(mantissa) {
    // "1.2500" -> "1.25", "3.000" -> "3", "12000" stays "12000": only zeros after a decimal point go
    return mantissa.includes(".") ? mantissa.replace(/\.?0+$/, "") : mantissa;
  }

  function fmt(v, digits) {
    if (!isFinite(v)) return String(v);
    const text = Number(v).toPrecision(digits || 4);
    const [mantissa, exponent] = text.split("e");
    return trimZeros(mantissa) + (exponent === undefined ? "" : "e" + exponent);
  }

  // ---------- building the figures from the stores ----------

  function loadRuns(runs, paths) {
    const previous = new Set(state.runs.map((r) => r.id));
    state.runs = (runs || [])
      .filter((r) => paths && paths[r.id])
      .map((r) => {
        if (!state.decoded[r.id]) {
          const p = paths[r.id];
          state.decoded[r.id] = { x: decode(p.x), y: decode(p.y), F: decode(p.F), epoch: decode(p.epoch) };
        }
        const d = state.decoded[r.id];
        return Object.assign({}, d, {
          id: r.id,
          color: r.color,
          label: r.label,
          base: r.base,
          pair: r.pair.map((name) => PARAMS.indexOf(name)),
          last: d.x.length - 1,
        });
      });
    const live = new Set(state.runs.map((r) => r.id));
    Object.keys(state.decoded).forEach((id) => {
      if (!live.has(id)) delete state.decoded[id];
    });
    state.epochMax = state.runs.reduce((m, r) => Math.max(m, r.epoch[r.last]), 0);
    const added = state.runs.some((r) => !previous.has(r.id));
    if (added) {
      state.t = 0;
      state.pendingPlay = true;
    }
    state.t = Math.min(state.t, state.epochMax);
  }

  function startTrace(sx, sy) {
    const x = parseFloat(sx);
    const y = parseFloat(sy);
    const ok = isFinite(x) && isFinite(y);
    return {
      type: "scatter",
      mode: "markers",
      x: ok ? [x] : [],
      y: ok ? [y] : [],
      name: "start point",
      marker: { symbol: "cross-thin-open", size: 22, color: "#ffffff", line: { width: 3, color: "#ffffff" } },
      hoverinfo: "skip",
    };
  }

  function runTraces(run) {
    const k = indexAt(run, state.t);
    const end = k === run.last;
    return [
      {
        type: "scatter",
        mode: "lines",
        x: Array.from(run.x.subarray(0, k + 1)),
        y: Array.from(run.y.subarray(0, k + 1)),
        line: { color: run.color, width: 3 },
        name: run.label,
        meta: run.id,
      },
      {
        type: "scatter",
        mode: "markers",
        x: [run.x[0]],
        y: [run.y[0]],
        marker: { symbol: "circle", size: 11, color: run.color, line: { color: "#000", width: 1.5 } },
        name: run.label + " start",
      },
      {
        type: "scatter",
        mode: "markers",
        x: [run.x[k]],
        y: [run.y[k]],
        marker: { symbol: "circle", size: 13, color: run.color, line: { color: "#ffffff", width: 2 } },
        name: run.label + " now",
      },
      {
        type: "scatter",
        mode: "markers",
        x: end ? [run.x[run.last]] : [],
        y: end ? [run.y[run.last]] : [],
        marker: { symbol: "square", size: 12, color: run.color, line: { color: "#000", width: 1.5 } },
        name: run.label + " end",
      },
    ];
  }

  function mapRanges() {
    const gd = graphDiv("map");
    if (!ready(gd)) return null;
    return { x: gd._fullLayout.xaxis.range.slice(), y: gd._fullLayout.yaxis.range.slice() };
  }

  function overlayFigure(base, sx, sy) {
    const layout = JSON.parse(JSON.stringify(base || {}));
    const ranges = mapRanges();
    if (ranges && layout.xaxis && layout.yaxis) {
      layout.xaxis.range = ranges.x;
      layout.yaxis.range = ranges.y;
    }
    const data = [startTrace(sx, sy)];
    state.runs.forEach((run) => data.push(...runTraces(run)));
    return { data: data, layout: layout };
  }

  function lossFigure(previous) {
    const layout = JSON.parse(JSON.stringify((previous && previous.layout) || {}));
    delete layout.shapes;
    const data = [];
    let low = Infinity;
    let high = 0;
    state.runs.forEach((run) => {
      const F = Array.from(run.F, (f) => Math.max(f, 1e-300));
      F.forEach((f) => {
        low = Math.min(low, f);
        high = Math.max(high, f);
      });
      data.push({
        type: "scatter",
        mode: "lines",
        x: Array.from(run.epoch),
        y: F,
        line: { color: run.color === "#ffffff" ? "#999999" : run.color, width: 2 },
        name: run.label,
        hovertemplate: "epoch %{x}<br>F = %{y:.4g}<extra>" + run.label + "</extra>",
      });
    });
    state.runs.forEach((run) => {
      const k = indexAt(run, state.t);
      data.push({
        type: "scatter",
        mode: "markers",
        x: [run.epoch[k]],
        y: [Math.max(run.F[k], 1e-300)],
        marker: { size: 10, color: run.color, line: { color: "#000", width: 1 } },
        hoverinfo: "skip",
        showlegend: false,
      });
    });
    state.lossSpan = state.runs.length ? [low / 2, high * 2] : [1, 1];
    data.push({
      type: "scatter",
      mode: "lines",
      x: [state.t, state.t],
      y: state.lossSpan,
      line: { color: "#666", width: 1, dash: "dot" },
      hoverinfo: "skip",
      showlegend: false,
      name: "now",
    });
    layout.showlegend = state.runs.length > 0;
    layout.legend = { x: 1, xanchor: "right", y: 1, bgcolor: "rgba(255,255,255,0.8)", font: { size: 11 } };
    return { data: data, layout: layout };
  }

  function currentParameters(run, k) {
    const x = run.base.slice();
    x[run.pair[0]] = run.x[k];
    x[run.pair[1]] = run.y[k];
    return x;
  }

  function responseFigure(previous) {
    const layout = JSON.parse(JSON.stringify((previous && previous.layout) || {}));
    const targets = previous && previous.data && previous.data.length ? previous.data[0] : null;
    const data = targets ? [targets] : [];
    state.runs.forEach((run) => {
      const k = indexAt(run, state.t);
      data.push({
        type: "scatter",
        mode: "lines",
        x: RESPONSE_P,
        y: response(currentParameters(run, k), RESPONSE_P),
        line: { color: run.color === "#ffffff" ? "#999999" : run.color, width: 2.5 },
        name: run.label,
        hovertemplate: "p = %{x:.2f}<br>a = %{y:.4f}<extra>" + run.label + "</extra>",
      });
    });
    return { data: data, layout: layout };
  }

  // ---------- the animation ----------

  function draw(force) {
    const gd = graphDiv("overlay");
    const n = state.runs.length;
    if (!ready(gd, 1 + 4 * n)) return false;
    if (n) {
      const xs = [];
      const ys = [];
      const traces = [];
      state.runs.forEach((run, i) => {
        const k = indexAt(run, state.t);
        const end = k === run.last;
        const b = 1 + 4 * i;
        xs.push(run.x.subarray(0, k + 1), [run.x[k]], end ? [run.x[run.last]] : []);
        ys.push(run.y.subarray(0, k + 1), [run.y[k]], end ? [run.y[run.last]] : []);
        traces.push(b, b + 2, b + 3);
      });
      Plotly.animate(gd, { data: xs.map((x, j) => ({ x: x, y: ys[j] })), traces: traces }, STILL);
      state.drawn += 1;
    }
    if (force || state.frame % SIDE_EVERY === 0) drawSide();
    return true;
  }

  function drawSide() {
    // markers and the "now" line on the loss plot, and the responses: moved without a full redraw
    const n = state.runs.length;
    const loss = graphDiv("loss");
    if (ready(loss, 2 * n + 1) && n) {
      const data = state.runs.map((run) => {
        const k = indexAt(run, state.t);
        return { x: [run.epoch[k]], y: [Math.max(run.F[k], 1e-300)] };
      });
      data.push({ x: [state.t, state.t], y: state.lossSpan });
      Plotly.animate(loss, { data: data, traces: data.map((_, i) => n + i) }, STILL);
    }
    const resp = graphDiv("response");
    if (ready(resp, 1 + n) && n) {
      const data = state.runs.map((run) => ({
        x: RESPONSE_P,
        y: response(currentParameters(run, indexAt(run, state.t)), RESPONSE_P),
      }));
      Plotly.animate(resp, { data: data, traces: data.map((_, i) => 1 + i) }, STILL);
    }
    readout();
  }

  function readout() {
    const el = document.getElementById("readout");
    if (el) {
      if (!state.runs.length) {
        el.textContent = "Run an algorithm to see its path here.";
      } else {
        const parts = state.runs.map((run) => {
          const k = indexAt(run, state.t);
          return (
            run.label + ": epoch " + Math.round(run.epoch[k]).toLocaleString() + ", F = " + fmt(run.F[k], 4) +
            " at (" + fmt(run.x[k], 5) + ", " + fmt(run.y[k], 5) + ")"
          );
        });
        el.textContent =
          "epoch " + Math.round(state.t).toLocaleString() + " of " + Math.round(state.epochMax).toLocaleString() +
          "  ·  " + parts.join("  ·  ");
      }
    }
    const slider = document.querySelector("#scrubber input");
    if (slider && document.activeElement !== slider) {
      slider.value = state.epochMax ? Math.round((1000 * state.t) / state.epochMax) : 0;
    }
    const play = document.getElementById("play");
    if (play) play.dataset.playing = state.playing ? "1" : "0";
  }

  function tick(ts) {
    state.raf = null;
    if (!state.playing) return;
    if (state.lastTs === null) state.lastTs = ts;
    const dt = Math.min((ts - state.lastTs) / 1000, 0.1);
    state.lastTs = ts;
    state.t += (state.epochMax * state.speed * dt) / DURATION;
    if (state.t >= state.epochMax) {
      if (state.loop) {
        state.t = 0;
      } else {
        state.t = state.epochMax;
        state.playing = false;
      }
    }
    state.frame += 1;
    draw(!state.playing);
    if (state.playing) state.raf = requestAnimationFrame(tick);
  }

  function play() {
    if (!state.runs.length) return;
    if (state.t >= state.epochMax) state.t = 0;
    state.playing = true;
    state.lastTs = null;
    state.drawn = 0;
    state.drawnSince = performance.now();
    if (!state.raf) state.raf = requestAnimationFrame(tick);
    readout();
  }

  function pause() {
    state.playing = false;
    readout();
  }

  function seek(t) {
    state.t = Math.max(0, Math.min(state.epochMax, t));
    draw(true);
  }

  function step(direction) {
    // to the next (or previous) iterate of any run
    pause();
    let best = direction > 0 ? Infinity : -Infinity;
    state.runs.forEach((run) => {
      const k = indexAt(run, state.t);
      if (direction > 0 && k < run.last) best = Math.min(best, run.epoch[k + 1]);
      if (direction < 0) {
        const j = run.epoch[k] < state.t ? k : k - 1;
        if (j >= 0) best = Math.max(best, run.epoch[j]);
      }
    });
    if (isFinite(best)) seek(best);
  }

  function whenReady(fn, tries) {
    // run fn once the overlay holds the traces just drawn (Dash renders figures asynchronously)
    const n = 1 + 4 * state.runs.length;
    if (ready(graphDiv("overlay"), n) || (tries || 0) > 100) fn();
    else setTimeout(() => whenReady(fn, (tries || 0) + 1), 30);
  }

  function ensureScrubber() {
    const holder = document.getElementById("scrubber");
    if (!holder || holder.querySelector("input")) return;
    const input = document.createElement("input");
    input.type = "range";
    input.min = "0";
    input.max = "1000";
    input.value = "0";
    input.setAttribute("aria-label", "position in the run (epoch)");
    input.addEventListener("input", () => {
      pause();
      seek((state.epochMax * Number(input.value)) / 1000);
    });
    holder.appendChild(input);
  }

  function onKey(ev) {
    const tag = (ev.target && ev.target.tagName) || "";
    if (["INPUT", "TEXTAREA", "SELECT"].includes(tag) || ev.target.isContentEditable) return;
    if (ev.key === " ") {
      ev.preventDefault();
      state.playing ? pause() : play();
    } else if (ev.key === "ArrowRight") {
      step(1);
    } else if (ev.key === "ArrowLeft") {
      step(-1);
    } else if (ev.key === "Home") {
      pause();
      seek(0);
    }
  }

  // ---------- the map: exact clicks, and the overlay following its zoom ----------

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
    Plotly.relayout(overlay, { "xaxis.range": ranges.x, "yaxis.range": ranges.y });
  }

  function clickedPoint(gd, ev) {
    // the data coordinates under the pointer, from the pixel (a contour's clickData names a grid node)
    const xa = gd._fullLayout.xaxis;
    const ya = gd._fullLayout.yaxis;
    const box = gd.getBoundingClientRect();
    const px = ev.clientX - box.left - xa._offset;
    const py = ev.clientY - box.top - ya._offset;
    if (px < 0 || px > xa._length || py < 0 || py > ya._length) return null;
    return { x: xa.p2d(px), y: ya.p2d(py) };
  }

  function hook(tries) {
    const gd = graphDiv("map");
    if (!ready(gd) || typeof gd.on !== "function") {
      if ((tries || 0) < 200) setTimeout(() => hook((tries || 0) + 1), 50);
      return;
    }
    if (gd._explorerClick) gd.removeListener("plotly_click", gd._explorerClick);
    if (gd._explorerRelayout) gd.removeListener("plotly_relayout", gd._explorerRelayout);
    gd._explorerClick = (data) => {
      if (!data || !data.event) return;
      const point = clickedPoint(gd, data.event);
      if (point) {
        window.dash_clientside.set_props("start-click", { data: { x: point.x, y: point.y, at: Date.now() } });
      }
    };
    gd._explorerRelayout = () => syncOverlay();
    gd.on("plotly_click", gd._explorerClick);
    gd.on("plotly_relayout", gd._explorerRelayout);
    syncOverlay();
  }

  // ---------- what the Dash callbacks call ----------

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    explorer: {
      drawRuns: function (runs, paths, base, sx, sy, loss, resp) {
        ensureScrubber();
        loadRuns(runs, paths);
        const figures = [overlayFigure(base, sx, sy), lossFigure(loss), responseFigure(resp)];
        whenReady(() => {
          syncOverlay();
          if (state.pendingPlay) {
            state.pendingPlay = false;
            play();
          } else {
            draw(true);
          }
        });
        return figures;
      },
      showStart: function (sx, sy) {
        const gd = graphDiv("overlay");
        if (ready(gd) && gd.data.length) {
          const t = startTrace(sx, sy);
          Plotly.restyle(gd, { x: [t.x], y: [t.y] }, [0]);
        }
        return window.dash_clientside.no_update;
      },
      hookMap: function () {
        ensureScrubber();
        setTimeout(() => hook(0), 0);
        return window.dash_clientside.no_update;
      },
      control: function () {
        const ctx = window.dash_clientside.callback_context;
        const id = ctx.triggered.length ? ctx.triggered[0].prop_id.split(".")[0] : "";
        if (id === "play") state.playing ? pause() : play();
        else if (id === "step") step(1);
        else if (id === "step-back") step(-1);
        else if (id === "restart") {
          pause();
          seek(0);
        } else if (id === "speed") {
          const v = ctx.inputs["speed.value"];
          state.speed = Math.pow(2, Number(v) || 0);
        } else if (id === "loop") {
          const v = ctx.inputs["loop.value"] || [];
          state.loop = v.includes("loop");
        }
        return window.dash_clientside.no_update;
      },
    },
  });

  // for tests and the frame-rate benchmark
  window.lossExplorer = {
    state: state,
    play: play,
    pause: pause,
    seek: seek,
    step: step,
    response: response,
    fps: function () {
      const dt = (performance.now() - (state.drawnSince || performance.now())) / 1000;
      return dt > 0 ? state.drawn / dt : 0;
    },
  };

  document.addEventListener("keydown", onKey);
})();
