/* kg graph view. Reads the JSON in #kg-data; every text from the data reaches the
 * page through textContent only (never innerHTML), so titles cannot inject markup. */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var TYPES = {};
  DATA.types.forEach(function (t) { TYPES[t.name] = t; });
  var ROLE_TEXT = {
    proposes: "proposes", uses: "uses", evaluates_on: "evaluates on",
    compares_to: "compares to", mentions: "mentions"
  };
  var ROLE_ORDER = ["proposes", "evaluates_on", "compares_to", "uses", "mentions"];
  var EDGE_STYLE = {
    link: { color: { color: "#5aa9a3", highlight: "#0f766e", hover: "#0f766e", opacity: 0.55 } },
    role: { color: { color: "#c3cad4", highlight: "#37474f", hover: "#37474f", opacity: 0.8 } },
    variant: { color: { color: "#f28e2b", highlight: "#c2410c", hover: "#c2410c", opacity: 0.9 } }
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function swatch(typeName) {
    var t = TYPES[typeName] || { color: "#999", shape: "dot" };
    var s = el("span", "kg-swatch" + (t.shape === "square" ? " kg-square" : ""));
    s.style.background = t.color;
    return s;
  }

  function chip(name, typeName) {
    var c = el("span", "kg-chip");
    c.appendChild(swatch(typeName));
    c.appendChild(el("span", null, name));
    c.title = typeName;
    return c;
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  /* A card describing a node: the same for tooltips and for the details panel. */
  function nodeCard(node, full) {
    var info = node.kg;
    var card = el("div", "kg-card");
    card.appendChild(el("h3", null, info.n));
    if (info.k === "paper") {
      var meta = [info.d || "no date", info.id];
      if (info.up) { meta.push(plural(info.up, "upvote")); }
      card.appendChild(el("p", "kg-meta", meta.join(" · ")));
      var list = el("ul");
      var ents = info.e.slice().sort(function (a, b) {
        return ROLE_ORDER.indexOf(a[2]) - ROLE_ORDER.indexOf(b[2]);
      });
      var limit = full ? ents.length : 12;
      ents.slice(0, limit).forEach(function (e) {
        var li = el("li");
        li.appendChild(el("span", "kg-role", ROLE_TEXT[e[2]] || e[2]));
        li.appendChild(chip(e[0], e[1]));
        list.appendChild(li);
      });
      if (!ents.length) { list.appendChild(el("li", "kg-hint", "no entities found")); }
      if (ents.length > limit) { list.appendChild(el("li", "kg-hint", "and " + (ents.length - limit) + " more")); }
      card.appendChild(list);
      if (full && /^https?:\/\//i.test(info.u || "")) {
        var a = el("a", null, "Open the paper");
        a.href = info.u;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        card.appendChild(a);
      }
    } else {
      var m = el("p", "kg-meta");
      m.appendChild(chip(node.group, node.group));
      m.appendChild(document.createTextNode(" · used by " + plural(info.p, "paper")));
      card.appendChild(m);
      if (info.a && info.a.length) {
        card.appendChild(el("p", null, "Also: " + info.a.join(", ")));
      }
      var roles = ROLE_ORDER.filter(function (r) { return info.r[r]; }).map(function (r) {
        return (ROLE_TEXT[r] || r) + " " + info.r[r];
      });
      if (roles.length) { card.appendChild(el("p", "kg-meta", "Papers: " + roles.join(", "))); }
    }
    return card;
  }

  function edgeCard(edge) {
    var card = el("div", "kg-card");
    var a = nodes.get(edge.from), b = nodes.get(edge.to);
    if (edge.k === "link") {
      card.appendChild(el("h3", null, "Shared techniques (weight " + edge.w + ")"));
      var list = el("ul");
      edge.v.forEach(function (name) { list.appendChild(el("li", null, name)); });
      card.appendChild(list);
      card.appendChild(el("p", "kg-meta", (a ? a.kg.n : edge.from) + " — " + (b ? b.kg.n : edge.to)));
    } else if (edge.k === "variant") {
      card.appendChild(el("h3", null, (a ? a.kg.n : edge.from) + " is a variant of " + (b ? b.kg.n : edge.to)));
    } else {
      card.appendChild(el("p", "kg-meta", a ? a.kg.n : edge.from));
      card.appendChild(el("h3", null, (ROLE_TEXT[edge.r] || edge.r) + " " + (b ? b.kg.n : edge.to)));
    }
    return card;
  }

  /* Tooltips are elements (vis-network shows strings as plain text, elements as they are);
   * each is an empty <div> filled on first hover, which keeps big graphs quick to open. */
  DATA.nodes.forEach(function (n) { n.title = el("div", "kg-tip"); });
  DATA.edges.forEach(function (e, i) {
    e.id = "e" + i;
    e.title = el("div", "kg-tip");
    var style = EDGE_STYLE[e.k] || EDGE_STYLE.role;
    e.color = style.color;
    if (e.k === "role") { e.width = 0.6; }
  });

  /* log scaling: a node with 3 links is visibly bigger than a leaf, hubs do not dwarf all */
  DATA.options.nodes.scaling.customScalingFunction = function (min, max, total, value) {
    if (max <= min) { return 0.5; }
    return Math.log(value / min) / Math.log(max / min);
  };
  var nodes = new vis.DataSet(DATA.nodes);
  var edges = new vis.DataSet(DATA.edges);
  var state = {
    types: new Set(DATA.types.map(function (t) { return t.name; })),
    minWeight: 0,
    singles: !DATA.hideSingles
  };
  function visible(n) {
    return !!n && state.types.has(n.group) && (state.singles || n.kg.k !== "entity" || n.kg.p > 1);
  }
  var nodeView = new vis.DataView(nodes, { filter: visible });
  var edgeView = new vis.DataView(edges, {
    filter: function (e) {
      if (e.k === "link" && e.w < state.minWeight) { return false; }
      return visible(nodes.get(e.from)) && visible(nodes.get(e.to));
    }
  });
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, DATA.options);
  window.kgNetwork = network;
  window.kgNodes = nodes;
  window.kgEdges = edges;
  var shown = document.getElementById("kg-shown");
  function countShown() {
    shown.textContent = "Showing " + nodeView.length.toLocaleString("en") + " nodes and " +
      edgeView.length.toLocaleString("en") + " edges of ";
  }
  nodeView.on("*", countShown);
  edgeView.on("*", countShown);
  countShown();
  network.once("afterDrawing", function () {
    window.kgReady = performance.now();
    document.body.setAttribute("data-ready", "true");
  });

  function fillTip(item, make) {
    if (item && item.title && !item.title.firstChild) { item.title.appendChild(make(item)); }
  }
  network.on("hoverNode", function (p) { fillTip(nodes.get(p.node), function (n) { return nodeCard(n, false); }); });
  network.on("hoverEdge", function (p) { fillTip(edges.get(p.edge), edgeCard); });

  /* details panel */
  var details = document.getElementById("kg-details");
  var detailsHint = details.firstElementChild;
  function showDetails(card) {
    while (details.firstChild) { details.removeChild(details.firstChild); }
    details.appendChild(card || detailsHint);
  }
  network.on("click", function (p) {
    if (p.nodes.length) { showDetails(nodeCard(nodes.get(p.nodes[0]), true)); }
    else if (p.edges.length) { showDetails(edgeCard(edges.get(p.edges[0]))); }
    else { showDetails(null); }
  });

  /* legend = type filter */
  var typeBox = document.getElementById("kg-types");
  DATA.types.forEach(function (t) {
    var label = el("label", "kg-type");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = t.name;
    box.disabled = t.count === 0;
    box.addEventListener("change", function () {
      if (box.checked) { state.types.add(t.name); } else { state.types.delete(t.name); }
      nodeView.refresh();
      edgeView.refresh();
    });
    label.appendChild(box);
    label.appendChild(swatch(t.name));
    label.appendChild(el("span", null, t.name === "Paper" ? "Papers" : t.name));
    label.appendChild(el("span", "kg-count", t.count.toLocaleString("en")));
    typeBox.appendChild(label);
  });
  var singlesBox = document.getElementById("kg-singles");
  var singleCount = DATA.nodes.filter(function (n) { return n.kg.k === "entity" && n.kg.p <= 1; }).length;
  singlesBox.checked = state.singles;
  singlesBox.disabled = singleCount === 0;
  document.getElementById("kg-singles-count").textContent = singleCount.toLocaleString("en");
  singlesBox.addEventListener("change", function () {
    state.singles = singlesBox.checked;
    nodeView.refresh();
    edgeView.refresh();
  });
  function reveal(node) {
    var changed = false;
    if (!state.types.has(node.group)) {
      state.types.add(node.group);
      typeBox.querySelectorAll("input").forEach(function (b) { if (b.value === node.group) { b.checked = true; } });
      changed = true;
    }
    if (!visible(node)) { state.singles = singlesBox.checked = true; changed = true; }
    if (changed) { nodeView.refresh(); edgeView.refresh(); }
  }

  /* minimum weight of paper links */
  var slider = document.getElementById("kg-min-weight");
  var sliderValue = document.getElementById("kg-min-weight-value");
  slider.max = String(DATA.maxWeight || 0);
  slider.disabled = !DATA.maxWeight;
  slider.addEventListener("input", function () {
    state.minWeight = parseFloat(slider.value) || 0;
    sliderValue.textContent = state.minWeight.toFixed(1);
    edgeView.refresh();
  });

  /* search: exact name, alias or id first, then prefix, then substring */
  var search = document.getElementById("kg-search");
  var status = document.getElementById("kg-search-status");
  var names = document.getElementById("kg-names");
  var index = [];
  var seen = new Set();
  DATA.nodes.forEach(function (n) {
    var keys = [n.kg.n];
    if (n.kg.k === "paper") { keys.push(n.kg.id); } else { keys = keys.concat(n.kg.a || []); }
    keys.forEach(function (k) { index.push([String(k).toLowerCase(), n.id]); });
    if (!seen.has(n.kg.n)) {
      seen.add(n.kg.n);
      var opt = el("option");
      opt.value = n.kg.n;
      names.appendChild(opt);
    }
  });
  function degree(id) { return network.getConnectedEdges(id).length; }
  function find(query) {
    var q = query.trim().toLowerCase();
    if (!q) { return null; }
    var tests = [
      function (k) { return k === q; },
      function (k) { return k.indexOf(q) === 0; },
      function (k) { return k.indexOf(q) >= 0; }
    ];
    for (var i = 0; i < tests.length; i++) {
      var hits = index.filter(function (entry) { return tests[i](entry[0]); });
      if (hits.length) {
        return hits.map(function (h) { return h[1]; }).sort(function (a, b) { return degree(b) - degree(a); })[0];
      }
    }
    return null;
  }
  function focusNode(id) {
    var node = nodes.get(id);
    reveal(node);
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showDetails(nodeCard(node, true));
    status.textContent = "";
  }
  function runSearch() {
    var id = find(search.value);
    if (id === null) { status.textContent = search.value.trim() ? "no match" : ""; return; }
    focusNode(id);
  }
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); runSearch(); } });
  search.addEventListener("change", runSearch);
  window.kgFocus = focusNode;

  if (DATA.focus && nodes.get(DATA.focus)) {
    network.selectNodes([DATA.focus]);
    showDetails(nodeCard(nodes.get(DATA.focus), true));
  }
})();
