// The SPARQL page: YASGUI on this server's endpoint, with completions from the
// ontology instead of prefix.cc and Linked Open Vocabularies (no outside request).
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("sparql-config").textContent);
  var Yasqe = Yasgui.Yasqe;
  var endpoint = window.location.origin + "/sparql";

  function terms(kind) {
    return function () {
      return fetch("/api/terms?kind=" + kind).then(function (r) { return r.json(); });
    };
  }
  Yasqe.forkAutocompleter("class", { name: "orgkg-class", bulk: true, get: terms("class") });
  Yasqe.forkAutocompleter("property", { name: "orgkg-property", bulk: true, get: terms("property") });
  Yasqe.defaults.autocompleters = Yasqe.defaults.autocompleters.filter(function (name) {
    return name !== "class" && name !== "property";
  });

  // YASR's table gives DataTables the cell's HTML for type detection, so
  // numbers sort as text ("16" before "8"); give it the plain value instead.
  var Table = Yasgui.Yasr.plugins.table;
  var getColumns = Table.prototype.getColumns;
  Table.prototype.getColumns = function () {
    return getColumns.call(this).map(function (column) {
      var render = column.render;
      if (typeof render === "function") {
        column.render = function (data, kind, row, meta) {
          if (kind === "type" && data && typeof data === "object") { return data.value; }
          return render.call(this, data, kind, row, meta);
        };
      }
      return column;
    });
  };

  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistencyExpire: 0,
    yasqe: { value: config.query, prefixCcApi: "/api/prefixes" },
    yasr: { prefixes: config.prefixes }
  });
  window.orgkgYasgui = yasgui;

  function tab() { return yasgui.getTab(); }
  function query() { return tab().getYasqe().getValue(); }
  // Whatever a shared link says, queries go to this server only.
  tab().setEndpoint(endpoint);

  // Downloads offer the formats of the query's form: result tables for
  // SELECT and ASK, RDF for CONSTRUCT and DESCRIBE.
  function refreshLinks() {
    var q = encodeURIComponent(query());
    var form = tab().getYasqe().getQueryType() || "SELECT";
    document.querySelectorAll("#downloads [data-forms]").forEach(function (group) {
      group.hidden = group.dataset.forms.split(" ").indexOf(form) < 0;
    });
    document.querySelectorAll("#downloads a").forEach(function (a) {
      a.href = "/sparql?format=" + a.dataset.format + "&query=" + q;
      a.download = "query." + a.dataset.ext;
    });
    document.getElementById("permalink").href = "/sparql?query=" + q;
  }
  tab().getYasqe().on("change", refreshLinks);
  yasgui.on("tabSelect", function () { setTimeout(refreshLinks, 0); });
  refreshLinks();

  document.getElementById("examples").addEventListener("change", function (ev) {
    var ex = config.examples[ev.target.value];
    if (!ex) { return; }
    tab().getYasqe().setValue(ex.query);
    tab().query();
  });
  // Result cells link IRIs to themselves; orgkg's own IRIs open their page on
  // this server instead (they are not dereferenceable offline).
  document.getElementById("yasgui").addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[href]");
    if (!a || a.href.indexOf(config.id) !== 0) { return; }
    ev.preventDefault();
    var local = a.href.slice(config.id.length);
    window.location.href = "/id/" + (local.indexOf("graph/") === 0 ? "source/" + local.slice(6) : local);
  });
  // A link with a query (from "Link to this query" or a shared URL) runs it.
  if (config.run) { tab().getYasqe().setValue(config.query); tab().query(); }
})();
