/* plandoc site script: small enhancements; every page works without it (search excepted). */
(function () {
  "use strict";

  /* The language switcher keeps the reader's place: the block in view (or the current
     #fragment) is carried over to the other language, where blocks have the same anchors. */
  function inView(el) {
    var r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < (window.innerHeight || document.documentElement.clientHeight);
  }

  function currentAnchor() {
    var hash = decodeURIComponent(location.hash.replace(/^#/, ""));
    var target = hash && document.getElementById(hash);
    if (target && inView(target)) return hash;
    var main = document.getElementById("pd-main");
    if (!main || window.scrollY < 8) return hash;
    var candidates = main.querySelectorAll(".block[id], h2[id], h3[id], .row[id], tr[id]");
    for (var i = 0; i < candidates.length; i++) {
      var r = candidates[i].getBoundingClientRect();
      if (r.bottom > 0 && r.top >= -r.height / 2) return candidates[i].id;
    }
    return hash;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-lang-switch]") : null;
    if (!link) return;
    var id = currentAnchor();
    if (id) link.setAttribute("href", link.getAttribute("href").split("#")[0] + "#" + encodeURIComponent(id));
  });

  /* Escape hides the tooltips of target tags (WCAG 1.4.13); moving or focusing shows them again. */
  var root = document.documentElement;
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") root.classList.add("tips-hidden");
  });
  document.addEventListener("mousemove", function () { root.classList.remove("tips-hidden"); });
  document.addEventListener("focusin", function () { root.classList.remove("tips-hidden"); });

  /* On narrow screens the chapter contents start folded, so the text comes first. */
  var toc = document.querySelector("#pd-toc details");
  if (toc && window.matchMedia && window.matchMedia("(max-width: 900px)").matches) toc.removeAttribute("open");

  /* Search page: the Pagefind UI, started with ?q= from the header's search form. */
  var box = document.getElementById("pd-search");
  if (box && typeof window.PagefindUI === "function") {
    var ui = new window.PagefindUI({ element: "#pd-search", showSubResults: true, showImages: false });
    var query = new URLSearchParams(location.search).get("q");
    if (query) {
      ui.triggerSearch(query);
      var input = document.getElementById("pd-q");
      if (input) input.value = query;
    }
  }
})();
