// The offline layer of learner pages, loaded deferred after the page is readable (with idb, the
// IndexedDB wrapper, from /vendor). It registers the service worker (public/sw.js), keeps every
// learner action in an IndexedDB queue until the server's receipt for it arrives
// (/api/sync/v1: chunks of 200, retried with backoff; an action leaves the queue only with its
// receipt, so a dropped link or a closed tab loses nothing and the server applies each id once),
// shows the sync status in the header, saves lessons for offline use and lists them at
// /learn/saved. Words come from the page (data-words of #sync-status); none are here.
(function () {
  var status = document.getElementById('sync-status');
  if (!status || !window.idb || !window.indexedDB || !window.fetch || !window.caches) return;
  var SYNC = '/api/sync/v1';
  // Up to 200 actions a request; a chunk the server finds too large (long open answers) is
  // halved until it fits.
  var CHUNK = 200;
  var chunk = CHUNK;
  var SAVED = 'rr-saved';
  var PAGES = 'rr-pages';
  var user = status.getAttribute('data-user');
  var lang = document.documentElement.lang || 'en';
  var failures = 0;
  var timer = null;
  var busy = null;
  var problem = '';

  var dbp = idb.openDB('ruralrise', 1, {
    upgrade: function (db) {
      db.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true });
      db.createObjectStore('saved', { keyPath: 'lesson' });
      db.createObjectStore('refused', { keyPath: 'id' });
      db.createObjectStore('meta');
    }
  });

  var words = {};
  try { words = JSON.parse(status.getAttribute('data-words') || '{}'); } catch (e) {}
  function say(key, values) {
    var s = words[key] || '';
    for (var k in values || {}) s = s.split('{' + k + '}').join(values[k]);
    return s;
  }
  function count(key, n) {
    var one = false;
    try { one = new Intl.PluralRules(lang).select(n) === 'one'; } catch (e) { one = n === 1; }
    return say(key + (one ? '-one' : '-other'), { n: n.toLocaleString(lang) });
  }
  function when(iso) {
    var d = new Date(iso);
    if (isNaN(d)) return '';
    var opts = { hour: '2-digit', minute: '2-digit' };
    if (d.toDateString() !== new Date().toDateString()) { opts.day = 'numeric'; opts.month = 'short'; }
    try { return d.toLocaleString(lang, opts); } catch (e) { return d.toISOString(); }
  }
  // As the server writes sizes (ui/text.rs): kilobytes rounded up below a megabyte, then tenths.
  function size(bytes) {
    if (bytes < 1e6) return say('kb', { n: Math.ceil(Math.max(0, bytes) / 1000).toLocaleString(lang) });
    return say('mb', { n: (Math.round(bytes / 1e5) / 10).toLocaleString(lang) });
  }
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join('-');
  }

  // Adds an action (kind and its fields) to the queue and sends it. `leaving`: the page is going
  // away, so it is also sent at once with keepalive; the queued copy stays until a receipt.
  function queue(action, leaving) {
    action.id = action.id || uuid();
    action.at = new Date().toISOString();
    return dbp.then(function (db) { return db.add('queue', { user: user, action: action }); }).then(function (seq) {
      if (leaving) {
        post([action], true).then(function (reply) {
          return dbp.then(function (db) { return settle(db, reply.receipts, [{ seq: seq, action: action }]); });
        }).catch(function () {});
      } else {
        flush();
      }
      render();
      return action;
    });
  }

  // The chunk as JSON, gzipped where the browser can (a third of the bytes on a slow uplink).
  function packed(actions) {
    var json = JSON.stringify({ version: 1, actions: actions });
    if (!window.CompressionStream || actions.length < 4) return Promise.resolve({ body: json, headers: {} });
    var stream = new Blob([json]).stream().pipeThrough(new CompressionStream('gzip'));
    return new Response(stream).arrayBuffer().then(function (b) { return { body: b, headers: { 'content-encoding': 'gzip' } }; });
  }

  function post(actions, keepalive) {
    if (navigator.onLine === false) return Promise.reject(new Error('offline'));
    return packed(actions).then(function (p) {
      p.headers['content-type'] = 'application/json';
      p.headers.accept = 'application/json';
      return fetch(SYNC, { method: 'POST', credentials: 'same-origin', keepalive: !!keepalive, headers: p.headers, body: p.body });
    }).then(function (res) {
      if (res.ok) return res.json();
      if (res.status === 413) throw new Error('too-large');
      throw new Error(res.status === 401 ? 'signed-out' : res.status >= 500 || res.status === 429 ? 'server' : 'rejected');
    }, function () { throw new Error('network'); });
  }

  // Each receipt clears its action; a refused one is kept to be shown (with the server's words).
  function settle(db, receipts, items) {
    var tx = db.transaction(['queue', 'refused', 'meta'], 'readwrite');
    receipts.forEach(function (r) {
      var item = items[r.index];
      if (!item) return;
      tx.objectStore('queue').delete(item.seq);
      if (r.outcome === 'refused') {
        tx.objectStore('refused').put({ id: item.action.id, kind: item.action.kind, at: item.action.at, message: r.refusal ? r.refusal.message : '' });
      }
      document.dispatchEvent(new CustomEvent('rr:receipt', { detail: { action: item.action, receipt: r } }));
    });
    tx.objectStore('meta').put(new Date().toISOString(), 'synced');
    return tx.done;
  }

  // Sends this learner's queue, oldest first, a chunk at a time, until it is empty or a chunk
  // fails; then tries again after 2, 4, 8 … seconds (at most five minutes, with jitter).
  function flush() {
    if (busy) return busy;
    clearTimeout(timer);
    busy = dbp.then(function (db) {
      function next() {
        return db.getAll('queue').then(function (all) {
          var items = all.filter(function (i) { return i.user === user; }).slice(0, chunk);
          if (!items.length) return;
          return post(items.map(function (i) { return i.action; })).then(function (reply) {
            chunk = CHUNK;
            return settle(db, reply.receipts, items);
          }, function (err) {
            if (err.message !== 'too-large') throw err;
            if (chunk === 1) throw new Error('rejected');
            chunk = Math.ceil(chunk / 2);
          }).then(next);
        });
      }
      return next();
    }).then(function () {
      failures = 0;
      problem = '';
    }, function (err) {
      failures += 1;
      problem = err && err.message ? err.message : 'network';
      var wait = Math.min(300, Math.pow(2, failures)) * (0.75 + Math.random() / 2);
      timer = setTimeout(flush, wait * 1000);
    }).then(function () {
      busy = null;
      return render();
    });
    return busy;
  }

  function render() {
    return dbp.then(function (db) {
      return Promise.all([db.getAll('queue'), db.get('meta', 'synced'), db.count('refused')]);
    }).then(function (v) {
      var waiting = v[0].filter(function (i) { return i.user === user; }).length;
      var copy = document.body.getAttribute('data-offline-copy');
      var parts = [say(navigator.onLine === false || copy !== null ? 'offline' : 'online')];
      parts.push(waiting ? count('waiting', waiting) : say('all-sent'));
      if (v[1]) parts.push(say('synced', { time: when(v[1]) }));
      if (waiting && problem) parts.push(say('failed-' + problem) + ' ' + say('retrying'));
      if (v[2]) parts.push(count('refused', v[2]));
      if (copy !== null) parts.unshift(say('copy', { time: when(copy) }));
      status.textContent = parts.join(' · ');
      status.className = 'sync ' + (navigator.onLine === false || copy !== null ? 'off' : 'on');
      status.hidden = false;
    });
  }

  // Fetches `url` into `cache`, stamped with the time; a page also brings the app files it loads
  // (its stylesheet, the islands' code), so it works offline as it did online.
  function cachePut(cache, url) {
    return fetch(url, { credentials: 'same-origin' }).then(function (res) {
      if (!res.ok) throw new Error('fetch');
      var headers = new Headers(res.headers);
      headers.set('x-rr-saved-at', new Date().toISOString());
      var html = (headers.get('content-type') || '').indexOf('text/html') === 0;
      return (html ? res.text() : res.blob()).then(function (body) {
        var files = html ? body.match(/\/(?:pkg|vendor)\/[\w.\-]+\.(?:js|wasm|css)/g) || [] : [];
        return Promise.all([cache.put(url, new Response(body, { status: 200, headers: headers })), caches.open('rr-files').then(function (f) {
          return Promise.all(files.map(function (u) { return f.match(u).then(function (hit) { return hit || f.add(u); }); }));
        })]);
      });
    });
  }

  // A quiz lesson's keys, to score it on the phone while offline; without them (refused, or an
  // old server) the quiz is still queued and scored when it arrives.
  function keys(l) {
    if (!l.quiz) return Promise.resolve(null);
    return fetch(l.quiz, {
      method: 'POST', credentials: 'same-origin', body: 'lesson=' + l.id,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }
    }).then(function (res) { return res.ok ? res.json() : null; }).catch(function () { return null; });
  }

  // Provisional scoring of a saved quiz, by the server's rules (src/domain/assessment.rs: read the
  // form, then each item all or nothing). Both scorers are held to the same written cases
  // (tests/fixtures/scoring-cases.json); the server's score, when it comes, is the one that counts.
  var MARKS = /[\u0300-\u036f]/g;
  try { MARKS = new RegExp('\\p{M}', 'gu'); } catch (e) {}
  var EDGES = /^[!"#$&'()*+,.\/:;<=>?@[\\\]^_`{|}~]+|[!"#$&'()*+,.\/:;<=>?@[\\\]^_`{|}~]+$/g;
  var WHOLE = /^\+?\d+$/;
  function normalise(text) {
    var folded = Array.from(text.normalize('NFKD').replace(MARKS, ''), function (c) { return c.toLowerCase(); }).join('');
    return folded.split(/\s+/).filter(Boolean).join(' ').replace(EDGES, '');
  }
  function readNumber(text) {
    var t = text.trim().replace(/%+$/, '').replace(/[\s_]/g, '');
    var parts = t.split(',');
    t = t.indexOf('.') < 0 && parts.length === 2 && parts[1].length !== 3 ? t.replace(',', '.') : t.replace(/,/g, '');
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return null;
    var n = Number(t);
    return isFinite(n) ? n : null;
  }
  function readAnswers(items, form) {
    var ticked = {}, plain = {}, answers = {};
    var names = Object.keys(form).sort();
    function no(error, position) { return { error: error, position: position }; }
    for (var i = 0; i < names.length; i++) {
      var name = names[i], dash = name.indexOf('-');
      var head = dash < 0 ? name : name.slice(0, dash), option = dash < 0 ? null : name.slice(dash + 1);
      var position = head.charAt(0) === 'q' && WHOLE.test(head.slice(1)) ? Number(head.slice(1)) : NaN;
      if (!(position <= 2147483647)) return no('unknown_item', 0);
      var item = items.filter(function (it) { return it.position === position; })[0];
      if (!item) return no('unknown_item', position);
      var multiple = item.key.type === 'multiple';
      if (option !== null && multiple) {
        if (!WHOLE.test(option) || Number(option) >= item.options) return no('malformed', position);
        (ticked[position] = ticked[position] || []).push(Number(option));
      } else if (option !== null || multiple) {
        return no('malformed', position);
      } else {
        if (Array.from(form[name]).length > 4000) return no('too_long', position);
        plain[position] = form[name];
      }
    }
    for (var j = 0; j < items.length; j++) {
      var it = items[j], p = it.position;
      if (it.key.type === 'multiple') {
        if (!ticked[p]) return no('missing', p);
        answers[p] = ticked[p].sort(function (a, b) { return a - b; }).filter(function (o, k, all) { return k === 0 || all[k - 1] !== o; });
        continue;
      }
      var raw = (plain[p] || '').trim();
      if (!raw) return no('missing', p);
      if (it.key.type === 'single') {
        if (!WHOLE.test(raw) || Number(raw) >= it.options) return no('malformed', p);
        answers[p] = Number(raw);
      } else {
        answers[p] = raw;
      }
    }
    return { answers: answers };
  }
  function isRight(key, a) {
    switch (key.type) {
      case 'single': return a === key.correct;
      case 'multiple':
        var want = key.correct.slice().sort(function (x, y) { return x - y; }).filter(function (o, k, all) { return k === 0 || all[k - 1] !== o; });
        return want.length === a.length && want.every(function (w, k) { return w === a[k]; });
      case 'text':
        var t = normalise(a);
        return key.accepted.some(function (x) { return normalise(x) === t; });
      case 'number':
        var n = readNumber(a);
        return n !== null && Math.abs(n - key.value) <= Math.abs(key.tolerance) + Number.EPSILON * Math.max(Math.abs(key.value), 1);
      case 'open': return null;
    }
    return false;
  }
  // The same shape as the server's result: each item's outcome, points, and the percent (rounded
  // down) when no open answer waits for a trainer; or the first problem, naming its item.
  function score(items, form) {
    var read = readAnswers(items, form);
    if (read.error) return read;
    var out = { items: [], auto_points: 0, auto_max: 0, waits_for_trainer: false, percent: null };
    items.forEach(function (item) {
      var correct = isRight(item.key, read.answers[item.position]);
      var points = correct === true ? item.points : 0;
      if (item.key.type === 'open') out.waits_for_trainer = true;
      else { out.auto_points += points; out.auto_max += item.points; }
      out.items.push({ position: item.position, correct: correct, points: points, max: item.points });
    });
    if (!out.waits_for_trainer) out.percent = out.auto_max <= 0 ? 100 : Math.min(100, Math.floor(Math.max(0, out.auto_points) * 100 / out.auto_max));
    return out;
  }
  function percent(n) {
    try { return (n / 100).toLocaleString(lang, { style: 'percent' }); } catch (e) { return n + '%'; }
  }

  // Under a quiz handed in offline: the provisional score, item by item, if the quiz was saved
  // with its keys; then, when the receipt comes while the page is open, RuralRise's own answer.
  function provisional(after, action) {
    return dbp.then(function (db) { return db.getAll('saved'); }).then(function (saved) {
      var quiz = saved.map(function (s) { return s.quiz; }).filter(function (q) { return q && q.assessment_id === action.assessment; })[0];
      var s = quiz && score(quiz.items, action.answers);
      if (!s || s.error) return;
      var box = document.createElement('section');
      box.className = 'panel provisional';
      box.id = 'provisional';
      box.setAttribute('data-action', action.id);
      box.setAttribute('aria-labelledby', 'provisional-heading');
      function add(tag, text) {
        var el = document.createElement(tag);
        el.textContent = text;
        return box.appendChild(el);
      }
      add('h2', say('provisional-title')).id = 'provisional-heading';
      var values = { percent: s.percent === null ? '' : percent(s.percent), points: s.auto_points, max: s.auto_max };
      add('p', say(s.percent === null ? 'provisional-part' : 'provisional-score', values)).className = 'provisional-score';
      var ol = add('ul', '');
      s.items.forEach(function (r) {
        var li = document.createElement('li');
        li.textContent = say(r.correct === true ? 'item-right' : r.correct === false ? 'item-wrong' : 'item-open', { n: r.position });
        ol.appendChild(li);
      });
      add('p', say('provisional-note')).className = 'meta';
      after.after(box);
    });
  }
  document.addEventListener('rr:receipt', function (e) {
    var box = document.getElementById('provisional');
    var r = e.detail.receipt;
    if (!box || box.getAttribute('data-action') !== e.detail.action.id) return;
    var p = document.createElement('p');
    p.setAttribute('role', 'status');
    p.className = 'confirmed';
    if (r.outcome === 'refused') p.textContent = say('provisional-refused', { reason: r.refusal ? r.refusal.message : '' });
    else if (r.result && r.result.score !== null && r.result.score !== undefined) p.textContent = say('confirmed', { percent: percent(r.result.score) });
    else p.textContent = say('confirmed-later');
    box.appendChild(p);
  });

  // "Save for offline": the lessons named in the button's data-lessons (with their media and the
  // page the button is on) go into the saved cache, are listed on this phone, and the server is
  // told (a `saved` action: the earliest time their progress can carry).
  function save(button) {
    var lessons = JSON.parse(button.getAttribute('data-lessons') || '[]');
    var live = document.getElementById(button.getAttribute('aria-controls'));
    var done = 0;
    button.disabled = true;
    return caches.open(SAVED).then(function (cache) {
      var page = button.getAttribute('data-page');
      var first = page ? cachePut(cache, page) : Promise.resolve();
      return lessons.reduce(function (p, l) {
        return p.then(function () {
          return Promise.all([cachePut(cache, l.url), keys(l)].concat((l.media || []).map(function (m) { return cachePut(cache, m); })));
        }).then(function (got) {
          return dbp.then(function (db) { return db.put('saved', { lesson: l.id, title: l.title, url: l.url, media: l.media || [], page: page, bytes: l.bytes, quiz: got[1], at: new Date().toISOString() }); });
        }).then(function () {
          done += 1;
          if (live) live.textContent = say('saving', { n: done, total: lessons.length });
          return queue({ kind: 'saved', lesson: l.id });
        });
      }, first);
    }).then(function () {
      if (live) live.textContent = say('saved-all', { n: lessons.length });
      button.textContent = say('saved-button');
    }, function () {
      button.disabled = false;
      if (live) live.textContent = say('save-failed');
    });
  }

  function remove(lesson) {
    return dbp.then(function (db) {
      return db.get('saved', lesson).then(function (s) {
        if (!s) return;
        return caches.open(SAVED).then(function (cache) {
          return Promise.all([s.url].concat(s.media).map(function (u) { return cache.delete(u); }));
        }).then(function () { return db.delete('saved', lesson); });
      });
    }).then(list);
  }

  // /learn/saved: what is on this phone, the space it takes, and a way to remove each; then the
  // actions the server refused, with its reason.
  function list() {
    var box = document.getElementById('saved-list');
    if (!box) return Promise.resolve();
    return dbp.then(function (db) { return Promise.all([db.getAll('saved'), db.getAll('refused')]); }).then(function (v) {
      var saved = v[0];
      var total = saved.reduce(function (t, s) { return t + (s.bytes || 0); }, 0);
      box.textContent = '';
      var head = document.createElement('p');
      head.textContent = saved.length ? say('saved-total', { n: saved.length, size: size(total) }) : say('saved-none');
      box.appendChild(head);
      if (saved.length) {
        var ul = document.createElement('ul');
        ul.className = 'saved';
        saved.forEach(function (s) {
          var li = document.createElement('li');
          var a = document.createElement('a');
          a.href = s.url;
          a.textContent = s.title;
          var meta = document.createElement('span');
          meta.textContent = ' · ' + size(s.bytes || 0) + ' · ' + say('saved-on', { time: when(s.at) }) + ' ';
          var b = document.createElement('button');
          b.type = 'button';
          b.className = 'button secondary';
          b.textContent = say('remove');
          b.setAttribute('aria-label', say('remove-named', { title: s.title }));
          b.addEventListener('click', function () { remove(s.lesson); });
          li.appendChild(a);
          li.appendChild(meta);
          li.appendChild(b);
          ul.appendChild(li);
        });
        box.appendChild(ul);
      }
      if (v[1].length) {
        var h = document.createElement('h2');
        h.textContent = say('refused-title');
        box.appendChild(h);
        var rl = document.createElement('ul');
        v[1].forEach(function (r) {
          var li = document.createElement('li');
          li.textContent = when(r.at) + ': ' + r.message;
          rl.appendChild(li);
        });
        box.appendChild(rl);
      }
    });
  }

  // Offline, the lesson's "finished" form and a quiz are queued instead of sent; the page says
  // so. Online they go as plain forms, as without this script.
  document.addEventListener('submit', function (e) {
    var f = e.target;
    // A form its own island stopped (a question left blank) stays as it is. A page that came from
    // the phone's copy was opened without a connection, whatever navigator.onLine says.
    var away = navigator.onLine === false || document.body.hasAttribute('data-offline-copy');
    if (e.defaultPrevented || !away || !f || !f.elements) return;
    var data = new FormData(f);
    var action = null;
    if (f.id === 'done-form') {
      var opened = Number(data.get('opened_at')) || 0;
      var seconds = Math.max(0, Math.min(86400, Math.round(Date.now() / 1000 - opened)));
      action = { kind: 'complete', lesson: Number(data.get('lesson')), seconds: seconds };
    } else if (data.get('assessment') && data.get('key')) {
      var answers = {};
      data.forEach(function (v, k) {
        var m = /^answers\[(.+)\]$/.exec(k);
        if (m) answers[m[1]] = String(v);
      });
      action = { id: String(data.get('key')), kind: 'quiz', assessment: Number(data.get('assessment')), answers: answers };
    }
    if (!action) return;
    e.preventDefault();
    queue(action).then(function () {
      var note = document.createElement('p');
      note.className = 'banner notice';
      note.setAttribute('role', 'status');
      note.textContent = say(action.kind === 'quiz' ? 'queued-quiz' : 'queued-done');
      f.replaceWith(note);
      if (action.kind === 'quiz') return provisional(note, action);
    });
  });

  // Signing out on a shared phone takes this learner's copies off it; their queued actions stay
  // (tied to them) until they sign in again. The deletions are asked for at once and the form goes
  // on its way: signing out never waits for them.
  document.addEventListener('submit', function (e) {
    var f = e.target;
    if (!f || f.getAttribute('action') !== '/api/account/sign_out') return;
    caches.delete(PAGES).catch(function () {});
    caches.delete(SAVED).catch(function () {});
    dbp.then(function (db) { return Promise.all([db.clear('saved'), db.clear('refused')]); }).catch(function () {});
  });

  Array.prototype.forEach.call(document.querySelectorAll('button[data-lessons]'), function (b) {
    var box = b.closest('[hidden]');
    if (box) box.hidden = false;
    b.addEventListener('click', function () { save(b); });
    // Already on the phone: the button says so (pressing it again refreshes the copies).
    var ids = JSON.parse(b.getAttribute('data-lessons') || '[]').map(function (l) { return l.id; });
    dbp.then(function (db) { return Promise.all(ids.map(function (id) { return db.get('saved', id); })); }).then(function (found) {
      if (found.length && found.every(Boolean)) b.textContent = say('saved-button');
    });
  });

  window.RuralRise = { queue: queue, flush: flush, scoring: { score: score, normalise: normalise, readNumber: readNumber } };
  window.addEventListener('online', function () { failures = 0; flush(); });
  window.addEventListener('offline', render);
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(function () {});
  flush();
  list();
})();
