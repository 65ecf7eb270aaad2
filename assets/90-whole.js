/*
 * The slice follows the iterate (explorer/components/whole/view.py): while a run of the whole network plays, the map's
 * contour (uid "surface") is switched to the slice through the followed run's other five values at the keyframe
 * the clock has passed, and a note on the map says which ("slice through epoch 1,200's values"). The keyframe
 * maps arrive once (follow-store: log10 F, float32 in the one encoding, on a coarser grid); this part follows the
 * clock, so it moves with the runs and costs the server nothing while it plays. With following off, the map's
 * own contour is put back.
 */
(function (ns) {
  "use strict";

  const NOTE = "follow-note"; // the note on the map, made here
  const follow = { data: null, frames: [], shown: -1, saved: null, savedData: null, message: null };

  function load(raw) {
    follow.data = raw && Array.isArray(raw.frames) && raw.frames.length ? raw : null;
    follow.frames = follow.data
      ? raw.frames.map((f) => {
          const z = ns.decode(f.z);
          const n = ns.width(f.z);
          const rows = [];
          for (let i = 0; i < z.length / n; i++) rows.push(Array.from(z.subarray(i * n, (i + 1) * n)));
          let lo = Infinity;
          let hi = -Infinity;
          z.forEach((v) => {
            if (isFinite(v)) {
              lo = Math.min(lo, v);
              hi = Math.max(hi, v);
            }
          });
          return { epoch: f.epoch, z: rows, lo: lo, hi: hi };
        })
      : [];
    follow.shown = -1;
  }

  function mapDiv() {
    return ns.graph("MAP");
  }

  function contourIndex(gd) {
    return gd && Array.isArray(gd.data) ? gd.data.findIndex((t) => t.uid === "surface") : -1;
  }

  function note(text) {
    const stack = ns.el("MAP_VIEW");
    if (!stack) return;
    let el = document.getElementById(NOTE);
    if (!el) {
      el = document.createElement("div");
      el.id = NOTE;
      el.className = "follow-note";
      el.setAttribute("aria-live", "polite");
      stack.appendChild(el);
    }
    el.textContent = text || "";
    el.hidden = !text;
  }

  function hideMarkers(hidden) {
    // the star and the stationary points (on the map, uid "optimum" / "critical-…", and again on the overlay,
    // meta "marker:…") are the map's own slice's: hidden while another slice is shown
    const marked = {
      MAP: (t) => t.uid === "optimum" || String(t.uid || "").startsWith("critical-"),
      OVERLAY: (t) => String(t.meta || "").startsWith("marker:"),
    };
    Object.entries(marked).forEach(([name, isMarker]) => {
      const gd = ns.graph(name);
      if (!ns.ready(gd) || !Array.isArray(gd.data)) return;
      const idx = [];
      gd.data.forEach((t, i) => {
        if (isMarker(t) && (t.visible === false) !== hidden) idx.push(i);
      });
      if (idx.length) Plotly.restyle(gd, { visible: !hidden }, idx);
    });
  }

  function frameAt(run) {
    // the latest keyframe at or before the followed run's current point
    const epoch = run.epoch[ns.clock.index(run)];
    let j = 0;
    for (let i = 0; i < follow.frames.length; i++) if (follow.frames[i].epoch <= epoch) j = i;
    return j;
  }

  function restore() {
    const gd = mapDiv();
    const i = contourIndex(gd);
    if (follow.saved && gd && gd.data === follow.savedData && i >= 0) {
      Plotly.restyle(gd, { x: [follow.saved.x], y: [follow.saved.y], z: [follow.saved.z] }, [i]);
    }
    follow.saved = null;
    follow.savedData = null;
    follow.shown = -1;
    note("");
    hideMarkers(false);
  }

  function show(j) {
    const gd = mapDiv();
    const i = contourIndex(gd);
    if (!ns.ready(gd) || i < 0) return;
    if (gd.data !== follow.savedData) {
      // a map the server drew since: its contour is the one to put back later
      const t = gd.data[i];
      follow.saved = { x: t.x, y: t.y, z: t.z };
      follow.savedData = gd.data;
    }
    const f = follow.frames[j];
    Plotly.restyle(gd, { x: [follow.data.x], y: [follow.data.y], z: [f.z] }, [i]);
    follow.savedData = gd.data;
    follow.shown = j; // the value under the pointer is asked for on this keyframe's slice
    const epoch = Math.round(f.epoch).toLocaleString("en-US");
    note(
      "slice through epoch " + epoch + "'s values (keyframe " + (j + 1) + " of " + follow.frames.length + ")" +
        offScale(f, gd.data[i].contours)
    );
    const el = document.getElementById(NOTE);
    if (el) el.dataset.keyframe = String(j);
  }

  function offScale(f, contours) {
    // the colours keep the map's own scale, so that keyframes compare; a slice that leaves it says so
    if (!contours || !isFinite(f.lo) || !isFinite(f.hi)) return "";
    const F = (v) => Number(Math.pow(10, v).toPrecision(3)).toString();
    const range = "F here " + F(f.lo) + " to " + F(f.hi);
    if (f.lo > contours.end) return ": " + range + ", all above the colour scale (top " + F(contours.end) + ")";
    if (f.hi > contours.end) return ": " + range + ", above the colour scale's top (" + F(contours.end) + ") in part";
    return "";
  }

  function side() {
    if (!follow.data) return;
    const run = ns.clock.runs().find((r) => r.key === follow.data.key);
    if (!run) return;
    const gd = mapDiv();
    const j = frameAt(run);
    if (j !== follow.shown || (gd && gd.data !== follow.savedData)) show(j);
    hideMarkers(true);
  }

  ns.on("side", side);

  ns.clientside("whole", {
    // (draft) -> the training panel's "Train more parameters" unfolded when the draft trains more than two
    openPanel: function (draft) {
      const el = document.querySelector(".whole-panel");
      if (el && draft && Array.isArray(draft.free) && draft.free.length) el.open = true;
      return ns.noUpdate();
    },
    // (follow-store) -> the keyframe maps loaded, the map switched to the current one (or put back)
    setFollow: function (raw) {
      if (!raw && !follow.data && !follow.message) return ns.noUpdate();
      if (follow.data) restore();
      follow.message = raw && raw.message ? raw.message : null; // following on, with no run of more than two
      note(follow.message || "");
      load(raw);
      // the loss plot's dotted curve: the slice this view shows (followed) or the map's
      ns.side.follow(follow.data ? follow.data.key : null);
      side();
      return ns.noUpdate();
    },
  });

  ns.whole = {
    // the keyframe whose slice the map shows, or null while it shows its own
    keyframe: () => (follow.data && follow.shown >= 0 ? follow.shown : null),
  };
})(window.lossExplorer);
