/*
 * The controls around the stage: the playback bar (play, step, restart, the scrubber, speed, loop, the clock),
 * the keys, the top bar's buttons, the menus and the drawer, and the readout under the map.
 */
(function (ns) {
  "use strict";

  const CLOCK_TITLE = {
    epochs: "epoch",
    log: "epoch + 1 (log scale)",
    evals: "evaluations of F, ∇F, J and H",
  };

  let scrubbing = false; // the scrubber is held: the readout leaves it alone

  // ---------- the scrubber ----------

  function ensureScrubber() {
    const holder = ns.el("SCRUBBER");
    if (!holder || holder.querySelector("input")) return;
    const input = document.createElement("input");
    input.type = "range";
    input.min = "0";
    input.max = "1000";
    input.value = "0";
    input.setAttribute("aria-label", "position in the runs");
    const jump = () => ns.clock.seekShare(Number(input.value) / 1000);
    input.addEventListener("pointerdown", () => (scrubbing = true));
    window.addEventListener("pointerup", () => {
      if (scrubbing) {
        scrubbing = false;
        ns.link.writePosition();
      }
    });
    input.addEventListener("input", jump);
    input.addEventListener("change", jump);
    holder.appendChild(input);
  }

  // ---------- the readout ----------

  function clockText() {
    const n = (v) => Math.round(v).toLocaleString("en-US");
    const pos = ns.clock.pos();
    const max = ns.clock.posMax();
    const kind = ns.clock.kind();
    if (kind === "evals") return "evaluations " + n(pos) + " of " + n(max);
    if (kind === "log") return "epoch " + n(Math.pow(10, pos) - 1) + " of " + n(Math.pow(10, max) - 1) + " (log clock)";
    return "epoch " + n(pos) + " of " + n(max);
  }

  function readout() {
    const runs = ns.clock.runs();
    const el = ns.el("READOUT");
    if (el) {
      if (!runs.length) {
        el.textContent = "Click the map to choose a start, then press Run.";
      } else if (ns.clock.predicting()) {
        el.textContent = "Predict first: where will each run end, and how long will it take? Then press ▶.";
      } else {
        const parts = runs.map((run) => {
          const k = ns.clock.index(run);
          return (
            run.label + ": epoch " + Math.round(run.epoch[k]).toLocaleString("en-US") + ", F = " + ns.fmt(run.F[k], 4) +
            " at (" + ns.fmt(run.x[k], 5) + ", " + ns.fmt(run.y[k], 5) + ")"
          );
        });
        el.textContent = clockText() + "  ·  " + parts.join("  ·  ");
      }
    }
    const holder = ns.el("SCRUBBER");
    const slider = holder && holder.querySelector("input");
    if (slider && !scrubbing) {
      const max = ns.clock.posMax();
      slider.value = max ? Math.round((1000 * ns.clock.pos()) / max) : 0;
    }
    const play = ns.el("PLAY");
    if (play) play.dataset.playing = ns.clock.playing() ? "1" : "0";
  }

  ns.on("side", readout);
  ns.on("status", readout);

  // ---------- keys ----------

  function typing(target) {
    // a key belongs to what has focus when it is a box, a list or a slider
    if (!target || target === document.body) return false;
    if (target.isContentEditable) return true;
    if (["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) return true;
    return !!target.closest('[role="slider"], [role="combobox"], [role="listbox"], .dash-dropdown, .rc-slider');
  }

  function onKey(ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || !ns.config) return;
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
      ns.clock.toggle();
    } else if (ev.key === "ArrowRight") {
      ev.preventDefault();
      ns.clock.step(1);
    } else if (ev.key === "ArrowLeft") {
      ev.preventDefault();
      ns.clock.step(-1);
    } else if (ev.key === "Home") {
      ev.preventDefault();
      ns.clock.restart();
    } else if (ev.key === "p" || ev.key === "P") {
      ns.presentation.toggle();
    } else if (ev.key === "?") {
      toggleHelp();
    }
  }

  function toggleHelp(show) {
    const panel = ns.el("HELP_PANEL");
    if (!panel) return;
    panel.hidden = show === undefined ? !panel.hidden : !show;
  }

  document.addEventListener("keydown", onKey);

  document.addEventListener("click", (ev) => {
    if (!ns.config || !ev.target.closest) return;
    if (ev.target.closest(".lesson-card")) {
      const menu = ns.el("LESSONS");
      if (menu) menu.open = false;
    }
    // the drawer gets out of the way of the map once a run or a lesson is on its way
    if (ev.target.closest("#" + ns.ids.RUN + ", .lesson-card")) document.body.classList.remove("drawer-open");
    // a menu closes when a click lands outside it
    document.querySelectorAll("details.menu[open]").forEach((menu) => {
      if (!menu.contains(ev.target)) menu.open = false;
    });
  });

  // ---------- what the Dash callbacks call (each component's callbacks.py) ----------

  ns.clientside("explorer", {
    // (play, step, back, restart clicks)
    control: function () {
      const name = ns.triggered();
      if (name === "PLAY") ns.clock.toggle();
      else if (name === "STEP") ns.clock.step(1);
      else if (name === "STEP_BACK") ns.clock.step(-1);
      else if (name === "RESTART") ns.clock.restart();
      return ns.noUpdate();
    },
    // (speed, loop, clock, config)
    settings: function (speed, loop, clock, config) {
      ns.configure(config);
      ns.clock.settings(Math.pow(2, Number(speed) || 0), (loop || []).includes("loop"));
      if (ns.clock.setKind(clock)) {
        ns.side.redrawLoss();
        ns.overlay.whenReady(() => ns.clock.draw(true));
      }
      return ns.noUpdate();
    },
    // (copy, png, present, help, drawer, lesson clicks)
    topBar: function () {
      const name = ns.triggered();
      if (name === "COPY_LINK") ns.link.copy();
      else if (name === "EXPORT_PNG") ns.png.exportShown();
      else if (name === "PRESENT") ns.presentation.toggle();
      else if (name === "HELP") toggleHelp();
      else if (name === "DRAWER") document.body.classList.toggle("drawer-open");
      return ns.noUpdate();
    },
  });

  ns.controls = { ensureScrubber: ensureScrubber, readout: readout, clockTitle: (kind) => CLOCK_TITLE[kind] };
})(window.lossExplorer);
