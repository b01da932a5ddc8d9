// Browser tests of the analysts' UI: Debian's Chromium, driven by playwright-core, against `aduana serve` on a
// generated store (harness.mjs). They take the README's screenshots as they go (SCREENSHOT_DIR, by default
// web/test-results/screenshots; `SCREENSHOT_DIR=docs/screenshots` refreshes the committed ones).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { launchBrowser } from "./browser.mjs";
import { planDeviatingTransit, REPLAYED, repo, startAduana } from "./harness.mjs";

const shots = resolve(process.env.SCREENSHOT_DIR ?? join(repo, "web/test-results/screenshots"));
let aduana;
let browser;

before(async () => {
  mkdirSync(shots, { recursive: true });
  aduana = await startAduana();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await aduana?.stop();
});

async function signIn(role) {
  const page = await browser.newPage();
  page.on("pageerror", (e) => assert.fail(`script error on the page: ${e.message}`));
  await page.goto(aduana.base + "/");
  await page.fill("#token", aduana.tokens[role]);
  await page.click("form.login button[type=submit]");
  await page.waitForSelector("header.top [data-testid=who]");
  return page;
}

async function shot(page, name) {
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

async function navLinks(page) {
  return page.locator("header.top nav a").evaluateAll((links) => links.map((a) => a.dataset.nav));
}

// The office with the most declarations awaiting physical inspection, from the queue gauges of /metrics.
async function busiestRedOffice() {
  const response = await fetch(aduana.base + "/metrics", { headers: { Authorization: `Bearer ${aduana.tokens.admin}` } });
  const text = await response.text();
  const queues = [...text.matchAll(/aduana_queue_declarations\{office="([^"]+)",state="physical_inspection"\} (\d+)/g)];
  assert.ok(queues.length > 0, "the feed put no declaration in a red queue");
  queues.sort((a, b) => Number(b[2]) - Number(a[2]));
  return queues[0][1];
}

async function kpi(page, id) {
  return Number((await page.locator(`[data-testid=${id}] .kpi-value`).innerText()).replace(/[^0-9.]/g, ""));
}

describe("the analysts' web UI", () => {
  test("a wrong token is refused; a good one signs in with the role's pages only", async () => {
    const page = await browser.newPage();
    await page.goto(aduana.base + "/");
    await shot(page, "login");
    await page.fill("#token", "adu_not-a-token");
    await page.click("form.login button[type=submit]");
    await page.waitForSelector(".login .notice.error");
    assert.match(await page.locator(".login .notice.error").innerText(), /not valid/);
    await page.fill("#token", aduana.tokens.officer);
    await page.click("form.login button[type=submit]");
    await page.waitForSelector("header.top");
    const links = await navLinks(page);
    assert.ok(links.includes("queue") && links.includes("cargo"), `officer navigation: ${links}`);
    for (const hidden of ["audits", "rules", "alerts", "models"]) assert.ok(!links.includes(hidden), `officer sees ${hidden}`);
    await page.close();
  });

  test("a role that may not see a page does not, even by its address", async () => {
    for (const [role, path] of [["officer", "audits"], ["officer", "rules"], ["analyst", "audits"], ["auditor", "cargo"]]) {
      const page = await signIn(role);
      await page.goto(`${aduana.base}/#/${path}`);
      await page.waitForSelector("main[data-forbidden=true]");
      assert.match(await page.locator("main").innerText(), /may not see this page/);
      assert.equal(await page.locator("table").count(), 0, `${role} got a table on ${path}`);
      await page.close();
    }
  });

  test("an officer opens the queue, a declaration and its reasons, and records the inspection result", async () => {
    const office = await busiestRedOffice();
    const page = await signIn("officer");
    await page.goto(`${aduana.base}/#/queue?office=${office}&channel=red`);
    const rows = page.locator("[data-testid=queue] tbody tr");
    await rows.first().waitFor();
    assert.ok((await rows.count()) >= 1);
    assert.match(await page.locator("[data-testid=capacity]").innerText(), /red [1-9]\d* of \d+/);
    await shot(page, "queue");
    const id = await rows.first().locator("td a").first().innerText();
    await rows.first().locator("td a").first().click();
    await page.waitForSelector("[data-testid=explanation]");
    assert.equal(await page.locator("[data-testid=channel]").innerText(), "red");
    assert.match(await page.locator("[data-testid=explanation]").innerText(), /red|inspect|rule|random/i);
    await page.waitForSelector("[data-testid=chart-contributions] svg");
    await shot(page, "declaration");

    const dashboard = await signIn("analyst");
    await dashboard.goto(`${aduana.base}/#/dashboard`);
    await dashboard.waitForSelector("[data-testid=kpi-controlled]");
    const controlledBefore = await kpi(dashboard, "kpi-controlled");
    const revenueBefore = await kpi(dashboard, "kpi-revenue");

    await page.check("input[name=result][value=non_compliant]");
    await page.check("input[name=fraud_types][value=undervaluation]");
    await page.fill("input[name=additional_revenue]", "125000");
    await page.selectOption("select[name=disposition]", "detain");
    await page.fill("textarea[name=notes]", "Invoice price a third of the market price; goods detained.");
    await page.click("[data-testid=inspection-form] button[type=submit]");
    await page.waitForFunction(() => document.querySelector("[data-testid=state]")?.textContent === "detained");
    assert.match(await page.locator("[data-testid=timeline]").innerText(), /result recorded by officer-ui: red · non_compliant/);
    const stored = await aduana.api("admin", "GET", `/v1/declarations/${encodeURIComponent(id)}`);
    assert.equal(stored.decision.state, "detained");

    await dashboard.reload();
    await dashboard.waitForSelector("[data-testid=kpi-controlled]");
    assert.equal(await kpi(dashboard, "kpi-controlled"), controlledBefore + 1);
    assert.ok((await kpi(dashboard, "kpi-revenue")) > revenueBefore, "revenue recovered did not grow");

    // The replayed weeks: decisions every day, and the controls' results.
    await dashboard.goto(`${aduana.base}/#/dashboard?from=${REPLAYED.from}&to=${REPLAYED.to}`);
    await dashboard.waitForSelector("[data-testid=chart-daily] svg");
    assert.ok((await kpi(dashboard, "kpi-decisions")) > 500, "the replayed decisions are not on the dashboard");
    assert.ok((await kpi(dashboard, "kpi-controlled")) > 10);
    await shot(dashboard, "dashboard");
    await page.close();
    await dashboard.close();
  });

  test("an analyst writes a rule with a syntax error, sees it in place, fixes it, dry-runs and activates it", async () => {
    const page = await signIn("analyst");
    await page.goto(`${aduana.base}/#/rules`);
    const editor = page.locator("[data-testid=rule-editor]");
    await editor.waitFor();
    const original = await editor.inputValue();
    const lineOfError = original.split("\n").length + 4; // the `when` line of the appended rule
    const broken = [
      "rule UI-HEAVY-CHEAP version 1",
      '  author "ui.test"',
      '  justification "Heavy consignments declared cheaply"',
      "  when declaration.gross_mass_kg > > 5000",
      "  then score + 0.2",
      '  instructions "Weigh the consignment."',
      "end",
    ].join("\n");
    await editor.fill(original + "\n" + broken + "\n");
    await page.click("button:has-text('Dry run')");
    const problem = page.locator("[data-testid=rule-error]");
    await problem.locator(".notice.error").waitFor();
    assert.match(await problem.innerText(), new RegExp(`Line ${lineOfError}, column \\d+`));
    assert.equal(await page.locator(".gutter .bad").innerText(), `${lineOfError}\n`);
    await shot(page, "rules-error");

    await editor.fill(original + "\n" + broken.replace("> > 5000", "> 5000") + "\n");
    await page.click("button:has-text('Dry run')");
    await page.locator("[data-testid=dry-run] table").waitFor();
    assert.match(await page.locator("[data-testid=dry-run]").innerText(), /UI-HEAVY-CHEAP v1/);
    await shot(page, "rules-dry-run");
    await page.click("button:has-text('Activate')");
    await page.waitForFunction(() => /Activated/.test(document.querySelector("[data-testid=rule-status]")?.textContent ?? ""));
    const { rules } = await aduana.api("admin", "GET", "/v1/rules");
    assert.ok(rules.some((r) => r.id === "UI-HEAVY-CHEAP" && r.active), "the rule is not active");
    await page.close();
  });

  test("a transit that leaves its route shows its alert on the map", async () => {
    const feed = await aduana.api("admin", "GET", "/v1/queue?office=" + (await busiestRedOffice()) + "&channel=red");
    const { transit, result } = await planDeviatingTransit(aduana, feed.decisions[0].declaration_id);
    assert.ok(result.alerts.some((a) => a.detector === "cargo.route_deviation"), JSON.stringify(result));
    const page = await signIn("officer");
    await page.goto(`${aduana.base}/#/cargo`);
    const marker = page.locator(`[data-testid=cargo-map] circle.alerted[data-transit="${transit.transit_id}"]`);
    await marker.waitFor();
    assert.ok((await page.locator("[data-testid=cargo-map] circle.transit").count()) > 1, "the fed transits are not on the map");
    assert.match(await page.locator("[data-testid=cargo-map]").innerHTML(), /route deviation/);
    await shot(page, "cargo-map");
    await marker.click();
    await page.waitForSelector("[data-testid=transit-timeline]");
    assert.match(await page.locator("[data-testid=transit-timeline]").innerText(), /deviation|route/i);
    await shot(page, "cargo-transit");
    await page.close();
  });

  test("alerts, models and audit pages show their data to the roles that may see them", async () => {
    const analyst = await signIn("analyst");
    await analyst.goto(`${aduana.base}/#/alerts`);
    await analyst.locator("[data-testid=alerts-table] tbody tr").first().waitFor();
    await shot(analyst, "alerts");
    await analyst.goto(`${aduana.base}/#/models`);
    await analyst.waitForSelector("[data-testid=chart-importance] svg");
    assert.ok((await analyst.locator("[data-testid=models-table] tbody tr").count()) >= 1);
    await shot(analyst, "models");
    await analyst.close();

    const auditor = await signIn("auditor");
    await auditor.goto(`${aduana.base}/#/audits`);
    await auditor.locator("[data-testid=plans-table] tbody tr a").first().click();
    await auditor.locator("[data-testid=candidates-table] tbody tr").first().waitFor();
    await shot(auditor, "audit-plan");
    await auditor.locator("[data-testid=candidates-table] button:has-text('Open case')").first().click();
    await auditor.waitForSelector("[data-testid=case-state]");
    assert.equal(await auditor.locator("[data-testid=case-state]").textContent(), "opened");
    await auditor.close();
  });
});
