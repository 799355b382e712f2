/*
 * The chart builder of the public dataset page (Apache ECharts, vendored in vendor/echarts/).
 *
 * Loaded with <script defer> after echarts.min.js by portal/_chart.html; no build step, no modules,
 * no inline script (everything it needs is in data-* attributes, so a strict CSP works):
 *
 *   <figure data-chart data-json-url data-csv-url data-geo-url data-region data-slug data-locale
 *           data-source data-msg-error data-msg-sample>
 *     <form data-chart-form> <select name="jenis|ukuran|menurut|periode"> ... </form>
 *     <div data-chart-canvas role="img" aria-label="…"></div>
 *     <button data-chart-png> <a data-chart-csv> <table data-chart-table> <p data-chart-status>
 *   </figure>
 *
 * The form is a plain GET form (without JavaScript it reloads the page with the choice); here
 * every change asks grafik.json for the rows and the values each select may take, redraws, and
 * keeps the page URL, the CSV link and the screen-reader table in step. Numbers are formatted for
 * the page's language (Intl.NumberFormat, id-ID by default).
 */
(function () {
  "use strict";

  var PALETTE = ["#14532d", "#caa01e", "#2f8f5b", "#0d6efd", "#fd7e14", "#6f42c1", "#20c997", "#dc3545", "#6c757d"];
  var MAP_COLORS = ["#f1f8e9", "#c5e1a5", "#7cb342", "#33691e", "#14532d"];
  var PARAMS = ["jenis", "ukuran", "menurut", "periode"];
  var OTHER_KEY = "_lainnya";
  var geoCache = {}; // geo URL -> Promise of {mapName, names: {kode: nama}}

  function localeOf(figure) {
    var lang = (figure.getAttribute("data-locale") || document.documentElement.lang || "id").toLowerCase();
    return lang.indexOf("en") === 0 ? "en-US" : "id-ID";
  }

  function formatter(locale) {
    var nf = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    return function (value) {
      return value === null || value === undefined || value === "" || isNaN(value) ? "–" : nf.format(value);
    };
  }

  function withUnit(text, unit) {
    return unit ? text + " " + unit : text;
  }

  function loadGeo(url, region) {
    if (!geoCache[url]) {
      geoCache[url] = fetch(url, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("peta " + response.status);
          return response.json();
        })
        .then(function (geojson) {
          var mapName = "kecamatan-" + region;
          var names = {};
          geojson.features.forEach(function (feature) {
            names[feature.properties.kode] = feature.properties.nama;
          });
          window.echarts.registerMap(mapName, geojson);
          return { mapName: mapName, names: names };
        });
    }
    return geoCache[url];
  }

  var TITLE_FONT = "600 14px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  var TITLE_LINE = 18;
  var measurer = null;

  // The title broken into lines that fit the chart's width (ECharts lays a wrapped title over its
  // subtitle, so the lines are made here and the plot starts below them).
  function titleLines(text, width) {
    measurer = measurer || document.createElement("canvas").getContext("2d");
    measurer.font = TITLE_FONT;
    var lines = [];
    var line = "";
    text.split(/\s+/).forEach(function (word) {
      var next = line ? line + " " + word : word;
      if (line && measurer.measureText(next).width > width) {
        lines.push(line);
        line = word;
      } else {
        line = next;
      }
    });
    if (line) lines.push(line);
    return lines;
  }

  function baseOption(data, source, width) {
    var lines = titleLines(data.title, Math.max(160, width - 24));
    return {
      header: 4 + lines.length * TITLE_LINE + 26,
      color: PALETTE,
      animation: false,
      textStyle: { fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" },
      title: {
        text: lines.join("\n"),
        subtext: source,
        left: 8,
        top: 4,
        itemGap: 4,
        textStyle: { fontSize: 14, fontWeight: 600, lineHeight: TITLE_LINE },
        subtextStyle: { fontSize: 11, color: "#6c757d" },
      },
    };
  }

  function lineOrBarOption(data, fmt, horizontal, kind, header) {
    var labels = data.rows.map(function (r) {
      return r.label;
    });
    var values = data.rows.map(function (r) {
      return r.value;
    });
    var categoryAxis = {
      type: "category",
      data: labels,
      axisLabel: horizontal ? { width: 120, overflow: "truncate" } : { hideOverlap: true },
      inverse: horizontal,
    };
    var valueAxis = {
      type: "value",
      axisLabel: { formatter: fmt },
      name: data.measure.unit || "",
    };
    return {
      grid: { left: 8, right: 24, top: header + 16, bottom: 8 },
      tooltip: {
        trigger: "axis",
        valueFormatter: function (v) {
          return withUnit(fmt(v), data.measure.unit);
        },
      },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: [
        {
          type: kind === "garis" ? "line" : "bar",
          name: data.measure.label,
          data: values,
          symbolSize: 7,
          itemStyle: {
            color: function (p) {
              return data.rows[p.dataIndex] && data.rows[p.dataIndex].key === OTHER_KEY ? "#adb5bd" : PALETTE[0];
            },
          },
          lineStyle: { color: PALETTE[0], width: 2 },
        },
      ],
    };
  }

  function pieOption(data, fmt, narrow, header, height, width) {
    var room = height - header - 40; // the legend takes the bottom
    var outer = Math.max(60, Math.min(width * 0.38, room / 2 - 8));
    return {
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          return p.name + ": " + withUnit(fmt(p.value), data.measure.unit) + " (" + fmt(p.percent) + "%)";
        },
      },
      legend: { bottom: 0, type: "scroll" },
      series: [
        {
          type: "pie",
          radius: [Math.round(outer * 0.55), Math.round(outer)],
          center: ["50%", Math.round(header + room / 2)],
          minShowLabelAngle: 8,
          data: data.rows.map(function (r) {
            return { name: r.label, value: r.value };
          }),
          // On a phone the names are in the legend and only the shares on the slices.
          label: narrow
            ? {
                position: "inside",
                color: "#fff",
                textBorderColor: "rgba(0,0,0,.45)",
                textBorderWidth: 2,
                formatter: function (p) {
                  return fmt(p.percent) + "%";
                },
              }
            : {
                formatter: function (p) {
                  return p.name + "\n" + fmt(p.percent) + "%";
                },
              },
        },
      ],
    };
  }

  function mapOption(data, fmt, geo, header) {
    var values = data.rows
      .map(function (r) {
        return r.value;
      })
      .filter(function (v) {
        return v !== null;
      });
    var min = values.length ? Math.min.apply(null, values) : 0;
    var max = values.length ? Math.max.apply(null, values) : 1;
    var labels = {};
    data.rows.forEach(function (r) {
      labels[r.key] = r.label;
    });
    return {
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          var name = labels[p.name] || geo.names[p.name] || p.name;
          var value = p.data ? p.data.value : null;
          return name + ": " + withUnit(fmt(value), value === null ? "" : data.measure.unit);
        },
      },
      visualMap: {
        type: "continuous",
        min: min,
        max: max === min ? min + 1 : max,
        calculable: false,
        orient: "horizontal",
        left: "center",
        bottom: 4,
        itemWidth: 12,
        itemHeight: 140,
        text: [fmt(max), fmt(min)],
        inRange: { color: MAP_COLORS },
      },
      series: [
        {
          type: "map",
          map: geo.mapName,
          nameProperty: "kode",
          roam: false,
          top: header + 8,
          bottom: 48,
          itemStyle: { borderColor: "#ffffff", borderWidth: 0.8, areaColor: "#e9ecef" },
          emphasis: { label: { show: true, color: "#000" }, itemStyle: { areaColor: "#caa01e" } },
          select: { disabled: true },
          label: {
            show: false,
            formatter: function (p) {
              return labels[p.name] || geo.names[p.name] || p.name;
            },
          },
          data: data.rows.map(function (r) {
            return { name: r.key, value: r.value };
          }),
        },
      ],
    };
  }

  // The plot's height below the title (``header`` pixels): bars get a fixed height each, the
  // rest follow the width within bounds so that a phone still shows a legible chart.
  function heightFor(data, width, header) {
    var plot;
    if (data.kind === "batang" && !data.over_time) plot = data.rows.length * 24 + 30;
    else if (data.kind === "peta") plot = Math.max(300, Math.min(560, width * 0.75));
    else if (data.kind === "pai") plot = Math.max(280, Math.min(400, width * 0.75));
    else plot = Math.max(230, Math.min(380, width * 0.5));
    return Math.round(header + plot);
  }

  function fillSelect(select, options, value) {
    if (!select) return;
    while (select.options.length) select.remove(0);
    options.forEach(function (o) {
      var option = document.createElement("option");
      option.value = o.value;
      option.textContent = o.label;
      option.selected = o.value === value;
      select.appendChild(option);
    });
    var field = select.closest("[data-chart-field]");
    select.disabled = options.length === 0;
    if (field) field.hidden = options.length === 0;
  }

  function fillTable(table, data, fmt) {
    if (!table) return;
    var caption = table.querySelector("caption");
    if (caption) caption.textContent = data.title;
    var head = table.querySelectorAll("thead th");
    if (head.length === 2) {
      head[0].textContent = data.by.label;
      head[1].textContent = withUnit(data.measure.label, data.measure.unit ? "(" + data.measure.unit + ")" : "");
    }
    var body = table.querySelector("tbody");
    while (body.firstChild) body.removeChild(body.firstChild);
    data.rows.forEach(function (r) {
      var tr = document.createElement("tr");
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = r.label;
      var td = document.createElement("td");
      td.className = "text-end";
      td.textContent = fmt(r.value);
      tr.appendChild(th);
      tr.appendChild(td);
      body.appendChild(tr);
    });
  }

  function query(data) {
    var params = new URLSearchParams();
    params.set("jenis", data.kind);
    params.set("ukuran", data.measure.name);
    params.set("menurut", data.by.name);
    if (data.period !== null) params.set("periode", data.period);
    return params;
  }

  function dataUrlToBlob(url) {
    var parts = url.split(",");
    var bytes = atob(parts[1]);
    var array = new Uint8Array(bytes.length);
    for (var i = 0; i < bytes.length; i++) array[i] = bytes.charCodeAt(i);
    return new Blob([array], { type: "image/png" });
  }

  function setup(figure) {
    if (!window.echarts) return;
    var form = figure.querySelector("[data-chart-form]");
    var canvas = figure.querySelector("[data-chart-canvas]");
    var pngButton = figure.querySelector("[data-chart-png]");
    var csvLink = figure.querySelector("[data-chart-csv]");
    var table = figure.querySelector("[data-chart-table]");
    var status = figure.querySelector("[data-chart-status]");
    var sample = figure.querySelector("[data-chart-sample]");
    var titleEl = figure.querySelector("[data-chart-title]");
    var fmt = formatter(localeOf(figure));
    var source = figure.getAttribute("data-source") || "";
    var chart = null;
    var current = null;
    var currentGeo = null;
    var request = 0;

    function selects() {
      var out = {};
      PARAMS.forEach(function (name) {
        out[name] = form ? form.elements.namedItem(name) : null;
      });
      return out;
    }

    function showStatus(text) {
      if (!status) return;
      status.textContent = text || "";
      status.hidden = !text;
    }

    function draw(data, geo) {
      var width = canvas.clientWidth || figure.clientWidth || 320;
      var option = baseOption(data, source, width);
      var header = option.header;
      delete option.header;
      var height = heightFor(data, width, header);
      canvas.style.height = height + "px";
      if (!chart) chart = window.echarts.init(canvas, null, { renderer: "canvas" });
      else chart.resize();
      var extra;
      if (data.kind === "peta") extra = mapOption(data, fmt, geo, header);
      else if (data.kind === "pai") extra = pieOption(data, fmt, width < 480, header, height, width);
      else {
        var horizontal = data.kind === "batang" && !data.over_time;
        extra = lineOrBarOption(data, fmt, horizontal, data.kind, header);
      }
      Object.keys(extra).forEach(function (k) {
        option[k] = extra[k];
      });
      chart.setOption(option, true);
    }

    function render(data, geo) {
      current = data;
      currentGeo = geo;
      var s = selects();
      fillSelect(s.jenis, data.options.jenis, data.kind);
      fillSelect(s.ukuran, data.options.ukuran, data.measure.name);
      fillSelect(s.menurut, data.options.menurut, data.by.name);
      fillSelect(s.periode, data.options.periode, data.period);
      if (titleEl) titleEl.textContent = data.title;
      if (sample) sample.hidden = !data.sample;
      canvas.setAttribute("aria-label", data.summary || data.title);
      fillTable(table, data, fmt);
      if (table) table.classList.add("visually-hidden");
      var params = query(data);
      if (csvLink) csvLink.href = figure.getAttribute("data-csv-url") + "?" + params.toString();
      if (pngButton) pngButton.hidden = false;
      draw(data, geo);
      figure.setAttribute("data-chart-kind", data.kind);
      // The page's own URL follows the choice, so that a reload or a shared link shows this chart.
      var url = new URL(window.location.href);
      params.forEach(function (value, key) {
        url.searchParams.set(key, value);
      });
      if (data.period === null) url.searchParams.delete("periode");
      window.history.replaceState(window.history.state, "", url.toString());
    }

    function load() {
      var s = selects();
      var params = new URLSearchParams();
      PARAMS.forEach(function (name) {
        if (s[name] && s[name].value) params.set(name, s[name].value);
      });
      var mine = ++request;
      figure.setAttribute("aria-busy", "true");
      fetch(figure.getAttribute("data-json-url") + "?" + params.toString(), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.json().then(function (body) {
            return { ok: response.ok, status: response.status, body: body };
          });
        })
        .then(function (result) {
          if (mine !== request) return null;
          if (result.status === 404) {
            figure.hidden = true; // nothing to chart in this dataset
            return null;
          }
          if (!result.ok) throw new Error(result.body.detail || "");
          var data = result.body;
          if (data.kind !== "peta") return { data: data, geo: null };
          return loadGeo(figure.getAttribute("data-geo-url"), figure.getAttribute("data-region")).then(
            function (geo) {
              return { data: data, geo: geo };
            },
          );
        })
        .then(function (loaded) {
          if (!loaded || mine !== request) return;
          showStatus("");
          render(loaded.data, loaded.geo);
          figure.setAttribute("data-chart-ready", "true");
        })
        .catch(function (error) {
          showStatus((figure.getAttribute("data-msg-error") || "") + (error && error.message ? " " + error.message : ""));
        })
        .then(function () {
          figure.removeAttribute("aria-busy");
        });
    }

    if (form) {
      form.addEventListener("change", function (event) {
        var target = event.target;
        if (target && target.name === "jenis") {
          // Another kind draws by other columns: let the server pick its default.
          var s = selects();
          if (s.menurut) s.menurut.value = "";
        }
        load();
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        load();
      });
    }

    if (pngButton) {
      pngButton.addEventListener("click", function () {
        if (!chart || !current) return;
        var url = chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
        var link = document.createElement("a");
        link.href = URL.createObjectURL(dataUrlToBlob(url));
        link.download = (figure.getAttribute("data-slug") || "grafik") + "-" + current.kind + ".png";
        document.body.appendChild(link);
        link.click();
        setTimeout(function () {
          URL.revokeObjectURL(link.href);
          link.remove();
        }, 1000);
      });
    }

    var pending = null;
    window.addEventListener("resize", function () {
      if (pending) clearTimeout(pending);
      pending = setTimeout(function () {
        pending = null;
        if (chart && current) draw(current, currentGeo);
      }, 150);
    });

    load();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
