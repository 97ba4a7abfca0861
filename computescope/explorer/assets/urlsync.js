// Keeps a page's filters in the address bar without re-rendering the page: history.replaceState
// does not notify Dash's router, so the view stays, and the URL is always a shareable link.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  url: {
    sync: function (keys) {
      const values = Array.prototype.slice.call(arguments, 1);
      const params = new URLSearchParams();
      keys.forEach(function (key, i) {
        const v = values[i];
        if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) { return; }
        params.set(key, Array.isArray(v) ? v.join(',') : String(v));
      });
      const query = params.toString();
      const url = window.location.pathname + (query ? '?' + query : '');
      window.history.replaceState(window.history.state, '', url);
      return window.location.origin + url;
    }
  }
});
