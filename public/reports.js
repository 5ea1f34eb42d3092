// Progress for the report downloads on /ops/reports (see pages/ops/reports.rs). Without this
// script each form is a plain GET that downloads the CSV. With it, the file is fetched as a
// stream, and "1,200 of 50,000 rows" is counted against the X-Row-Count the server announces,
// then saved under the server's file name. A download the server refuses comes back as the
// reports page saying what to fix, so the browser goes there.
(function () {
  function say(template, rows, total) {
    return template.replace('{rows}', rows.toLocaleString(document.documentElement.lang))
      .replace('{total}', total.toLocaleString(document.documentElement.lang));
  }

  async function download(form) {
    var status = form.querySelector('.report-progress');
    var button = form.querySelector('button[type=submit]');
    var url = new URL(form.action, location.href);
    url.search = new URLSearchParams(new FormData(form)).toString();
    button.disabled = true;
    status.textContent = form.dataset.starting;
    try {
      var response = await fetch(url, { credentials: 'same-origin' });
      var type = response.headers.get('content-type') || '';
      if (!response.ok || type.indexOf('text/csv') !== 0) {
        location.href = response.url;
        return;
      }
      var total = Number(response.headers.get('x-row-count') || 0);
      var bar = document.createElement('progress');
      bar.max = Math.max(total, 1);
      bar.value = 0;
      var heading = form.closest('section').querySelector('h2');
      if (heading) bar.setAttribute('aria-labelledby', heading.id);
      status.textContent = '';
      status.before(bar);
      var reader = response.body.getReader();
      var chunks = [];
      var lines = 0;
      for (;;) {
        var part = await reader.read();
        if (part.done) break;
        chunks.push(part.value);
        for (var i = 0; i < part.value.length; i++) if (part.value[i] === 10) lines++;
        // The first line is the header; a note with line breaks in it can overshoot, never past the end.
        var rows = Math.min(Math.max(lines - 1, 0), total);
        bar.value = rows;
        status.textContent = say(form.dataset.progress, rows, total);
      }
      var named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') || '');
      var link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob(chunks, { type: 'text/csv' }));
      link.download = named ? named[1] : 'report.csv';
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
      bar.value = bar.max;
      status.textContent = say(form.dataset.done, total, total);
    } catch (e) {
      status.textContent = form.dataset.failed;
    } finally {
      button.disabled = false;
    }
  }

  function wire() {
    if (!window.fetch || !window.ReadableStream) return;
    document.querySelectorAll('form.report-form').forEach(function (form) {
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        var old = form.querySelector('progress');
        if (old) old.remove();
        download(form);
      });
    });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', wire);
  } else {
    wire();
  }
})();
