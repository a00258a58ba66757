// The console's small script: live counts polled with fetch (no framework, nothing from the internet).
(function () {
  'use strict';
  function refresh(box) {
    fetch(box.getAttribute('data-live'), { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.ok && r.headers.get('Content-Type').indexOf('json') >= 0 ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        Object.keys(data).forEach(function (group) {
          Object.keys(data[group]).forEach(function (key) {
            var cell = box.querySelector('[data-count="' + group + ':' + CSS.escape(key) + '"]');
            if (cell) { cell.textContent = data[group][key]; }
          });
        });
        var stamp = box.querySelector('[data-updated]');
        if (stamp) { stamp.textContent = new Date().toLocaleTimeString(); }
      })
      .catch(function () { /* the next poll tries again */ });
  }
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-live]').forEach(function (box) {
      var every = parseInt(box.getAttribute('data-every') || '5000', 10);
      setInterval(function () { refresh(box); }, every);
    });
  });
})();
