// 数据看板: draws the ECharts charts from the JSON the page embeds (json_script) and toggles
// each chart's table view. The tables are rendered by the server and hold the same figures.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dashboard-charts").textContent);
  var charts = [];
  var palette = ["#c8161d", "#e8743b", "#f2b134", "#3b82a0", "#5b8c5a", "#8c6bb1", "#9a9a9a",
    "#d9534f", "#4f81bd", "#c0504d", "#9bbb59", "#8064a2", "#4bacc6", "#f79646"];

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

  init("trend", {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 28 },
    xAxis: { type: "category", data: data.trend.months },
    yAxis: { type: "value", minInterval: 1 },
    series: data.trend.series.map(function (s) {
      return { name: s.name, type: "line", smooth: true, data: s.data };
    })
  });

  var childrenEl = document.getElementById("chart-children");
  if (childrenEl) childrenEl.style.height = Math.max(320, data.children.length * 36 + 70) + "px";
  var children = init("children", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 120, right: 24, top: 32, bottom: 24 },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: data.children.map(function (c) { return c.name; }) },
    series: [
      { name: "会员数", type: "bar", data: data.children },
      { name: "新就业形态会员", type: "bar",
        data: data.children.map(function (c) { return { value: c.new_forms, url: c.url }; }) }
    ]
  });
  if (children) children.on("click", goTo);

  function pie(key, rows, unit) {
    init(key, {
      tooltip: { trigger: "item", formatter: "{b}：{c} " + (unit || "人") + "（{d}%）" },
      legend: { type: "scroll", orient: "vertical", right: 0, top: "middle" },
      series: [{ type: "pie", radius: ["38%", "70%"], center: ["32%", "50%"],
        data: rows.filter(function (r) { return r.value > 0; }),
        label: { position: "inside", formatter: "{d}%", color: "#fff" } }]
    });
  }
  pie("category", data.category);
  pie("age", data.age);

  // 困难职工帮扶 (only for users who may see the archives).
  function bars(key, names, series, horizontal) {
    var el = document.getElementById("chart-" + key);
    if (el && horizontal) el.style.height = Math.max(320, names.length * 32 + 70) + "px";
    var category = { type: "category", data: names, inverse: !!horizontal };
    var value = { type: "value", minInterval: 1 };
    return init(key, {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: horizontal ? 120 : 48, right: 24, top: 32, bottom: 28, containLabel: !horizontal },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: series
    });
  }
  var assist = data.assistance;
  if (assist) {
    pie("assist_level", assist.level, "户");
    pie("assist_status", assist.status, "户");
    bars("assist_cause", assist.cause.map(function (c) { return c.name; }),
      [{ name: "户数", type: "bar", data: assist.cause }], true);
    // Money (yuan) on the left axis, 人次 on the right: their scales differ by far.
    init("assist_fund", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 64, right: 48, top: 32, bottom: 28 },
      xAxis: { type: "category", data: assist.fund.map(function (f) { return f.name; }) },
      yAxis: [{ type: "value", name: "元" }, { type: "value", name: "人次", minInterval: 1 }],
      series: [
        { name: "金额（元）", type: "bar", data: assist.fund.map(function (f) { return f.amount; }) },
        { name: "人次", type: "bar", yAxisIndex: 1, data: assist.fund.map(function (f) { return f.count; }) }
      ]
    });
    var campaignsEl = document.getElementById("chart-assist_campaigns");
    if (assist.campaigns.length) {
      bars("assist_campaigns", assist.campaigns.map(function (c) { return c.name; }),
        [{ name: "发放金额（元）", type: "bar",
           data: assist.campaigns.map(function (c) { return c.amount; }) }], true);
    } else if (campaignsEl) {
      campaignsEl.classList.add("chart-empty", "muted");
      campaignsEl.style.height = "auto";
      campaignsEl.textContent = "本级及下级工会暂无四送活动发放记录。";
    }
    var assistChildren = bars("assist_children", assist.children.map(function (c) { return c.name; }),
      [{ name: "在档户数", type: "bar", data: assist.children }], true);
    if (assistChildren) assistChildren.on("click", goTo);
  }

  if (data.map) {
    fetch(data.map.geojson).then(function (r) { return r.json(); }).then(function (geo) {
      echarts.registerMap("gansu", geo);
      var max = Math.max.apply(null, data.map.regions.map(function (r) { return r.value; }).concat([1]));
      var map = init("map", {
        tooltip: { trigger: "item", formatter: function (p) { return p.name + "：" + (p.value || 0) + " 人"; } },
        visualMap: { min: 0, max: max, left: 8, bottom: 8, text: ["多", "少"], calculable: true,
          inRange: { color: ["#fde7e4", "#f3a09a", "#c8161d"] } },
        series: [{ name: "会员数", type: "map", map: "gansu", roam: false,
          label: { show: true, fontSize: 10 }, data: data.map.regions }]
      });
      if (map) map.on("click", goTo);
    });
  }

  document.querySelectorAll("[data-toggle-table]").forEach(function (button) {
    button.addEventListener("click", function () {
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
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
