/* Progressive enhancement: the send-code button counts down until it may be pressed again.
   Without JavaScript it stays enabled and the server answers "请N秒后再试". */
(function () {
  "use strict";
  var button = document.getElementById("sms-send");
  if (!button) return;
  var left = parseInt(button.dataset.wait || "0", 10);
  var label = button.textContent;
  // The button itself counts down now: the static "N秒后可重新获取" is for pages without JS.
  document.querySelectorAll(".m-sms-wait").forEach(function (note) { note.hidden = true; });
  function tick() {
    if (left > 0) {
      button.disabled = true;
      button.textContent = left + "秒后重新获取";
      left -= 1;
      setTimeout(tick, 1000);
    } else {
      button.disabled = false;
      button.textContent = label;
    }
  }
  tick();
})();
