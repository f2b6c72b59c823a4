// forewarn dashboard: draws the question chart (uPlot) and the events map (d3-geo + topojson).
// Everything else is rendered on the server; the data comes from JSON islands in the page.
(function () {
  "use strict";

  function island(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function day(date) { return Date.parse(date + "T00:00:00Z") / 1000; }

  function drawChart() {
    var el = document.getElementById("chart");
    var data = island("chart-data");
    if (!el || !data || typeof uPlot === "undefined") return;
    var xs = data.dates.map(day);
    var index = {};
    xs.forEach(function (x, i) { index[x] = i; });
    // Evidence markers become two point-only series on the same days as the line.
    var forPts = xs.map(function () { return null; });
    var againstPts = xs.map(function () { return null; });
    data.markers.forEach(function (m) {
      var i = index[day(m.date)];
      if (i === undefined || m.probability === null) return;
      (m.direction === "for" ? forPts : againstPts)[i] = m.probability * 100;
    });
    var ys = data.probabilities.map(function (p) { return p * 100; });
    var pointsOnly = function () { return null; };
    var opts = {
      width: Math.max(320, el.clientWidth - 16),
      height: 300,
      scales: { x: { time: true }, y: { range: function (u, lo, hi) { return [0, Math.min(100, Math.max(10, hi * 1.25))]; } } },
      axes: [{}, { values: function (u, v) { return v.map(function (x) { return x + "%"; }); } }],
      series: [
        {},
        { label: "probability", stroke: "#2b4c7e", width: 2, value: function (u, v) { return v == null ? "—" : v.toFixed(1) + "%"; } },
        { label: "evidence for", stroke: "#b42318", paths: pointsOnly, points: { show: true, size: 9, fill: "#b42318" } },
        { label: "evidence against", stroke: "#1d6fb8", paths: pointsOnly, points: { show: true, size: 9, fill: "#1d6fb8" } }
      ]
    };
    var plot = new uPlot(opts, [xs, ys, forPts, againstPts], el);
    el.setAttribute("data-drawn", String(xs.length));
    window.addEventListener("resize", function () { plot.setSize({ width: Math.max(320, el.clientWidth - 16), height: 300 }); });
  }

  function svg(name, attrs) {
    var el = document.createElementNS("http://www.w3.org/2000/svg", name);
    Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    return el;
  }

  function drawMap() {
    var el = document.getElementById("map");
    var data = island("map-data");
    if (!el || !data || typeof d3 === "undefined" || typeof topojson === "undefined") return;
    fetch("/assets/world-atlas/countries-110m.json").then(function (r) { return r.json(); }).then(function (world) {
      var width = 960, height = 480;
      var land = topojson.feature(world, world.objects.countries);
      var projection = d3.geoNaturalEarth1();
      var pts = data.points;
      if (pts.length) {
        // Fit the events (with a margin of context), not the whole globe.
        var lons = pts.map(function (p) { return p.lon; }), lats = pts.map(function (p) { return p.lat; });
        var pad = 8;
        var box = { type: "MultiPoint", coordinates: [
          [Math.min.apply(null, lons) - pad, Math.min.apply(null, lats) - pad / 2],
          [Math.max.apply(null, lons) + pad, Math.max.apply(null, lats) + pad / 2]] };
        projection.fitExtent([[10, 10], [width - 10, height - 10]], box);
      } else {
        projection.fitSize([width, height], { type: "Sphere" });
      }
      var path = d3.geoPath(projection);
      var root = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img" });
      land.features.forEach(function (f) {
        var d = path(f);
        if (d) root.appendChild(svg("path", { d: d, "class": "land" }));
      });
      pts.forEach(function (p) {
        var xy = projection([p.lon, p.lat]);
        if (!xy) return;
        var a = svg("a", { href: "/documents/" + p.document_id });
        var c = svg("circle", { cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: 5, "class": "dot" });
        var t = svg("title", {});
        t.textContent = (p.date || "") + " " + p.type + " at " + p.name + ": " + p.sentence;
        c.appendChild(t);
        a.appendChild(c);
        root.appendChild(a);
      });
      el.appendChild(root);
      el.setAttribute("data-drawn", String(pts.length));
    });
  }

  drawChart();
  drawMap();
})();
