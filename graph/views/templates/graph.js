/* thidua graph view: vis-network over the data embedded in #thidua-data.
 * Everything that came from a scraped page is put in the DOM as text (textContent), never as
 * HTML; links are kept only for http(s) and file URLs. Filters re-filter DataViews in place. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("thidua-data").textContent);
  var SAFE_URL = /^(https?:|file:|[\w.-]+(\/[\w.-]+)*\.html$)/i;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function link(href, text) {
    if (!href || !SAFE_URL.test(href)) return el("span", text || href || "");
    var a = el("a", text || href);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  /* The card shown in the tooltip and in the side panel. */
  function card(info, full) {
    var box = el("div", null, "card");
    if (!info) return box;
    box.appendChild(el("div", info.kind, "kind"));
    box.appendChild(el(full ? "h3" : "strong", info.title));
    if (info.fields && info.fields.length) {
      var dl = el("dl");
      info.fields.forEach(function (pair) {
        dl.appendChild(el("dt", pair[0]));
        dl.appendChild(el("dd", pair[1]));
      });
      box.appendChild(dl);
    }
    var quotes = info.quotes || [];
    quotes.slice(0, full ? quotes.length : 2).forEach(function (q) {
      box.appendChild(el("blockquote", q.text));
      if (q.href) {
        var p = el("p", "Nguồn: ");
        p.appendChild(link(q.href, q.source || q.href));
        box.appendChild(p);
      }
    });
    if (!full && quotes.length > 2) box.appendChild(el("p", "… và " + (quotes.length - 2) + " câu khác (bấm để xem)", "hint"));
    (info.links || []).forEach(function (l) {
      var p = el("p");
      p.appendChild(link(l.href, l.text));
      box.appendChild(p);
    });
    return box;
  }

  var rawNodes = data.nodes.map(function (n) {
    var copy = Object.assign({}, n);
    copy.title = card(n.info, false);
    return copy;
  });
  var rawEdges = data.edges.map(function (e) {
    var copy = Object.assign({}, e);
    copy.title = card(e.info, false);
    return copy;
  });
  var nodes = new vis.DataSet(rawNodes);
  var edges = new vis.DataSet(rawEdges);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });

  var filter = { province: "", bloc: "", year: "" };
  function has(list, value) { return !value || (list || []).indexOf(value) >= 0; }
  function nodeVisible(n) {
    return has(n.provinces, filter.province) && has(n.blocs, filter.bloc) && has(n.years, filter.year);
  }
  var visibleIds = {};
  function recompute() {
    visibleIds = {};
    data.nodes.forEach(function (n) { if (nodeVisible(n)) visibleIds[n.id] = true; });
  }
  recompute();
  function edgeVisible(e) {
    if (!visibleIds[e.from] || !visibleIds[e.to]) return false;
    if (filter.year && e.year && String(e.year) !== filter.year) return false;
    if (filter.bloc && e.blocs && e.blocs.length && e.blocs.indexOf(filter.bloc) < 0) return false;
    return true;
  }
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return !!visibleIds[n.id]; } });
  var edgeView = new vis.DataView(edges, { filter: edgeVisible });

  /* Stabilise explicitly once the handler below is attached: a small graph can settle
   * inside the constructor, before a listener could hear it. */
  var iterations = data.options.physics.stabilization.iterations;
  data.options.physics.stabilization.enabled = false;
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);
  var counter = document.getElementById("counter");
  function count() {
    counter.textContent = "Đang hiển thị " + nodeView.length + " / " + data.nodes.length + " nút, " +
      edgeView.length + " / " + data.edges.length + " cạnh.";
  }
  count();

  /* Settle once, then stop physics so the drawing stays still and readable. */
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    network.fit();
    document.body.setAttribute("data-stabilized", "true");
  });
  network.stabilize(iterations);

  function apply() {
    filter.province = document.getElementById("filter-province").value;
    filter.bloc = document.getElementById("filter-bloc").value;
    filter.year = document.getElementById("filter-year").value;
    recompute();
    nodeView.refresh();
    edgeView.refresh();
    count();
    network.fit();
  }
  ["filter-province", "filter-bloc", "filter-year"].forEach(function (id) {
    document.getElementById(id).addEventListener("change", apply);
  });
  document.getElementById("filter-reset").addEventListener("click", function () {
    ["filter-province", "filter-bloc", "filter-year"].forEach(function (id) { document.getElementById(id).value = ""; });
    apply();
  });

  var details = document.getElementById("details");
  network.on("click", function (params) {
    var info = null;
    if (params.nodes.length) info = (byId[params.nodes[0]] || {}).info;
    else if (params.edges.length) info = (edges.get(params.edges[0]) || {}).info;
    if (!info) return;
    while (details.firstChild) details.removeChild(details.firstChild);
    details.appendChild(card(info, true));
  });

  window.thiduaView = {
    network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
    apply: apply, visibleNodeIds: function () { return nodeView.getIds(); }
  };
})();
