// Saves progress on lesson pages (pages/learner/lesson.rs) to /api/learner/save_progress: the
// share of a text lesson read (by scrolling) and the seconds spent since the last save, about once a minute while
// the page is in use and once more when it is hidden or left. Time counts only while the page is
// visible and touched in the last five minutes. Without this script the "finished" form still
// counts the reading time; the server caps whatever is claimed.
(function () {
  var el = document.getElementById('lesson');
  if (!el || !window.URLSearchParams) return;
  var url = el.getAttribute('data-save');
  var lesson = el.getAttribute('data-lesson');
  var best = Number(el.getAttribute('data-percent')) || 0;
  // Only reading is measured by scrolling; a video or a scenario reports its own progress.
  var reading = el.getAttribute('data-kind') === 'text';
  var sent = best;
  var since = Date.now();
  var lastInput = Date.now();
  var finishing = false;
  var IDLE = 5 * 60 * 1000;
  var opened = document.querySelector('#done-form input[name=opened_at]');

  function share() {
    var r = el.getBoundingClientRect();
    if (r.height <= 0) return 100;
    var unseen = Math.max(0, r.bottom - window.innerHeight);
    return Math.max(0, Math.min(100, Math.round(100 * (1 - unseen / r.height))));
  }
  function seconds() {
    var now = Date.now();
    var s = document.hidden || now - lastInput > IDLE ? 0 : Math.round((now - since) / 1000);
    since = now;
    return Math.min(s, 86400);
  }
  function save(leaving) {
    if (reading) best = Math.max(best, share());
    var s = seconds();
    if (s === 0 && best <= sent) return;
    var body = new URLSearchParams({ lesson: lesson, percent: best, position: 0, seconds: s });
    // Time already saved here must not count again when the "finished" form is sent.
    if (opened) opened.value = String(Number(opened.value) + s);
    if (leaving && navigator.sendBeacon) {
      navigator.sendBeacon(url, body);
    } else {
      fetch(url, { method: 'POST', body: body, credentials: 'same-origin', keepalive: true }).catch(function () {});
    }
    sent = best;
  }
  ['scroll', 'keydown', 'pointerdown', 'touchstart'].forEach(function (e) {
    window.addEventListener(e, function () { lastInput = Date.now(); }, { passive: true });
  });
  document.addEventListener('visibilitychange', function () {
    if (document.hidden) { if (!finishing) save(true); } else { since = Date.now(); lastInput = Date.now(); }
  });
  window.addEventListener('pagehide', function () { if (!finishing) save(true); });
  var form = document.getElementById('done-form');
  if (form) form.addEventListener('submit', function () { finishing = true; });
  setInterval(function () { if (!document.hidden) save(false); }, 60000);
})();
