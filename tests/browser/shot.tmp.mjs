import { chromium } from "playwright-core";
import http from "node:http"; import fs from "node:fs"; import path from "node:path";
const [site, ...specs] = process.argv.slice(2);
const server = http.createServer((req, res) => {
  let rel = decodeURIComponent(new URL(req.url, "http://x").pathname).slice(1);
  if (rel === "" || rel.endsWith("/")) rel += "index.html";
  const f = path.join(site, rel);
  if (!fs.existsSync(f) || !fs.statSync(f).isFile()) { res.writeHead(404); return res.end(); }
  const t = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript" }[path.extname(f)] || "application/octet-stream";
  res.writeHead(200, { "content-type": t }); fs.createReadStream(f).pipe(res);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
for (const spec of specs) {
  const [rel, width, out, y, h, action] = spec.split("|");
  const page = await b.newPage({ viewport: { width: +width, height: +(h || 800) } });
  await page.goto(`http://127.0.0.1:${server.address().port}/${rel}`);
  if (action) await page.evaluate(action);
  if (y) await page.evaluate((y) => window.scrollTo(0, y), +y);
  await page.screenshot({ path: out });
  await page.close();
}
await b.close(); server.close();
