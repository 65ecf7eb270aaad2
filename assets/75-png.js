/*
 * The PNG of what is shown: the map with the paths drawn above it (the two layers composed at the current frame),
 * the 3-D surface, a plane's map, the two plots along lines, or the learning-rate map.
 */
(function (ns) {
  "use strict";

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

  function titled(gd, title) {
    // the graph as a figure with a title on top, above its legend (for an image that says what it is)
    const size = ns.presentation.on() ? 22 : 15;
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

  function stacked(parts, name, what) {
    // graphs one above the other in one image: parts are [graph, title or null]
    const graphs = parts.filter((p) => ns.ready(p[0]));
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
        ns.say("Exported " + what + " as " + name + ".");
      })
    );
  }

  function planeTitle() {
    // where the plane passes (explorer/components/planes/build.py title_for); the axes say what spans it
    const gd = ns.graph("PLANE_GRAPH");
    return (gd && gd.layout && gd.layout.meta && gd.layout.meta.title) || "";
  }

  function exportShown() {
    // what is shown: the plane's map (or surface) with its projected paths, the two plots along lines, or the
    // map and the paths above it, composed into one image at the current frame
    if (ns.onScreen("PLANE_VIEW")) {
      stacked([[ns.graph("PLANE_GRAPH"), planeTitle()]], "loss-surface-plane.png", "the map on the plane shown");
      return;
    }
    if (ns.onScreen("LINE_VIEW")) {
      const parts = [[ns.graph("LINE_RUNS_GRAPH"), null], [ns.graph("LINE_SWAP_GRAPH"), null]];
      stacked(parts, "loss-along-lines.png", "the two plots along lines");
      return;
    }
    if (ns.onScreen("SURFACE_VIEW")) {
      stacked([[ns.graph("SURFACE"), null]], "loss-surface-3d.png", "the 3-D surface with the runs");
      return;
    }
    if (ns.onScreen("HYPER_VIEW")) {
      stacked([[ns.graph("HYPER_GRAPH"), null]], "learning-rate-map.png", "the learning-rate map");
      return;
    }
    const map = ns.graph("MAP");
    const overlay = ns.graph("OVERLAY");
    if (!ns.ready(map) || !ns.ready(overlay)) return;
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

  ns.png = { exportShown: exportShown };
})(window.lossExplorer);
