/* 坐席工作台: the 30-minute dispatch target, counted down without reloading the page. */
(function () {
  "use strict";
  var HOUR = 60, DAY = 24 * HOUR, WEEK = 7 * DAY;
  // The rule of gonghui/core/templatetags/durations.py (minutes_as_duration), kept the same.
  function durationText(minutes) {
    minutes = Math.abs(minutes);
    var days = Math.floor(minutes / DAY), hours = Math.floor((minutes % DAY) / HOUR);
    var mins = minutes % HOUR, parts;
    if (minutes < HOUR) parts = [[mins, "分钟"]];
    else if (minutes < DAY) parts = [[hours, "小时"], [mins, "分钟"]];
    else if (minutes < WEEK) parts = [[days, "天"], [hours, "小时"]];
    else parts = [[days, "天"]];
    var shown = parts.filter(function (p) { return p[0]; });
    return (shown.length ? shown : parts.slice(0, 1)).map(function (p) {
      return p[0] + " " + p[1];
    }).join(" ");
  }
  function tick() {
    document.querySelectorAll(".countdown[data-target]").forEach(function (el) {
      var left = Math.floor((new Date(el.dataset.target) - new Date()) / 60000);
      el.textContent = (left >= 0 ? "剩余 " : "已超 ") + durationText(left);
      el.classList.toggle("late", left < 0);
    });
  }
  setInterval(tick, 30000);
})();
