// 数据看板: draws the ECharts charts from the JSON the page embeds (json_script), with the
// helpers of core/charts.js (which also toggles each chart's table view). The tables are
// rendered by the server and hold the same figures.
(function () {
  "use strict";
  var C = window.GonghuiCharts;
  var data = C.data("dashboard-charts");

  C.columns("trend", data.trend.months, data.trend.series.map(function (s) {
    return { name: s.name, type: "line", data: s.data };
  }), { tooltip: { trigger: "axis" } });

  C.rankedBars("children", data.children, [
    { name: "会员数", data: data.children },
    { name: "新就业形态会员",
      data: data.children.map(function (c) { return { value: c.new_forms, url: c.url }; }) }
  ]);

  C.pie("category", data.category);
  C.pie("age", data.age);

  // 困难职工帮扶 (only for users who may see the archives).
  var assist = data.assistance;
  if (assist) {
    C.pie("assist_level", assist.level, "户");
    C.pie("assist_status", assist.status, "户");
    C.rankedBars("assist_cause", assist.cause, [{ name: "户数", data: assist.cause }]);
    // Money (yuan) on the left axis, 人次 on the right: their scales differ by far.
    C.columns("assist_fund", assist.fund.map(function (f) { return f.name; }), [
      { name: "金额（元）", type: "bar", data: assist.fund.map(function (f) { return f.amount; }) },
      { name: "人次", type: "bar", yAxisIndex: 1, data: assist.fund.map(function (f) { return f.count; }) }
    ], { yAxis: [{ type: "value", name: "元" }, { type: "value", name: "人次", minInterval: 1 }] });
    var campaignsEl = document.getElementById("chart-assist_campaigns");
    if (assist.campaigns.length) {
      C.rankedBars("assist_campaigns", assist.campaigns, [{ name: "发放金额（元）",
        data: assist.campaigns.map(function (c) { return c.amount; }) }]);
    } else if (campaignsEl) {
      campaignsEl.classList.add("chart-empty", "muted");
      campaignsEl.style.height = "auto";
      campaignsEl.textContent = "本级及下级工会暂无四送活动发放记录。";
    }
    C.rankedBars("assist_children", assist.children, [{ name: "在档户数", data: assist.children }]);
  }

  // The choropleth: city outlines on the province's dashboard, county outlines on a city's.
  // The county file holds every county of Gansu: only this city's (data.map.codes) are drawn.
  if (data.map) {
    fetch(data.map.geojson).then(function (r) { return r.json(); }).then(function (geo) {
      var codes = {};
      data.map.codes.forEach(function (c) { codes[c] = true; });
      geo = { type: "FeatureCollection", features: geo.features.filter(function (f) {
        return codes[String(f.properties.adcode)];
      }) };
      echarts.registerMap("dashboard-map", geo);
      var labels = {};
      data.map.regions.forEach(function (r) { labels[r.name] = r; });
      var max = Math.max.apply(null, data.map.regions.map(function (r) { return r.value; }).concat([1]));
      var phone = C.narrow("map");
      var map = C.init("map", {
        tooltip: { trigger: "item", formatter: function (p) {
          var r = labels[p.name] || {};
          return p.name + (r.union ? "（" + r.union + "）" : "") + "<br>会员数：" + (p.value || 0) + " 人";
        } },
        // On a phone the scale lies under the map, so that it covers no outline.
        visualMap: phone
          ? { min: 0, max: max, orient: "horizontal", left: "center", bottom: 0, itemWidth: 12,
              itemHeight: 120, text: ["多", "少"], calculable: true,
              inRange: { color: ["#fde7e4", "#f3a09a", "#c8161d"] } }
          : { min: 0, max: max, left: 8, bottom: 8, text: ["多", "少"], calculable: true,
              inRange: { color: ["#fde7e4", "#f3a09a", "#c8161d"] } },
        series: [{ name: "会员数", type: "map", map: "dashboard-map", roam: false,
          layoutCenter: phone ? ["50%", "44%"] : ["50%", "50%"], layoutSize: phone ? "88%" : "96%",
          label: { show: true, fontSize: phone ? 9 : 11,
            formatter: function (p) { return (labels[p.name] || {}).label || p.name; } },
          labelLayout: { hideOverlap: true },
          data: data.map.regions }]
      });
      if (map) map.on("click", C.goTo);
    });
  }
})();
