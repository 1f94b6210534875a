// Progressive enhancement for the AcademicHub page. Without this file every control still works:
// chips, days and Shuffle are links, votes are forms. With it, they update the page in place.
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  function enhanceAbstracts(root) {
    root.querySelectorAll('button.expand').forEach(function (btn) {
      var abs = document.getElementById(btn.getAttribute('aria-controls'));
      if (!abs || abs.scrollHeight <= abs.clientHeight + 2) return;
      btn.hidden = false;
      btn.addEventListener('click', function () {
        var open = abs.classList.toggle('open');
        btn.setAttribute('aria-expanded', open ? 'true' : 'false');
        btn.textContent = open ? btn.dataset.less : btn.dataset.more;
      });
    });
  }

  function enhanceVotes(root) {
    root.querySelectorAll('form.vote').forEach(function (form) {
      form.addEventListener('submit', function (ev) {
        var button = ev.submitter;
        if (!button) return;
        ev.preventDefault();
        var body = new URLSearchParams(new FormData(form));
        body.set('value', button.value);
        fetch(form.action, { method: 'POST', body: body, headers: { Accept: 'application/json' } })
          .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
          .then(function (res) {
            form.querySelectorAll('button').forEach(function (b) {
              b.setAttribute('aria-pressed', (b.value === 'up' ? 1 : -1) === res.value ? 'true' : 'false');
            });
          })
          .catch(function () { form.submit(); });
      });
    });
  }

  function swap(url, push, focusSelector) {
    return fetch(url, { headers: { Accept: 'text/html' } })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.text(); })
      .then(function (text) {
        var doc = new DOMParser().parseFromString(text, 'text/html');
        var main = doc.getElementById('main');
        var lang = doc.querySelector('a.lang');
        if (!main) throw new Error('no main');
        document.getElementById('main').replaceWith(main);
        var oldLang = document.querySelector('a.lang');
        if (lang && oldLang) oldLang.setAttribute('href', lang.getAttribute('href'));
        document.title = doc.title;
        if (push) history.pushState({}, '', url);
        enhance(main);
        var target = (focusSelector && main.querySelector(focusSelector)) || main;
        target.focus();
      })
      .catch(function () { location.href = url; });
  }

  function enhanceLinks(root) {
    root.querySelectorAll('a[data-nav]').forEach(function (a) {
      a.addEventListener('click', function (ev) {
        if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
        ev.preventDefault();
        swap(a.href, true, a.hasAttribute('data-shuffle') ? 'a[data-shuffle]' : null);
      });
    });
  }

  // a form that undoes something (removing a subscription) asks first; without script it posts at once
  function enhanceConfirms(root) {
    root.querySelectorAll('form[data-confirm]').forEach(function (form) {
      form.addEventListener('submit', function (ev) {
        if (!window.confirm(form.dataset.confirm)) ev.preventDefault();
      });
    });
  }

  function enhance(root) {
    enhanceAbstracts(root);
    enhanceVotes(root);
    enhanceLinks(root);
    enhanceConfirms(root);
  }

  window.addEventListener('popstate', function () { swap(location.href, false, null); });
  document.addEventListener('DOMContentLoaded', function () {
    var main = document.getElementById('main');
    if (main) enhance(main);
  });
})();
