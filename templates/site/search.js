/* plandoc search page: reads the index plandoc writes beside the page (index/: see
   src/render/html/search/files.rs for the format) and cuts the query into terms by the rules
   the index was cut by (src/text/terms.rs; the page gives their Han ranges in data-rules).
   Every hit is a block (paragraph, heading, table, box) and links to its anchor; the hits of a
   page are shown together, the page's best first. */
(function () {
  "use strict";
  var form = document.getElementById("pd-search");
  if (!form || !window.fetch || !window.Map) return;
  var input = document.getElementById("pd-search-q");
  var status = document.getElementById("pd-search-status");
  var list = document.getElementById("pd-search-results");
  var more = document.getElementById("pd-search-more");
  var han = JSON.parse(form.getAttribute("data-rules")).han;
  var indexUrl = new URL(form.getAttribute("data-index"), location.href);
  var root = form.getAttribute("data-root") || "";
  var label = function (key) { return form.getAttribute("data-t-" + key) || ""; };
  var PAGES_AT_ONCE = 10;
  var BLOCKS_PER_PAGE = 3;

  /* --- the rules of src/text/terms.rs ------------------------------------------------------ */
  function isHan(cp) {
    for (var i = 0; i < han.length; i++) if (cp >= han[i][0] && cp <= han[i][1]) return true;
    return false;
  }
  var ALNUM = /^[\p{Alphabetic}\p{N}]$/u;
  function fold(ch) {
    var cp = ch.codePointAt(0);
    if ((cp >= 0xff10 && cp <= 0xff19) || (cp >= 0xff21 && cp <= 0xff3a) || (cp >= 0xff41 && cp <= 0xff5a)) {
      ch = String.fromCodePoint(cp - 0xfee0);
      cp = ch.codePointAt(0);
    }
    if (cp < 128) return cp >= 65 && cp <= 90 ? String.fromCharCode(cp + 32) : ch;
    var lower = ch.toLowerCase();
    return Array.from(lower).length === 1 ? lower : ch;
  }
  function inWord(ch) { return ALNUM.test(ch) && !isHan(ch.codePointAt(0)); }
  function isDigit(ch) { return ch >= "0" && ch <= "9"; }
  function stem(word) {
    var n = word.length;
    if (n <= 3 || !/^[a-z]+$/.test(word)) return word;
    var ends = function (list) { return list.some(function (e) { return word.endsWith(e); }); };
    if (word.endsWith("ies") && !ends(["aies", "eies"])) return word.slice(0, n - 3) + "y";
    if (word.endsWith("s") && !ends(["us", "ss"])) return word.slice(0, n - 1);
    return word;
  }
  /* The query's units: a run of Han characters (matched as a phrase) or a word (matched as
     the beginning of a word). */
  function units(query) {
    var chars = Array.from(query).map(fold);
    var out = [];
    var i = 0;
    while (i < chars.length) {
      var c = chars[i];
      if (isHan(c.codePointAt(0))) {
        var run = [];
        while (i < chars.length && isHan(chars[i].codePointAt(0))) run.push(chars[i++]);
        out.push({ han: run });
      } else if (inWord(c)) {
        var word = "";
        while (i < chars.length) {
          c = chars[i];
          var decimal = c === "." && word && isDigit(word[word.length - 1]) && i + 1 < chars.length && isDigit(chars[i + 1]);
          if (!(inWord(c) || decimal)) break;
          word += c;
          i++;
        }
        out.push({ word: stem(word), raw: word });
      } else {
        i++;
      }
    }
    return out;
  }
  function key(term) {
    var chars = Array.from(term);
    if (!chars.length) return "";
    if (isHan(chars[0].codePointAt(0))) return chars[0];
    return chars.slice(0, 2).join("");
  }
  function fileOf(k, files) {
    var h = 0x811c9dc5;
    for (var ch of k) {
      h = (h ^ ch.codePointAt(0)) >>> 0;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % Math.max(files, 1);
  }

  /* --- the index files ------------------------------------------------------------------- */
  var meta = null;
  var cache = new Map();
  function get(path) {
    if (!cache.has(path)) {
      var url = new URL(path, indexUrl);
      if (meta) url.searchParams.set("v", meta.version);
      cache.set(path, fetch(url.href, meta ? {} : { cache: "no-cache" }).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      }));
    }
    return cache.get(path);
  }
  function loadMeta() {
    return get("meta.json").then(function (m) {
      if (m.format !== 1) throw new Error("index format " + m.format);
      var strong = new Map();
      for (var i = 0, b = 0; i < m.strong.length; i += 2) {
        b += m.strong[i];
        strong.set(b, m.strong[i + 1]);
      }
      meta = { version: m.version, files: m.files, blocks: m.blocks, chunks: m.chunks, pageStarts: undelta(m.pages), weights: strong };
      return meta;
    });
  }
  function undelta(list) {
    var out = new Array(list.length);
    for (var i = 0, v = 0; i < list.length; i++) out[i] = v += list[i];
    return out;
  }
  /* The last index of `sorted` whose value is at most `v`. */
  function floorIndex(sorted, v) {
    var lo = 0, hi = sorted.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (sorted[mid] <= v) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  /* A term's postings: block → its positions. */
  function postings(list) {
    var out = new Map();
    var block = 0, i = 0;
    while (i < list.length) {
      block += list[i];
      var n = list[i + 1], pos = new Array(n), p = 0;
      for (var j = 0; j < n; j++) pos[j] = p = j === 0 ? list[i + 2] : p + list[i + 2 + j];
      out.set(block, pos);
      i += 2 + n;
    }
    return out;
  }
  /* The terms of a file that a query term matches: those with its key that it begins. */
  function matching(file, q, exactOnly) {
    var k = key(q);
    var out = [];
    for (var t in file) {
      if (t === q || (!exactOnly && key(t) === k && t.startsWith(q))) out.push([t, postings(file[t])]);
    }
    return out;
  }
  function termFile(term) { return get("t/" + fileOf(key(term), meta.files) + ".json"); }

  /* block → count of matches of one unit. */
  function matchUnit(unit) {
    if (unit.word !== undefined) {
      var single = Array.from(unit.word).length === 1;
      return termFile(unit.word).then(function (file) {
        var hits = new Map();
        matching(file, unit.word, single).forEach(function (m) {
          var weight = m[0] === unit.word ? 1 : 0.7;
          m[1].forEach(function (pos, block) { hits.set(block, (hits.get(block) || 0) + pos.length * weight); });
        });
        return hits;
      });
    }
    var run = unit.han;
    if (run.length === 1) {
      return termFile(run[0]).then(function (file) {
        var hits = new Map();
        matching(file, run[0], false).forEach(function (m) {
          m[1].forEach(function (pos, block) { hits.set(block, (hits.get(block) || 0) + pos.length); });
        });
        return hits;
      });
    }
    var pairs = [];
    for (var i = 0; i + 1 < run.length; i++) pairs.push(run[i] + run[i + 1]);
    return Promise.all(pairs.map(termFile)).then(function (files) {
      var lists = pairs.map(function (pair, i) {
        var m = matching(files[i], pair, true);
        return m.length ? m[0][1] : new Map();
      });
      var hits = new Map();
      lists[0].forEach(function (starts, block) {
        var others = [];
        for (var j = 1; j < lists.length; j++) {
          var pos = lists[j].get(block);
          if (!pos) return;
          others.push(new Set(pos));
        }
        var n = starts.filter(function (p) {
          return others.every(function (set, j) { return set.has(p + j + 1); });
        }).length;
        if (n) hits.set(block, n);
      });
      return hits;
    });
  }

  /* The pages with hits, best first: [{page, score, blocks: [[block, score]…]}]. */
  function rank(perUnit) {
    var total = meta.blocks;
    var scores = null;
    perUnit.forEach(function (hits) {
      var idf = Math.log(1 + total / Math.max(hits.size, 1));
      var next = new Map();
      hits.forEach(function (tf, block) {
        if (scores && !scores.has(block)) return;
        next.set(block, (scores ? scores.get(block) : 0) + idf * (tf * 2.2) / (tf + 1.2));
      });
      scores = next;
    });
    var pages = new Map();
    scores.forEach(function (score, block) {
      var weight = meta.weights.get(block) || 1;
      // A page's title counts three times, a heading twice: a query naming a target or a
      // section finds it first.
      score *= weight;
      var page = floorIndex(meta.pageStarts, block);
      if (!pages.has(page)) pages.set(page, { page: page, blocks: [] });
      pages.get(page).blocks.push([block, score]);
    });
    var ranked = Array.from(pages.values());
    ranked.forEach(function (p) {
      p.blocks.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      p.score = p.blocks[0][1] + 0.25 * p.blocks.slice(1).reduce(function (s, b) { return s + b[1]; }, 0);
    });
    ranked.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
    return { pages: ranked, blocks: scores.size };
  }

  function blockRow(block) {
    var c = floorIndex(meta.chunks, block);
    return get("b/" + c + ".json").then(function (file) {
      var row = file.blocks[block - meta.chunks[c]];
      return { page: file.pages[row[0]], anchor: row[1], heading: row[2], text: row[3], weight: row[4] };
    });
  }

  /* --- showing the hits ------------------------------------------------------------------ */
  /* Where the query's units occur in `text` (UTF-16 ranges, folded text has the same length). */
  function marks(text, us) {
    var folded = Array.from(text).map(fold).join("");
    var ranges = [];
    us.forEach(function (u) {
      var needles = u.han ? [u.han.join("")] : [u.raw, u.word, u.word.replace(/y$/, "")];
      needles.forEach(function (needle) {
        if (!needle) return;
        var from = 0, at;
        while ((at = folded.indexOf(needle, from)) >= 0) {
          var end = at + needle.length;
          if (u.word !== undefined) {
            if (at > 0 && inWord(folded[at - 1])) { from = at + 1; continue; }
            while (end < folded.length && inWord(folded[end])) end++;
          }
          ranges.push([at, end]);
          from = end;
        }
      });
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r.slice());
    });
    return merged;
  }
  function excerpt(text, us) {
    var ranges = marks(text, us);
    var first = ranges.length ? ranges[0][0] : 0;
    var from = Math.max(0, first - 40), to = Math.min(text.length, from + 160);
    // Not in the middle of a word: start after the space before it, end before the one after.
    if (from > 0 && inWord(text[from - 1])) {
      var space = text.indexOf(" ", from);
      if (space >= 0 && space < first) from = space + 1;
    }
    if (to < text.length && inWord(text[to])) {
      var back = text.lastIndexOf(" ", to);
      if (back > first) to = back;
    }
    var p = document.createElement("p");
    p.className = "search-excerpt";
    var at = from;
    if (from > 0) p.appendChild(document.createTextNode("…"));
    ranges.forEach(function (r) {
      if (r[1] <= from || r[0] >= to) return;
      var a = Math.max(r[0], from), b = Math.min(r[1], to);
      if (a > at) p.appendChild(document.createTextNode(text.slice(at, a)));
      var m = document.createElement("mark");
      m.textContent = text.slice(a, b);
      p.appendChild(m);
      at = b;
    });
    if (to > at) p.appendChild(document.createTextNode(text.slice(at, to)));
    if (to < text.length) p.appendChild(document.createTextNode("…"));
    return p;
  }
  function href(row) { return root + row.page[0] + (row.anchor ? "#" + row.anchor : ""); }

  function showPage(hit, us) {
    return Promise.all(hit.blocks.slice(0, BLOCKS_PER_PAGE).map(function (b) { return blockRow(b[0]); })).then(function (rows) {
      var li = document.createElement("li");
      li.className = "search-result";
      var title = document.createElement("a");
      title.className = "search-result-title";
      title.href = root + rows[0].page[0];
      title.textContent = rows[0].page[1];
      li.appendChild(title);
      var sub = document.createElement("ul");
      sub.className = "search-sub";
      rows.forEach(function (row, i) {
        // The title is the page's link already; a heading shown as the place of a hit below
        // it needs no row of its own.
        if (row.weight === 3) return;
        if (row.weight === 2 && rows.some(function (r, j) { return j !== i && r.weight === 1 && r.heading === row.text; })) return;
        var item = document.createElement("li");
        var place = row.weight === 2 ? row.text : row.heading;
        if (row.anchor && place) {
          var a = document.createElement("a");
          a.className = "search-sub-link";
          a.href = href(row);
          a.textContent = place;
          item.appendChild(a);
        } else if (row.anchor) {
          var b = document.createElement("a");
          b.className = "search-sub-link";
          b.href = href(row);
          b.textContent = "¶";
          item.appendChild(b);
        }
        if (row.weight !== 2) item.appendChild(excerpt(row.text, us));
        sub.appendChild(item);
      });
      if (sub.childNodes.length) li.appendChild(sub);
      return li;
    });
  }

  var serial = 0;
  var shown = null;
  function showMore(run) {
    var next = shown.pages.slice(shown.at, shown.at + PAGES_AT_ONCE);
    shown.at += next.length;
    return Promise.all(next.map(function (hit) { return showPage(hit, shown.units); })).then(function (items) {
      if (run !== serial) return;
      items.forEach(function (li) { list.appendChild(li); });
      more.hidden = shown.at >= shown.pages.length;
    });
  }
  function search(query) {
    var run = ++serial;
    var us = units(query);
    list.textContent = "";
    more.hidden = true;
    if (!us.length) { status.textContent = ""; return Promise.resolve(); }
    status.textContent = label("busy");
    form.setAttribute("aria-busy", "true");
    return (meta ? Promise.resolve(meta) : loadMeta())
      .then(function () { return Promise.all(us.map(matchUnit)); })
      .then(function (perUnit) {
        if (run !== serial) return;
        var ranked = rank(perUnit);
        shown = { pages: ranked.pages, at: 0, units: us };
        status.textContent = ranked.blocks === 0
          ? label("none").replace("{q}", query)
          : ranked.blocks === 1 ? label("one") : label("results").replace("{n}", String(ranked.blocks));
        return showMore(run);
      })
      .catch(function (e) {
        if (run !== serial) return;
        status.textContent = label("failed");
        if (window.console) console.error(e);
      })
      .then(function () { if (run === serial) form.removeAttribute("aria-busy"); });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value.trim()); }, 150);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    var q = input.value.trim();
    var url = new URL(location.href);
    url.searchParams.set("q", q);
    history.replaceState(null, "", url.href);
    search(q);
  });
  more.addEventListener("click", function () { if (shown) showMore(serial); });
  var query = new URLSearchParams(location.search).get("q");
  if (query) {
    input.value = query;
    var header = document.getElementById("pd-q");
    if (header) header.value = query;
    search(query.trim());
  }
})();
