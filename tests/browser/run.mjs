// Headless Chromium checks of a built plandoc site, run by `cargo test --test site`.
//
//   node run.mjs --site DIR --base /plans/xiangtan/ --chromium /usr/bin/chromium --screenshots DIR
//
// Serves DIR under the base path from 127.0.0.1 (ephemeral port), then: switches language on
// a block and checks the same block is shown; searches in Chinese and English through the
// site's search page; runs axe-core (no serious or critical violation); checks keyboard focus, the
// CSS tooltips, Chinese spacing, the CJK font, 360 px layout and print CSS; and saves
// screenshots at 1280 and 360 px. Prints every failure and exits 1 if there was one.

import { chromium } from "playwright-core";
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

function args() {
  const out = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) out[argv[i].replace(/^--/, "")] = argv[i + 1];
  for (const k of ["site", "base", "chromium", "screenshots"]) {
    if (!out[k]) {
      console.error(`missing --${k}`);
      process.exit(2);
    }
  }
  return out;
}

const opts = args();
const site = path.resolve(opts.site);
const base = opts.base.endsWith("/") ? opts.base : opts.base + "/";
const failures = [];
const fail = (what) => {
  failures.push(what);
  console.log(`FAIL ${what}`);
};
const pass = (what) => console.log(`ok   ${what}`);
const check = (cond, what) => (cond ? pass(what) : fail(what));

// --- A tiny static server: the site under `base`, 404.html for anything missing. ----------
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".pdf": "application/pdf",
  ".csv": "text/csv; charset=utf-8",
};

function serveFile(res, file, status = 200) {
  res.writeHead(status, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
  fs.createReadStream(file).pipe(res);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  let pathname = decodeURIComponent(url.pathname);
  const notFound = () => serveFile(res, path.join(site, "404.html"), 404);
  if (!pathname.startsWith(base)) return notFound();
  let rel = pathname.slice(base.length);
  if (rel === "" || rel.endsWith("/")) rel += "index.html";
  const file = path.normalize(path.join(site, rel));
  if (!file.startsWith(site + path.sep)) return notFound();
  fs.stat(file, (err, stat) => {
    if (err || !stat.isFile()) return notFound();
    serveFile(res, file);
  });
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const at = (rel) => `${origin}${base}${rel}`;
console.log(`serving ${site} at ${at("")}`);

// --- Chromium: the system build, a fresh profile, no network besides 127.0.0.1. -----------
const profile = fs.mkdtempSync(path.join(os.tmpdir(), "plandoc-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: opts.chromium,
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
  viewport: { width: 1280, height: 800 },
});
context.setDefaultTimeout(15000);
const page = context.pages()[0] || (await context.newPage());
const consoleErrors = [];
page.on("pageerror", (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
page.on("console", (m) => {
  // The 404 page itself is served with status 404, as it should be.
  if (m.type() === "error" && !page.url().includes("/no/such/page/")) consoleErrors.push(`${page.url()}: ${m.text()}`);
});

// `--only NAME` runs one group of checks (another plan's site, e.g. the shipped plan's).
async function run(name, fn) {
  if (opts.only && opts.only !== name) return;
  try {
    await fn();
  } catch (e) {
    fail(`${name}: ${e.message.split("\n")[0]}`);
  }
}

// 1. Language switch lands on the same block.
await run("language switch", async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(at("zh/objectives/#goals-2"));
  await Promise.all([page.waitForURL(/\/en\/objectives\//), page.click("a[data-lang-switch]")]);
  check(page.url() === at("en/objectives/#goals-2"), `switch with #fragment keeps it (${page.url()})`);
  const visible = await page.evaluate(() => {
    const r = document.getElementById("goals-2").getBoundingClientRect();
    return r.top >= 0 && r.top < window.innerHeight;
  });
  check(visible, "the same block is in view after switching");

  // Without a fragment: the block scrolled into view is carried over.
  await page.setViewportSize({ width: 1280, height: 320 });
  await page.goto(at("en/tasks/"));
  // Scroll the block to just below the sticky header, as a reader would have it.
  await page.evaluate(() => {
    const header = document.querySelector(".site-header").getBoundingClientRect().height;
    window.scrollBy(0, document.getElementById("logistics-2").getBoundingClientRect().top - header - 2);
  });
  await Promise.all([page.waitForURL(/\/zh\/tasks\//), page.click("a[data-lang-switch]")]);
  check(page.url() === at("zh/tasks/#logistics-2"), `switch keeps the block in view (${page.url()})`);
  await page.setViewportSize({ width: 1280, height: 800 });

  // Without JavaScript the switcher is a plain link to the same page.
  const href = await page.getAttribute("a[hreflang=en][data-lang-switch]", "href");
  check(href.startsWith("../../en/tasks/"), `switch href without script is the same page (${href})`);
});

// 2. Search through plandoc's own index, one per language.
async function search(lang, query) {
  await page.goto(at(`${lang}/search/`));
  await page.waitForSelector("#pd-search-q");
  await page.fill("#pd-search-q", query);
  await page.press("#pd-search-q", "Enter");
  await page.waitForFunction(() => !document.getElementById("pd-search").hasAttribute("aria-busy"));
  await page.waitForSelector(".search-result a", { timeout: 15000 });
  // Absolute URLs of the page links and the block links.
  return page.$$eval(".search-result a", (as) => as.map((a) => new URL(a.href).pathname + new URL(a.href).hash));
}

await run("search", async () => {
  // The index comes in many files (the test site has several term and block files): a query
  // fetches only the files of its terms and of the blocks it shows.
  const fetched = new Set();
  const onRequest = (r) => {
    const m = r.url().match(/\/pagefind\/zh\/([tb]\/\d+\.json|meta\.json)/);
    if (m) fetched.add(m[1]);
  };
  page.on("request", onRequest);
  let hits = await search("zh", "现代物流");
  page.off("request", onRequest);
  const meta = await (await page.request.get(at("pagefind/zh/meta.json"))).json();
  check(meta.files >= 4 && meta.chunks.length >= 4, `the Chinese index has several files (${meta.files} term files, ${meta.chunks.length} block files)`);
  const termFiles = [...fetched].filter((f) => f.startsWith("t/"));
  check(termFiles.length >= 1 && termFiles.length <= 3, `a query fetches only the term files of its terms (${termFiles.join(" ")} of ${meta.files})`);
  check(hits.some((h) => h.startsWith(`${base}zh/tasks/`)), `现代物流 finds 重点任务 (${hits.join(" ")})`);
  const status = await page.textContent("#pd-search-status");
  check(/找到 \d+ 处/.test(status), `the status says how many places were found (${status})`);
  await page.screenshot({ path: path.join(opts.screenshots, "zh-search-1280.png"), fullPage: true });
  hits = await search("zh", "服务业增加值");
  check(hits.some((h) => h.startsWith(`${base}zh/objectives/`)), `服务业增加值 finds 总体要求 (${hits.join(" ")})`);
  check(hits.some((h) => /\/zh\/[a-z-]+\/#./.test(h)), `a Chinese query finds blocks by their anchor (${hits.join(" ")})`);
  check(hits.every((h) => h.startsWith(`${base}zh/`)), "Chinese search stays in the Chinese index");
  // Every shown excerpt of a phrase query holds the phrase, marked.
  const marks = await page.$$eval(".search-excerpt mark", (ms) => ms.map((m) => m.textContent));
  check(marks.length > 0 && marks.every((m) => m.includes("服务业增加值")), `the phrase is marked in the excerpts (${marks.slice(0, 5).join(" ")})`);
  // A block link leads to the block: its element exists on the page.
  const blockLink = hits.find((h) => /#./.test(h));
  await page.goto(new URL(blockLink, at("")).href);
  const [, anchor] = blockLink.split("#");
  check(await page.$(`[id="${decodeURIComponent(anchor)}"]`) !== null, `the block link's anchor is on its page (#${anchor})`);
  hits = await search("en", "logistics");
  check(hits.some((h) => h.startsWith(`${base}en/tasks/`)), `logistics finds Key Tasks (${hits.join(" ")})`);
  check(hits.every((h) => h.startsWith(`${base}en/`)), "English search stays in the English index");
  // The singular finds the plural.
  hits = await search("en", "park");
  const enMarks = await page.$$eval(".search-excerpt mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
  check(enMarks.some((m) => m === "parks"), `park finds parks (${enMarks.slice(0, 6).join(" ")})`);
  // Nothing found is said so.
  await page.goto(at("zh/search/"));
  await page.fill("#pd-search-q", "没有这个词语");
  await page.press("#pd-search-q", "Enter");
  await page.waitForFunction(() => /没有找到/.test(document.getElementById("pd-search-status").textContent));
  check((await page.$$(".search-result")).length === 0, "a query found nowhere shows no results and says so");
  // The header form leads to the search page with the query run.
  await page.goto(at("zh/"));
  await page.fill("#pd-q", "现代物流");
  await Promise.all([page.waitForURL(/\/zh\/search\/\?q=/), page.press("#pd-q", "Enter")]);
  await page.waitForSelector(".search-result a");
  check((await page.inputValue("#pd-search-q")) === "现代物流", "the header search form runs the query on the search page");
});

// 3. Accessibility: axe-core, keyboard focus, tooltips.
const axePath = require.resolve("axe-core/axe.min.js");
const AXE_PAGES = [
  ["landing", ""],
  ["zh home", "zh/"],
  ["en home", "en/"],
  ["zh chapter", "zh/objectives/"],
  ["en chapter", "en/tasks/"],
  ["zh target index", "zh/targets/"],
  ["en target index", "en/targets/"],
  ["zh target page", "zh/targets/va-total.html"],
  ["en target page", "en/targets/va-total.html"],
  ["parallel", "parallel/objectives/"],
  ["zh notice", "zh/notice/"],
  ["en downloads", "en/downloads/"],
  ["zh search", "zh/search/"],
];

async function axe(name, rel, width) {
  await page.setViewportSize({ width, height: 800 });
  await page.goto(at(rel));
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () =>
    window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    }),
  );
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  for (const v of result.violations.filter((v) => !bad.includes(v))) {
    console.log(`note ${name} @${width}: ${v.impact} ${v.id} (${v.nodes.length})`);
  }
  check(
    bad.length === 0,
    `axe ${name} @${width}px: ${bad.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`).join("; ") || "no serious or critical violation"}`,
  );
}

await run("axe", async () => {
  for (const [name, rel] of AXE_PAGES) await axe(name, rel, 1280);
  for (const [name, rel] of AXE_PAGES.slice(0, 5)) await axe(name, rel, 360);
});

await run("keyboard", async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(at("zh/objectives/"));
  await page.keyboard.press("Tab");
  const skip = await page.evaluate(() => {
    const el = document.activeElement;
    const r = el.getBoundingClientRect();
    return { cls: el.className, visible: r.top >= 0 && r.height > 0 };
  });
  check(skip.cls === "skip-link" && skip.visible, "the first Tab shows the skip link");
  await page.keyboard.press("Enter");
  // Tab on until a target tag has the focus: it shows its tooltip and a visible outline.
  let tag = null;
  for (let i = 0; i < 80 && !tag; i++) {
    await page.keyboard.press("Tab");
    tag = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el.classList.contains("tag")) return null;
      const after = getComputedStyle(el, "::after");
      return { display: after.display, content: after.content, outline: getComputedStyle(el).outlineStyle };
    });
  }
  check(tag !== null, "a target tag is reachable with Tab");
  if (tag) {
    check(tag.display === "block" && tag.content.includes("目标值"), `focused tag shows its tooltip (${tag.content})`);
    check(tag.outline !== "none", "focused tag has a visible outline");
    await page.keyboard.press("Escape");
    const hidden = await page.evaluate(() => getComputedStyle(document.activeElement, "::after").display);
    check(hidden === "none", "Escape hides the tooltip");
  }
});

// 4. Chinese text: a CJK font is used, no stray spaces between Chinese characters.
await run("chinese", async () => {
  await page.goto(at("zh/foundation/"));
  const fontOk = await page.evaluate(async () => {
    await document.fonts.ready;
    return document.fonts.check('16px "Noto Sans CJK SC"', "服务业");
  });
  check(fontOk, "Noto Sans CJK SC is available (no tofu)");
  for (const rel of ["zh/", "zh/foundation/", "zh/objectives/", "zh/tasks/", "zh/targets/", "zh/targets/va-total.html", "zh/notice/"]) {
    await page.goto(at(rel));
    const stray = await page.evaluate(() => {
      const text = document.getElementById("pd-main").innerText;
      // innerText puts tabs between table cells: only spaces count.
      const m = text.match(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef][ \u00a0]+[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/);
      return m ? m[0] : null;
    });
    check(stray === null, `no stray space between Chinese characters on ${rel}${stray ? ` (${JSON.stringify(stray)})` : ""}`);
  }
  const indent = await page.evaluate(() => {
    const p = document.querySelector("p.block");
    return p ? getComputedStyle(p).textIndent : "";
  });
  check(indent === "32px" || indent.endsWith("px"), `Chinese paragraphs have a first-line indent (${indent})`);
});

// 5. Print CSS hides the chrome.
await run("print", async () => {
  await page.goto(at("en/objectives/"));
  await page.emulateMedia({ media: "print" });
  const hidden = await page.evaluate(() =>
    [".site-header", ".toc", ".pager"].every((s) => {
      const el = document.querySelector(s);
      return !el || getComputedStyle(el).display === "none";
    }),
  );
  check(hidden, "print CSS hides header, contents and pager");
  await page.emulateMedia({ media: "screen" });
});

// 5b. The main-indicator table fits its page: at 1280 px every column shows in full and no
// value is cut; at 360 px the table scrolls inside its own box, never the page.
await run("main-indicator table fits", async () => {
  for (const lang of ["zh", "en"]) {
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(at(`${lang}/targets/`));
      await page.evaluate(() => document.fonts.ready);
      const m = await page.evaluate(() => {
        const wrap = document.querySelector("table.main-table").closest(".table-wrap");
        const table = wrap.querySelector("table");
        const cells = [...table.querySelectorAll("th, td")];
        // A cell whose text is wider than the cell (cut, or spilling over its neighbour).
        const cut = cells.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent.trim());
        const indicator = table.querySelector("tbody th");
        const em = parseFloat(getComputedStyle(indicator).fontSize);
        return {
          page: document.documentElement.scrollWidth - window.innerWidth,
          table: table.scrollWidth - wrap.clientWidth,
          cut,
          indicatorEm: indicator.clientWidth / em,
          columns: [...table.querySelectorAll("thead th")].map((h) => h.getBoundingClientRect().right <= wrap.getBoundingClientRect().right + 1),
        };
      });
      check(m.page <= 0, `${lang} /targets/ at ${width} px: the page does not scroll sideways (${m.page}px over)`);
      check(m.cut.length === 0, `${lang} /targets/ at ${width} px: no cell is cut (${m.cut.slice(0, 3).join(" | ")})`);
      if (width === 1280) {
        check(m.table <= 0, `${lang} main table fits 1280 px (${m.table}px over)`);
        check(m.columns.every(Boolean), `${lang} main table: every column in view at 1280 px`);
        check(m.indicatorEm >= 12, `${lang} main table: the indicator column is at least 12em wide (${m.indicatorEm.toFixed(1)}em)`);
      } else {
        check(m.table > 0, `${lang} main table scrolls inside its box at 360 px (${m.table}px)`);
      }
    }
  }
});

// 6. Screenshots at 1280 and 360 px; no horizontal scrolling on a phone.
const SHOTS = [
  ["landing", ""],
  ["zh-home", "zh/"],
  ["en-home", "en/"],
  ["zh-chapter", "zh/objectives/"],
  ["en-chapter", "en/objectives/"],
  ["zh-targets", "zh/targets/"],
  ["en-targets", "en/targets/"],
  ["zh-target", "zh/targets/va-total.html"],
  ["en-target", "en/targets/va-total.html"],
  ["parallel", "parallel/objectives/"],
  ["zh-notice", "zh/notice/"],
  ["en-downloads", "en/downloads/"],
  ["not-found", "no/such/page/"],
];
await run("screenshots", async () => {
  fs.mkdirSync(opts.screenshots, { recursive: true });
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 800 });
    for (const [name, rel] of SHOTS) {
      await page.goto(at(rel));
      await page.evaluate(() => document.fonts.ready);
      if (width === 360) {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        check(overflow <= 0, `${name} fits 360 px without horizontal scrolling (${overflow}px over)`);
      }
      await page.screenshot({ path: path.join(opts.screenshots, `${name}-${width}.png`), fullPage: true });
    }
  }
  // A tooltip, for people to look at.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(at("zh/objectives/"));
  await page.hover("a.tag-target");
  await page.screenshot({ path: path.join(opts.screenshots, "zh-tooltip-1280.png") });
  pass(`screenshots in ${opts.screenshots}`);
});

check(consoleErrors.length === 0, `no script errors${consoleErrors.length ? `: ${consoleErrors.join("; ")}` : ""}`);

await context.close();
server.close();
fs.rmSync(profile, { recursive: true, force: true });
if (failures.length) {
  console.log(`browser: ${failures.length} failed`);
  process.exit(1);
}
console.log("browser: all checks passed");
