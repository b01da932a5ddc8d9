// Launching Debian's Chromium (/usr/bin/chromium, headless) through playwright-core, with the flags a machine with
// no outside network needs (no background connections, no component updates).
import { chromium } from "playwright-core";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function launchBrowser() {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "aduana-chromium-")), {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
  return context;
}
