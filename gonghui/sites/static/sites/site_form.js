/* Site form: pick the position on a map. A click or a dragged marker fills 纬度/经度 in the
   datum chosen under 坐标系 (the map itself is WGS-84; GCJ-02 is computed here with the same
   public formula as gonghui/sites/geo.py, and converted back to WGS-84 on save). Typed
   coordinates move the marker. */
(function () {
  "use strict";
  var el = document.getElementById("site-form-map");
  if (!el) { return; }
  var form = el.closest("form");
  var lat = form.elements.lat, lng = form.elements.lng, crs = form.elements.crs;
  var status = document.getElementById("site-form-map-status");
  var A = 6378245.0, EE = 0.00669342162296594323;

  function inChina(la, ln) { return la >= 0.8293 && la <= 55.8271 && ln >= 72.004 && ln <= 137.8347; }
  function offset(la, ln) {
    var x = ln - 105.0, y = la - 35.0, pi = Math.PI;
    var common = (20 * Math.sin(6 * x * pi) + 20 * Math.sin(2 * x * pi)) * 2 / 3;
    var dlat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x)) + common;
    dlat += (20 * Math.sin(y * pi) + 40 * Math.sin(y / 3 * pi)) * 2 / 3;
    dlat += (160 * Math.sin(y / 12 * pi) + 320 * Math.sin(y * pi / 30)) * 2 / 3;
    var dlng = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x)) + common;
    dlng += (20 * Math.sin(x * pi) + 40 * Math.sin(x / 3 * pi)) * 2 / 3;
    dlng += (150 * Math.sin(x / 12 * pi) + 300 * Math.sin(x / 30 * pi)) * 2 / 3;
    var rad = la * pi / 180, magic = 1 - EE * Math.sin(rad) * Math.sin(rad), sq = Math.sqrt(magic);
    return [dlat * 180 / ((A * (1 - EE)) / (magic * sq) * pi), dlng * 180 / (A / sq * Math.cos(rad) * pi)];
  }
  function toGcj(la, ln) {
    if (!inChina(la, ln)) { return [la, ln]; }
    var d = offset(la, ln);
    return [la + d[0], ln + d[1]];
  }
  function toWgs(la, ln) {
    var w = [la, ln];
    for (var i = 0; i < 30 && inChina(la, ln); i++) {
      var g = toGcj(w[0], w[1]);
      w = [w[0] - (g[0] - la), w[1] - (g[1] - ln)];
    }
    return w;
  }

  var map = L.map(el, {zoomSnap: 0.25, maxZoom: 18, attributionControl: !!el.dataset.tiles});
  map.setView([36.06, 103.83], 6);
  el.leafletMap = map; // for the browser tests
  var marker = null;

  function typed() {
    var a = parseFloat(lat.value), b = parseFloat(lng.value);
    if (!isFinite(a) || !isFinite(b) || Math.abs(a) > 90 || Math.abs(b) > 180) { return null; }
    var p = crs.value === "GCJ-02" ? toWgs(a, b) : [a, b];
    return L.latLng(p[0], p[1]);
  }
  function fill(latlng) {
    var p = crs.value === "GCJ-02" ? toGcj(latlng.lat, latlng.lng) : [latlng.lat, latlng.lng];
    lat.value = p[0].toFixed(6);
    lng.value = p[1].toFixed(6);
    status.textContent = "已填写所选位置（" + crs.value + "）：纬度 " + lat.value + "，经度 " + lng.value + "。";
  }
  function put(latlng) {
    if (marker) { marker.setLatLng(latlng); return; }
    marker = L.marker(latlng, {draggable: true, title: "阵地位置", alt: "阵地位置"}).addTo(map);
    marker.on("dragend", function () { fill(marker.getLatLng()); });
  }

  GonghuiMap.base(map, el).then(function (outline) {
    if (!marker && !el.dataset.tiles) { map.fitBounds(outline.getBounds()); }
  });
  GonghuiMap.locateButton(map, status);
  map.on("click", function (e) { put(e.latlng); fill(e.latlng); });
  // The inputs are the truth; 坐标系 says what they mean, so changing it moves the marker.
  [lat, lng, crs].forEach(function (input) {
    input.addEventListener("change", function () {
      var p = typed();
      if (p) { put(p); map.panTo(p); }
    });
  });
  var start = typed();
  if (start) { put(start); map.setView(start, 14); }
})();
