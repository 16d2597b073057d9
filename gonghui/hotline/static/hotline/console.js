/* 坐席工作台: the 30-minute dispatch target, counted down without reloading the page. */
(function () {
  "use strict";
  function tick() {
    document.querySelectorAll(".countdown[data-target]").forEach(function (el) {
      var left = Math.floor((new Date(el.dataset.target) - new Date()) / 60000);
      el.textContent = left >= 0 ? "剩余 " + left + " 分钟" : "已超 " + (-left) + " 分钟";
      el.classList.toggle("late", left < 0);
    });
  }
  setInterval(tick, 30000);
})();
