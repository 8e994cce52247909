/**
 * Issue 11 in a real browser (Debian's Chromium, headless), the server in production mode (DEMO and
 * the dev clock off) on an empty database: a German-speaking stranger in Berlin opens the chat page,
 * presses "Register as a buyer", gets the form in German prefilled with the browser's country, time
 * zone and language, is told on its field what is missing, registers, and the tab continues as the
 * buyer (the page swapped the guest token for the buyer's session); a reload keeps the buyer and the
 * conversation. Screenshots under test-results/e2e/ (join-*.png).
 */
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, startServerProcess, type ServerProcess } from "./support/server-process.js";

const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const SHOTS = path.join(REPO_ROOT, "test-results", "e2e");
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-sync"];

const chromiumMissing = !existsSync(CHROMIUM);
if (chromiumMissing) {
  if (process.env["CI"]) throw new Error(`${CHROMIUM} is missing: .ci/run installs it with apt-get install -y chromium`);
  console.warn(`\n  SKIPPED the browser registration story: ${CHROMIUM} is missing — apt-get install -y chromium (or set CHROMIUM_PATH)\n`);
}

let server: ServerProcess;
let context: BrowserContext;

const logText = (page: Page) => page.locator("#log").innerText();
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `join-${name}.png`), fullPage: true });

describe.skipIf(chromiumMissing)("web chat: a stranger registers as a buyer in the browser", () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServerProcess({ NODE_ENV: "production", SESSION_SECRET: "e2e-join-session-secret-0123456789abcdef" });
    context = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), "tab-chromium-join-")), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      locale: "de-DE",
      timezoneId: "Europe/Berlin",
      viewport: { width: 1000, height: 900 },
    });
    context.setDefaultTimeout(20_000);
  });

  afterAll(async () => {
    await context?.close();
    await server?.stop();
  });

  it("FR-02: Register as a buyer → the German form with the browser's defaults → registered, the tab continues as the buyer", async () => {
    const page = await context.newPage();
    await page.goto(server.url);
    const register = page.locator("#register-button");
    await expect.poll(() => register.innerText()).toBe("Als Käufer registrieren");
    expect(await page.locator("#demo-identities").isHidden()).toBe(true);
    await shot(page, "sign-in");

    await register.click();
    const form = page.locator('form[data-form="party.registerBuyer"]').last();
    await form.waitFor();
    expect(await form.locator('input[name="country"]').inputValue()).toBe("DE");
    expect(await form.locator('input[name="timeZone"]').inputValue()).toBe("Europe/Berlin");
    expect(await form.locator('select[name="locale"]').inputValue()).toBe("de");
    expect(await page.locator("#what-now").isHidden()).toBe(true);

    // Nothing typed: the required fields come back with their errors, in German.
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => page.locator('form[data-form="party.registerBuyer"]').count()).toBe(2);
    const again = page.locator('form[data-form="party.registerBuyer"]').last();
    await expect.poll(() => again.innerText()).toContain("erforderlich");
    await shot(page, "form-errors");

    await again.locator('input[name="company"]').fill("Spreewerk Werkzeuge GmbH");
    await again.locator('input[name="contactName"]').fill("Jonas Weber");
    await again.locator('button[type="submit"]').click();
    await expect.poll(() => logText(page)).toContain("Willkommen, Spreewerk Werkzeuge GmbH");
    await expect.poll(() => page.locator("#who").innerText()).toContain("Spreewerk Werkzeuge GmbH");
    expect(await page.locator("#what-now").isVisible()).toBe(true);
    // Signed in as the buyer: the page asked what it can do now, as the buyer.
    await expect.poll(() => page.locator('#log button[data-action="order.request"]').count()).toBeGreaterThan(0);
    await shot(page, "registered");

    // A reload keeps the buyer (the guest token was swapped) and its conversation.
    await page.reload();
    await expect.poll(() => page.locator("#who").innerText()).toContain("Spreewerk Werkzeuge GmbH");
    await expect.poll(() => logText(page)).toContain("Willkommen, Spreewerk Werkzeuge GmbH");
    expect(server.logs.filter((l) => l.msg === "turn failed" || l.msg === "request failed")).toEqual([]);
  });
});
