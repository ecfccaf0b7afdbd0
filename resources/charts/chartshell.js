// The warm chart page of the Plots dock. The window calls sandpiperShow() with a chart's JSON
// and polls sandpiperStatus() and sandpiperResult(): a page whose script hangs simply stops
// answering, and the window resets it. Nothing here trusts the chart: it is data for Plotly or
// vega-embed, never markup.
'use strict';
(function () {
  const state = {
    serial: 0, status: 'idle', message: '', kind: '', vegaSpec: null, view: null,
    drawing: Promise.resolve(),
  };
  const results = {};
  const chart = () => document.getElementById('chart');

  function clear() {
    if (state.view) {
      try { state.view.finalize(); } catch (e) { /* already gone */ }
    }
    state.view = null;
    state.vegaSpec = null;
    try { Plotly.purge(chart()); } catch (e) { /* nothing drawn */ }
    chart().replaceChildren();
    chart().className = '';
    chart().removeAttribute('style');
  }

  function messageOf(error) {
    return String((error && error.message) || error || 'unknown error');
  }

  function fail(serial, error) {
    if (serial !== state.serial) return;
    state.status = 'error';
    state.message = messageOf(error);
    chart().className = 'message';
    chart().textContent = state.message;
  }

  // A single-view chart fills the pane, as Plotly's do; one made of several views (concat,
  // facet, repeat) keeps its own layout.
  function fittedToPane(spec) {
    const composite = ['hconcat', 'vconcat', 'concat', 'facet', 'repeat']
      .some((key) => key in spec);
    if (composite) return spec;
    return Object.assign({}, spec, {
      width: 'container', height: 'container',
      autosize: { type: 'fit', contains: 'padding' } });
  }

  window.sandpiperShow = function (serial, kind, text) {
    clear();
    Object.assign(state, { serial, kind, status: 'drawing', message: '' });
    let spec;
    try {
      spec = JSON.parse(text);
      if (spec === null || typeof spec !== 'object' || Array.isArray(spec))
        throw new Error('the chart is not a JSON object');
    } catch (e) {
      fail(serial, 'This chart cannot be drawn: ' + messageOf(e));
      return;
    }
    let drawing;
    try {
      if (kind === 'plotly') {
        const config = Object.assign({ responsive: true }, spec.config || {},
          { displaylogo: false, showLink: false, showEditInChartStudio: false,
            modeBarButtonsToRemove: ['toImage', 'sendDataToCloud'] });
        chart().classList.add('fit'); // responsive: Plotly sizes itself to the pane
        drawing = Plotly.newPlot(chart(), spec.data || [], spec.layout || {}, config);
      } else {
        const options = { actions: false, renderer: 'svg' };
        const fitted = fittedToPane(spec);
        // A chart sized to the pane never scrolls (a scroll bar would shrink the pane it fits
        // and start over); one of several views keeps its size and scrolls.
        chart().classList.toggle('fit', fitted !== spec);
        drawing = vegaEmbed(chart(), fitted, options).then((r) => {
          if (serial !== state.serial) { r.finalize(); return; }
          state.view = r.view;
          state.vegaSpec = spec;
        });
      }
    } catch (e) {
      fail(serial, e);
      return;
    }
    state.drawing = Promise.resolve(drawing).then(
      () => { if (serial === state.serial) state.status = 'done'; },
      (e) => fail(serial, e));
  };

  // A message in place of a chart (e.g. why the page was reset).
  window.sandpiperMessage = function (text) {
    clear();
    Object.assign(state, { status: 'error', message: String(text) });
    chart().className = 'message';
    chart().textContent = state.message;
  };

  // A data URL of the chart shown: format png, jpeg or svg, width × height in CSS pixels,
  // raster pixels = CSS pixels × scale.
  function plotlyImage(format, width, height, scale) {
    return Plotly.toImage(chart(), { format, width, height, scale });
  }

  async function vegaImage(format, width, height, scale) {
    // The Vega-Lite spec compiled again to fill the asked size, axes and legends included,
    // in a view of its own, so the chart on screen is left as it is.
    const sized = Object.assign({}, state.vegaSpec, {
      width, height, autosize: { type: 'fit', contains: 'padding' } });
    const view = new vega.View(vega.parse(vegaLite.compile(sized).spec), { renderer: 'none' });
    try {
      await view.runAsync();
      if (format === 'svg')
        return 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(await view.toSVG());
      const canvas = await view.toCanvas(scale);
      if (format === 'jpeg') {
        // JPEG has no transparency: white below the chart.
        const flat = document.createElement('canvas');
        flat.width = canvas.width;
        flat.height = canvas.height;
        const context = flat.getContext('2d');
        context.fillStyle = '#ffffff';
        context.fillRect(0, 0, flat.width, flat.height);
        context.drawImage(canvas, 0, 0);
        return flat.toDataURL('image/jpeg', 0.95);
      }
      return canvas.toDataURL('image/png');
    } finally {
      view.finalize();
    }
  }

  window.sandpiperExport = function (id, serial, format, width, height, scale) {
    results[id] = { status: 'pending' };
    // After the drawing under way, if any, and of the chart the window meant.
    const making = state.drawing.then(() => {
      if (serial !== state.serial)
        throw new Error('another chart was shown before the export began');
      if (state.status !== 'done')
        throw new Error(state.message || 'the chart is not drawn');
      return state.kind === 'plotly' ? plotlyImage(format, width, height, scale)
        : vegaImage(format, width, height, scale);
    });
    making.then(
      (url) => { results[id] = { status: 'done', url }; },
      (e) => { results[id] = { status: 'error', message: messageOf(e) }; });
  };

  // Sets the SVG that printing shows (print media hide the chart and show only this): PDF
  // export goes through Chromium's printing, which keeps text as text.
  window.sandpiperPrintable = function (svgText, widthPt, heightPt) {
    // The page's size as CSS says it too, so printing lays it out at exactly that size.
    document.getElementById('page-size').textContent =
      `@page { size: ${widthPt}pt ${heightPt}pt; margin: 0 }`;
    const parsed = new DOMParser().parseFromString(svgText, 'image/svg+xml');
    const svg = parsed.documentElement;
    if (!svg || svg.nodeName !== 'svg' || parsed.querySelector('parsererror')) return false;
    // Only drawing: no script, no embedded HTML, no event handlers, no links.
    for (const node of svg.querySelectorAll('script, foreignObject, iframe, a')) node.remove();
    for (const node of [svg, ...svg.querySelectorAll('*')]) {
      for (const attribute of [...node.attributes]) {
        if (/^on/i.test(attribute.name) || /href$/i.test(attribute.name) &&
            !String(attribute.value).startsWith('#') && !String(attribute.value).startsWith('data:'))
          node.removeAttribute(attribute.name);
      }
    }
    document.getElementById('print').replaceChildren(document.importNode(svg, true));
    return true;
  };

  // What the window polls: the drawing's state and the exports that are ready (each handed
  // out once). A page whose script hangs does not answer at all.
  window.sandpiperPoll = function (ids) {
    const ready = {};
    for (const id of ids) {
      const result = results[id];
      if (result && result.status !== 'pending') {
        ready[id] = result;
        delete results[id];
      }
    }
    return { serial: state.serial, status: state.status, message: state.message, results: ready };
  };
})();
