/*
 * The clock: the runs as the animation holds them (decoded once from the paths store) and the one position that
 * plays them all, on a scale of epochs, log epochs or evaluations (a fair race). Every frame it tells the overlay
 * ("frame"); every few frames, and on every seek, the plots and panels that follow it ("side").
 *
 * A run: {key, color, label, algorithm, status, traceInfo, exit, bug, gap, twin, last, x, y, F, epoch, evals,
 * trace, slice, follow, response, time}; its arrays are the server's display copy (explorer/core/compute.py run).
 */
(function (ns) {
  "use strict";

  const DURATION = 8.0; // seconds for the whole timeline at 1x
  const SIDE_EVERY = 4; // update the side plots and the readout every few frames
  const KINDS = ["epochs", "log", "evals"];

  const s = {
    kind: "epochs",
    runs: [],
    decoded: {}, // key -> decoded path
    pos: 0, // the position on the clock's scale
    posMax: 0,
    pendingPos: null, // a position read from a link, applied once the runs are loaded
    pendingPlay: false,
    playing: false,
    speed: 1,
    loop: false,
    lastTs: null,
    frame: 0,
    drawn: 0,
    drawnSince: null,
    raf: null,
  };

  // ---------- the scale ----------

  function timesOf(run, kind) {
    if (kind === "log") return Float64Array.from(run.epoch, (e) => Math.log10(1 + e));
    if (kind === "evals") return run.evals;
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

  function setKind(kind) {
    // another scale, keeping the first run where it is; whether anything moved
    if (!KINDS.includes(kind)) kind = "epochs";
    if (kind === s.kind) return false;
    const first = s.runs[0];
    const k = first ? indexAt(first, s.pos) : 0;
    s.kind = kind;
    s.runs.forEach((r) => (r.time = timesOf(r, kind)));
    s.posMax = s.runs.reduce((m, r) => Math.max(m, r.time[r.last]), 0);
    s.pos = first ? first.time[k] : 0;
    return s.runs.length > 0;
  }

  function positionText() {
    // the position as a link writes it: epochs on the epoch clocks, evaluations on the evaluations clock
    const t = s.kind === "log" ? Math.pow(10, s.pos) - 1 : s.pos;
    return String(Math.round(t * 1000) / 1000);
  }

  function positionFrom(t) {
    return s.kind === "log" ? Math.log10(1 + Math.max(0, t)) : t;
  }

  // ---------- the runs ----------

  function decodePath(p) {
    const d = ns.decode;
    const r = p.response;
    return {
      x: d(p.x),
      y: d(p.y),
      F: d(p.F),
      epoch: d(p.epoch),
      evals: d(p.evals),
      trace: p.trace ? d(p.trace) : null, // the algorithm's own trace (VLBP's α, LM's μ, …)
      // the whole network (explorer/core/gap.py): F of the map's slice under each point and of the slice a
      // following view shows
      slice: p.slice ? d(p.slice) : null,
      follow: p.follow ? d(p.follow) : null,
      // the network's response at keyframes along the path (explorer/core/response.py)
      response: r ? { p: Array.from(d(r.p)), at: d(r.at), a: d(r.a), width: ns.width(r.a) } : null,
    };
  }

  function decodeTwin(t) {
    // a planted bug's correct twin (explorer/components/runs/derive.py bug_parts): its path and its F on both clocks
    const out = { x: ns.decode(t.x), y: ns.decode(t.y) };
    if (t.F) Object.assign(out, { F: ns.decode(t.F), epoch: ns.decode(t.epoch), evals: ns.decode(t.evals) });
    return out;
  }

  function load(runs, paths) {
    const previous = new Set(s.runs.map((r) => r.key));
    s.runs = (runs || [])
      .filter((r) => paths && paths[r.key])
      .map((r) => {
        if (!s.decoded[r.key]) s.decoded[r.key] = decodePath(paths[r.key]);
        const d = s.decoded[r.key];
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
          gap: r.gap || null,
          last: d.x.length - 1,
        });
      });
    const live = new Set(s.runs.map((r) => r.key));
    Object.keys(s.decoded).forEach((key) => {
      if (!live.has(key)) delete s.decoded[key];
    });
    s.runs.forEach((r) => (r.time = timesOf(r, s.kind)));
    s.posMax = s.runs.reduce((m, r) => Math.max(m, r.time[r.last]), 0);
    const added = s.runs.some((r) => !previous.has(r.key));
    if (s.pendingPos !== null && s.runs.length) {
      s.pos = Math.min(positionFrom(s.pendingPos), s.posMax);
      s.pendingPos = null;
    } else if (added) {
      s.pos = 0;
      s.pendingPlay = !predicting();
    }
    s.pos = Math.min(s.pos, s.posMax);
  }

  function predicting() {
    const shell = ns.el("SHELL");
    return !!(shell && shell.classList.contains("predicting"));
  }

  // ---------- playing ----------

  function draw(force) {
    ns.emit("frame");
    if (force || s.frame % SIDE_EVERY === 0) ns.emit("side");
  }

  function tick(ts) {
    s.raf = null;
    if (!s.playing) return;
    if (s.lastTs === null) s.lastTs = ts;
    const dt = Math.min((ts - s.lastTs) / 1000, 0.1);
    s.lastTs = ts;
    s.pos += (s.posMax * s.speed * dt) / DURATION;
    if (s.pos >= s.posMax) {
      if (s.loop) {
        s.pos = 0;
      } else {
        s.pos = s.posMax;
        s.playing = false;
        ns.link.writePosition();
      }
    }
    s.frame += 1;
    draw(!s.playing);
    if (s.playing) s.raf = requestAnimationFrame(tick);
  }

  function play() {
    if (!s.runs.length) return;
    reveal();
    if (s.pos >= s.posMax) s.pos = 0;
    s.playing = true;
    s.lastTs = null;
    s.drawn = 0;
    s.drawnSince = performance.now();
    if (!s.raf) s.raf = requestAnimationFrame(tick);
    ns.emit("status");
  }

  function pause() {
    if (s.playing) {
      s.playing = false;
      ns.link.writePosition();
    }
    ns.emit("side");
  }

  function seek(pos, keepPlaying) {
    if (!keepPlaying) s.playing = false;
    s.pos = Math.max(0, Math.min(s.posMax, pos));
    draw(true);
    if (!s.playing) ns.link.writePosition();
  }

  function step(direction) {
    // to the next (or previous) iterate of any run
    pause();
    let best = direction > 0 ? Infinity : -Infinity;
    s.runs.forEach((run) => {
      const k = indexAt(run, s.pos);
      if (direction > 0 && k < run.last) best = Math.min(best, run.time[k + 1]);
      if (direction < 0) {
        const j = run.time[k] < s.pos ? k : k - 1;
        if (j >= 0) best = Math.max(best, run.time[j]);
      }
    });
    if (isFinite(best)) seek(best);
  }

  function reveal() {
    // Play shows what a person was asked to predict
    const shell = ns.el("SHELL");
    if (!shell || !shell.classList.contains("predicting")) return;
    shell.classList.remove("predicting");
    ns.setProps("REVEAL", { data: { at: Date.now() } });
    ns.side.redrawLoss();
  }

  ns.clock = {
    load: load,
    runs: () => s.runs,
    index: (run) => indexAt(run, s.pos),
    indexAt: indexAt,
    kind: () => s.kind,
    setKind: setKind,
    pos: () => s.pos,
    posMax: () => s.posMax,
    playing: () => s.playing,
    predicting: predicting,
    positionText: positionText,
    settings: function (speed, loop) {
      s.speed = speed;
      s.loop = loop;
    },
    openAt: function (t) {
      // a loaded scene's position (epochs or evaluations, as a link writes it), now or once its runs are loaded
      s.pendingPos = t;
      if (s.runs.length) seek(positionFrom(t));
    },
    forgetPosition: function () {
      s.pendingPos = null;
    },
    takePendingPlay: function () {
      const go = s.pendingPlay;
      s.pendingPlay = false;
      return go;
    },
    draw: draw,
    drawnFrame: function () {
      s.drawn += 1;
    },
    play: play,
    pause: pause,
    toggle: () => (s.playing ? pause() : play()),
    seek: seek,
    seekShare: (share) => seek(s.posMax * share, s.playing),
    restart: function () {
      pause();
      seek(0);
    },
    step: step,
    fps: function () {
      const dt = (performance.now() - (s.drawnSince || performance.now())) / 1000;
      return dt > 0 ? s.drawn / dt : 0;
    },
    status: () => ({ pos: s.pos, posMax: s.posMax, playing: s.playing, loop: s.loop, clock: s.kind, drawn: s.drawn }),
  };
})(window.lossExplorer);
