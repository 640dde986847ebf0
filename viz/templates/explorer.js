/* orgkg WebGL explorer: sigma.js over graphology, for thousands of nodes.
 *
 * The network arrives as columns (viz/explorer.py: explorer_data): node and
 * link arrays, days as integers. A link holds on start <= day < end. The day,
 * the view and the filters only change which nodes and links the reducers
 * let through, so a date change never rebuilds the graph (the overlap view
 * recounts shared members into a typed array and swaps its edges).
 * Every text from the data is rendered with textContent, never as HTML.
 */
(function () {
  "use strict";
  var CONFIG = JSON.parse(document.getElementById("orgkg-config").textContent);
  var DAY_MS = 86400000;
  var MAX_LABELS = 300;
  var MAX_OVERLAP_EDGES = 15000;
  var PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#17becf", "#bcbd22", "#7f7f7f"];
  var body = document.body;
  var $ = function (id) { return document.getElementById(id); };

  var el = window.orgkgUtil.el, fold = window.orgkgUtil.fold, safeHref = window.orgkgUtil.safeHref;
  function iso(day) { return new Date(day * DAY_MS).toISOString().slice(0, 10); }
  function dayOf(text) {
    var t = Date.parse(text + "T00:00:00Z");
    return isNaN(t) ? null : Math.round(t / DAY_MS);
  }
  /* A colour faded towards the white page, opaque: sigma's WebGL blending
   * adds a translucent colour to the page's white, which washes grey out. */
  function rgba(hex, alpha) {
    var n = parseInt(hex.slice(1), 16);
    var mix = function (c) { return Math.round(c * alpha + 255 * (1 - alpha)); };
    return "rgb(" + mix(n >> 16) + "," + mix((n >> 8) & 255) + "," + mix(n & 255) + ")";
  }
  function fail(message) {
    var p = $("subtitle");
    p.textContent = message;
    p.className = "error";
    body.setAttribute("data-rendered", "error");
  }

  function load() {
    var inline = $("orgkg-graph");
    if (inline) { return Promise.resolve(JSON.parse(inline.textContent)); }
    return fetch(CONFIG.data_url, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error("the network could not be loaded (HTTP " + r.status + ")"); }
      return r.json();
    });
  }

  load().then(start).catch(function (err) { fail(String(err && err.message || err)); });

  function start(D) {
    performance.mark("orgkg-data");
    var N = D.nodes.id.length, L = D.links.source.length;
    var src = Int32Array.from(D.links.source), tgt = Int32Array.from(D.links.target);
    var role = Uint8Array.from(D.links.role), status = Uint8Array.from(D.links.status);
    var from = Float64Array.from(D.links.start, function (d) { return d === null ? -Infinity : d; });
    var until = Float64Array.from(D.links.end, function (d) { return d === null ? Infinity : d; });
    var kind = Uint8Array.from(D.nodes.kind);
    var index = {};
    D.nodes.id.forEach(function (id, i) { index[id] = i; });

    /* Each node's links (both directions), as one flat array. */
    var adjStart = new Int32Array(N + 1), adj = new Int32Array(2 * L), fill = new Int32Array(N);
    for (var i = 0; i < L; i++) { adjStart[src[i] + 1]++; adjStart[tgt[i] + 1]++; }
    for (i = 0; i < N; i++) { adjStart[i + 1] += adjStart[i]; }
    for (i = 0; i < L; i++) {
      adj[adjStart[src[i]] + fill[src[i]]++] = i;
      adj[adjStart[tgt[i]] + fill[tgt[i]]++] = i;
    }
    /* Organisations are what member links point at: the overlap view's nodes. */
    var memberRole = D.roles.map(function (r) { return r.member; });
    var holding = D.statuses.map(function (s) { return s.holding; });
    var orgIndex = new Int32Array(N).fill(-1), orgs = [];
    for (i = 0; i < L; i++) {
      if (memberRole[role[i]] && orgIndex[tgt[i]] < 0) { orgIndex[tgt[i]] = orgs.length; orgs.push(tgt[i]); }
    }

    var state = {
      day: CONFIG.as_of, view: CONFIG.view, focus: index[CONFIG.focus] !== undefined ? index[CONFIG.focus] : -1,
      hops: CONFIG.hops || 1, colour: "kind", minDegree: 1, minWeight: 1, weightUsed: 1,
      selected: -1, hovered: -1,
      off: { kind: {}, role: {}, status: {} },
    };
    if (state.view === "ego" && state.focus < 0) { state.view = "network"; }
    /* The links of one membership (one per source and span) are adjacent:
     * a membership is counted and drawn once, by its first link on the day. */
    var group = new Int32Array(L);
    for (i = 1; i < L; i++) {
      group[i] = src[i] === src[i - 1] && tgt[i] === tgt[i - 1] && role[i] === role[i - 1] &&
        status[i] === status[i - 1] ? group[i - 1] : i;
    }
    var show = new Uint8Array(L);
    var linkOn = new Uint8Array(L), nodeOn = new Uint8Array(N), deg = new Int32Array(N);
    var size = new Float32Array(N), shownLinks = 0, shownNodes = 0;
    var neighbours = null;

    /* Colours: an edge's colour is its role, its opacity its status. */
    var edgeColour = [];
    D.roles.forEach(function (r, ri) {
      edgeColour[ri] = D.statuses.map(function (s) { return rgba(r.color, 0.55 * s.alpha); });
    });
    function nodeColour(n) {
      if (state.colour === "community") {
        var c = D.nodes.community[n];
        return c >= 0 && c < PALETTE.length - 1 ? PALETTE[c] : PALETTE[PALETTE.length - 1];
      }
      return D.kinds[kind[n]].color;
    }

    /* The main graph: every node and link, built once. */
    var graph = new graphology.MultiDirectedGraph();
    for (i = 0; i < N; i++) {
      graph.addNode(String(i), { x: D.nodes.x[i], y: D.nodes.y[i], size: 3, label: D.nodes.label[i], i: i });
    }
    for (i = 0; i < L; i++) { graph.addEdgeWithKey("e" + i, String(src[i]), String(tgt[i]), { i: i }); }
    performance.mark("orgkg-graph");
    /* The overlap graph: organisations, with edges recounted for each day. */
    var overlap = new graphology.UndirectedGraph();
    orgs.forEach(function (n) { overlap.addNode(String(n), { x: D.nodes.x[n], y: D.nodes.y[n], size: 3, label: D.nodes.label[n], i: n }); });
    var members = new Int32Array(N);

    function recount() {
      /* Which links hold on the day and pass the filters; each node's degree. */
      deg.fill(0);
      var counted = -1;
      for (var i = 0; i < L; i++) {
        var on = from[i] <= state.day && state.day < until[i] && !state.off.role[role[i]] &&
          !state.off.status[status[i]] && !state.off.kind[kind[src[i]]] && !state.off.kind[kind[tgt[i]]];
        linkOn[i] = on ? 1 : 0;
        show[i] = on && group[i] !== counted ? 1 : 0;
        if (show[i]) { counted = group[i]; deg[src[i]]++; deg[tgt[i]]++; }
      }
      nodeOn.fill(0);
      shownNodes = 0;
      shownLinks = 0;
      var most = 2;
      if (state.view === "overlap") {
        recountOverlap();
        overlap.forEachNode(function (key, a) {
          var n = a.i, d = overlap.degree(key);
          var on = members[n] > 0 && !state.off.kind[kind[n]] && (state.minDegree <= 1 || d >= state.minDegree);
          nodeOn[n] = on ? 1 : 0;
          size[n] = Math.min(20, 2 + 1.2 * Math.sqrt(members[n]));
          if (on) { shownNodes++; }
          if (d > most) { most = d; }
        });
        shownLinks = overlap.size;
      } else {
        if (state.view === "ego") {
          var frontier = [state.focus];
          nodeOn[state.focus] = 1;
          for (var h = 0; h < state.hops; h++) {
            var next = [];
            frontier.forEach(function (n) {
              for (var k = adjStart[n]; k < adjStart[n + 1]; k++) {
                var l = adj[k];
                if (!linkOn[l]) { continue; }
                var m = src[l] === n ? tgt[l] : src[l];
                if (!nodeOn[m]) { nodeOn[m] = 1; next.push(m); }
              }
            });
            frontier = next;
          }
        } else {
          for (i = 0; i < N; i++) { nodeOn[i] = deg[i] >= state.minDegree && !state.off.kind[kind[i]] ? 1 : 0; }
        }
        for (i = 0; i < N; i++) {
          size[i] = Math.min(20, 2 + 1.2 * Math.sqrt(deg[i]));
          if (nodeOn[i]) { shownNodes++; }
          if (deg[i] > most) { most = deg[i]; }
        }
        for (i = 0; i < L; i++) { if (show[i] && nodeOn[src[i]] && nodeOn[tgt[i]]) { shownLinks++; } }
      }
      $("degree").max = String(most);
      /* Many nodes on the screen are drawn smaller, so links show between them. */
      var shrink = Math.max(0.35, Math.min(1, Math.sqrt(600 / Math.max(1, shownNodes))));
      for (i = 0; i < N; i++) { size[i] *= shrink; }
    }

    /* Organisation pairs weighted by the members they share on the day. */
    var dense = orgs.length <= 2900 ? new Uint16Array(orgs.length * orgs.length) : null;
    function recountOverlap() {
      var M = orgs.length, pairs = dense || new Map(), mine = [];
      if (dense) { dense.fill(0); }
      members.fill(0);
      for (var n = 0; n < N; n++) {
        mine.length = 0;
        for (var k = adjStart[n]; k < adjStart[n + 1]; k++) {
          var l = adj[k];
          if (src[l] === n && linkOn[l] && memberRole[role[l]] && holding[status[l]]) { mine.push(orgIndex[tgt[l]]); }
        }
        if (!mine.length) { continue; }
        mine.sort(function (a, b) { return a - b; });
        mine = mine.filter(function (o, k) { return k === 0 || o !== mine[k - 1]; });
        for (var a = 0; a < mine.length; a++) {
          members[orgs[mine[a]]]++;
          for (var b = a + 1; b < mine.length; b++) {
            var key = mine[a] * M + mine[b];
            if (dense) { dense[key]++; } else { pairs.set(key, (pairs.get(key) || 0) + 1); }
          }
        }
      }
      /* The weakest pairs go first when there are too many to draw. */
      var counts = [], found = [];
      function visit(key, w) {
        if (w >= state.minWeight) { found.push(key, w); counts[w] = (counts[w] || 0) + 1; }
      }
      if (dense) { for (var key = 0; key < dense.length; key++) { if (dense[key]) { visit(key, dense[key]); } } }
      else { pairs.forEach(function (w, key) { visit(key, w); }); }
      $("weight").max = String(Math.max(2, counts.length - 1));
      var floor = state.minWeight, total = found.length / 2;
      while (total > MAX_OVERLAP_EDGES && floor < counts.length) { total -= counts[floor] || 0; floor++; }
      state.weightUsed = floor;
      overlap.clearEdges();
      for (var f = 0; f < found.length; f += 2) {
        var w = found[f + 1];
        if (w < floor) { continue; }
        var p = orgs[Math.floor(found[f] / M)], q = orgs[found[f] % M];
        overlap.addEdge(String(p), String(q), { weight: w, size: Math.min(6, 0.6 + Math.log2(w)), color: rgba("#5f6b78", Math.min(0.85, 0.2 + 0.06 * w)) });
      }
    }

    function nodeReducer(key, a) {
      var n = a.i;
      if (!nodeOn[n]) { return { x: a.x, y: a.y, size: 0, hidden: true }; }
      var dim = neighbours && !neighbours[n];
      return { x: a.x, y: a.y, size: size[n], label: a.label, color: dim ? "#dde1e6" : nodeColour(n),
        zIndex: dim ? 0 : 1, highlighted: n === state.selected || n === state.hovered };
    }
    function edgeReducer(key, a) {
      if (state.view === "overlap") {
        if (neighbours && !(neighbours[+overlap.source(key)] && neighbours[+overlap.target(key)])) {
          return { hidden: true };
        }
        return a;
      }
      var i = a.i;
      if (!show[i] || !nodeOn[src[i]] || !nodeOn[tgt[i]]) { return { hidden: true }; }
      if (state.selected >= 0 && src[i] !== state.selected && tgt[i] !== state.selected) {
        return { size: 0.5, color: "#f1f3f5" };
      }
      return { size: state.selected >= 0 ? 1.5 : 0.8, color: edgeColour[role[i]][status[i]] };
    }

    function ring(context, d) {
      context.beginPath();
      context.arc(d.x, d.y, d.size + 3, 0, 2 * Math.PI);
      context.lineWidth = 2;
      context.strokeStyle = "#1d2733";
      context.stroke();
    }
    /* Fit the camera to the nodes on screen (an ego network, a sparse day). */
    function fit(animate) {
      var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, any = false;
      for (var n = 0; n < N; n++) {
        if (!nodeOn[n]) { continue; }
        var d = renderer.getNodeDisplayData(String(n));
        if (!d) { continue; }
        any = true;
        x0 = Math.min(x0, d.x); x1 = Math.max(x1, d.x); y0 = Math.min(y0, d.y); y1 = Math.max(y1, d.y);
      }
      if (!any) { return; }
      var target = { x: (x0 + x1) / 2, y: (y0 + y1) / 2, ratio: Math.min(1.1, Math.max(0.05, 1.25 * Math.max(x1 - x0, y1 - y0))) };
      if (animate) { renderer.getCamera().animate(target, { duration: 300 }); } else { renderer.getCamera().setState(target); }
    }

    var container = $("graph");
    var renderer;
    try {
      renderer = new Sigma(state.view === "overlap" ? overlap : graph, container, {
        renderLabels: false,
        renderEdgeLabels: false,
        defaultEdgeType: "line",
        /* One-pixel GL lines: a software renderer (no GPU) draws 40,000 of
         * them in a frame, where sigma's default quads took seconds. */
        edgeProgramClasses: { line: Sigma.rendering.EdgeLineProgram },
        zIndex: true,
        hideEdgesOnMove: L > 20000,
        nodeReducer: nodeReducer,
        edgeReducer: edgeReducer,
        /* A ring, not sigma's label box: the label layer below names it. */
        defaultDrawNodeHover: ring,
        minCameraRatio: 0.005,
        maxCameraRatio: 4,
      });
    } catch (err) {
      fail("This browser cannot draw the network (WebGL is off): " + err.message);
      return;
    }

    performance.mark("orgkg-sigma");
    /* Labels: biggest nodes first, never overlapping, more as you zoom in. */
    var overlay = el("canvas", null, "labels-overlay");
    container.appendChild(overlay);
    var ctx = overlay.getContext("2d"), widths = new Map(), boxes = [], order = [];
    function sortOrder() {
      order = [];
      for (var n = 0; n < N; n++) { if (nodeOn[n]) { order.push(n); } }
      order.sort(function (a, b) { return size[b] - size[a] || a - b; });
    }
    function drawLabels() {
      var ratio = window.devicePixelRatio || 1, w = container.clientWidth, h = container.clientHeight;
      if (overlay.width !== Math.round(w * ratio) || overlay.height !== Math.round(h * ratio)) {
        overlay.width = Math.round(w * ratio);
        overlay.height = Math.round(h * ratio);
        overlay.style.width = w + "px";
        overlay.style.height = h + "px";
      }
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, w, h);
      boxes = [];
      var grid = new Map(), CELL = 64;
      function cells(b, add) {
        for (var cx = Math.floor(b[0] / CELL); cx <= Math.floor((b[0] + b[2]) / CELL); cx++) {
          for (var cy = Math.floor(b[1] / CELL); cy <= Math.floor((b[1] + b[3]) / CELL); cy++) {
            var key = cx + ":" + cy, list = grid.get(key);
            if (add) { if (!list) { grid.set(key, list = []); } list.push(b); continue; }
            if (list) {
              for (var j = 0; j < list.length; j++) {
                var o = list[j];
                if (b[0] < o[0] + o[2] && o[0] < b[0] + b[2] && b[1] < o[1] + o[3] && o[1] < b[1] + b[3]) { return true; }
              }
            }
          }
        }
        return false;
      }
      var first = [state.selected, state.hovered].filter(function (n) { return n >= 0 && nodeOn[n]; });
      var list = first.concat(order);
      for (var k = 0; k < list.length && boxes.length < MAX_LABELS; k++) {
        var n = list[k];
        if (k >= first.length && first.indexOf(n) >= 0) { continue; }
        if (neighbours && !neighbours[n]) { continue; }
        var p = renderer.graphToViewport({ x: D.nodes.x[n], y: D.nodes.y[n] });
        if (p.x < -50 || p.y < -20 || p.x > w + 50 || p.y > h + 20) { continue; }
        var r = renderer.scaleSize(size[n]);
        var bold = kind[n] !== 0 || size[n] > 8, font = (bold ? "600 " : "") + "12px system-ui, sans-serif";
        var label = D.nodes.label[n], id = (bold ? "b" : "n") + label, tw = widths.get(id);
        ctx.font = font;
        if (tw === undefined) { tw = ctx.measureText(label).width; widths.set(id, tw); }
        /* Right of the node, or left of it where the right edge would cut it. */
        var b = [p.x + r + 2, p.y - 8, tw + 4, 16];
        if (b[0] + b[2] > w && p.x - r - 2 - b[2] >= 0) { b[0] = p.x - r - 2 - b[2]; }
        if (cells(b, false)) { continue; }
        cells(b, true);
        boxes.push(b.concat([n]));
        ctx.lineWidth = 3;
        ctx.strokeStyle = "rgba(255,255,255,0.9)";
        ctx.strokeText(label, b[0] + 2, p.y + 4);
        ctx.fillStyle = "#1d2733";
        ctx.fillText(label, b[0] + 2, p.y + 4);
      }
      body.setAttribute("data-labels", String(boxes.length));
    }
    renderer.on("afterRender", drawLabels);

    /* The legend: kinds, roles and statuses filter; communities name colours. */
    function checkbox(target, attr, value, text, swatch, group) {
      var label = el("label"), box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.setAttribute(attr, value);
      box.addEventListener("change", function () {
        state.off[group][value] = !box.checked;
        update();
      });
      label.appendChild(box);
      label.appendChild(swatch);
      label.appendChild(document.createTextNode(text));
      target.appendChild(label);
    }
    function swatch(cls, colour) {
      var s = el("span", null, cls);
      s.style.background = colour;
      return s;
    }
    D.kinds.forEach(function (k, ki) { checkbox($("kinds"), "data-kind", ki, k.label, swatch("swatch", k.color), "kind"); });
    D.roles.forEach(function (r, ri) { checkbox($("roles"), "data-role", ri, r.label, swatch("line", r.color), "role"); });
    D.statuses.forEach(function (s, si) { checkbox($("statuses"), "data-status", si, s.label, swatch("line", rgba("#1d2733", s.alpha)), "status"); });
    D.kinds.forEach(function (k, ki) { $("kinds").querySelector("input[data-kind='" + ki + "']").setAttribute("data-kind-name", k.kind); });
    D.roles.forEach(function (r, ri) { $("roles").querySelector("input[data-role='" + ri + "']").setAttribute("data-role-name", r.role); });
    (function () {
      var sizes = {};
      D.nodes.community.forEach(function (c) { if (c >= 0) { sizes[c] = (sizes[c] || 0) + 1; } });
      Object.keys(sizes).map(Number).sort(function (a, b) { return a - b; }).slice(0, PALETTE.length - 1).forEach(function (c) {
        var p = el("div");
        p.appendChild(swatch("swatch", PALETTE[c]));
        p.appendChild(document.createTextNode("community " + (c + 1) + " (" + sizes[c] + " nodes)"));
        $("communities").appendChild(p);
      });
    })();

    /* The date slider runs from the first dated link to today. */
    var first = CONFIG.as_of, last = Math.max(CONFIG.today, CONFIG.as_of);
    for (i = 0; i < L; i++) {
      if (from[i] > -Infinity && from[i] < first) { first = from[i]; }
      if (until[i] < Infinity && until[i] > last) { last = until[i]; }
    }
    var slider = $("date-slider"), dateInput = $("date-input");
    slider.min = first;
    slider.max = last;
    dateInput.min = iso(first);
    dateInput.max = iso(last);

    function showDetails() {
      var box = $("details");
      box.textContent = "";
      var n = state.selected;
      if (n < 0) { box.textContent = "Click a node."; return; }
      var head = el("p"), href = safeHref(D.nodes.href[n]);
      var name = href ? el("a", D.nodes.label[n], "page") : el("strong", D.nodes.label[n]);
      if (href) { name.href = href; }
      if (href && CONFIG.embed) { name.target = "_top"; }
      head.appendChild(name);
      head.appendChild(el("span", " · " + D.kinds[kind[n]].label, "muted"));
      box.appendChild(head);
      if (D.nodes.names[n].length) { box.appendChild(el("p", "Also: " + D.nodes.names[n].join(", "), "muted")); }
      var dl = el("dl");
      if (state.view === "overlap") {
        dl.appendChild(el("dt", "Members on " + iso(state.day)));
        dl.appendChild(el("dd", String(members[n])));
        var rows = [];
        overlap.forEachEdge(String(n), function (key, a, s, t) {
          rows.push([+(s === String(n) ? t : s), a.weight]);
        });
        rows.sort(function (a, b) { return b[1] - a[1]; });
        dl.appendChild(el("dt", rows.length + " organisations sharing members"));
        var ul = el("ul");
        rows.slice(0, 100).forEach(function (r) { ul.appendChild(el("li", D.nodes.label[r[0]] + ": " + r[1] + " shared")); });
        dl.appendChild(el("dd")).appendChild(ul);
      } else {
        /* One row per neighbour, role and status, with every source's span. */
        var rows = {}, keys = [];
        for (var k = adjStart[n]; k < adjStart[n + 1]; k++) {
          var l = adj[k];
          if (!linkOn[l]) { continue; }
          var other = src[l] === n ? tgt[l] : src[l], key = other + ":" + role[l] + ":" + status[l];
          if (!rows[key]) { rows[key] = { other: other, l: l, spans: [], sources: [] }; keys.push(key); }
          var span = (from[l] > -Infinity ? "from " + iso(from[l]) : "") + (until[l] < Infinity ? " until " + iso(until[l]) : "");
          if (span && rows[key].spans.indexOf(span.trim()) < 0) { rows[key].spans.push(span.trim()); }
          D.sources[D.links.sources[l]].split("; ").forEach(function (t) {
            if (t && rows[key].sources.indexOf(t) < 0) { rows[key].sources.push(t); }
          });
        }
        keys.sort(function (a, b) { return D.nodes.label[rows[a].other].localeCompare(D.nodes.label[rows[b].other]); });
        dl.appendChild(el("dt", keys.length + " links on " + iso(state.day)));
        var list = el("ul");
        keys.slice(0, 200).forEach(function (key) {
          var r = rows[key], l = r.l;
          list.appendChild(el("li", D.nodes.label[r.other] + " — " + D.roles[role[l]].label.toLowerCase() + ", " +
            D.statuses[status[l]].label.toLowerCase() + (r.spans.length ? " (" + r.spans.join("; ") + ")" : "") +
            ". Sources: " + r.sources.join("; ")));
        });
        if (keys.length > 200) { list.appendChild(el("li", "… and " + (keys.length - 200) + " more", "muted")); }
        dl.appendChild(el("dd")).appendChild(list);
      }
      box.appendChild(dl);
    }

    function select(n) {
      state.selected = n;
      neighbours = null;
      if (n >= 0 && !(state.view === "ego" && n === state.focus)) {
        neighbours = {};
        neighbours[n] = true;
        if (state.view === "overlap") {
          overlap.forEachNeighbor(String(n), function (m) { neighbours[+m] = true; });
        } else {
          for (var k = adjStart[n]; k < adjStart[n + 1]; k++) {
            var l = adj[k];
            if (linkOn[l]) { neighbours[src[l]] = true; neighbours[tgt[l]] = true; }
          }
        }
      }
      body.setAttribute("data-selected", n >= 0 ? D.nodes.id[n] : "");
      showDetails();
      renderer.refresh();
    }

    function update() {
      var t0 = performance.now();
      recount();
      var wanted = state.view === "overlap" ? overlap : graph;
      if (renderer.getGraph() !== wanted) { renderer.setGraph(wanted); }
      if (state.selected >= 0 && !nodeOn[state.selected]) { state.selected = -1; }
      sortOrder();
      select(state.selected);
      slider.value = state.day;
      dateInput.value = iso(state.day);
      $("hops-box").hidden = state.view !== "ego";
      $("weight-box").hidden = state.view !== "overlap";
      $("weight-out").textContent = String(state.weightUsed);
      var what = state.view === "overlap" ? "organisations, " + shownLinks + " pairs sharing ≥ " + state.weightUsed + " members"
        : "nodes, " + shownLinks + " links";
      $("stats").textContent = shownNodes + " " + what + " on " + iso(state.day);
      $("subtitle").textContent = N + " nodes and " + L + " links over time";
      body.setAttribute("data-day", iso(state.day));
      body.setAttribute("data-view", state.view);
      body.setAttribute("data-nodes", String(shownNodes));
      body.setAttribute("data-edges", String(shownLinks));
      window.orgkgExplorer.lastUpdateMs = performance.now() - t0;
    }

    var pending = false;
    function setDay(day) {
      if (day === null || isNaN(day)) { return; }
      state.day = Math.max(first, Math.min(last, day));
      if (pending) { return; }
      pending = true;
      requestAnimationFrame(function () { pending = false; update(); });
    }
    slider.addEventListener("input", function () { setDay(Number(slider.value)); });
    dateInput.addEventListener("change", function () { setDay(dayOf(dateInput.value)); });
    $("view").value = state.view;
    $("view").addEventListener("change", function () {
      var v = $("view").value;
      if (v === "ego" && state.selected < 0 && state.focus < 0) {
        $("search-status").textContent = "Pick a node first (click it or find it).";
        $("view").value = state.view;
        return;
      }
      if (v === "ego") { state.focus = state.selected >= 0 ? state.selected : state.focus; }
      state.view = v;
      update();
      fit(true);
    });
    $("hops").value = String(state.hops);
    $("hops").addEventListener("change", function () { state.hops = Number($("hops").value); update(); fit(true); });
    $("colour").addEventListener("change", function () {
      state.colour = $("colour").value;
      $("communities-box").open = state.colour === "community";
      renderer.refresh();
    });
    $("degree").addEventListener("input", function () {
      state.minDegree = Number($("degree").value);
      $("degree-out").textContent = String(state.minDegree);
      update();
    });
    $("weight").addEventListener("input", function () { state.minWeight = Number($("weight").value); update(); });

    /* Search by name, acronym or alias. */
    var names = [], seen = {};
    for (i = 0; i < N; i++) {
      [D.nodes.label[i]].concat(D.nodes.names[i]).forEach(function (s) {
        var f = fold(s);
        names.push([f, i]);
        if (!seen[s]) { seen[s] = true; $("search-names").appendChild(el("option")).value = s; }
      });
    }
    function find(text) {
      var f = fold(text);
      if (!f) { return []; }
      var exact = names.filter(function (p) { return p[0] === f; });
      var found = exact.length ? exact : names.filter(function (p) { return p[0].indexOf(f) >= 0; });
      var out = [];
      found.forEach(function (p) { if (out.indexOf(p[1]) < 0) { out.push(p[1]); } });
      return out;
    }
    function focusOn(n) {
      if (!nodeOn[n]) {
        $("search-status").textContent = D.nodes.label[n] + " has no links on " + iso(state.day) + " in this view.";
        return;
      }
      select(n);
      var d = renderer.getNodeDisplayData(String(n));
      if (d) { renderer.getCamera().animate({ x: d.x, y: d.y, ratio: Math.min(renderer.getCamera().ratio, 0.35) }, { duration: 300 }); }
    }
    function search() {
      var hits = find($("search").value), status = $("search-status");
      status.textContent = "";
      if (!hits.length) { status.textContent = "No node is called that."; return; }
      if (hits.length > 1) { status.textContent = hits.length + " matches: " + hits.slice(0, 5).map(function (n) { return D.nodes.label[n]; }).join("; "); }
      focusOn(hits[0]);
    }
    $("search").addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); search(); } });
    $("search").addEventListener("change", search);

    renderer.on("clickNode", function (e) { select(+e.node); });
    renderer.on("clickStage", function () { select(-1); });
    renderer.on("doubleClickNode", function (e) {
      e.preventSigmaDefault();
      state.focus = +e.node;
      state.view = "ego";
      $("view").value = "ego";
      state.selected = state.focus;
      update();
      fit(true);
    });
    renderer.on("enterNode", function (e) { state.hovered = +e.node; container.style.cursor = "pointer"; renderer.scheduleRender(); });
    renderer.on("leaveNode", function () { state.hovered = -1; container.style.cursor = ""; renderer.scheduleRender(); });

    window.orgkgExplorer = {
      renderer: renderer, state: state, lastUpdateMs: 0,
      setDay: function (text) { setDay(dayOf(text)); },
      select: function (id) { if (index[id] !== undefined) { focusOn(index[id]); } },
      shown: function () {
        var out = [];
        for (var n = 0; n < N; n++) { if (nodeOn[n]) { out.push(D.nodes.id[n]); } }
        return out;
      },
      kindOf: function (id) { return D.kinds[kind[index[id]]].kind; },
      idOf: function (n) { return D.nodes.id[n]; },
      indexOf: function (id) { return index[id]; },
      labelBoxes: function () { return boxes.map(function (b) { return { x: b[0], y: b[1], w: b[2], h: b[3], id: D.nodes.id[b[4]] }; }); },
      viewportOf: function (id) {
        var n = index[id];
        return renderer.graphToViewport({ x: D.nodes.x[n], y: D.nodes.y[n] });
      },
    };
    if (state.view === "ego" || state.focus >= 0) { state.selected = state.focus; }
    update();
    if (state.view === "ego") { fit(false); }
    performance.mark("orgkg-update");
    requestAnimationFrame(function () { performance.mark("orgkg-frame"); body.setAttribute("data-rendered", "true"); });
  }
})();
