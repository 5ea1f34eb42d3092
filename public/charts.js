// Draws every [data-echarts] element with the option JSON the server put in it.
// The page is complete without this (each chart has a summary and a table of the same figures).
(function () {
  function draw() {
    if (!window.echarts) return;
    var still = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    document.querySelectorAll('[data-echarts]:not([data-drawn])').forEach(function (el) {
      var chart = window.echarts.init(el, null, { renderer: 'svg' });
      var option = JSON.parse(el.dataset.echarts);
      if (still) option.animation = false;
      chart.setOption(option);
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
