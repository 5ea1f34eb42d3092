// RuralRise's service worker (registered by public/offline.js on learner pages). Learner pages
// open offline from the copy kept when they were last seen online, marked with the time of that
// copy; lessons the learner saved for offline (and their media) are kept apart from those, until
// the learner removes them or signs out. The files pages need (fingerprinted under /pkg and
// /vendor, and the few at the root) come from the cache. The queue of actions is not here: it
// lives in IndexedDB and only pages send it, so nothing in this file can lose or double one.
//
// A new deployment changes VERSION, so the browser installs this file beside the old one. When it
// takes over it keeps saved lessons, page copies and the queue, and drops only the app files no
// kept page refers to any more (old fingerprints).
var VERSION = '2026-12-12.1';
var FILES = 'rr-files';
var PAGES = 'rr-pages';
var SAVED = 'rr-saved';
var PAGE_COPIES = 40;
var LEARNER_PAGE = /^\/learn(\/|$)/;
var ROOT_FILES = ['/offline.js', '/lesson.js', '/favicon.svg', '/manifest.webmanifest', '/icon-192.png'];
var ASSET = /\/(?:pkg|vendor)\/[\w.\-]+\.(?:js|wasm|css)/g;

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(FILES).then(function (c) { return c.addAll(ROOT_FILES); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(prune().catch(function () {}).then(function () { return self.clients.claim(); }));
});

function assetsOf(html) {
  return (html.match(ASSET) || []).filter(function (u, i, all) { return all.indexOf(u) === i; });
}

// Keeps the app files the kept pages load; the rest belonged to an earlier deployment.
function prune() {
  return Promise.all([SAVED, PAGES].map(function (name) {
    return caches.open(name).then(function (c) {
      return c.keys().then(function (keys) {
        return Promise.all(keys.map(function (k) { return c.match(k).then(function (r) { return r.headers.get('content-type') === null || r.headers.get('content-type').indexOf('text/html') !== 0 ? '' : r.text(); }); }));
      });
    });
  })).then(function (texts) {
    var wanted = assetsOf(texts[0].concat(texts[1]).join('\n'));
    return caches.open(FILES).then(function (c) {
      return c.keys().then(function (keys) {
        return Promise.all(keys.map(function (k) {
          var path = new URL(k.url).pathname;
          return ROOT_FILES.indexOf(path) < 0 && wanted.indexOf(path) < 0 ? c.delete(k) : null;
        }));
      });
    });
  });
}

// Fetches what a page loads (its stylesheet, the islands' code) into the files cache, so the page
// works offline as it did online.
function keepAssets(html) {
  return caches.open(FILES).then(function (c) {
    return Promise.all(assetsOf(html).map(function (u) {
      return c.match(u).then(function (hit) { return hit || fetch(u).then(function (r) { return r.ok ? c.put(u, r) : null; }); });
    }));
  }).catch(function () {});
}

// A page copy says when it was made: the page's script shows "copy from …" with it.
function marked(res) {
  var savedAt = res.headers.get('x-rr-saved-at') || '';
  return res.text().then(function (html) {
    var headers = new Headers(res.headers);
    headers.delete('content-length');
    return new Response(html.replace('<body', '<body data-offline-copy="' + savedAt + '"'), { status: 200, headers: headers });
  });
}

function keepPage(key, res) {
  return res.text().then(function (html) {
    var headers = new Headers(res.headers);
    headers.set('x-rr-saved-at', new Date().toISOString());
    var copy = new Response(html, { status: 200, headers: headers });
    // A saved lesson's copy is refreshed in place; any other learner page joins the recent ones.
    return caches.open(SAVED).then(function (saved) {
      return saved.match(key).then(function (hit) {
        if (hit) return saved.put(key, copy);
        return caches.open(PAGES).then(function (pages) {
          return pages.put(key, copy).then(function () { return pages.keys(); }).then(function (keys) {
            return Promise.all(keys.slice(0, Math.max(0, keys.length - PAGE_COPIES)).map(function (k) { return pages.delete(k); }));
          });
        });
      });
    }).then(function () { return keepAssets(html); });
  });
}

function page(event) {
  var url = new URL(event.request.url);
  var key = url.pathname + url.search;
  return fetch(event.request).then(function (res) {
    if (res.ok && !res.redirected && (res.headers.get('content-type') || '').indexOf('text/html') === 0) {
      event.waitUntil(keepPage(key, res.clone()).catch(function () {}));
    }
    return res;
  }).catch(function () {
    return caches.match(key, { ignoreVary: true }).then(function (hit) {
      return hit || caches.match('/learn/saved', { ignoreVary: true }).then(function (saved) { return saved || caches.match('/learn', { ignoreVary: true }); });
    }).then(function (hit) { return hit ? marked(hit) : Response.error(); });
  });
}

function file(request) {
  var path = new URL(request.url).pathname;
  var fingerprinted = path.indexOf('/pkg/') === 0 || path.indexOf('/vendor/') === 0;
  return caches.match(path).then(function (hit) {
    // Fingerprinted files never change; the root ones are checked again in the background.
    if (hit && fingerprinted) return hit;
    var fresh = fetch(request).then(function (res) {
      if (res.ok && res.status === 200) {
        var copy = res.clone();
        caches.open(FILES).then(function (c) { return c.put(path, copy); });
      }
      return res;
    });
    if (hit) {
      fresh.catch(function () {});
      return hit;
    }
    return fresh;
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && LEARNER_PAGE.test(url.pathname)) {
    event.respondWith(page(event));
  } else if (url.pathname.indexOf('/media/') === 0) {
    // Saved media come from the phone; the rest goes to the network as before (a video's Range
    // requests included).
    event.respondWith(caches.open(SAVED).then(function (c) { return c.match(url.pathname); }).then(function (hit) { return hit || fetch(request); }));
  } else if (url.pathname.indexOf('/pkg/') === 0 || url.pathname.indexOf('/vendor/') === 0 || ROOT_FILES.indexOf(url.pathname) >= 0) {
    event.respondWith(file(request));
  }
});

self.addEventListener('message', function (event) {
  if (event.data === 'version' && event.ports[0]) event.ports[0].postMessage(VERSION);
});
