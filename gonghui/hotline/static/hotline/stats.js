// 工单统计: the charts of the page (figures from json_script), drawn with core/charts.js, which
// also toggles each chart's 「查看表格」 view; the tables hold the same figures.
(function () {
  "use strict";
  var C = window.GonghuiCharts;
  var data = C.data("hotline-stats-charts");

  C.columns("case_months", data.months, [{ name: "工单数", type: "bar", data: data.received }]);

  C.columns("case_on_time", data.months, [
    { name: "按期办结率", type: "line", connectNulls: false, data: data.on_time_rate,
      label: { show: !C.narrow("case_on_time") && data.months.length <= 12, formatter: "{c}%", fontSize: 10 } }
  ], {
    tooltip: { trigger: "axis", formatter: function (items) {
      var i = items[0].dataIndex;
      var rate = data.on_time_rate[i];
      return data.months[i] + "<br>按期办结率：" + (rate === null ? "—（无办结工单）" : rate + "%") +
        "<br>办结 " + data.closed[i] + " 件，其中按期 " + data.closed_on_time[i] + " 件";
    } },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } }
  });

  // Categories largest first, as a ranked bar chart (names are long: horizontal bars read best).
  var rows = data.category.slice().sort(function (a, b) { return b.value - a.value; });
  C.rankedBars("case_category", rows, [{ name: "工单数", data: rows }]);
})();
