// The timeline component: draws the figure the server sends with plotly.js and tells the server
// what the reader did (Streamlit's component protocol, version 1, by postMessage):
//   {kind: "window", window: [lo_ms, hi_ms]}  the visible range after a zoom or pan (debounced)
//   {kind: "select", event: id | null}        a click on an event, Enter on the focused one, Escape
//   {kind: "days", range: [lo_ms, hi_ms]}     a click on a bar of the density strip, a box selection
//   {kind: "width"}                           the plot area is not as wide as the server laid it out
// Every value also carries `width` (the plot area's width in pixels) and a `nonce`.
// Text from the chronology only ever reaches the page through plotly.js (escaped by the server)
// and `textContent`, never as HTML.
(function () {
  "use strict";

  const chart = document.getElementById("chart");
  const focusLine = document.getElementById("focus-line");
  const DEBOUNCE_MS = 300;
  let args = null;
  let nonce = 0;
  let timer = null;
  let resizeTimer = null;
  let order = [];      // drawn events in time order: {x, y, id, title, label}
  let focusId = null;  // the event the arrow keys are on
  let focusTrace = -1; // index of the trace that rings it
  let drawing = false;
  let widthSent = null; // the width last reported, for the layout width it was reported against

  function post(type, extra) {
    window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type: type }, extra || {}), "*");
  }

  function plotWidth() {
    const size = chart._fullLayout && chart._fullLayout._size;
    return size ? Math.round(size.w) : null;
  }

  function send(value) {
    nonce += 1;
    value.nonce = Date.now() * 1000 + nonce;
    value.width = plotWidth();
    post("streamlit:setComponentValue", { value: value, dataType: "json" });
  }

  function toMs(ax, v) {
    if (typeof v === "number") return v;
    const ms = ax.r2l(v);
    return typeof ms === "number" && isFinite(ms) ? ms : null;
  }

  function xRange() {
    const ax = chart._fullLayout && chart._fullLayout.xaxis;
    if (!ax || !ax.range) return null;
    const lo = toMs(ax, ax.range[0]);
    const hi = toMs(ax, ax.range[1]);
    return lo === null || hi === null ? null : [Math.floor(lo), Math.ceil(hi)];
  }

  function reportWindow() {
    timer = null;
    const range = xRange();
    if (!range || !args) return;
    const shown = args.window;
    // a range within a pixel of the one drawn is no change
    const px = shown ? (shown[1] - shown[0]) / Math.max(plotWidth() || 700, 1) : 0;
    if (shown && Math.abs(range[0] - shown[0]) <= px && Math.abs(range[1] - shown[1]) <= px) return;
    send({ kind: "window", window: range });
  }

  function scheduleWindow() {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(reportWindow, DEBOUNCE_MS);
  }

  // the figure's text is escaped for plotly.js's pseudo-HTML (html.escape: & < >); the focus line
  // is set with textContent, so it shows the text unescaped
  function plain(s) {
    return String(s).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  }

  function eventsInOrder() {
    const out = [];
    const seen = new Set();
    (chart.data || []).forEach(function (trace) {
      if (!trace.meta || trace.meta.role !== "events" || !trace.customdata) return;
      const xs = trace.x || [];
      const ys = trace.y || [];
      for (let i = 0; i < trace.customdata.length; i++) {
        const c = trace.customdata[i];
        if (!Array.isArray(c) || typeof c[0] !== "string" || seen.has(c[0])) continue;
        seen.add(c[0]);
        out.push({ x: Number(xs[i]), y: Number(ys[i]), id: c[0], label: plain(c[1] || ""), title: plain(c[2] || "") });
      }
    });
    out.sort(function (a, b) { return a.x - b.x || a.y - b.y || (a.id < b.id ? -1 : 1); });
    return out;
  }

  function showFocus() {
    const at = order.findIndex(function (e) { return e.id === focusId; });
    if (focusTrace < 0) return;
    if (at < 0) {
      Plotly.restyle(chart, { x: [[]], y: [[]] }, [focusTrace]);
      focusLine.textContent = "";
      return;
    }
    const e = order[at];
    Plotly.restyle(chart, { x: [[e.x]], y: [[e.y]] }, [focusTrace]);
    focusLine.textContent = e.title + " \u2014 " + e.label + " (" + (at + 1) + " of " + order.length +
      " drawn; Enter opens it)";
  }

  function move(step) {
    if (!order.length) return;
    let at = order.findIndex(function (e) { return e.id === focusId; });
    if (at < 0) {
      const chosen = order.findIndex(function (e) { return e.id === args.selected; });
      at = chosen >= 0 ? chosen + step : (step > 0 ? 0 : order.length - 1);
    } else {
      at += step;
    }
    at = Math.max(0, Math.min(order.length - 1, at));
    focusId = order[at].id;
    showFocus();
  }

  function zoom(factor) {
    const range = xRange();
    if (!range) return;
    const mid = (range[0] + range[1]) / 2;
    const half = ((range[1] - range[0]) / 2) * factor;
    Plotly.relayout(chart, { "xaxis.range": [mid - half, mid + half] });
  }

  chart.addEventListener("keydown", function (e) {
    if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      move(e.key === "ArrowRight" ? 1 : -1);
    } else if (e.key === "Enter") {
      if (focusId !== null) send({ kind: "select", event: focusId });
    } else if (e.key === "Escape") {
      focusId = null;
      showFocus();
      if (args && args.selected) send({ kind: "select", event: null });
    } else if (e.key === "+" || e.key === "=") {
      zoom(0.5);
    } else if (e.key === "-" || e.key === "_") {
      zoom(2);
    } else {
      return;
    }
    e.preventDefault();
  });

  function bind() {
    chart.on("plotly_relayout", function (e) {
      if (drawing || !e) return;
      if (Object.keys(e).some(function (k) { return k.indexOf("xaxis") === 0; })) scheduleWindow();
    });
    chart.on("plotly_click", function (d) {
      const p = d && d.points && d.points[0];
      const c = p && p.customdata;
      if (!Array.isArray(c) || !c.length) return;
      if (typeof c[0] === "string") {
        focusId = c[0];
        send({ kind: "select", event: c[0] });
      } else if (typeof c[0] === "number" && typeof c[1] === "number") {
        send({ kind: "days", range: [c[0], c[1] - 1] });
      }
    });
    chart.on("plotly_selected", function (d) {
      const ax = chart._fullLayout.xaxis;
      if (!d || !d.range || !d.range.x) return;
      const lo = toMs(ax, d.range.x[0]);
      const hi = toMs(ax, d.range.x[1]);
      if (lo !== null && hi !== null) send({ kind: "days", range: [Math.floor(lo), Math.ceil(hi)] });
    });
  }

  let bound = false;

  function render(newArgs, theme) {
    args = newArgs;
    document.body.classList.toggle("dark", !!(theme && theme.base === "dark"));
    const fig = JSON.parse(args.figure);
    const data = (fig.data || []).concat([{
      type: "scatter", mode: "markers", x: [], y: [], xaxis: "x", yaxis: "y", hoverinfo: "skip",
      showlegend: false, name: "focus", meta: { role: "focus" },
      marker: { size: 24, symbol: "circle-open", color: "#d62728", line: { width: 3, color: "#d62728" } },
    }]);
    focusTrace = data.length - 1;
    const config = Object.assign({}, args.config || {}, { responsive: true });
    if (args.description) chart.setAttribute("aria-description", args.description);
    drawing = true;
    Plotly.react(chart, data, fig.layout || {}, config).then(function () {
      drawing = false;
      if (!bound) { bind(); bound = true; }
      order = eventsInOrder();
      showFocus();
      post("streamlit:setFrameHeight", { height: Math.ceil(document.body.scrollHeight) + 2 });
      reportWidth();
    });
  }

  // the plot area is not as wide as the server laid the labels out for: say so, once per
  // (layout width, real width) pair (a second render message or a resize from the frame's new
  // height must not rerun the page again)
  function reportWidth() {
    const w = plotWidth();
    if (!args || w === null || Math.abs(w - (args.plot_width || 0)) <= 24) return;
    const key = (args.plot_width || 0) + ":" + w;
    if (widthSent === key) return;
    widthSent = key;
    send({ kind: "width" });
  }

  window.addEventListener("resize", function () {
    if (resizeTimer !== null) clearTimeout(resizeTimer);
    resizeTimer = setTimeout(reportWidth, 400);
  });

  window.addEventListener("message", function (event) {
    const d = event.data;
    if (!d || d.type !== "streamlit:render" || !d.args) return;
    render(d.args, d.theme);
  });

  post("streamlit:componentReady", { apiVersion: 1 });
})();
