/* plandoc site script: small enhancements; every page works without it. Search: search.js. */
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
})();
