// Result views for YASR on the SPARQL page, all drawn here with no outside request:
// - the table shows numbers and dates as values ("9", not "9"^^xsd:integer);
// - "Chart": a bar chart (or a line over dates) of a SELECT result's numbers;
// - "Network": a CONSTRUCT or DESCRIBE result as a graph, with the explorer's
//   renderer (vis-network, served by this server).
// YASR's own chart plugin loads Google Charts from the network, which the
// pages' CSP forbids, so the chart is a small SVG drawn by hand.
(function () {
  "use strict";
  var Yasr = Yasgui.Yasr;
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var NUMERIC = ["integer", "decimal", "double", "float", "int", "long", "short",
    "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
    "unsignedInt", "unsignedLong"].map(function (t) { return XSD + t; });
  var TEMPORAL = ["date", "dateTime", "gYear", "gYearMonth"].map(function (t) { return XSD + t; });
  var SVG = "http://www.w3.org/2000/svg";

  function isNumber(b) { return !!b && b.type !== "uri" && NUMERIC.indexOf(b.datatype) >= 0; }
  function isTemporal(b) { return !!b && b.type !== "uri" && TEMPORAL.indexOf(b.datatype) >= 0; }
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // -- the table: numbers and dates as values ---------------------------------------
  var Table = Yasr.plugins.table;
  var formatLiteral = Table.prototype.formatLiteral;
  Table.prototype.formatLiteral = function (binding, prefixes) {
    if (isNumber(binding)) {
      var n = Number(binding.value);
      var shown = isFinite(n) ? n.toLocaleString("en") : binding.value;
      return '<span class="value num" title="' + escapeHtml(binding.datatype) + '">' + escapeHtml(shown) + "</span>";
    }
    if (isTemporal(binding)) {
      return '<span class="value date" title="' + escapeHtml(binding.datatype) + '">' + escapeHtml(binding.value) + "</span>";
    }
    return formatLiteral.call(this, binding, prefixes);
  };

  // -- helpers -----------------------------------------------------------------------
  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function text(value) {
    if (!value) { return ""; }
    if (value.type === "uri") { return value.value.replace(/^.*[\/#]/, ""); }
    return value.value;
  }
  function select(label, options, chosen, onChange) {
    var wrap = document.createElement("label");
    wrap.textContent = label + " ";
    var box = document.createElement("select");
    options.forEach(function (o) {
      var opt = document.createElement("option");
      opt.value = o; opt.textContent = o; opt.selected = o === chosen;
      box.appendChild(opt);
    });
    box.addEventListener("change", function () { onChange(box.value); });
    wrap.appendChild(box);
    return wrap;
  }
  function icon(symbol) {
    var span = document.createElement("span");
    span.textContent = symbol;
    return span;
  }

  // -- Chart -----------------------------------------------------------------------------
  var MAX_BARS = 60;

  function Chart(yasr) {
    this.yasr = yasr;
    this.priority = 5;
    this.label = "Chart";
    this.choice = {};
  }
  Chart.prototype.columns = function () {
    var r = this.yasr.results;
    var rows = (r && r.getBindings()) || [];
    var vars = (r && r.getVariables()) || [];
    var numeric = vars.filter(function (v) {
      return rows.some(function (b) { return isNumber(b[v]); }) &&
        rows.every(function (b) { return !b[v] || isNumber(b[v]); });
    });
    var labels = vars.filter(function (v) { return numeric.indexOf(v) < 0; });
    return { rows: rows, numeric: numeric, labels: labels };
  };
  Chart.prototype.canHandleResults = function () {
    var c = this.columns();
    return c.rows.length > 0 && c.numeric.length > 0;
  };
  Chart.prototype.getIcon = function () { return icon("▮"); };
  Chart.prototype.draw = function () {
    var self = this, c = this.columns(), root = this.yasr.resultsEl;
    root.textContent = "";
    var preferred = c.labels.filter(function (v) { return /Label$/.test(v); })[0] || c.labels[0] || "";
    var category = this.choice.category && c.labels.indexOf(this.choice.category) >= 0 ? this.choice.category : preferred;
    var value = this.choice.value && c.numeric.indexOf(this.choice.value) >= 0 ? this.choice.value : c.numeric[0];
    var bar = document.createElement("div");
    bar.className = "orgkg-chart-controls";
    if (c.labels.length) {
      bar.appendChild(select("Category", c.labels, category, function (v) { self.choice.category = v; self.draw(); }));
    }
    bar.appendChild(select("Value", c.numeric, value, function (v) { self.choice.value = v; self.draw(); }));
    root.appendChild(bar);
    var points = c.rows.filter(function (b) { return isNumber(b[value]); }).map(function (b, i) {
      return { label: category ? text(b[category]) : String(i + 1), value: Number(b[value].value), when: b[category] };
    });
    var temporal = points.length > 1 && points.every(function (p) { return isTemporal(p.when); });
    var figure = temporal ? this.line(points, value) : this.bars(points, value);
    figure.setAttribute("data-chart", temporal ? "line" : "bars");
    root.appendChild(figure);
  };
  Chart.prototype.bars = function (points, value) {
    var shown = points.slice(0, MAX_BARS);
    var max = Math.max.apply(null, shown.map(function (p) { return p.value; }).concat([0]));
    var row = 22, left = 260, width = 900, top = 24;
    var svg = el("svg", { width: left + width + 80, height: top + shown.length * row + 10, role: "img", "aria-label": "bar chart of " + value });
    el("text", { x: left, y: 14, class: "axis" }, svg).textContent = value + (points.length > MAX_BARS ? " (first " + MAX_BARS + " of " + points.length + " rows)" : "");
    shown.forEach(function (p, i) {
      var y = top + i * row;
      var name = el("text", { x: left - 8, y: y + 15, "text-anchor": "end", class: "label" }, svg);
      name.textContent = p.label.length > 36 ? p.label.slice(0, 35) + "…" : p.label;
      var w = max > 0 ? Math.max(1, (p.value / max) * width) : 1;
      var rect = el("rect", { x: left, y: y + 3, width: w, height: row - 6, class: "bar" }, svg);
      el("title", {}, rect).textContent = p.label + ": " + p.value.toLocaleString("en");
      el("text", { x: left + w + 6, y: y + 15, class: "value" }, svg).textContent = p.value.toLocaleString("en");
    });
    return svg;
  };
  Chart.prototype.line = function (points, value) {
    var sorted = points.slice().sort(function (a, b) { return a.label < b.label ? -1 : a.label > b.label ? 1 : 0; });
    var times = sorted.map(function (p) { return Date.parse(p.label.length === 4 ? p.label + "-01-01" : p.label); });
    var t0 = Math.min.apply(null, times), t1 = Math.max.apply(null, times);
    var max = Math.max.apply(null, sorted.map(function (p) { return p.value; }).concat([0]));
    var w = 1000, h = 320, pad = 48;
    var svg = el("svg", { width: w + 2 * pad, height: h + 2 * pad, role: "img", "aria-label": "line chart of " + value });
    function x(t) { return pad + (t1 > t0 ? ((t - t0) / (t1 - t0)) * w : w / 2); }
    function y(v) { return pad + h - (max > 0 ? (v / max) * h : 0); }
    el("line", { x1: pad, y1: pad + h, x2: pad + w, y2: pad + h, class: "axisline" }, svg);
    el("line", { x1: pad, y1: pad, x2: pad, y2: pad + h, class: "axisline" }, svg);
    el("text", { x: pad, y: pad - 12, class: "axis" }, svg).textContent = value + " (max " + max.toLocaleString("en") + ")";
    el("text", { x: pad, y: pad + h + 20, class: "axis" }, svg).textContent = sorted[0].label;
    el("text", { x: pad + w, y: pad + h + 20, "text-anchor": "end", class: "axis" }, svg).textContent = sorted[sorted.length - 1].label;
    el("polyline", { points: sorted.map(function (p, i) { return x(times[i]) + "," + y(p.value); }).join(" "), class: "line" }, svg);
    sorted.forEach(function (p, i) {
      var dot = el("circle", { cx: x(times[i]), cy: y(p.value), r: 3.5, class: "dot" }, svg);
      el("title", {}, dot).textContent = p.label + ": " + p.value.toLocaleString("en");
    });
    return svg;
  };
  Yasr.registerPlugin("chart", Chart);

  // -- Network -----------------------------------------------------------------------
  var MAX_EDGES = 3000;
  var LABELS = ["http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel"];
  var TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
  var visLoading = null;

  function loadVis() {
    if (window.vis && window.vis.Network) { return Promise.resolve(window.vis); }
    if (!visLoading) {
      visLoading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = "/static/viz/vis-network.min.js";
        s.onload = function () { resolve(window.vis); };
        s.onerror = function () { reject(new Error("the network renderer did not load")); };
        document.head.appendChild(s);
      });
    }
    return visLoading;
  }

  function Network(yasr) {
    this.yasr = yasr;
    this.priority = 8;
    this.label = "Network";
  }
  Network.prototype.canHandleResults = function () {
    var r = this.yasr.results;
    var vars = (r && r.getVariables()) || [];
    return vars.length === 3 && vars[0] === "subject" && vars[1] === "predicate" && vars[2] === "object" &&
      r.getBindings().length > 0;
  };
  Network.prototype.getIcon = function () { return icon("⬡"); };
  Network.prototype.draw = function () {
    var root = this.yasr.resultsEl, prefixes = this.yasr.getPrefixes ? this.yasr.getPrefixes() : {};
    root.textContent = "";
    var box = document.createElement("div");
    box.className = "orgkg-network";
    var note = document.createElement("p");
    note.className = "muted";
    root.appendChild(note);
    root.appendChild(box);
    function short(iri) {
      var best = null;
      Object.keys(prefixes || {}).forEach(function (p) {
        var ns = prefixes[p];
        if (iri.indexOf(ns) === 0 && (!best || ns.length > prefixes[best].length)) { best = p; }
      });
      return best ? best + ":" + iri.slice(prefixes[best].length) : iri.replace(/^.*[\/#]/, "");
    }
    var triples = this.yasr.results.getBindings();
    var labels = {}, types = {}, nodes = {}, edges = [], literals = 0;
    triples.forEach(function (t) {
      if (LABELS.indexOf(t.predicate.value) >= 0 && t.object.type !== "uri") { labels[t.subject.value] = t.object.value; }
      if (t.predicate.value === TYPE) { types[t.subject.value] = short(t.object.value); }
    });
    function node(term) {
      var id = term.value;
      if (!nodes[id]) {
        nodes[id] = { id: id, label: labels[id] || short(id), title: id + (types[id] ? "\n" + types[id] : ""), group: types[id] || "" };
      }
      return id;
    }
    triples.forEach(function (t) {
      if (t.object.type === "uri" || t.object.type === "bnode") {
        if (t.predicate.value === TYPE) { node(t.subject); return; }
        if (edges.length < MAX_EDGES) {
          edges.push({ from: node(t.subject), to: node(t.object), label: short(t.predicate.value), arrows: "to" });
        }
      } else {
        literals += 1;
        node(t.subject);
      }
    });
    var ids = Object.keys(nodes);
    note.textContent = ids.length + " resources, " + edges.length + " links" +
      (edges.length >= MAX_EDGES ? " (the first " + MAX_EDGES + ")" : "") +
      "; " + literals + " literal values are in the table view. Double-click an orgkg resource to open its page.";
    loadVis().then(function (vis) {
      var data = { nodes: new vis.DataSet(ids.map(function (id) { return nodes[id]; })), edges: new vis.DataSet(edges) };
      var network = new vis.Network(box, data, {
        nodes: { shape: "dot", size: 10, font: { size: 12 } },
        edges: { font: { size: 9, align: "middle" }, color: { color: "#9aa7b4" }, smooth: false },
        physics: { stabilization: { iterations: 200 }, barnesHut: { springLength: 120 } },
        interaction: { hover: true }
      });
      network.once("stabilizationIterationsDone", function () { network.setOptions({ physics: false }); box.dataset.rendered = "true"; });
      network.on("doubleClick", function (ev) {
        var id = ev.nodes && ev.nodes[0];
        var mine = "https://w3id.org/orgkg/id/";
        if (id && id.indexOf(mine) === 0) { window.location.href = "/id/" + id.slice(mine.length); }
      });
      window.orgkgResultNetwork = network;
    }, function (err) { note.textContent = err.message; });
  };
  Yasr.registerPlugin("network", Network);
})();
