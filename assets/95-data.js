/* The gradient-check panel (explorer/data_view.py): Dash does not hear a <details> fold, so tell it, and the
 * server fills the table only while the panel is open. */
(function () {
  "use strict";
  document.addEventListener(
    "toggle",
    (ev) => {
      const el = ev.target;
      if (el && el.id === "gradcheck-panel" && window.dash_clientside && window.dash_clientside.set_props) {
        window.dash_clientside.set_props("gradcheck-panel", { open: el.open });
      }
    },
    true
  );
})();
