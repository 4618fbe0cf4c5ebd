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
    // The first block not hidden behind the (sticky) header is the one being read.
    var header = document.querySelector(".site-header");
    var top = header && getComputedStyle(header).position === "sticky" ? header.getBoundingClientRect().bottom : 0;
    var candidates = main.querySelectorAll(".block[id], h2[id], h3[id], .row[id], tr[id]");
    for (var i = 0; i < candidates.length; i++) {
      var r = candidates[i].getBoundingClientRect();
      // Skip blocks scrolled mostly out of view above.
      if (r.bottom > top + 8 && (r.top >= top - 4 || r.bottom - top > r.height / 2)) return candidates[i].id;
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
    var options = { element: "#pd-search", showSubResults: true, showImages: false };
    // The index comes in bundles of bounded size: load the first, merge the others.
    var bundleRoot = new URL(box.getAttribute("data-pagefind-root") || "../../pagefind/", location.href).pathname;
    var bundles = (box.getAttribute("data-bundles") || "").split(" ").filter(Boolean);
    if (bundles.length) {
      options.bundlePath = bundleRoot + bundles[0];
      options.mergeIndex = bundles.slice(1).map(function (b) { return { bundlePath: bundleRoot + b }; });
    }
    var ui = new window.PagefindUI(options);
    // Pagefind's input has a placeholder but no label: give it the page's search label.
    var label = document.querySelector("label[for=pd-q]");
    var labelInput = function () {
      var input = box.querySelector("input[type=text], input[type=search]");
      if (input && label && !input.getAttribute("aria-label")) input.setAttribute("aria-label", label.textContent);
      return !!input;
    };
    if (!labelInput() && window.MutationObserver) {
      var observer = new MutationObserver(function () {
        if (labelInput()) observer.disconnect();
      });
      observer.observe(box, { childList: true, subtree: true });
    }
    var query = new URLSearchParams(location.search).get("q");
    if (query) {
      ui.triggerSearch(query);
      var input = document.getElementById("pd-q");
      if (input) input.value = query;
    }
  }
})();
