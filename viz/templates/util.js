/* orgkg explorers' shared helpers (the vis-network and WebGL pages). Text
 * goes into the page with textContent only; links only to this server's
 * paths or to http(s) addresses. */
window.orgkgUtil = (function () {
  "use strict";
  return {
    el: function (tag, text, cls) {
      var e = document.createElement(tag);
      if (text !== undefined && text !== null) { e.textContent = text; }
      if (cls) { e.className = cls; }
      return e;
    },
    /* A name as search compares it: no accents, case or punctuation. */
    fold: function (text) {
      return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
    },
    safeHref: function (url) {
      return typeof url === "string" && (/^\/(?!\/)/.test(url) || /^https?:\/\//.test(url)) ? url : "";
    },
  };
})();
