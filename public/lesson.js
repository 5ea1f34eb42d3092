// Saves progress on lesson pages (pages/learner/lesson.rs) through the offline layer's queue
// (offline.js, to /api/sync/v1), or to /api/learner/save_progress where that layer is missing: the
// share done (of a text lesson, by scrolling; of a video, by the parts actually played) and the
// seconds spent since the last save, about once a minute while the page is in use, when a video
// pauses or ends, and once more when the page is hidden or left. Time counts while the page is
// visible and touched in the last five minutes, or while the video plays. Without this script the
// lesson's form still works (the server then checks the time the page was open); the server caps
// whatever is claimed.
(function () {
  var el = document.getElementById('lesson');
  if (!el || !window.URLSearchParams) return;
  var url = el.getAttribute('data-save');
  var lesson = el.getAttribute('data-lesson');
  var best = Number(el.getAttribute('data-percent')) || 0;
  var reading = el.getAttribute('data-kind') === 'text';
  var video = el.querySelector('video');
  var sent = best;
  var since = Date.now();
  var lastInput = Date.now();
  var finishing = false;
  var done = false;
  var IDLE = 5 * 60 * 1000;
  var form = document.getElementById('done-form');
  var opened = form && form.querySelector('input[name=opened_at]');
  var live = document.getElementById('lesson-live');
  // The player reports what was watched, so the "I have watched it" form is not needed.
  if (video && form && form.hasAttribute('data-player-reports')) form.hidden = true;

  function share() {
    if (video) {
      var d = video.duration || Number(video.getAttribute('data-duration')) || 0;
      if (!d || !isFinite(d)) return 0;
      var t = 0;
      for (var i = 0; i < video.played.length; i++) t += video.played.end(i) - video.played.start(i);
      return Math.max(0, Math.min(100, Math.floor(100 * t / d)));
    }
    var r = el.getBoundingClientRect();
    if (r.height <= 0) return 100;
    var unseen = Math.max(0, r.bottom - window.innerHeight);
    return Math.max(0, Math.min(100, Math.round(100 * (1 - unseen / r.height))));
  }
  function seconds() {
    var now = Date.now();
    var playing = video && !video.paused && !video.ended;
    var active = !document.hidden && (playing || now - lastInput <= IDLE);
    var s = active ? Math.round((now - since) / 1000) : 0;
    since = now;
    return Math.min(s, 86400);
  }
  function answered(res) {
    if (!res.ok) return;
    res.json().then(function (saved) {
      if (saved.completed && !done && live) {
        done = true;
        live.textContent = live.getAttribute('data-done');
      }
    }).catch(function () {});
  }
  function save(leaving) {
    if (reading || video) best = Math.max(best, share());
    var s = seconds();
    if (s === 0 && best <= sent) return;
    var position = video ? Math.floor(video.currentTime || 0) : Number(el.getAttribute('data-position')) || 0;
    var body = new URLSearchParams({ lesson: lesson, percent: best, position: position, seconds: s });
    // Time already saved here must not count again when the form is sent.
    if (opened) opened.value = String(Number(opened.value) + s);
    if (window.RuralRise) {
      // The offline layer (offline.js) queues the save with an id and the phone's time and sends
      // it: it counts once, whether the link holds, drops, or the phone is offline.
      window.RuralRise.queue({ kind: 'progress', lesson: Number(lesson), percent: best, position: position, seconds: s }, leaving);
    } else if (leaving && navigator.sendBeacon) {
      navigator.sendBeacon(url, body);
    } else {
      fetch(url, { method: 'POST', body: body, credentials: 'same-origin', keepalive: true, headers: { Accept: 'application/json' } })
        .then(answered).catch(function () {});
    }
    sent = best;
  }
  document.addEventListener('rr:receipt', function (e) {
    var r = e.detail.receipt;
    if (String(e.detail.action.lesson) === lesson && r.result && r.result.completed && !done && live) {
      done = true;
      live.textContent = live.getAttribute('data-done');
    }
  });
  ['scroll', 'keydown', 'pointerdown', 'touchstart'].forEach(function (e) {
    window.addEventListener(e, function () { lastInput = Date.now(); }, { passive: true });
  });
  document.addEventListener('visibilitychange', function () {
    if (document.hidden) { if (!finishing) save(true); } else { since = Date.now(); lastInput = Date.now(); }
  });
  window.addEventListener('pagehide', function () { if (!finishing) save(true); });
  if (form) form.addEventListener('submit', function () { finishing = true; });
  if (video) {
    video.addEventListener('play', function () { since = Date.now(); });
    video.addEventListener('pause', function () { save(false); });
    video.addEventListener('ended', function () { save(false); });
    // Reaching 90 % is saved at once, so the learner sees the lesson complete.
    video.addEventListener('timeupdate', function () { if (!done && share() >= 90 && best < 90) save(false); });
  }
  setInterval(function () { if (!document.hidden) save(false); }, 60000);
})();
