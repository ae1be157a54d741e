// Live updates of an open console page. The server sends, over /console/live (server-sent events), which accounts in
// the signed-in person's scope changed; the page then fetches itself again and swaps its [data-live] regions, so what
// it shows went through the same checks as any request. A region holding the focus or an open form waits until it
// is left. The freshness line is replaced on every "freshness" event.
(function () {
  'use strict';
  var main = document.getElementById('main');
  if (!main || !window.EventSource || !window.fetch || !window.DOMParser) {
    return;
  }
  // An account's page listens to that account only; a page may ask to be fetched less often (the team dashboard).
  var accountPage = document.querySelector('[data-live-account]');
  var onlyAccount = accountPage ? accountPage.getAttribute('data-live-account') : null;
  var slow = document.querySelector('[data-live-every]');
  var every = parseInt(slow ? slow.getAttribute('data-live-every') : '1000', 10) || 1000;
  var updated = document.getElementById('live-updated');
  var template = updated ? updated.getAttribute('data-template') : null;
  var last = 0;
  var timer = null;
  var waiting = false;
  var generation = 0;

  // A region the person is working in waits: the focus in it, an open form, a box ticked or a field typed into (some
  // browsers do not focus a checkbox on click).
  function busy(region) {
    var active = document.activeElement;
    if (active && active !== document.body && region.contains(active)) {
      return true;
    }
    if (region.querySelector('details[open]') !== null) {
      return true;
    }
    var fields = region.querySelectorAll('input, textarea, select');
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if ((f.type === 'checkbox' || f.type === 'radio') ? f.checked !== f.defaultChecked
          : (f.tagName !== 'SELECT' && f.type !== 'hidden' && f.value !== f.defaultValue)) {
        return true;
      }
    }
    return false;
  }

  function schedule() {
    if (timer !== null) {
      return;
    }
    var wait = Math.max(0, last + every - Date.now());
    timer = setTimeout(refresh, wait);
  }

  function refresh() {
    timer = null;
    if (document.hidden) {
      waiting = true; // a tab nobody looks at fetches nothing; it catches up when shown
      return;
    }
    last = Date.now();
    var mine = ++generation;
    // The header says this fetch is the page's own doing: it does not count as use of the session.
    fetch(window.location.href, { credentials: 'same-origin', headers: { 'X-Console-Live': '1' } })
      .then(function (r) {
        if (r.redirected || !r.ok) {
          throw new Error('no page');
        }
        return r.text();
      })
      .then(function (html) {
        if (mine !== generation) {
          return;
        }
        var fresh = new DOMParser().parseFromString(html, 'text/html');
        waiting = false;
        document.querySelectorAll('[data-live]').forEach(function (region) {
          var next = fresh.getElementById(region.id);
          if (!next) {
            return;
          }
          if (busy(region)) {
            waiting = true;
            return;
          }
          region.replaceWith(document.importNode(next, true));
        });
        if (updated && template) {
          updated.textContent = ' · ' + template.replace('{time}', new Date().toLocaleTimeString(document.documentElement.lang || undefined));
        }
        document.documentElement.setAttribute('data-live-refreshes',
          String(parseInt(document.documentElement.getAttribute('data-live-refreshes') || '0', 10) + 1));
      })
      .catch(function () { /* the next change or freshness tick tries again */ });
  }

  document.addEventListener('visibilitychange', function () {
    if (!document.hidden && waiting) {
      schedule();
    }
  });
  document.addEventListener('change', function () {
    if (waiting) {
      schedule();
    }
  });
  document.addEventListener('focusout', function () {
    if (waiting) {
      schedule();
    }
  });
  document.addEventListener('toggle', function () {
    if (waiting) {
      schedule();
    }
  }, true);

  var source = new EventSource('/console/live');
  source.addEventListener('change', function (e) {
    var change;
    try {
      change = JSON.parse(e.data);
    } catch (err) {
      return;
    }
    if (onlyAccount === null || change.account === onlyAccount) {
      schedule();
    }
  });
  // After the server lost its database connection every open page hears this at once: spread their fetches out.
  source.addEventListener('resync', function () {
    setTimeout(schedule, Math.floor(Math.random() * 5000));
  });
  source.addEventListener('freshness', function (e) {
    var line = document.getElementById('freshness-text');
    var box = document.getElementById('freshness');
    try {
      var f = JSON.parse(e.data);
      if (line && typeof f.text === 'string') {
        line.textContent = f.text;
      }
      if (box) {
        box.classList.toggle('stale', f.stale === true);
      }
    } catch (err) { /* keep the line shown */ }
  });
  document.documentElement.setAttribute('data-live-state', 'on');
}());
