/* The gradient-check panel (explorer/components/data/view.py): Dash does not hear a <details> fold, so tell it, and the
 * server fills the table only while the panel is open. */
(function (ns) {
  "use strict";
  document.addEventListener(
    "toggle",
    (ev) => {
      const el = ev.target;
      if (el && ns.config && el.id === ns.ids.GRADCHECK_PANEL && window.dash_clientside.set_props) {
        ns.setProps("GRADCHECK_PANEL", { open: el.open });
      }
    },
    true
  );
})(window.lossExplorer);
