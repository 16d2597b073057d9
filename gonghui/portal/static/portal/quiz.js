/* 网上练兵 attempt page: each choice is saved to the server as soon as it is made; the clock
   counts down from the seconds the server gave and, at zero, hands the paper in (the server
   decides by its own clock what is still taken). */
(function () {
  "use strict";
  var form = document.getElementById("q-paper");
  if (!form) return;
  var clock = document.getElementById("q-clock");
  var left = document.getElementById("q-left");
  var status = document.getElementById("q-save");
  var answered = document.getElementById("q-answered");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var remaining = parseInt(clock.dataset.remaining, 10) || 0;
  var end = Date.now() + remaining * 1000;
  var submitted = false;

  function show() {
    var s = Math.max(0, Math.round((end - Date.now()) / 1000));
    var m = Math.floor(s / 60), r = s % 60;
    left.textContent = m + " 分 " + (r < 10 ? "0" : "") + r + " 秒";
    if (s <= 60) clock.classList.add("q-late");
    if (s === 0 && !submitted) { submitted = true; form.submit(); }
  }

  function count() {
    var n = 0;
    form.querySelectorAll(".q-question").forEach(function (q) {
      if (q.querySelector("input:checked")) n += 1;
    });
    answered.textContent = n;
  }

  form.addEventListener("change", function (event) {
    var box = event.target.closest(".q-question");
    if (!box) return;
    var data = new FormData();
    data.append("question", box.dataset.question);
    box.querySelectorAll("input:checked").forEach(function (i) { data.append("choice", i.value); });
    count();
    fetch(form.dataset.answerUrl, {
      method: "POST", body: data, credentials: "same-origin", headers: {"X-CSRFToken": token}
    }).then(function (r) { return r.json(); }).then(function (body) {
      status.textContent = body.saved ? "已保存第 " + box.dataset.number + " 题。" : body.message;
      if (body.saved) end = Date.now() + body.remaining * 1000;
      else if (!submitted) { submitted = true; window.location.reload(); }
    }).catch(function () {
      status.textContent = "网络中断，答案未保存；恢复后请重新选择或直接交卷。";
    });
  });
  form.addEventListener("submit", function () { submitted = true; });

  show();
  setInterval(show, 1000);
})();
