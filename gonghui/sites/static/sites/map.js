/* Portal map: the Gansu outline (always, from our own GeoJSON), open sites as circle markers
   (from the GeoJSON endpoint), and a tile layer only when one is configured, so the page works
   on a network with no tile server at all. */
(function () {
  var el = document.getElementById("site-map");
  var status = document.getElementById("map-status");
  var map = L.map(el, {zoomSnap: 0.25, attributionControl: !!el.dataset.tiles});
  map.setView([36.06, 103.83], 6);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, {maxZoom: 18}).addTo(map);
  }
  function getJSON(url) {
    return fetch(url, {credentials: "same-origin"}).then(function (r) {
      if (!r.ok) { throw new Error(r.status); }
      return r.json();
    });
  }
  function popup(feature) {
    var box = document.createElement("div");
    var a = document.createElement("a");
    a.href = el.dataset.detail.replace(/\/0\/$/, "/" + feature.id + "/");
    a.textContent = feature.properties.name;
    var p = document.createElement("p");
    p.textContent = feature.properties.type + " · " + feature.properties.address;
    box.appendChild(a); box.appendChild(p);
    return box;
  }
  getJSON(el.dataset.outline).then(function (outline) {
    var layer = L.geoJSON(outline, {
      interactive: false,
      style: {color: "#c8102e", weight: 1, fillColor: "#fde8eb", fillOpacity: 0.45, className: "s-outline"}
    }).addTo(map);
    if (!el.dataset.tiles) { map.fitBounds(layer.getBounds()); }
  }).catch(function () { status.textContent = "轮廓加载失败。"; });
  getJSON(el.dataset.sites).then(function (data) {
    L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, {
          radius: 6, color: "#fff", weight: 1.5, fillColor: "#15803d", fillOpacity: 0.9,
          className: "s-marker"
        });
      },
      onEachFeature: function (feature, layer) { layer.bindPopup(popup(feature)); }
    }).addTo(map);
    status.textContent = "共 " + data.features.length + " 个营业中的阵地，点击圆点查看。";
  }).catch(function () { status.textContent = "阵地数据加载失败，请稍后重试。"; });
})();
