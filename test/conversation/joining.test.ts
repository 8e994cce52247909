/**
 * Joining without a seed script (issue 11): a person whose chat account is not linked registers their
 * company as a buyer from the chat, the form prefilled from the channel's language and time zone
 * (FR-02: staff may later suspend the buyer's coverage); the buyer then reaches its own orders, and an
 * enrolled supplier (TA-01) confirms the order it drafts. In two language pairs.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runCommand } from "../../src/app/app.js";
import { enrolSupplierSpec } from "../../src/app/commands/party-commands.js";
import { readState } from "../../src/app/read-state.js";
import { partyStream } from "../../src/domain/parties/party-events.js";
import type { PartyState } from "../../src/domain/parties/party.js";
import { money } from "../../src/domain/shared/money.js";
import { createHarness, type Harness } from "../support/harness/harness.js";
import { seedLinkCode } from "../support/harness/seeds.js";
import { BERLIN_AND_TAIPEI, OHIO_AND_SHENZHEN, START, type LanguagePair } from "./chat-fixtures.js";

describe.each([
  ["an English-speaking buyer in Ohio, a supplier writing Simplified Chinese", OHIO_AND_SHENZHEN, "en", "US"],
  ["a German-speaking buyer in Berlin, a supplier writing Traditional Chinese", BERLIN_AND_TAIPEI, "de", "DE"],
] as const)("joining: %s", { timeout: 120_000 }, (_title, pair: LanguagePair, language, country) => {
  let chat: Harness | undefined;
  afterEach(async () => {
    await chat?.close();
    chat = undefined;
  });

  async function newcomer(): Promise<Harness> {
    chat = await createHarness({ start: START });
    chat.join("newcomer", { externalUserId: "u-new", locale: pair.buyer.locale, timeZone: pair.buyer.timeZone });
    return chat;
  }

  it("FR-02: an unlinked chat account registers its company as a buyer, with the channel's language and time zone as defaults", async () => {
    const h = await newcomer();
    const user = h.as("newcomer");
    await user.says("hello");
    expect(user.lastReplies().map((m) => m.text?.key)).toEqual(["common:accountNotLinked", "parties:register.offer"]);
    expect(user.lastReplies()[1]?.actions?.map((a) => a.actionId)).toEqual(["party.registerBuyer"]);

    await user.clicks("party.registerBuyer");
    const form = user.lastForm();
    expect(form?.formId).toBe("party.registerBuyer");
    const prefilled = Object.fromEntries((form?.fields ?? []).map((f) => [f.name, f.value]));
    expect(prefilled).toMatchObject({ country, timeZone: pair.buyer.timeZone, locale: language });

    // A wrong time zone comes back on its field, nothing typed is lost.
    await user.submits("party.registerBuyer", { company: pair.buyer.displayName, contactName: "Pat", email: pair.buyer.email, timeZone: "Mars/Base" });
    const again = user.lastForm();
    const byName = Object.fromEntries((again?.fields ?? []).map((f) => [f.name, f]));
    expect(byName["timeZone"]?.error).toEqual({ key: "parties:register.invalid.timeZone" });
    expect(byName["company"]?.value).toBe(pair.buyer.displayName);
    expect(byName["country"]?.error).toBeUndefined();

    await user.submits("party.registerBuyer", { company: pair.buyer.displayName, contactName: "Pat", email: pair.buyer.email, timeZone: pair.buyer.timeZone });
    expect(user.lastReplies()[0]).toMatchObject({ text: { key: "parties:register.done", params: { company: pair.buyer.displayName } }, tone: "success" });
    expect(user.lastText()).toContain(pair.buyer.displayName);

    const linked = await h.app.db.prisma.channelIdentity.findFirst({ where: { channel: "harness", externalUserId: "u-new" } });
    const buyer = await readState<PartyState>(h.app.db, partyStream(linked?.partyId ?? "none"));
    expect(buyer).toMatchObject({
      role: "buyer",
      displayName: pair.buyer.displayName,
      locale: language,
      calendar: { country, timeZone: pair.buyer.timeZone },
      contact: { name: "Pat", email: pair.buyer.email, company: pair.buyer.displayName },
      identities: [{ channel: "harness", externalUserId: "u-new" }],
    });
    // Linked now: the person talks to the bot as the new buyer.
    await user.clicks("common.myItems");
    expect(user.lastReplies()[0]?.text?.key).not.toBe("common:accountNotLinked");
  });

  it("TA-01: a supplier enrolled by staff links with its one-time code and is told its limit stands behind its orders", async () => {
    const h = await newcomer();
    await runCommand(
      h.app,
      enrolSupplierSpec("system", {
        partyId: "SUPPLIER-1",
        company: pair.supplier.displayName,
        contactName: "Lin",
        country: pair.supplier.country,
        timeZone: pair.supplier.timeZone,
        locale: pair.supplier.locale,
        qualification: "verified",
        sixMonthVolume: money(25_000_000, "USD"),
      }),
    );
    const code = await seedLinkCode(h.app, "SUPPLIER-1");
    const supplier = h.join("supplier", { externalUserId: "u-sup", locale: pair.supplier.locale, timeZone: pair.supplier.timeZone });
    await supplier.says(code);
    expect(supplier.lastReplies()[0]).toMatchObject({ text: { key: "common:accountLinked", params: { partyName: pair.supplier.displayName } } });
    // A supplier cannot register itself from the chat: the registration form only ever makes buyers.
    const enrolled = await readState<PartyState>(h.app.db, partyStream("SUPPLIER-1"));
    expect(enrolled).toMatchObject({ role: "supplier", enrolled: true, enrolment: { qualification: "verified" } });
  });
});
