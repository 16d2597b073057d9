/* Portal map: the shared background (basemap.js), the open sites as circle markers (from the
   GeoJSON endpoint) — grouped into clusters above data-cluster-above markers, named on the map
   from NAME_ZOOM on — and the 「我的位置」 button. */
(function () {
  "use strict";
  var NAME_ZOOM = 13;
  var el = document.getElementById("site-map");
  var status = document.getElementById("map-status");
  var map = L.map(el, {zoomSnap: 0.25, maxZoom: 18, attributionControl: !!el.dataset.tiles});
  map.setView([36.06, 103.83], 6);
  el.leafletMap = map; // for the browser tests
  GonghuiMap.base(map, el).then(function (outline) {
    if (!el.dataset.tiles) { map.fitBounds(outline.getBounds()); }
  }).catch(function () { status.textContent = "轮廓加载失败。"; });
  GonghuiMap.locateButton(map, status);

  function showNames() { el.classList.toggle("s-names", map.getZoom() >= NAME_ZOOM); }
  map.on("zoomend", showNames);
  showNames();

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

  GonghuiMap.getJSON(el.dataset.sites).then(function (data) {
    var markers = [];
    L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, {
          radius: 6, color: "#fff", weight: 1.5, fillColor: "#15803d", fillOpacity: 0.9,
          className: "s-marker"
        });
      },
      onEachFeature: function (feature, layer) {
        layer.bindPopup(popup(feature));
        layer.bindTooltip(feature.properties.name, {
          permanent: true, direction: "right", offset: [6, 0], className: "s-site-name"
        });
        markers.push(layer);
      }
    });
    var group;
    if (markers.length > Number(el.dataset.clusterAbove)) {
      group = L.markerClusterGroup({showCoverageOnHover: false, chunkedLoading: true, maxClusterRadius: 60});
      group.addLayers(markers);
    } else {
      group = L.featureGroup(markers);
    }
    group.addTo(map);
    status.textContent = "共 " + data.features.length + " 个营业中的阵地，点击圆点查看。";
  }).catch(function (error) {
    status.textContent = "阵地数据加载失败，请稍后重试。";
    console.error(error);
  });
})();
