/* 电子会员卡: fetch a fresh QR (new signed token) before the current one expires. The refresh
   URL is the box's data-qr-url; the QR fragment carries its own data-refresh-ms. */
(function () {
  "use strict";
  var holder = document.querySelector("[data-qr-url]");
  if (!holder) return;
  var url = holder.dataset.qrUrl;
  function schedule() {
    var box = document.getElementById("card-qr");
    setTimeout(refresh, parseInt(box.getAttribute("data-refresh-ms"), 10) || 240000);
  }
  function refresh() {
    fetch(url, {credentials: "same-origin", cache: "no-store"}).then(function (r) {
      if (!r.ok) { throw new Error(r.status); }
      return r.text();
    }).then(function (html) {
      document.getElementById("card-qr").outerHTML = html;
      schedule();
    }).catch(function () { setTimeout(refresh, 15000); });
  }
  schedule();
})();
