/* orgkg network explorer: date slider, filters, search, details, expand.
 *
 * The page's data is JSON in #orgkg-data; every text from it is rendered with
 * textContent (never as HTML). Edges hold on the days start <= day < end, so
 * moving the date only changes which edges are drawn.
 */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("orgkg-data").textContent);
  var DAY_MS = 86400000;

  var el = window.orgkgUtil.el, fold = window.orgkgUtil.fold, safeHref = window.orgkgUtil.safeHref;
  function edgeKey(e) {
    return [e.from, e.to, e.role, e.status, e.start || "", e.end || ""].join("\u0000");
  }

  document.title = DATA.title;
  document.getElementById("title").textContent = DATA.title;
  document.getElementById("subtitle").textContent = DATA.subtitle;

  /* Everything the page knows; `shown` are the nodes the user brought in. */
  var known = { nodes: {}, edges: {} };
  var byNode = {};
  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  var shown = {};
  var day = DATA.as_of;
  var off = { kind: {}, role: {}, status: {} };

  function onDay(e) {
    return (!e.start || e.start <= day) && (!e.end || day < e.end);
  }
  function add(newNodes, newEdges, around) {
    var fresh = [];
    newNodes.forEach(function (n) {
      if (known.nodes[n.id]) { return; }
      if (n.x === undefined && around) {
        var k = fresh.length + 1, r = 120 + 14 * Math.sqrt(k), a = k * 2.39996;
        n.x = around.x + r * Math.cos(a);
        n.y = around.y + r * Math.sin(a);
      }
      known.nodes[n.id] = n;
      byNode[n.id] = byNode[n.id] || [];
      fresh.push(n);
    });
    nodes.add(fresh.map(function (n) { return Object.assign({}, n, { hidden: true }); }));
    var freshEdges = [];
    newEdges.forEach(function (e) {
      var id = edgeKey(e);
      if (known.edges[id] || !known.nodes[e.from] || !known.nodes[e.to]) { return; }
      e.id = id;
      known.edges[id] = e;
      byNode[e.from].push(e);
      byNode[e.to].push(e);
      freshEdges.push(Object.assign({}, e, { hidden: true }));
    });
    edges.add(freshEdges);
  }
  add(DATA.nodes, DATA.edges, null);
  (DATA.visible || (DATA.focus ? [DATA.focus] : Object.keys(known.nodes))).forEach(function (id) { shown[id] = true; });
  if (DATA.focus && !DATA.visible) {
    (byNode[DATA.focus] || []).forEach(function (e) { shown[e.from] = true; shown[e.to] = true; });
  }

  var network = new vis.Network(document.getElementById("mynetwork"), { nodes: nodes, edges: edges }, DATA.options);
  window.orgkgNetwork = network;

  /* Which nodes and edges are drawn: shown, not filtered out, and holding on the day. */
  function nodeAllowed(id) {
    var n = known.nodes[id];
    return !!(n && shown[id] && !off.kind[n.kind]);
  }
  function present(id) {
    var list = byNode[id] || [];
    if (!list.length || id === DATA.focus) { return true; }
    for (var i = 0; i < list.length; i++) { if (onDay(list[i])) { return true; } }
    return false;
  }
  function redraw() {
    var nodeUpdates = [], edgeUpdates = [], drawnNodes = 0, drawnEdges = 0;
    Object.keys(known.nodes).forEach(function (id) {
      var hidden = !(nodeAllowed(id) && present(id));
      if (!hidden) { drawnNodes++; }
      if (nodes.get(id).hidden !== hidden) { nodeUpdates.push({ id: id, hidden: hidden }); }
    });
    Object.keys(known.edges).forEach(function (id) {
      var e = known.edges[id];
      var hidden = !(onDay(e) && !off.role[e.role] && !off.status[e.status] && nodeAllowed(e.from) && nodeAllowed(e.to));
      if (!hidden) { drawnEdges++; }
      if (edges.get(id).hidden !== hidden) { edgeUpdates.push({ id: id, hidden: hidden }); }
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    document.getElementById("date-stats").textContent =
      drawnNodes + " nodes, " + drawnEdges + " links" + (DATA.dated ? " on " + day : "");
    document.body.dataset.nodes = String(drawnNodes);
    document.body.dataset.edges = String(drawnEdges);
    document.body.dataset.day = day;
  }

  /* The date slider: one step per day from the first dated fact to today. */
  var slider = document.getElementById("date-slider");
  var dateInput = document.getElementById("date-input");
  function toIndex(iso) { return Math.round((Date.parse(iso + "T00:00:00Z") - Date.parse(DATA.first_day + "T00:00:00Z")) / DAY_MS); }
  function toIso(index) { return new Date(Date.parse(DATA.first_day + "T00:00:00Z") + index * DAY_MS).toISOString().slice(0, 10); }
  var pending = false;
  function setDay(iso, fromSlider) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || isNaN(Date.parse(iso + "T00:00:00Z"))) { return; }
    day = iso;
    dateInput.value = iso;
    if (!fromSlider) { slider.value = String(Math.max(0, Math.min(Number(slider.max), toIndex(iso)))); }
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () { pending = false; redraw(); });
    }
  }
  window.orgkgSetDay = function (iso) { setDay(iso, false); redraw(); };
  if (DATA.dated) {
    document.getElementById("dates").hidden = false;
    slider.max = String(toIndex(DATA.last_day));
    dateInput.min = DATA.first_day;
    dateInput.max = DATA.last_day;
    slider.addEventListener("input", function () { setDay(toIso(Number(slider.value)), true); });
    dateInput.addEventListener("change", function () { setDay(dateInput.value, false); });
    setDay(day, false);
  }

  /* Legend and filters: kind is a node's shape and colour, role an edge's
   * colour, status an edge's line pattern; no colour means two things. */
  var SVG = "http://www.w3.org/2000/svg";
  function swatch(draw) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "26"); svg.setAttribute("height", "12"); svg.setAttribute("class", "swatch");
    svg.appendChild(draw());
    return svg;
  }
  function line(colour, dashes) {
    return function () {
      var l = document.createElementNS(SVG, "line");
      l.setAttribute("x1", "1"); l.setAttribute("x2", "25"); l.setAttribute("y1", "6"); l.setAttribute("y2", "6");
      l.setAttribute("stroke", colour); l.setAttribute("stroke-width", "2");
      if (dashes) { l.setAttribute("stroke-dasharray", dashes.join(" ")); }
      return l;
    };
  }
  function shape(colour, kind) {
    return function () {
      var s;
      if (kind === "square") { s = document.createElementNS(SVG, "rect"); s.setAttribute("x", "8"); s.setAttribute("y", "1"); s.setAttribute("width", "10"); s.setAttribute("height", "10"); }
      else if (kind === "diamond") { s = document.createElementNS(SVG, "polygon"); s.setAttribute("points", "13,0 19,6 13,12 7,6"); }
      else if (kind === "triangle") { s = document.createElementNS(SVG, "polygon"); s.setAttribute("points", "13,0 19,11 7,11"); }
      else { s = document.createElementNS(SVG, "circle"); s.setAttribute("cx", "13"); s.setAttribute("cy", "6"); s.setAttribute("r", "5"); }
      s.setAttribute("fill", colour);
      return s;
    };
  }
  function filters(containerId, items, key, draw) {
    var container = document.getElementById(containerId);
    items.forEach(function (item) {
      var label = el("label"), box = el("input");
      box.type = "checkbox"; box.checked = true; box.dataset[key] = item[key];
      box.addEventListener("change", function () { off[key][item[key]] = !box.checked; redraw(); });
      label.appendChild(box); label.appendChild(swatch(draw(item))); label.appendChild(document.createTextNode(item.label));
      container.appendChild(label);
    });
  }
  filters("node-filters", DATA.legend.nodes, "kind", function (i) { return shape(i.color, i.shape); });
  filters("edge-filters", DATA.legend.edges, "role", function (i) { return line(i.color, null); });
  filters("status-filters", DATA.legend.statuses, "status", function (i) { return line("#555555", i.dashes); });

  /* Details of a node or an edge, with a link to the entity's page. */
  var roleLabel = {}, statusLabel = {}, kindLabel = {};
  DATA.legend.nodes.forEach(function (k) { kindLabel[k.kind] = k.label; });
  DATA.legend.edges.forEach(function (r) { roleLabel[r.role] = r.label; });
  DATA.legend.statuses.forEach(function (s) { statusLabel[s.status] = s.label; });
  function describe(e) {
    var text = (roleLabel[e.role] || e.role) + ", " + (statusLabel[e.status] || e.status).toLowerCase();
    if (e.start || e.end) { text += " (" + (e.start || "…") + " to " + (e.end || "…") + ")"; }
    return text;
  }
  function link(n) {
    var url = safeHref(n.href);
    if (!url) { return null; }
    var a = el("a", "Open " + n.label + "'s page", "page");
    a.href = url;
    return a;
  }
  function showNode(id) {
    var n = known.nodes[id];
    if (!n) { return; }
    var box = document.getElementById("details"), dl = el("dl");
    box.textContent = "";
    var a = link(n);
    if (a) { box.appendChild(a); }
    [["Name", n.label], ["Also called", (n.names || []).join(", ")], ["Kind", kindLabel[n.kind] || n.kind], ["IRI", n.id]].forEach(function (p) {
      if (p[1]) { dl.appendChild(el("dt", p[0])); dl.appendChild(el("dd", p[1])); }
    });
    var current = (byNode[id] || []).filter(onDay);
    var groups = [["Belongs to", function (e) { return e.from === id; }, "to"], ["Has", function (e) { return e.to === id; }, "from"]];
    groups.forEach(function (g) {
      var list = current.filter(g[1]);
      if (!list.length) { return; }
      dl.appendChild(el("dt", g[0] + " (" + list.length + (DATA.dated ? " on " + day : "") + ")"));
      var dd = el("dd"), ul = el("ul");
      list.slice(0, 200).forEach(function (e) {
        var other = known.nodes[e[g[2]]];
        var li = el("li", (other ? other.label : e[g[2]]) + " — " + describe(e));
        li.appendChild(el("div", "Sources: " + e.sources, "muted"));
        ul.appendChild(li);
      });
      dd.appendChild(ul); dl.appendChild(dd);
    });
    box.appendChild(dl);
    document.body.dataset.selected = id;
  }
  function showEdge(id) {
    var e = known.edges[id];
    if (!e) { return; }
    var box = document.getElementById("details"), dl = el("dl");
    box.textContent = "";
    [["From", known.nodes[e.from].label], ["To", known.nodes[e.to].label], ["Role", roleLabel[e.role] || e.role],
     ["Status", statusLabel[e.status] || e.status], ["Holds", e.start || e.end ? (e.start || "…") + " to " + (e.end || "…") : ""],
     ["Sources", e.sources]].forEach(function (p) {
      if (p[1]) { dl.appendChild(el("dt", p[0])); dl.appendChild(el("dd", p[1])); }
    });
    box.appendChild(dl);
  }
  window.orgkgShowNode = showNode;
  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); } else if (params.edges.length) { showEdge(params.edges[0]); }
  });

  /* Double-click: bring in the node's neighbours. */
  function reveal(id) {
    var added = 0;
    (byNode[id] || []).forEach(function (e) {
      [e.from, e.to].forEach(function (other) { if (!shown[other]) { shown[other] = true; added++; } });
    });
    shown[id] = true;
    redraw();
    var ids = [id].concat((byNode[id] || []).filter(onDay).map(function (e) { return e.from === id ? e.to : e.from; }));
    network.selectNodes(ids.filter(function (x) { return !nodes.get(x).hidden; }));
    showNode(id);
    document.body.dataset.expanded = String((Number(document.body.dataset.expanded) || 0) + 1);
    return added;
  }
  function expand(id) { reveal(id); }
  window.orgkgExpand = expand;
  network.on("doubleClick", function (params) { if (params.nodes.length) { expand(params.nodes[0]); } });

  /* Search by name, acronym or alias, with suggestions. */
  var names = [];
  function index() {
    names = [];
    var list = document.getElementById("search-names"), seen = {};
    list.textContent = "";
    Object.keys(known.nodes).sort(function (a, b) { return known.nodes[a].label.localeCompare(known.nodes[b].label); }).forEach(function (id) {
      var n = known.nodes[id];
      [n.label].concat(n.names || []).forEach(function (name) {
        names.push({ id: id, name: name, folded: fold(name) });
        var text = name === n.label ? name : name + " (" + n.label + ")";
        if (!seen[text]) { seen[text] = true; var o = el("option"); o.value = text; list.appendChild(o); }
      });
    });
  }
  index();
  function find(text) {
    var q = fold(text.replace(/ \([^()]*\)$/, ""));
    if (!q) { return null; }
    var tests = [
      function (f) { return f === q; },
      function (f) { return f.indexOf(q) === 0; },
      function (f) { return (" " + f).indexOf(" " + q) >= 0; },
      function (f) { return f.indexOf(q) >= 0; }
    ];
    for (var t = 0; t < tests.length; t++) {
      for (var i = 0; i < names.length; i++) { if (tests[t](names[i].folded)) { return names[i].id; } }
    }
    return null;
  }
  function go(text) {
    var status = document.getElementById("search-status");
    var id = find(text);
    if (!id) { status.textContent = "No state or organisation here is called “" + text + "”."; return; }
    status.textContent = "";
    if (!shown[id]) { shown[id] = true; }
    if (!present(id)) { status.textContent = known.nodes[id].label + " has no links on " + day + "."; }
    redraw();
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    showNode(id);
  }
  var search = document.getElementById("search");
  search.addEventListener("change", function () { go(search.value); });
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); go(search.value); } });

  redraw();
  /* Labels sized to fit: after the first fit, the 30 busiest organisations'
   * labels grow until they are drawn (states' labels appear on zooming in). */
  function sizeLabels() {
    var scale = network.getScale(), threshold = DATA.options.nodes.scaling.label.drawThreshold;
    var need = Math.min(120, Math.ceil((threshold + 1) / scale));
    var orgs = nodes.get({ filter: function (n) { return !n.hidden && n.kind !== "State" && n.kind !== "Agent"; } })
      .sort(function (a, b) { return b.value - a.value; }).slice(0, 30);
    nodes.update(orgs.filter(function (n) { return n.font.size < need; }).map(function (n) {
      return { id: n.id, font: { size: need } };
    }));
  }
  network.once("afterDrawing", function () {
    network.fit({ nodes: nodes.getIds({ filter: function (n) { return !n.hidden; } }), animation: false });
    sizeLabels();
    if (DATA.focus && known.nodes[DATA.focus]) { network.selectNodes([DATA.focus]); showNode(DATA.focus); }
    document.body.dataset.rendered = "true";
  });
})();
