// Draws every [data-echarts] element with the option JSON the server put in it.
// The page is complete without this (each chart has a table of the same figures beside it).
(function () {
  function draw() {
    if (!window.echarts) return;
    document.querySelectorAll('[data-echarts]').forEach(function (el) {
      var chart = window.echarts.init(el, null, { renderer: 'svg' });
      chart.setOption(JSON.parse(el.dataset.echarts));
      el.dataset.drawn = 'true';
      window.addEventListener('resize', function () { chart.resize(); });
    });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
