/* 附近的驿站: "使用我的位置" fills the form with the phone's position and submits it. */
(function () {
  "use strict";
  var form = document.getElementById("nearby-form");
  if (!form) return;
  var msg = document.getElementById("locate-msg");
  document.getElementById("locate").addEventListener("click", function () {
    if (!navigator.geolocation) { msg.textContent = "此浏览器不支持定位，请选择县区。"; return; }
    msg.textContent = "正在定位…";
    navigator.geolocation.getCurrentPosition(function (pos) {
      form.elements.lat.value = pos.coords.latitude.toFixed(6);
      form.elements.lng.value = pos.coords.longitude.toFixed(6);
      form.elements.county.value = "";
      form.submit();
    }, function () {
      msg.textContent = "无法获取位置（可能未允许定位），请选择县区。";
    }, {enableHighAccuracy: true, timeout: 10000, maximumAge: 60000});
  });
  // A county chosen by hand replaces the phone's position.
  form.elements.county.addEventListener("change", function () {
    form.elements.lat.value = ""; form.elements.lng.value = "";
  });
})();
