/* The background every site map shares (the portal's 阵地地图, the workbench's site form).
   With tiles configured (data-tiles): those tiles. Always: our Gansu outline (data-outline).
   Without tiles: the names of the prefecture and county seats (data-seats) — points, never
   county boundaries, since no outline we can ship is an approved 标准地图. Names that would
   overlap are hidden, prefectures first; from COUNTY_ZOOM on, the counties take their place.
   Also the 「我的位置」 button. Exposes window.GonghuiMap. */
window.GonghuiMap = (function () {
  "use strict";
  var COUNTY_ZOOM = 9;
  var LOCATE_ZOOM = 15;

  function getJSON(url) {
    return fetch(url, {credentials: "same-origin"}).then(function (r) {
      if (!r.ok) { throw new Error(r.status); }
      return r.json();
    });
  }

  // The screen box of a seat's dot and name (the name is written right of the dot).
  function boxOf(map, item) {
    var p = map.latLngToContainerPoint(item.latlng);
    return {x1: p.x - 4, y1: p.y - 9, x2: p.x + 10 + item.label.length * 13, y2: p.y + 9};
  }

  function overlaps(a, b) {
    return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  }

  function seats(map, data) {
    var pane = map.createPane("seats");
    pane.style.zIndex = 350; // under the sites (overlay pane, 400) and their popups
    var items = data.features.map(function (f) {
      var name = document.createElement("span");
      name.textContent = f.properties.label;
      name.title = f.properties.name;
      var latlng = L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]);
      return {
        latlng: latlng,
        label: f.properties.label,
        city: f.properties.levels.indexOf("city") >= 0,
        county: f.properties.levels.indexOf("county") >= 0,
        marker: L.marker(latlng, {
          pane: "seats", interactive: false, keyboard: false,
          icon: L.divIcon({className: "s-seat", html: name, iconSize: null})
        })
      };
    });
    items.sort(function (a, b) { return b.city - a.city; });
    L.layerGroup(items.map(function (i) { return i.marker; })).addTo(map);
    function place() {
      var zoom = map.getZoom(), shown = [];
      items.forEach(function (item) {
        var box = boxOf(map, item);
        var show = (zoom < COUNTY_ZOOM || item.county) &&
          !shown.some(function (other) { return overlaps(box, other); });
        if (show) { shown.push(box); }
        item.marker.getElement().classList.toggle("s-seat-hidden", !show);
      });
    }
    map.on("zoomend", place);
    place();
  }

  /* Tiles or outline and seats on `map`, from `el`'s data attributes. Resolves to the outline
     layer (to fit the view to) once it is drawn. */
  function base(map, el) {
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, {maxZoom: 18}).addTo(map);
    } else {
      getJSON(el.dataset.seats).then(function (data) { seats(map, data); });
    }
    // The outline under the seat names (350), both under the sites (overlay pane, 400).
    map.createPane("outline").style.zIndex = 300;
    return getJSON(el.dataset.outline).then(function (outline) {
      return L.geoJSON(outline, {
        pane: "outline",
        interactive: false,
        style: {color: "#c8102e", weight: 1, fillColor: "#fde8eb", fillOpacity: 0.45, className: "s-outline"}
      }).addTo(map);
    });
  }

  /* The 「我的位置」 button: the browser's position, shown as a dot and its accuracy circle. */
  function locateButton(map, status) {
    var here = null;
    var Control = L.Control.extend({
      options: {position: "topleft"},
      onAdd: function () {
        var button = L.DomUtil.create("button", "s-locate leaflet-bar");
        button.type = "button";
        button.textContent = "我的位置";
        L.DomEvent.disableClickPropagation(button);
        L.DomEvent.on(button, "click", function () {
          status.textContent = "正在定位…";
          map.locate({setView: true, maxZoom: LOCATE_ZOOM, enableHighAccuracy: true, timeout: 10000});
        });
        return button;
      }
    });
    map.addControl(new Control());
    map.on("locationfound", function (e) {
      if (here) { here.remove(); }
      here = L.featureGroup([
        L.circle(e.latlng, {radius: e.accuracy, weight: 1, color: "#2563eb", fillOpacity: 0.1, interactive: false}),
        L.circleMarker(e.latlng, {radius: 7, color: "#fff", weight: 2, fillColor: "#2563eb", fillOpacity: 1,
                                  className: "s-here", interactive: false})
      ]).addTo(map);
      status.textContent = "已定位到您的位置（蓝点）。";
    });
    map.on("locationerror", function () {
      status.textContent = "无法获取位置（可能未允许定位），请拖动地图查找。";
    });
  }

  return {base: base, getJSON: getJSON, locateButton: locateButton};
})();
