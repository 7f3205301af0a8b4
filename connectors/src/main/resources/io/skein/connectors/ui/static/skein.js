// Skein dashboard glue: htmx does the requests and swaps; this file starts the charts (Chart.js), draws flows
// (Cytoscape.js, laid out by dagre), shows times in the browser's zone and keeps the live stream polling.
(function () {
  'use strict';

  var STATE_COLORS = {
    waiting: '#bfdbfe', delayed: '#fde68a', rate_limited: '#fde68a', waiting_children: '#ddd6fe',
    active: '#7dd3fc', suspended: '#e9d5ff', completed: '#86efac', failed: '#fca5a5',
    cancelled: '#d1d5db', expired: '#d1d5db', skipped: '#e5e7eb'
  };
  var OUTCOME_COLORS = { ended_success: '#22c55e', ended_failure: '#ef4444', ended_cancelled: '#9ca3af' };

  function localTimes(root) {
    root.querySelectorAll('time[data-ms]').forEach(function (t) {
      var d = new Date(Number(t.dataset.ms));
      t.title = d.toISOString();
      t.textContent = t.dataset.short
        ? d.toLocaleTimeString(undefined, { hour12: false })
        : d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric',
            hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
    });
  }

  function rateCharts(root) {
    if (!window.Chart) { return; }
    root.querySelectorAll('canvas[data-rate]').forEach(function (canvas) {
      var data = JSON.parse(canvas.dataset.rate);
      new Chart(canvas, {
        type: 'bar',
        data: { labels: data.labels, datasets: [
          { label: 'completed', data: data.completed, backgroundColor: '#22c55e', stack: 'ended' },
          { label: 'failed, cancelled, expired', data: data.failed, backgroundColor: '#ef4444', stack: 'ended' }
        ] },
        options: {
          animation: false, responsive: false, maintainAspectRatio: false,
          plugins: { legend: { display: false }, tooltip: { mode: 'index', intersect: false } },
          scales: { x: { display: false, stacked: true }, y: { display: false, stacked: true, beginAtZero: true } }
        }
      });
    });
  }

  function timelineCharts(root) {
    if (!window.Chart) { return; }
    root.querySelectorAll('canvas[data-timeline]').forEach(function (canvas) {
      var data = JSON.parse(canvas.dataset.timeline);
      new Chart(canvas, {
        type: 'bar',
        data: { labels: data.labels, datasets: [{
          data: data.bars,
          backgroundColor: data.outcomes.map(function (o) { return OUTCOME_COLORS[o] || '#38bdf8'; }),
          borderRadius: 4, barPercentage: 0.7
        }] },
        options: {
          indexAxis: 'y', animation: false, responsive: true, maintainAspectRatio: false,
          plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (c) {
            var b = c.raw; return data.outcomes[c.dataIndex] + ': ' + (b[1] - b[0]).toFixed(1) + ' s, from ' +
              b[0].toFixed(1) + ' s after creation';
          } } } },
          scales: { x: { title: { display: true, text: 'seconds since creation' }, beginAtZero: true } }
        }
      });
    });
  }

  function flowGraphs(root) {
    root.querySelectorAll('#flow-graph[data-graph]').forEach(function (container) {
      if (!window.cytoscape || !window.dagre) { return; }
      var graph = JSON.parse(container.dataset.graph);
      var layout = new dagre.graphlib.Graph();
      layout.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 80, marginx: 20, marginy: 20 });
      layout.setDefaultEdgeLabel(function () { return {}; });
      graph.nodes.forEach(function (n) { layout.setNode(n.data.id, { width: 150, height: 46 }); });
      graph.edges.forEach(function (e) { layout.setEdge(e.data.source, e.data.target); });
      dagre.layout(layout);
      var cy = cytoscape({
        container: container,
        elements: graph.nodes.concat(graph.edges),
        layout: { name: 'preset', fit: true, padding: 24,
          positions: function (node) { var p = layout.node(node.id()); return { x: p.x, y: p.y }; } },
        minZoom: 0.2, maxZoom: 2.5, wheelSensitivity: 0.2,
        style: [
          { selector: 'node', style: {
            shape: 'round-rectangle', width: 150, height: 46, label: 'data(label)', 'text-wrap': 'wrap',
            'text-valign': 'center', 'font-size': 12, 'font-family': 'system-ui, sans-serif', color: '#1d2230',
            'background-color': function (n) { return STATE_COLORS[n.data('state')] || '#e5e7eb'; },
            'border-width': 1, 'border-color': '#94a3b8' } },
          { selector: 'node:active, node:selected', style: { 'border-width': 2, 'border-color': '#4f46e5' } },
          { selector: 'edge', style: {
            width: 1.6, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'arrow-scale': 1.1,
            'line-color': '#94a3b8', 'target-arrow-color': '#94a3b8' } },
          { selector: 'edge[state = "satisfied"]', style: { 'line-color': '#22c55e', 'target-arrow-color': '#22c55e' } },
          { selector: 'edge[state = "impossible"]', style: { 'line-color': '#ef4444', 'target-arrow-color': '#ef4444' } },
          { selector: 'edge[state = "pending"], edge[state = "unsatisfied"]', style: { 'line-style': 'dashed' } }
        ]
      });
      cy.on('tap', 'node', function (e) { window.location.href = e.target.data('href'); });
      cy.on('mouseover', 'node', function () { container.style.cursor = 'pointer'; });
      cy.on('mouseout', 'node', function () { container.style.cursor = ''; });
      window.skeinGraph = cy;
    });
  }

  function init(root) {
    if (window.Chart) {
      // charts of canvases a refresh replaced: free them before drawing the new ones
      Object.values(Chart.instances).forEach(function (c) { if (!c.canvas.isConnected) { c.destroy(); } });
    }
    localTimes(root);
    // draw after the first paint: the page's figures show at once, the charts and the graph a frame later
    requestAnimationFrame(function () {
      setTimeout(function () {
        rateCharts(root);
        timelineCharts(root);
        flowGraphs(root);
      }, 0);
    });
  }

  function start() {
    if (!window.htmx) { init(document); return; }
    htmx.onLoad(init);

    // The live stream: a failed poll (network, restart) tries again after a pause instead of stopping.
    function retryLater(evt) {
      var elt = evt.detail.elt;
      if (elt && elt.classList && elt.classList.contains('live-next')) {
        setTimeout(function () { if (elt.isConnected) { htmx.trigger(elt, 'retry'); } }, 2000);
      }
    }
    document.body.addEventListener('htmx:responseError', retryLater);
    document.body.addEventListener('htmx:sendError', retryLater);

    // Keep the stream scrolled to its end while the reader is there.
    var stream = document.getElementById('stream');
    if (stream) {
      stream.addEventListener('scroll', function () {
        stream.dataset.follow = String(stream.scrollTop + stream.clientHeight >= stream.scrollHeight - 24);
      });
      document.body.addEventListener('htmx:afterSwap', function () {
        if (stream.dataset.follow === 'true') { stream.scrollTop = stream.scrollHeight; }
      });
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
