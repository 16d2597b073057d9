/* Portal home, 附近的驿站: the server lists the sites nearest the worker's county; "用我的位置"
   (or a position the browser already may give) asks the home's fragment for the nearest to the
   phone's position and puts it in place. */
(function () {
  "use strict";
  var section = document.getElementById("home-nearby");
  if (!section || !navigator.geolocation) return;
  var where = document.getElementById("home-nearby-where");
  var list = document.getElementById("home-nearby-list");
  var button = document.getElementById("home-locate");

  function locate() {
    where.firstChild.textContent = "正在定位… ";
    navigator.geolocation.getCurrentPosition(function (pos) {
      var url = section.dataset.url + "?lat=" + pos.coords.latitude.toFixed(6) +
        "&lng=" + pos.coords.longitude.toFixed(6);
      fetch(url, {credentials: "same-origin"}).then(function (r) { return r.text(); })
        .then(function (html) {
          list.innerHTML = html;
          where.firstChild.textContent = "距离从您的位置算起。 ";
        });
    }, function () {
      where.firstChild.textContent = "无法获取位置（可能未允许定位）。 ";
    }, {enableHighAccuracy: false, timeout: 10000, maximumAge: 300000});
  }

  button.addEventListener("click", locate);
  // Ask on load only when the worker has already allowed it: no permission prompt uninvited.
  if (navigator.permissions && navigator.permissions.query) {
    navigator.permissions.query({name: "geolocation"}).then(function (p) {
      if (p.state === "granted") locate();
    }).catch(function () {});
  }
})();
