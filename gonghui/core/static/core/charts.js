/* Chart cards (includes/chart_card.html): ECharts drawing helpers and the 「查看表格」 toggle.
   The page embeds its figures with json_script (the CSP refuses inline scripts); a page script
   reads them with GonghuiCharts.data(id) and draws with GonghuiCharts.init(key, option).
   Long names: axes show a short label cut to a width, the tooltip and the table the full one. */
(function () {
  "use strict";
  var charts = [];
  var palette = ["#c8161d", "#e8743b", "#f2b134", "#3b82a0", "#5b8c5a", "#8c6bb1", "#9a9a9a",
    "#d9534f", "#4f81bd", "#c0504d", "#9bbb59", "#8064a2", "#4bacc6", "#f79646"];

  // A narrow chart (a phone): judged by the chart's own box, for a phone's layout viewport
  // widens to any content that overflows it.
  function narrow(key) {
    var el = key && document.getElementById("chart-" + key);
    return (el ? el.clientWidth : window.innerWidth) < 480;
  }

  // An axis label of at most `max` characters: the rest becomes "…".
  function cut(text, max) {
    text = String(text);
    return text.length > max ? text.slice(0, max - 1) + "…" : text;
  }

  function init(key, option) {
    var el = document.getElementById("chart-" + key);
    if (!el) return null;
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(Object.assign({ color: palette, animation: false }, option));
    charts.push(chart);
    el.dataset.rendered = "1";
    return chart;
  }

  function goTo(params) {
    var url = params.data && params.data.url;
    if (url) window.location.href = url;
  }

  // Horizontal bars, one per named row ({name, short?, value, url?}), largest first as given;
  // the axis shows `short` (or the name) cut to fit, the tooltip the full name.
  function rankedBars(key, rows, series) {
    var el = document.getElementById("chart-" + key);
    if (!el) return null;
    el.style.height = Math.max(320, rows.length * 34 + 80) + "px";
    var chart = init(key, {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" },
        formatter: function (items) {
          var row = rows[items[0].dataIndex];
          return [row.name].concat(items.map(function (i) {
            return i.marker + i.seriesName + "：" + i.value;
          })).join("<br>");
        } },
      legend: { top: 0, show: series.length > 1 },
      grid: { left: 8, right: 24, top: series.length > 1 ? 32 : 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true,
        data: rows.map(function (r) { return r.short || r.name; }),
        axisLabel: { formatter: function (v) { return cut(v, narrow(key) ? 8 : 12); } } },
      series: series.map(function (s) { return Object.assign({ type: "bar" }, s); })
    });
    if (chart) chart.on("click", goTo);
    return chart;
  }

  // Vertical bars or lines over categories (months …), with a readable axis at any width.
  function columns(key, names, series, extra) {
    return init(key, Object.assign({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0, show: series.length > 1 },
      grid: { left: 8, right: 16, top: series.length > 1 ? 36 : 16, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: names,
        axisLabel: { hideOverlap: true, formatter: function (v) { return cut(v, 8); } } },
      yAxis: { type: "value", minInterval: 1 },
      series: series
    }, extra || {}));
  }

  // A ring with its legend beside it on a wide card, below it on a phone.
  function pie(key, rows, unit) {
    var side = !narrow(key);
    return init(key, {
      tooltip: { trigger: "item", formatter: "{b}：{c} " + (unit || "人") + "（{d}%）" },
      legend: side
        ? { type: "scroll", orient: "vertical", right: 0, top: "middle",
            formatter: function (n) { return cut(n, 12); } }
        : { type: "scroll", orient: "horizontal", left: 0, right: 0, bottom: 0,
            formatter: function (n) { return cut(n, 9); } },
      series: [{ type: "pie", radius: side ? ["38%", "70%"] : ["30%", "58%"],
        center: side ? ["32%", "50%"] : ["50%", "44%"],
        data: rows.filter(function (r) { return r.value > 0; }),
        label: { position: "inside", formatter: "{d}%", color: "#fff" } }]
    });
  }

  function data(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-toggle-table]");
    if (!button) return;
    var key = button.dataset.toggleTable;
    var view = document.getElementById("view-table-" + key);
    var card = document.getElementById("card-" + key);
    var open = view.hidden;
    view.hidden = !open;
    card.classList.toggle("table-open", open);
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? "查看图表" : "查看表格";
    if (!open) charts.forEach(function (c) { c.resize(); });
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });

  window.GonghuiCharts = { palette: palette, init: init, goTo: goTo, cut: cut, narrow: narrow,
    rankedBars: rankedBars, columns: columns, pie: pie, data: data };
})();
