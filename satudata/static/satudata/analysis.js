/*
 * Charts of the staff analysis page (analysis/dataset_analysis.html): the values per period, the
 * ranking of the areas and the shares of a category, drawn with the vendored Apache ECharts from
 * the analysis the server computed (the JSON in #analysis-data). The same figures are in the
 * tables below the charts, so nothing is lost without JavaScript.
 */
(function () {
  "use strict";

  function number(value) {
    if (value === null || value === undefined) return "—";
    return new Intl.NumberFormat(document.documentElement.lang || "id", { maximumFractionDigits: 2 }).format(value);
  }

  function draw(id, option) {
    var element = document.getElementById(id);
    if (!element || !window.echarts) return;
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function init() {
    var source = document.getElementById("analysis-data");
    if (!source) return;
    var data = JSON.parse(source.textContent);
    if (!data) return;
    var unit = data.measure.unit ? " (" + data.measure.unit + ")" : "";
    var tooltip = { trigger: "axis", valueFormatter: number };

    if (data.periods.length > 1) {
      draw("chart-periods", {
        tooltip: tooltip,
        grid: { left: 70, right: 20, top: 20, bottom: 30 },
        xAxis: { type: "category", data: data.periods.map(function (p) { return String(p.period); }) },
        yAxis: { type: "value", name: unit, axisLabel: { formatter: number } },
        series: [{ type: "line", name: data.measure.label, data: data.periods.map(function (p) { return p.value; }), label: { show: data.periods.length <= 8, formatter: function (p) { return number(p.value); } } }],
      });
    }
    if (data.ranking.length) {
      var ranked = data.ranking.filter(function (r) { return r.value !== null; }).slice().reverse();
      draw("chart-ranking", {
        tooltip: tooltip,
        grid: { left: 130, right: 30, top: 10, bottom: 30 },
        xAxis: { type: "value", axisLabel: { formatter: number } },
        yAxis: { type: "category", data: ranked.map(function (r) { return r.name || r.code; }), axisLabel: { width: 120, overflow: "truncate" } },
        series: [{ type: "bar", name: data.measure.label, data: ranked.map(function (r) { return r.value; }) }],
      });
    }
    if (data.shares.length) {
      var shares = data.shares[0];
      draw("chart-shares", {
        tooltip: { trigger: "item", valueFormatter: number },
        series: [{ type: "pie", radius: ["35%", "70%"], data: shares.items.map(function (s) { return { name: s.label, value: s.value }; }), label: { formatter: function (p) { return p.name + ": " + number(p.percent) + "%"; } } }],
      });
    }
  }

  document.addEventListener("DOMContentLoaded", init);
})();
