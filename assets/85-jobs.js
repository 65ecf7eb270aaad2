/* The job panels (explorer/components/jobs/): this page's id, made once and kept in the tab's session storage, so
 * that the server can hold a page to one long job of a kind at a time. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  jobs: {
    clientId: function (config, current) {
      if (typeof current === "string" && current) return current;
      const bytes = new Uint8Array(12);
      window.crypto.getRandomValues(bytes);
      return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    },
  },
});
