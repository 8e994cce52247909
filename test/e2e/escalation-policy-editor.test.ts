/**
 * DT-01 in a real browser (Debian's Chromium): a staff member edits the escalation policy in the staff
 * console — a wrong value is named next to its field (in the page language) and gets the focus; one
 * the server refuses (an unknown time zone) too; a valid policy with business hours, an out-of-hours
 * level and two levels is saved as version 1, shown in force with who saved it. Screenshots under
 * test-results/e2e/policy-*.png.
 */
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, startServerProcess, type ServerProcess } from "./support/server-process.js";

const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const SHOTS = path.join(REPO_ROOT, "test-results", "e2e");
const chromiumMissing = !existsSync(CHROMIUM);
if (chromiumMissing && process.env["CI"]) throw new Error(`${CHROMIUM} is missing: .ci/run installs it with apt-get install -y chromium`);

let server: ServerProcess;
let context: BrowserContext;

/** The id of the focused element (the page's globals, typed here: the test's tsconfig has no DOM library). */
const activeId = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id ?? "");

describe.skipIf(chromiumMissing)("staff console: the escalation policy editor (DT-01)", () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServerProcess({ DEMO: "1", NODE_ENV: "development" });
    context = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), "tab-chromium-")), {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"],
      locale: "en-US",
      timezoneId: "Europe/London",
      viewport: { width: 1100, height: 900 },
    });
    context.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await context?.close();
    await server?.stop();
  });

  it("DT-01: staff edit levels, hours and out-of-hours; errors next to the fields with focus; saved as version 1 with who and when", async () => {
    const staff = await context.newPage();
    await staff.goto(server.url);
    await staff.locator('button[data-party="staff-ana-lima"]').click();
    await staff.locator("#chat").waitFor({ state: "visible" });
    await staff.goto(`${server.url}/staff`);
    const policy = staff.locator("#policy");
    await policy.locator("#policy-form").waitFor();
    await expect.poll(() => policy.locator("#policy-in-force").innerText()).toContain("built-in policy");

    // A wrong value: named next to its field, in the page's words, and focused.
    const minutes = policy.getByLabel("Minutes before the next level").first();
    await minutes.fill("0");
    await policy.getByRole("button", { name: "Save as a new version" }).click();
    await expect.poll(() => activeId(staff)).toBe("pol-levels-0-escalateAfterMinutes");
    expect(await minutes.getAttribute("aria-invalid")).toBe("true");
    expect(await policy.locator("#pol-levels-0-escalateAfterMinutes-error").innerText()).toBe("Enter whole minutes from 1 to 10080.");
    await staff.screenshot({ path: path.join(SHOTS, "policy-1-field-error.png"), fullPage: true });

    // Level 1: Ana, the default PagerDuty service, the disputes channel, 30 minutes, 2 repeats; a second level.
    await minutes.fill("30");
    await policy.getByLabel("Repeats within the level").first().fill("2");
    await policy.getByLabel("Ana Lima").first().check();
    await policy
      .getByLabel(/PagerDuty service/)
      .first()
      .fill("default");
    await policy
      .getByLabel(/Slack channel id/)
      .first()
      .fill("C0DISPUTES");
    // The built-in ladder has two levels: a third is added, and the focus moves to it.
    await policy.getByRole("button", { name: "Add a level" }).first().click();
    await expect.poll(() => activeId(staff)).toBe("levels-2-legend");
    // Business hours in London, with the out-of-hours level; a time zone the server does not know.
    await policy.getByLabel(/keeps business hours/).check();
    await policy.getByLabel(/Country of the team/).fill("GB");
    await policy.getByLabel(/Time zone/).fill("Mars/Olympus_Mons");
    await policy.getByRole("button", { name: "Save as a new version" }).click();
    await expect.poll(() => policy.locator("#policy-status").innerText()).toContain("The policy was not saved");
    await expect.poll(() => activeId(staff)).toBe("pol-hours-calendar-timeZone");
    expect(await policy.locator("#pol-hours-calendar-timeZone-error").innerText()).toBe("Enter a time zone such as Europe/London.");
    // What was typed is kept.
    expect(
      await policy
        .getByLabel(/Slack channel id/)
        .first()
        .inputValue(),
    ).toBe("C0DISPUTES");

    await policy.getByLabel(/Time zone/).fill("Europe/London");
    await policy.getByRole("button", { name: "Save as a new version" }).click();
    await expect.poll(() => policy.locator("#policy-status").innerText()).toBe("Saved: version 1 is now in force.");
    await expect.poll(() => policy.locator("#policy-in-force").innerText()).toMatch(/^Version 1 in force since .+, saved by Ana Lima \(Trade Assurance\)\.$/);
    await staff.screenshot({ path: path.join(SHOTS, "policy-2-saved.png"), fullPage: true });

    const saved = (await (
      await fetch(`${server.url}/staff/api/escalation-policy`, {
        headers: {
          authorization: `Bearer ${await staff.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage.getItem("tab.session") ?? "")}`,
        },
      })
    ).json()) as { current: { levels: unknown[] } & Record<string, unknown> };
    expect(saved.current.levels).toEqual([
      { targets: { staffIds: ["staff-ana-lima"], pagerDutyRoutingKeyRef: "default", slackChannel: "C0DISPUTES" }, escalateAfterMinutes: 30, repeats: 2 },
      { targets: { staffIds: [], pagerDutyRoutingKeyRef: "default" }, escalateAfterMinutes: 45, repeats: 2 },
      // The added level: the timing and PagerDuty service of the level above, nobody by name.
      { targets: { staffIds: [], pagerDutyRoutingKeyRef: "default" }, escalateAfterMinutes: 45, repeats: 2 },
    ]);
    expect(saved.current).toMatchObject({
      version: 1,
      revisedBy: "staff-ana-lima",
      hours: { calendar: { country: "GB", timeZone: "Europe/London" }, opensAt: "09:00", closesAt: "18:00" },
      outOfHours: { escalateAfterMinutes: 30, repeats: 1 },
    });

    // The same editor in German.
    await staff.locator("#language").selectOption("de");
    await expect.poll(() => policy.locator("#policy-title").innerText()).toBe("Eskalationsrichtlinie");
    await expect.poll(() => policy.locator("#policy-in-force").innerText()).toContain("Version 1 gilt seit");
  });
});
