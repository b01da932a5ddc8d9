// Page load times of the web UI against a running `aduana serve` (bench/ui_1m.sh runs it over 1M declarations):
// for each page, the time from navigation to the page's content drawn (its charts, table or map), the median
// and worst of RUNS loads in a fresh tab, in Debian's Chromium.
//
//   node bench/ui_page_load.mjs BASE_URL TOKEN OFFICE DECLARATION_ID [RUNS]
import { launchBrowser } from "../web/tests/browser.mjs";

const [base, token, office, declaration, runsText = "5"] = process.argv.slice(2);
const runs = Number(runsText);
const pages = [
  ["dashboard, a month (Dec 2025)", "#/dashboard?from=2025-12-01&to=2025-12-31", "[data-testid=chart-daily] svg"],
  ["dashboard, a quarter", "#/dashboard?from=2025-10-01&to=2025-12-31", "[data-testid=chart-daily] svg"],
  ["dashboard, the whole year", "#/dashboard?from=2025-01-01&to=2025-12-31", "[data-testid=chart-daily] svg"],
  ["queue (red)", `#/queue?office=${office}&channel=red`, "[data-testid=queue], main .notice"],
  ["declaration", `#/declarations/${encodeURIComponent(declaration)}`, "[data-testid=timeline]"],
  ["rules", "#/rules", "[data-testid=rules-table]"],
  ["models", "#/models", "[data-testid=chart-importance] svg"],
  ["alerts", "#/alerts", "[data-testid=alerts-table]"],
  ["audit plan", "#/audits/plans/1", "[data-testid=candidates-table]"],
  ["cargo map", "#/cargo", "[data-testid=cargo-map]"],
];

const browser = await launchBrowser();
const warm = await browser.newPage();
await warm.goto(base + "/");
await warm.evaluate((t) => sessionStorage.setItem("aduana.token", t), token);
const rows = [];
for (const [name, hash, ready] of pages) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage();
    await page.goto(base + "/");
    await page.evaluate((t) => sessionStorage.setItem("aduana.token", t), token);
    const start = performance.now();
    await page.goto(`${base}/${hash}`);
    await page.waitForSelector(ready, { timeout: 120_000 });
    times.push(performance.now() - start);
    await page.close();
  }
  times.sort((a, b) => a - b);
  rows.push({ name, median: times[Math.floor(times.length / 2)], worst: times[times.length - 1] });
}
await browser.close();
console.log("| page | median (ms) | worst (ms) |\n|---|---|---|");
for (const r of rows) console.log(`| ${r.name} | ${r.median.toFixed(0)} | ${r.worst.toFixed(0)} |`);
