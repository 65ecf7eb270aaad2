/*
 * The link: the scene in the address bar (explorer/core/scene.py writes it; this part puts it there, with a history
 * entry when a person changed something and the playback position without one), Back and Forward, the copied
 * link, and the exports that are served from it.
 */
(function (ns) {
  "use strict";

  function readable(query) {
    // keep commas and the = inside a run readable, as the server writes them (and a run's free=b1_1+b2 and
    // init=small:3: a + reads back as a space, which explorer/core/whole.py takes as the same separator)
    return query.replace(/%2C/gi, ",").replace(/%3D/gi, "=").replace(/%2B/gi, "+").replace(/%3A/gi, ":");
  }

  function writePosition() {
    // the playback position goes into the link without a history entry of its own
    if (!ns.clock.runs().length) return;
    const params = new URLSearchParams(window.location.search);
    const text = ns.clock.positionText();
    if (Number(text) > 0) params.set("t", text);
    else params.delete("t");
    const query = readable(params.toString());
    if ("?" + query !== window.location.search) history.replaceState(history.state, "", "?" + query);
  }

  function writeUrl(link) {
    // a loaded scene (a link, a preset, a file, Back / Forward) opens at its own position and waits for Play;
    // after any other change the runs a person adds play from the start
    if (!link || typeof link.query !== "string") return;
    const params = new URLSearchParams(link.query);
    if (link.load) {
      ns.clock.openAt(params.has("t") ? Number(params.get("t")) || 0 : 0);
    } else {
      ns.clock.forgetPosition();
      if (ns.clock.runs().length && ns.clock.pos() > 0) params.set("t", ns.clock.positionText());
      else params.delete("t");
    }
    if (link.history === "none") return;
    const url = "?" + readable(params.toString());
    if (link.history === "push" && url !== window.location.search) history.pushState({ scene: true }, "", url);
    else history.replaceState({ scene: true }, "", url);
  }

  window.addEventListener("popstate", () => {
    ns.setProps("URL_IN", { data: { search: window.location.search, pop: true, at: Date.now() } });
  });

  function copy() {
    const url = window.location.href;
    const long = window.location.search.length > (ns.config ? ns.config.maxQuery : 4000);
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
      ns.say((ok ? "Link copied." : "Copy this link: " + url) + tail);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(() => ns.say("Link copied." + tail), fallback);
    } else {
      fallback();
    }
  }

  document.addEventListener("click", (ev) => {
    // exports of the scene as it is now: the address bar holds it, playback position included
    if (!ns.config || !ev.target.closest) return;
    const ids = ns.ids;
    const link = ev.target.closest("#" + ids.EXPORT_HTML + ", #" + ids.EXPORT_SCENE);
    if (link) link.href = (link.id === ids.EXPORT_HTML ? "export/figure.html" : "export/scene.json") + window.location.search;
  });

  ns.clientside("explorer", {
    // (config) -> the address bar's query, once, when the page opens
    readUrl: function (config) {
      ns.configure(config);
      return { search: window.location.search, pop: false, at: Date.now() };
    },
    // (link) -> a history entry pushed or replaced for the scene's link
    writeUrl: function (link) {
      writeUrl(link);
      return ns.noUpdate();
    },
  });

  ns.link = { writePosition: writePosition, copy: copy };
})(window.lossExplorer);
