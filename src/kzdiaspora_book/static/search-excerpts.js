/* Excerpts under search results, also for the site opened from the disk (file://).
   Sphinx's search fetches each result's page to show an excerpt, which a browser refuses over
   file:// (sphinx-doc/sphinx#10407): no excerpt, and an uncaught error per result. The search
   page loads the text of every page (search-texts.js, written when the site is built); a request
   for a page of the site is answered with it, and any other goes to the network as before. */
(function () {
  "use strict";
  var pages = window.BOOK_SEARCH_PAGES || {};
  var root = new URL(document.documentElement.dataset.content_root || "./", window.location.href).href;
  var fetchFromNetwork = window.fetch.bind(window);
  window.fetch = function (resource, options) {
    var url = new URL(String(resource), window.location.href);
    url.hash = "";
    url.search = "";
    var page = url.href.indexOf(root) === 0 ? url.href.slice(root.length).replace(/\.html$/, "") : null;
    if (page !== null && Object.prototype.hasOwnProperty.call(pages, page)) {
      var headers = { "Content-Type": "text/html; charset=utf-8" };
      return Promise.resolve(new Response(pages[page], { headers: headers }));
    }
    return fetchFromNetwork(resource, options);
  };
})();
