/*
 * Inside the step (explorer/components/inside/view.py): at the current iterate of the run looked inside, the local
 * quadratic model, −∇F and the step drawn on the map, with the algorithm's own inside (momentum's two terms,
 * VLBP's and LM's rejected trials, CG's search line with its probes and bracket, LM's step between Gauss–Newton
 * and steepest descent, Newton's step), and the update equation written out with the iterate's numbers.
 *
 * The data arrive once per run (inside-store: surface.step_anatomy at the display copy's iterates, float32 arrays
 * in the one encoding); this part is a layer of the overlay and follows the clock, so it moves with the runs and
 * costs the server nothing while it plays. The numbers are the server's; this part only places them on screen
 * (and solves LM's 2 x 2 damped system along μ, from the JᵀJ and Jᵀe the server sent, for the dotted curve).
 */
(function (ns) {
  "use strict";

  const MODEL_PX = 70; // the quadratic model's longer half-axis, in pixels
  const GRADIENT_PX = 60; // the length of the −∇F arrow, in pixels (a direction: |∇F| is in the panel)
  const MAX_RATIO = 40; // the most one half-axis of the model is drawn longer than the other
  const ELLIPSE_POINTS = 73;
  const ARROW = 13; // arrowhead size
  const LABEL_PX = 30; // an arrow shorter than this on screen goes unlabelled (its label would cover the point)
  const MU_PATH = Array.from({ length: 41 }, (_, i) => Math.pow(10, -8 + (16 * i) / 40)); // μ for LM's step path

  const WRITE_MS = 250; // the panel's numbers are rewritten at most this often while playing
  const inside = { data: null, written: null, writtenAt: 0, drawn: null };

  // ---------- the data ----------

  function unpack(p) {
    // an encoded array -> {v: its values, k: values per iterate}
    if (!p) return { v: new Float32Array(0), k: 1 };
    return { v: ns.decode(p), k: ns.width(p) };
  }

  function events(e) {
    return e ? { at: e.at, rows: unpack(e.rows), leftOut: new Set(e.left_out || []) } : null;
  }

  function load(raw) {
    if (!raw || !raw.n) return null;
    const d = { raw: raw, n: raw.n, algorithm: raw.algorithm, key: raw.key, color: raw.color, s: raw.scalars || {} };
    d.epoch = ns.decode(raw.epoch);
    ["x", "F", "gradient", "hessian", "eigenvalues", "angle", "step_in", "step_out", "newton", "indefinite"].forEach(
      (name) => (d[name] = unpack(raw[name]))
    );
    d.inside = {};
    Object.entries(raw.inside || {}).forEach(([name, value]) => {
      d.inside[name] = name === "rejected" || name === "probes" ? events(value) : unpack(value);
    });
    return d;
  }

  function row(a, i) {
    // iterate i's entry of a packed array: a number, or an array of k numbers
    if (!a || !a.v.length) return null;
    if (a.k === 1) return a.v[i];
    return Array.from(a.v.subarray(i * a.k, (i + 1) * a.k));
  }

  function eventsAt(e, i) {
    // iterate i's events as rows of numbers; null when they were left out of what was sent
    if (!e) return [];
    if (e.leftOut.has(i)) return null;
    const k = e.rows.k;
    const out = [];
    for (let j = e.at[i]; j < e.at[i + 1]; j++) out.push(Array.from(e.rows.v.subarray(j * k, (j + 1) * k)));
    return out;
  }

  // ---------- where the clock is ----------

  function theRun() {
    const d = inside.data;
    if (!d) return null;
    return ns.clock.runs().find((r) => r.key === d.key) || null;
  }

  function current() {
    // the iterate looked inside at the clock's position: the last at or before the run's current epoch
    const d = inside.data;
    const run = theRun();
    if (!d || !run) return null;
    const epoch = run.epoch[ns.clock.index(run)];
    let lo = 0;
    let hi = d.n - 1;
    if (epoch >= d.epoch[hi]) lo = hi;
    else {
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (d.epoch[mid] <= epoch) lo = mid;
        else hi = mid - 1;
      }
    }
    return { run: run, i: lo, epoch: d.epoch[lo], last: lo === d.n - 1 };
  }

  // ---------- geometry on the map ----------

  function scales() {
    // pixels per unit along x and y on the overlay (it mirrors the map's axes)
    const gd = ns.graph("OVERLAY");
    if (!ns.ready(gd)) return null;
    const xa = gd._fullLayout.xaxis;
    const ya = gd._fullLayout.yaxis;
    const sx = xa._length / Math.abs(xa.range[1] - xa.range[0]);
    const sy = ya._length / Math.abs(ya.range[1] - ya.range[0]);
    return isFinite(sx) && isFinite(sy) && sx > 0 && sy > 0 ? { sx: sx, sy: sy } : null;
  }

  function pixels(v, sc) {
    return Math.hypot(v[0] * sc.sx, v[1] * sc.sy);
  }

  function arrow(from, vec) {
    // a segment and its head (the head sized, the tail not); null separates arrows in one trace
    return { x: [from[0], from[0] + vec[0], null], y: [from[1], from[1] + vec[1], null], size: [0, ARROW, 0] };
  }

  function join(parts) {
    const out = { x: [], y: [], size: [] };
    parts.forEach((p) => {
      if (!p) return;
      out.x.push(...p.x);
      out.y.push(...p.y);
      out.size.push(...(p.size || p.x.map(() => 0)));
    });
    return out;
  }

  function finite(v) {
    return v && v.every((c) => c !== null && isFinite(c));
  }

  function model(d, i, sc) {
    // the local quadratic model's axes along the Hessian's eigenvectors, half-lengths ∝ 1/√|λ|, the longer
    // MODEL_PX long: an ellipse where both λ > 0; an axis of negative curvature goes in the saddle trace
    const x = row(d.x, i);
    const lam = row(d.eigenvalues, i);
    const theta = row(d.angle, i);
    if (!finite(x) || !finite(lam) || !isFinite(theta)) return { model: join([]), saddle: join([]) };
    const v = [
      [Math.cos(theta), Math.sin(theta)],
      [-Math.sin(theta), Math.cos(theta)],
    ];
    let r = lam.map((l) => (l !== 0 ? 1 / Math.sqrt(Math.abs(l)) : Infinity));
    const longest = Math.min(...r) * MAX_RATIO;
    r = r.map((ri) => Math.min(ri, longest));
    const px = Math.max(pixels([r[0] * v[0][0], r[0] * v[0][1]], sc), pixels([r[1] * v[1][0], r[1] * v[1][1]], sc));
    const s = MODEL_PX / px;
    r = r.map((ri) => ri * s);
    const axis = (j) => ({
      x: [x[0] - r[j] * v[j][0], x[0] + r[j] * v[j][0], null],
      y: [x[1] - r[j] * v[j][1], x[1] + r[j] * v[j][1], null],
    });
    const bowl = [];
    const saddle = [];
    [0, 1].forEach((j) => (lam[j] > 0 ? bowl : saddle).push(axis(j)));
    if (lam[0] > 0 && lam[1] > 0) {
      const e = { x: [], y: [] };
      for (let q = 0; q < ELLIPSE_POINTS; q++) {
        const t = (2 * Math.PI * q) / (ELLIPSE_POINTS - 1);
        e.x.push(x[0] + r[0] * Math.cos(t) * v[0][0] + r[1] * Math.sin(t) * v[1][0]);
        e.y.push(x[1] + r[0] * Math.cos(t) * v[0][1] + r[1] * Math.sin(t) * v[1][1]);
      }
      e.x.push(null);
      e.y.push(null);
      bowl.push(e);
    }
    return { model: join(bowl), saddle: join(saddle) };
  }

  function scaled(vec, px, sc) {
    // vec drawn px pixels long, in its own direction
    const n = pixels(vec, sc);
    return n > 0 ? [(vec[0] * px) / n, (vec[1] * px) / n] : null;
  }

  function lmPath(d, i, x) {
    // Levenberg–Marquardt's step −(JᵀJ + μI)⁻¹Jᵀe for every μ: from Gauss–Newton (μ → 0) to nothing (μ → ∞)
    const a = row(d.inside.jtj, i);
    const g = row(d.inside.jte, i);
    if (!finite(a) || !finite(g)) return null;
    const out = { x: [], y: [] };
    MU_PATH.forEach((mu) => {
      const p = a[0] + mu;
      const q = a[1];
      const r = a[2] + mu;
      const det = p * r - q * q;
      if (!(Math.abs(det) > 0)) return;
      out.x.push(x[0] - (r * g[0] - q * g[1]) / det);
      out.y.push(x[1] - (p * g[1] - q * g[0]) / det);
    });
    out.x.push(null);
    out.y.push(null);
    return out;
  }

  function shapes(cur) {
    // every inside trace's points at iterate cur.i, by name
    const d = inside.data;
    const sc = scales();
    const empty = {};
    NAMES.forEach((n) => (empty[n] = { x: [], y: [] }));
    if (!cur || !sc || ns.clock.runs().length === 0) return empty;
    const i = cur.i;
    const x = row(d.x, i);
    if (!finite(x)) return empty;
    const out = Object.assign(empty, model(d, i, sc));
    const g = row(d.gradient, i);
    const labels = { x: [], y: [], text: [] };
    const label = (p, text) => {
      labels.x.push(p[0]);
      labels.y.push(p[1]);
      labels.text.push(text);
    };
    if (finite(g)) {
      const down = scaled([-g[0], -g[1]], GRADIENT_PX, sc);
      if (down) {
        out.gradient = arrow(x, down);
        label([x[0] + down[0], x[1] + down[1]], "−∇F");
      }
    }
    const came = row(d.step_in, i);
    if (finite(came) && (came[0] || came[1])) out.came = arrow([x[0] - came[0], x[1] - came[1]], came);
    const next = row(d.step_out, i);
    const parts = [];
    const trials = [];
    const alg = d.algorithm;
    const inn = d.inside;
    if (!cur.last && finite(next) && alg !== "vlbp") out.step = arrow(x, next);
    if (alg === "mobp" || alg === "nesterov" || alg === "vlbp") {
      const m = row(inn.momentum_term, i);
      const t = row(inn.gradient_term, i);
      if (finite(m) && finite(t) && !cur.last) {
        parts.push(arrow(x, m));
        parts.push(arrow([x[0] + m[0], x[1] + m[1]], t));
        if (alg === "vlbp") {
          const accepted = row(inn.accepted, i);
          const sum = [m[0] + t[0], m[1] + t[1]];
          if (accepted) out.step = arrow(x, sum);
          else trials.push(arrow(x, sum));
        }
      }
      if (alg === "nesterov") {
        const ahead = row(inn.lookahead, i);
        if (finite(ahead)) label(ahead, "look-ahead");
      }
      // the velocity's direction beside −∇F's: the angle between them is what momentum does
      const v = row(inn.velocity, i);
      const along = finite(v) ? scaled(v, GRADIENT_PX, sc) : null;
      if (along) {
        out.velocity = arrow(x, along);
        label([x[0] + along[0], x[1] + along[1]], alg === "nesterov" ? "v" : "Δx<sub>k−1</sub>");
      }
    }
    if (alg === "lmbp" || alg === "br") {
      // the damped step lies on the curve of steps from Gauss–Newton (μ → 0) back to x along −∇F (μ → ∞)
      const gn = row(inn.gauss_newton, i);
      if (finite(gn) && !cur.last) {
        parts.push(arrow(x, gn));
        if (pixels(gn, sc) > LABEL_PX) label([x[0] + gn[0], x[1] + gn[1]], "Gauss–Newton (μ → 0)");
      }
      if (alg === "lmbp" && !cur.last) out.path = lmPath(d, i, x);
    }
    if (alg === "newton") {
      const nt = row(d.newton, i);
      if (finite(nt) && pixels(nt, sc) > LABEL_PX) {
        label([x[0] + nt[0], x[1] + nt[1]], row(d.indefinite, i) ? "toward a saddle" : "Newton");
      }
    }
    if (inn.rejected) {
      const rows = eventsAt(inn.rejected, i) || [];
      rows.forEach((r) => trials.push({ x: [x[0], r[0], null], y: [x[1], r[1], null], size: [0, 9, 0] }));
    }
    if (alg === "cgbp" && inn.search) {
      const s = row(inn.search, i);
      if (finite(s.slice(0, 4))) {
        const [ox, oy, px, py, lo, hi] = s;
        const far = isFinite(hi) ? hi * 1.25 : 1;
        out.path = { x: [ox, ox + far * px, null], y: [oy, oy + far * py, null] };
        if (isFinite(lo) && isFinite(hi)) {
          out.bracket = { x: [ox + lo * px, ox + hi * px, null], y: [oy + lo * py, oy + hi * py, null] };
        }
      }
      const probes = eventsAt(inn.probes, i) || [];
      out.probes = { x: probes.map((p) => p[0]), y: probes.map((p) => p[1]) };
    }
    out.parts = join(parts);
    out.trials = join(trials);
    out.labels = labels;
    return out;
  }

  // ---------- the traces ----------

  const NAMES = [
    "model",
    "saddle",
    "path",
    "bracket",
    "probes",
    "trials",
    "came",
    "parts",
    "step",
    "velocity",
    "gradient",
    "labels",
  ];

  function styleOf(name, color) {
    const line = (c, w, dash) => ({ line: { color: c, width: w, dash: dash || "solid" } });
    const head = (c) => ({ marker: { symbol: "arrow", angleref: "previous", color: c, size: 0, line: { width: 0 } } });
    switch (name) {
      case "model":
        return Object.assign({ mode: "lines" }, line("rgba(255,255,255,0.95)", 1.6));
      case "saddle":
        return Object.assign({ mode: "lines" }, line("#ff3b3b", 2.2, "dash"));
      case "path":
        return Object.assign({ mode: "lines" }, line("rgba(255,255,255,0.8)", 1.4, "dot"));
      case "bracket":
        return Object.assign({ mode: "lines" }, line("#ffd60a", 5));
      case "probes":
        return { mode: "markers", marker: { symbol: "circle-open", size: 8, color: "#ffd60a", line: { width: 2 } } };
      case "trials":
        return Object.assign({ mode: "lines+markers" }, line("rgba(255,255,255,0.7)", 1.2, "dash"), {
          marker: { symbol: "x-thin-open", size: 0, color: "#ffffff", line: { width: 2, color: "#ffffff" } },
        });
      case "came":
        return Object.assign({ mode: "lines+markers" }, line(color, 2, "dot"), head(color));
      case "parts":
        return Object.assign({ mode: "lines+markers" }, line(color, 2, "dash"), head(color));
      case "step":
        return Object.assign({ mode: "lines+markers" }, line(color, 3.5), head(color));
      case "gradient":
        return Object.assign({ mode: "lines+markers" }, line("#ffffff", 2.5), head("#ffffff"));
      case "velocity":
        return Object.assign({ mode: "lines+markers" }, line("#ffffff", 2, "dash"), head("#ffffff"));
      default:
        return {
          mode: "text",
          textposition: "top right",
          textfont: { color: "#ffffff", size: 13 },
          cliponaxis: true,
        };
    }
  }

  function update(name, p) {
    // an empty trace as one null point: Plotly.animate leaves a line drawn when it is given no points at all
    const empty = !p.x || !p.x.length;
    const u = { x: empty ? [null] : p.x, y: empty ? [null] : p.y };
    if (p.size) u["marker.size"] = p.size;
    if (name === "trials") u["marker.size"] = (p.size || []).map((s) => (s ? 9 : 0));
    if (p.text) u.text = p.text;
    return u;
  }

  function traces() {
    // the overlay's inside traces (empty until the panel is open and its data have come)
    const d = inside.data;
    const run = theRun();
    if (!d || !run) return [];
    const color = ns.presentation.colorOf(run);
    const now = shapes(current());
    return NAMES.map((name) =>
      Object.assign({ type: "scatter", name: "inside: " + name, meta: "inside:" + name, hoverinfo: "skip" }, styleOf(name, color), {
        x: (now[name] && now[name].x) || [],
        y: (now[name] && now[name].y) || [],
        text: name === "labels" ? now.labels.text : undefined,
        marker: Object.assign({}, styleOf(name, color).marker || {}, now[name] && now[name].size ? { size: now[name].size } : {}),
      })
    );
  }

  function frame() {
    // the inside traces at this frame's iterate; nothing when the iterate (and the zoom) is the one drawn
    if (!inside.data || !theRun()) return [];
    const cur = current();
    const sc = scales();
    const drawn = cur && sc ? [cur.i, sc.sx, sc.sy].join() : null;
    if (drawn !== null && drawn === inside.drawn) return [];
    inside.drawn = drawn;
    const now = shapes(cur);
    return NAMES.map((name) => ["inside:" + name, update(name, now[name] || {})]);
  }

  // ---------- the panel: the equation with the numbers ----------

  function n(v, digits) {
    return ns.fmt(v, digits || 4);
  }

  function vec(v) {
    if (!v) return "—";
    return '<span class="vec"><span>' + n(v[0]) + "</span><span>" + n(v[1]) + "</span></span>";
  }

  function scaledVec(v, c) {
    return v ? [v[0] * c, v[1] * c] : null;
  }

  function add(a, b) {
    return a && b ? [a[0] + b[0], a[1] + b[1]] : null;
  }

  function line(html) {
    return '<div class="eq">' + html + "</div>";
  }

  function words(html) {
    return '<p class="note">' + html + "</p>";
  }

  function curvatureWords(d, i) {
    const lam = row(d.eigenvalues, i);
    if (!finite(lam)) return "";
    let what;
    if (lam[0] > 0) {
      what = "a bowl: the model is an ellipse, its axes " + n(Math.sqrt(lam[1] / lam[0]), 3) + " to 1 (condition number " +
        n(lam[1] / lam[0], 3) + ")";
    } else if (lam[1] > 0) what = "saddle-like: F curves down along the red axis";
    else what = "curving down in both directions";
    return words("Curvature here: λmin = " + n(lam[0]) + ", λmax = " + n(lam[1]) + "; " + what + ".");
  }

  function numbers(cur) {
    const d = inside.data;
    const i = cur.i;
    const x = row(d.x, i);
    const g = row(d.gradient, i);
    const F = row(d.F, i);
    const next = row(d.step_out, i);
    const inn = d.inside;
    const s = d.s;
    const k = Math.round(cur.epoch).toLocaleString("en-US");
    const xnext = "x<sub>" + Math.round(cur.epoch + 1).toLocaleString("en-US") + "</sub>";
    const out = [];
    out.push(
      words(
        "Iterate " + k + (cur.last ? " (the last)" : "") + ": F = " + n(F, 5) + ", |∇F| = " + n(g ? Math.hypot(g[0], g[1]) : NaN, 3) +
        "."
      )
    );
    const newX = add(x, next);
    const alg = d.algorithm;
    if (alg === "sdbp" || alg === "sgd") {
      out.push(line(xnext + " = " + vec(x) + " − " + n(s.alpha) + " · " + vec(g) + " = " + vec(cur.last ? null : add(x, scaledVec(g, -s.alpha)))));
      const lam = row(d.eigenvalues, i);
      if (finite(lam) && lam[1] > 0) {
        const r = s.alpha * lam[1];
        out.push(words("α·λmax = " + n(r, 3) + (r > 2 ? ": past 2, a fixed step overshoots here." : ": below 2, a fixed step is stable here.")));
      }
      if (alg === "sgd") out.push(words("An epoch is 41 single-sample steps; its whole step: " + vec(next) + "."));
    } else if (alg === "mobp" || alg === "nesterov") {
      const m = row(inn.momentum_term, i);
      const t = row(inn.gradient_term, i);
      const gamma = s.gamma;
      if (alg === "mobp") {
        out.push(line("Δx<sub>" + k + "</sub> = " + n(gamma) + " · " + vec(row(inn.velocity, i)) + " − (1 − " + n(gamma) + ") · " + n(s.alpha) + " · " + vec(g)));
      } else {
        out.push(line("v<sub>" + k + "+1</sub> = " + n(gamma) + " · " + vec(row(inn.velocity, i)) + " − " + n(s.alpha) + " · ∇F" + vec(row(inn.lookahead, i)) + " = " + n(gamma) + " · v − " + n(s.alpha) + " · " + vec(row(inn.gradient_ahead, i))));
      }
      out.push(line("= " + vec(m) + " (momentum) + " + vec(t) + " (gradient) = " + vec(add(m, t))));
    } else if (alg === "vlbp") {
      const a = row(inn.alpha, i);
      const gm = row(inn.gamma, i);
      const accepted = row(inn.accepted, i);
      out.push(line("Δx = " + n(gm) + " · Δx<sub>k−1</sub> − (1 − " + n(gm) + ") · " + n(a) + " · " + vec(g) + " = " + vec(add(row(inn.momentum_term, i), row(inn.gradient_term, i)))));
      const rejected = eventsAt(inn.rejected, i);
      out.push(words((accepted ? "Accepted" : "Rejected: F rose by more than ζ, so α ← ρα and γ ← 0") + "; α = " + n(a) + ", γ = " + n(gm) +
        (gm === 0 ? " (momentum off after a rejection)" : "") + "." + (rejected && rejected.length ? " " + rejected.length + " rejected trial(s) at this iterate, drawn dashed." : "")));
    } else if (alg === "cgbp") {
      const p = row(inn.direction, i);
      const a = row(inn.step, i);
      const b = row(inn.beta, i);
      out.push(line(xnext + " = " + vec(x) + " + " + n(a) + " · " + vec(p) + " = " + vec(newX)));
      const sr = row(inn.search, i);
      const probes = eventsAt(inn.probes, i);
      out.push(words("Search direction p<sub>k</sub>" + (row(inn.restarted, i) ? " = −∇F (a restart)" : "") + "; " +
        (probes ? probes.length + " probes along it (circles), " : "") +
        (finite(sr) && isFinite(sr[4]) ? "bracket [" + n(sr[4], 3) + ", " + n(sr[5], 3) + "] (yellow), " : "") +
        "step a<sub>k</sub> = " + n(a) + "; the next direction takes β = " + n(b) + "."));
    } else if (alg === "lmbp" || alg === "br") {
      const mu = row(inn.mu, i);
      const dmp = row(inn.damped, i);
      if (alg === "lmbp") {
        out.push(line("Δx = −(JᵀJ + " + n(mu) + " I)<sup>−1</sup> Jᵀe = " + vec(dmp)));
        out.push(words("As μ → 0 it becomes the Gauss–Newton step " + vec(row(inn.gauss_newton, i)) + "; as μ grows it turns " +
          "toward −∇F and shrinks, like steepest descent with α = 1/(2μ). The dotted curve is the step for every μ between."));
      } else {
        out.push(line("Δx = −(2βJᵀJ + 2αI + μI)<sup>−1</sup>(2βJᵀe + 2αx) = " + vec(dmp)));
        out.push(words("α = " + n(row(inn.alpha, i)) + ", β = " + n(row(inn.beta, i)) + ", effective number of parameters γ = " + n(row(inn.gamma, i), 3) + ", μ = " + n(mu) + "."));
      }
      const rejected = eventsAt(inn.rejected, i);
      if (rejected && rejected.length) out.push(words(rejected.length + " rejected trial(s) (F rose, μ ← μθ), drawn dashed."));
    } else if (alg === "newton") {
      const nt = row(d.newton, i);
      out.push(line("Δx = −H<sup>−1</sup>∇F = " + vec(nt)));
      const lam = row(d.eigenvalues, i);
      if (row(d.indefinite, i)) out.push(words("H has eigenvalues of both signs: this step heads for a saddle point of the model, not a minimum."));
      else if (finite(lam) && lam[1] < 0) out.push(words("H is negative definite: this step heads for a maximum of the model."));
    } else if (alg === "rmsprop" || alg === "adam") {
      const rate = row(inn.rate, i);
      out.push(line("Δx<sub>i</sub> = −r<sub>i</sub> ∂F/∂x<sub>i</sub>, r = " + vec(rate) + " (α = " + n(s.alpha) + ")"));
      out.push(words("Each parameter has its own effective learning rate r" + (alg === "adam" ? " (with the momentum's share)" : "") + "; the step: " + vec(next) + "."));
    }
    out.push(curvatureWords(d, i));
    return out.join("");
  }

  function side() {
    // the numbers, at most every WRITE_MS while playing (a person reads them paused or stepping)
    const el = ns.el("INSIDE_NUMBERS");
    if (!el) return;
    const now = performance.now();
    if (ns.clock.playing() && now - inside.writtenAt < WRITE_MS) return;
    inside.writtenAt = now;
    const cur = inside.data ? current() : null;
    const text = cur ? numbers(cur) : "";
    if (text !== inside.written) {
      el.innerHTML = text;
      inside.written = text;
    }
  }

  ns.overlay.addLayer({ traces: traces, frame: frame });
  ns.on("side", side);

  // Dash does not hear a <details> fold: tell it, so that the scene (and the link) follows the panel
  document.addEventListener(
    "toggle",
    (ev) => {
      const el = ev.target;
      if (el && ns.config && el.id === ns.ids.INSIDE_PANEL) ns.setProps("INSIDE_PANEL", { open: el.open });
    },
    true
  );

  ns.clientside("inside", {
    // (inside-store) -> drawn on the map and written in the panel
    setData: function (raw) {
      if (!raw && !inside.data) return ns.noUpdate(); // closed, and it was: nothing to redraw
      inside.data = load(raw);
      inside.written = null;
      inside.drawn = null;
      ns.overlay.redraw();
      side();
      return ns.noUpdate();
    },
  });
})(window.lossExplorer);
