/* 在线学习 player: posts a heartbeat with the current position when the video starts playing,
   every `data-interval` seconds while it plays, and when it pauses or ends. The server credits
   the time by its own clock; the page only shows what the server answered. */
(function () {
  "use strict";
  var video = document.getElementById("l-video");
  if (!video) return;
  var token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
  var interval = (parseInt(video.dataset.interval, 10) || 15) * 1000;
  var counting = video.dataset.member === "1";
  var bar = document.getElementById("l-bar");
  var status = document.getElementById("l-status");
  var timer = null;
  var resumed = false;

  function beat() {
    if (!counting) return;
    var data = new FormData();
    data.append("position", Math.floor(video.currentTime || 0));
    fetch(video.dataset.beatUrl, {
      method: "POST", body: data, credentials: "same-origin", headers: {"X-CSRFToken": token}
    }).then(function (r) { return r.json(); }).then(function (body) {
      if (body.message) { status.textContent = body.message; stop(); return; }
      bar.value = body.percent;
      bar.textContent = body.percent + "%";
      status.textContent = body.completed
        ? "已学完，学时已计入学习记录。"
        : "已计学习时长 " + body.seconds + " 秒（" + body.percent + "%）。";
    }).catch(function () {
      status.textContent = "网络中断，恢复后继续计时。";
    });
  }

  function stop() {
    if (timer !== null) { clearInterval(timer); timer = null; }
  }

  video.addEventListener("loadedmetadata", function () {
    var position = parseInt(video.dataset.position, 10) || 0;
    if (!resumed && position > 0 && position < video.duration - 1) video.currentTime = position;
    resumed = true;
  });
  video.addEventListener("play", function () {
    beat();
    stop();
    timer = setInterval(function () {
      if (!video.paused && !video.ended) beat();
    }, interval);
  });
  video.addEventListener("pause", function () { stop(); beat(); });
  video.addEventListener("ended", function () { stop(); beat(); });
})();
