/* vmledger: progressive enhancement of the server-rendered pages. Without this script every page still
   works: the navigation shows in full, charts fall back to their summary and table, and a running job's
   page is reloaded by hand. uPlot (vendored) precedes this file in the served bundle. */
(function () {
  'use strict';

  var ACCENT = '#1b61c9';
  var GREYS = ['#6b7280', '#9ca3af'];
  var AXIS = 'rgba(4, 14, 32, 0.69)';
  var GRID = '#eceef1';
  var MARKER = '#9ca3af';
  var HEIGHT = 220;

  document.documentElement.classList.add('js');

  // the main navigation folds behind a button on narrow screens
  var toggle = document.querySelector('.nav-toggle');
  var nav = document.getElementById('site-nav');
  if (toggle && nav) {
    toggle.hidden = false;
    toggle.addEventListener('click', function () {
      var open = toggle.getAttribute('aria-expanded') === 'true';
      toggle.setAttribute('aria-expanded', String(!open));
      nav.classList.toggle('is-open', !open);
    });
  }

  function formatter(decimals, unit) {
    var f = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    return function (v) {
      return v == null ? '-' : f.format(v) + (unit ? ' ' + unit : '');
    };
  }

  /** Axis labels in one style for the whole axis: 2,500 / 25k / 2.5M, by the largest of them. */
  function compactAll(splits) {
    var top = Math.max.apply(null, splits.map(Math.abs));
    var div = top >= 1e6 ? 1e6 : top >= 1e4 ? 1e3 : 1;
    var suffix = div === 1e6 ? 'M' : div === 1e3 ? 'k' : '';
    var f = new Intl.NumberFormat('en-US', { maximumFractionDigits: div === 1 ? 2 : 1 });
    return splits.map(function (v) { return v === 0 ? '0' : f.format(v / div) + suffix; });
  }

  var STEPS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];
  /** Tick steps of whole-number series (counts): no 0.5 vCPU. */
  var INTEGER_STEPS = [];
  for (var e = 0; e < 10; e++) {
    [1, 2, 5].forEach(function (m) { INTEGER_STEPS.push(m * Math.pow(10, e)); });
  }

  /** The next "round" number at or above v (a step of STEPS times a power of ten). */
  function niceCeil(v) {
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var m = v / p;
    for (var i = 0; i < STEPS.length; i++) {
      if (m <= STEPS[i]) { return STEPS[i] * p; }
    }
    return 10 * p;
  }

  function drawMarkers(markers) {
    return function (u) {
      if (!markers || !markers.length) { return; }
      var ctx = u.ctx;
      ctx.save();
      ctx.strokeStyle = MARKER;
      ctx.lineWidth = Math.max(1, devicePixelRatio);
      ctx.setLineDash([4 * devicePixelRatio, 4 * devicePixelRatio]);
      markers.forEach(function (m) {
        var x = Math.round(u.valToPos(m.t, 'x', true));
        if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) { return; }
        ctx.beginPath();
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
      });
      ctx.restore();
    };
  }

  /** Axis labels in the report time zone: "Oct 6" for days (and hours at midnight), "14:00" for hours. */
  function xValues(kind, tz) {
    var day = { month: 'short', day: 'numeric' };
    return function (u, splits, axisIdx, space, incr) {
      return splits.map(function (s) {
        var d = tz(s);
        if (kind === 'month') { return d.toLocaleDateString('en-US', { year: 'numeric', month: 'short' }); }
        if (kind === 'day' || incr >= 86400 || (d.getHours() === 0 && d.getMinutes() === 0)) {
          return d.toLocaleDateString('en-US', day);
        }
        return d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
      });
    };
  }

  function draw(el) {
    var spec;
    try {
      spec = JSON.parse(el.getAttribute('data-chart'));
    } catch (e) {
      return;
    }
    if (typeof uPlot === 'undefined' || !spec.x.length) {
      el.classList.add('chart--empty');
      return;
    }
    var tz = function (ts) { return uPlot.tzDate(new Date(ts * 1000), spec.zone); };
    var value = formatter(spec.decimals, spec.unit);
    var series = [{
      label: spec.xKind === 'time' ? 'Time' : spec.xKind === 'day' ? 'Day' : 'Month',
      value: function (u, v) {
        if (v == null) { return '-'; }
        var d = tz(v);
        if (spec.xKind === 'month') { return d.toLocaleDateString('en-US', { year: 'numeric', month: 'long' }); }
        if (spec.xKind === 'day') { return d.toLocaleDateString('en-CA'); }
        return d.toLocaleDateString('en-CA') + ' ' + d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
      }
    }];
    spec.series.forEach(function (s, i) {
      series.push({
        label: s.label,
        stroke: i === 0 ? ACCENT : GREYS[(i - 1) % GREYS.length],
        width: 2,
        fill: i === 0 ? 'rgba(27, 97, 201, 0.08)' : undefined,
        dash: i === 0 ? undefined : [6, 4],
        points: { show: spec.x.length <= 31 },
        value: function (u, v) { return value(v); }
      });
    });
    var font = '12px ' + getComputedStyle(document.body).fontFamily;
    var axis = { stroke: AXIS, grid: { stroke: GRID, width: 1 }, ticks: { stroke: GRID, width: 1 }, font: font };
    var xAxis = Object.assign({}, axis, { values: xValues(spec.xKind, tz) },
      spec.xKind === 'time' ? { space: 64 } : {});
    if (spec.xKind !== 'time') {
      // one tick a day or a month at the least, never one between two points
      xAxis.incrs = spec.xKind === 'day' ? [86400, 2 * 86400, 7 * 86400, 14 * 86400, 28 * 86400]
        : [28 * 86400, 3 * 28 * 86400, 365 * 86400];
      xAxis.space = 56;
    }
    var opts = {
      width: Math.max(200, el.clientWidth),
      height: HEIGHT,
      tzDate: tz,
      cursor: { y: false },
      // a legend only where there is more than one series to tell apart; it names them, it does not follow the cursor
      legend: { show: spec.series.length > 1, live: false },
      scales: {
        x: { time: true },
        // from zero: a change of 2 VMs in 3,000 must not look like a cliff
        y: { range: function (u, min, max) { return [0, max > 0 ? niceCeil(max * 1.08) : 1]; } }
      },
      axes: [
        xAxis,
        Object.assign({}, axis, { size: 60, values: function (u, splits) { return compactAll(splits); } },
          spec.decimals === 0 ? { incrs: INTEGER_STEPS } : {})
      ],
      series: series,
      hooks: { draw: [drawMarkers(spec.markers)] }
    };
    var data = [spec.x].concat(spec.series.map(function (s) { return s.values; }));
    var plot = new uPlot(opts, data, el);
    if (typeof ResizeObserver !== 'undefined') {
      var width = el.clientWidth;
      new ResizeObserver(function () {
        if (el.clientWidth !== width && el.clientWidth > 0) {
          width = el.clientWidth;
          plot.setSize({ width: Math.max(200, width), height: HEIGHT });
        }
      }).observe(el);
    }
  }

  var charts = document.querySelectorAll('.chart[data-chart]');
  for (var i = 0; i < charts.length; i++) {
    draw(charts[i]);
  }
  if (charts.length && window.performance && performance.mark) {
    performance.mark('vmledger:charts-drawn');
  }

  // a running job's page reloads until the job ends
  var refresh = document.querySelector('[data-refresh]');
  if (refresh) {
    setTimeout(function () { location.reload(); }, Number(refresh.getAttribute('data-refresh')) * 1000);
  }
})();
