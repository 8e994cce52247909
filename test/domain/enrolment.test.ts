import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { businessDaysDeadline } from "../../src/domain/calendar/business-calendar.js";
import { emptyLedger, evolveLedger, freezeForOrder, ledgerBalances, type LedgerState } from "../../src/domain/ledger/ledger.js";
import { limitByFormula } from "../../src/domain/ledger/limit-formula.js";
import { enrolSupplier, registerBuyer, setSupplierLimit, type EnrolSupplierCommand } from "../../src/domain/parties/enrolment.js";
import { assertBuyerCovered, assertSupplierMayConfirm, evolveParty, suspendParty } from "../../src/domain/parties/party-commands.js";
import type { PartyState } from "../../src/domain/parties/party.js";
import { CLASSIC_V1, EXPRESS_V1, QUALIFICATION_STATUSES } from "../../src/domain/policy/policy.js";
import type { CommandContext, DomainEvent } from "../../src/domain/shared/events.js";
import { money } from "../../src/domain/shared/money.js";
import { codeOf, refusal } from "./support/refusal.js";

const NOW = "2027-03-01T09:00:00.000Z";
const staff: CommandContext = { now: NOW, actor: { kind: "staff", partyId: "staff-ana" } };
const usd = (minor: number) => money(minor, "USD");

const BERLIN_SUPPLIER: EnrolSupplierCommand = {
  partyId: "sup-berlin",
  company: "Berliner Schrauben GmbH",
  contactName: "Jonas Weber",
  email: "jonas@schrauben.example",
  country: "DE",
  timeZone: "Europe/Berlin",
  locale: "de",
  qualification: "verified",
  sixMonthVolume: usd(25_000_000), // USD 250,000.00
};

function fold(events: readonly DomainEvent[], party?: PartyState, ledger?: LedgerState): { party: PartyState; ledger: LedgerState } {
  const p = events.reduce<PartyState | undefined>(evolveParty, party);
  if (!p) throw new Error("no party");
  const first = events.find((e) => e.stream.type === "ledger");
  const start = ledger ?? emptyLedger(p.id, (first?.data as { limit?: { currency: string } })?.limit?.currency ?? "USD");
  return { party: p, ledger: events.reduce(evolveLedger, start) };
}

function enrolled(cmd: EnrolSupplierCommand = BERLIN_SUPPLIER) {
  return fold(enrolSupplier({ existing: undefined, ledger: undefined, policy: CLASSIC_V1 }, cmd, staff));
}

describe("supplier enrolment (TA-01)", () => {
  it("TA-01: staff enrol a supplier with company, country, time zone, language, contact and the limit's inputs", () => {
    const { party, ledger } = enrolled();
    expect(party).toMatchObject({
      id: "sup-berlin",
      role: "supplier",
      displayName: "Berliner Schrauben GmbH",
      locale: "de",
      calendar: { country: "DE", timeZone: "Europe/Berlin" },
      contact: { company: "Berliner Schrauben GmbH", name: "Jonas Weber", email: "jonas@schrauben.example" },
      enrolled: true,
      enrolment: { qualification: "verified", sixMonthVolume: usd(25_000_000), enrolledAt: NOW },
    });
    expect(() => assertSupplierMayConfirm(party)).not.toThrow();
    // verified: 10 % of USD 250,000.00 = USD 25,000.00, below the cap.
    expect(ledgerBalances(ledger).limit).toEqual(usd(2_500_000));
    expect(ledger.entries).toHaveLength(1);
    expect(ledger.entries[0]).toMatchObject({
      kind: "limit-set",
      amount: usd(2_500_000),
      reason: "enrolment",
      actor: { kind: "staff", partyId: "staff-ana" },
      limitInputs: {
        qualification: "verified",
        sixMonthVolume: usd(25_000_000),
        basis: "formula",
        formula: { limit: usd(2_500_000), basisPoints: 1_000, cap: usd(50_000_000), capApplied: false },
      },
    });
  });

  it("TA-01: only staff enrol suppliers; a supplier cannot register itself", () => {
    const asBuyer: CommandContext = { now: NOW, actor: { kind: "buyer", partyId: "x" } };
    expect(codeOf(() => enrolSupplier({ existing: undefined, ledger: undefined, policy: CLASSIC_V1 }, BERLIN_SUPPLIER, asBuyer))).toBe("STAFF_ONLY");
    const { party, ledger } = enrolled();
    expect(codeOf(() => enrolSupplier({ existing: party, ledger, policy: CLASSIC_V1 }, BERLIN_SUPPLIER, staff))).toBe("PARTY_ALREADY_REGISTERED");
  });

  it("TA-01: the formula is a named policy parameter — a share of 6 months' volume by qualification tier, capped", () => {
    for (const profile of [CLASSIC_V1, EXPRESS_V1]) {
      expect(profile.supplierLimit.shareOfSixMonthVolumeBasisPoints).toEqual({ unverified: 500, verified: 1_000, audited: 2_000 });
      expect(profile.supplierLimit.caps).toContainEqual(usd(50_000_000));
    }
    expect(limitByFormula(CLASSIC_V1.supplierLimit, "audited", usd(1_000_000_000))).toEqual({
      limit: usd(50_000_000),
      basisPoints: 2_000,
      cap: usd(50_000_000),
      capApplied: true,
    });
    // No cap in this currency: no formula figure; staff must state the limit.
    expect(limitByFormula(CLASSIC_V1.supplierLimit, "verified", money(1_000_000, "JPY"))).toBeUndefined();
    const jpy = { ...BERLIN_SUPPLIER, sixMonthVolume: money(1_000_000, "JPY") };
    expect(refusal(() => enrolled(jpy)).params).toEqual({ fields: ["limit"] });
    expect(ledgerBalances(enrolled({ ...jpy, limit: money(50_000, "JPY"), reason: "JPY: no formula cap" }).ledger).limit).toEqual(money(50_000, "JPY"));
  });

  it("TA-01 / PO-09: the formula's limit is the tier's share rounded to the minor unit, never above the cap nor the share", () => {
    fc.assert(
      fc.property(fc.constantFrom(...QUALIFICATION_STATUSES), fc.integer({ min: 0, max: 1e12 }), (tier, volumeMinor) => {
        const result = limitByFormula(CLASSIC_V1.supplierLimit, tier, usd(volumeMinor));
        if (!result) throw new Error("USD has a cap");
        const bp = CLASSIC_V1.supplierLimit.shareOfSixMonthVolumeBasisPoints[tier];
        const exact = (BigInt(volumeMinor) * BigInt(bp) + 5_000n) / 10_000n;
        expect(Number.isInteger(result.limit.amountMinor)).toBe(true);
        expect(BigInt(result.limit.amountMinor)).toBe(exact < 50_000_000n ? exact : 50_000_000n);
        expect(result.capApplied).toBe(exact > 50_000_000n);
      }),
    );
  });

  it("TA-01 / TA-02: staff adjust the limit with a reason; every change is a ledger entry with its inputs", () => {
    const { party, ledger } = enrolled();
    const raised = fold(
      setSupplierLimit({ supplier: party, ledger, policy: CLASSIC_V1 }, { limit: usd(4_000_000), reason: "bank guarantee lodged" }, staff),
      party,
      ledger,
    );
    expect(ledgerBalances(raised.ledger).limit).toEqual(usd(4_000_000));
    expect(raised.ledger.entries[1]).toMatchObject({
      kind: "limit-set",
      limitChange: usd(1_500_000),
      reason: "bank guarantee lodged",
      limitInputs: { qualification: "verified", sixMonthVolume: usd(25_000_000), basis: "staff", formula: { limit: usd(2_500_000) } },
    });
    // New inputs, formula figure.
    const audited = fold(
      setSupplierLimit({ supplier: party, ledger: raised.ledger, policy: CLASSIC_V1 }, { qualification: "audited", reason: "factory audit passed" }, staff),
      party,
      raised.ledger,
    );
    expect(ledgerBalances(audited.ledger).limit).toEqual(usd(5_000_000));
    expect(audited.ledger.entries.map((e) => e.kind)).toEqual(["limit-set", "limit-set", "limit-set"]);
    expect(audited.ledger.entries[2]?.limitInputs).toMatchObject({ qualification: "audited", basis: "formula" });
    // Never without a reason, never by a non-staff actor, never below what is committed.
    expect(codeOf(() => setSupplierLimit({ supplier: party, ledger, policy: CLASSIC_V1 }, { limit: usd(1), reason: " " }, staff))).toBe("COMMAND_INVALID");
    const asSupplier: CommandContext = { now: NOW, actor: { kind: "supplier", partyId: "sup-berlin" } };
    expect(codeOf(() => setSupplierLimit({ supplier: party, ledger, policy: CLASSIC_V1 }, { limit: usd(9_000_000), reason: "please" }, asSupplier))).toBe(
      "STAFF_ONLY",
    );
    const frozen = audited.ledger.entries.length;
    const withOrder = [freezeForOrder(audited.ledger, { orderId: "PO-1", amount: usd(3_000_000) }, staff)].flat().reduce(evolveLedger, audited.ledger);
    expect(withOrder.entries).toHaveLength(frozen + 1);
    expect(codeOf(() => setSupplierLimit({ supplier: party, ledger: withOrder, policy: CLASSIC_V1 }, { limit: usd(1_000_000), reason: "cut" }, staff))).toBe(
      "LEDGER_LIMIT_BELOW_COMMITTED",
    );
    expect(
      codeOf(() => setSupplierLimit({ supplier: party, ledger: withOrder, policy: CLASSIC_V1 }, { limit: money(1_000_000, "EUR"), reason: "cut" }, staff)),
    ).toBe("COMMAND_INVALID");
  });

  it("TA-01: enrolment inputs are validated — country known to date-holidays, IANA time zone, a UI language", () => {
    const fieldsOf = (cmd: EnrolSupplierCommand) => refusal(() => enrolled(cmd)).params["fields"];
    expect(fieldsOf({ ...BERLIN_SUPPLIER, country: "XX" })).toEqual(["country"]);
    expect(fieldsOf({ ...BERLIN_SUPPLIER, country: "de" })).toEqual(["country"]);
    expect(fieldsOf({ ...BERLIN_SUPPLIER, timeZone: "CET" })).toEqual(["timeZone"]);
    expect(fieldsOf({ ...BERLIN_SUPPLIER, timeZone: "Mars/Olympus" })).toEqual(["timeZone"]);
    expect(fieldsOf({ ...BERLIN_SUPPLIER, locale: "ja" })).toEqual(["locale"]);
    expect(fieldsOf({ ...BERLIN_SUPPLIER, qualification: "gold" as never })).toEqual(["qualification"]);
    expect(fieldsOf({ ...BERLIN_SUPPLIER, sixMonthVolume: usd(-1) })).toEqual(["sixMonthVolume"]);
  });
});

describe("buyer registration (FR-02)", () => {
  const OHIO = {
    partyId: "buyer-ohio",
    company: "Ohio Tools LLC",
    contactName: "Pat Miller",
    email: "pat@ohiotools.example",
    country: "US",
    timeZone: "America/Chicago",
    locale: "en-US",
  };
  const self: CommandContext = { now: NOW, actor: { kind: "buyer", partyId: "buyer-ohio" } };

  it("FR-02: a buyer registers itself with validated inputs, and staff may suspend its coverage", () => {
    const buyer = registerBuyer(undefined, OHIO, self).reduce<PartyState | undefined>(evolveParty, undefined) as PartyState;
    expect(buyer).toMatchObject({ role: "buyer", displayName: "Ohio Tools LLC", locale: "en-US", calendar: { country: "US", timeZone: "America/Chicago" } });
    expect(() => assertBuyerCovered(buyer)).not.toThrow();
    const suspended = suspendParty(buyer, { reason: "chargebacks after refunds" }, staff).reduce<PartyState | undefined>(evolveParty, buyer) as PartyState;
    expect(codeOf(() => assertBuyerCovered(suspended))).toBe("BUYER_COVERAGE_SUSPENDED");
    expect(refusal(() => registerBuyer(undefined, { ...OHIO, country: "ZZ", timeZone: "EST", locale: "xx" }, self)).params["fields"]).toEqual([
      "country",
      "timeZone",
      "locale",
    ]);
    expect(refusal(() => registerBuyer(undefined, { ...OHIO, locale: "ja-JP" }, self)).params).toEqual({ fields: ["locale"] });
    expect(codeOf(() => registerBuyer(buyer, OHIO, self))).toBe("PARTY_ALREADY_REGISTERED");
  });
});

describe("a party's calendar (POL-03)", () => {
  it("POL-03: a supplier in Germany counts business days over Easter 2027 in Berlin's calendar", () => {
    const { party } = enrolled();
    // Thursday 25 March 2027; Good Friday, the weekend and Easter Monday are not business days.
    expect(businessDaysDeadline("2027-03-25T10:00:00.000Z", 1, party.calendar)).toBe("2027-03-30T21:59:59.000Z");
    expect(businessDaysDeadline("2027-03-25T10:00:00.000Z", 3, party.calendar)).toBe("2027-04-01T21:59:59.000Z");
    // The same instant for a supplier in China: Friday is a business day there.
    const cn = enrolled({ ...BERLIN_SUPPLIER, partyId: "sup-cn", country: "CN", timeZone: "Asia/Shanghai", locale: "zh-CN" }).party;
    expect(businessDaysDeadline("2027-03-25T10:00:00.000Z", 1, cn.calendar)).toBe("2027-03-26T15:59:59.000Z");
  });

  it("POL-03: a supplier in the US counts business days over Thanksgiving 2026 in its own time zone", () => {
    const { party } = enrolled({ ...BERLIN_SUPPLIER, partyId: "sup-chicago", country: "US", timeZone: "America/Chicago", locale: "en" });
    // Wednesday 25 Nov 2026: Thursday is Thanksgiving; Friday (an observance, not a public holiday) counts.
    expect(businessDaysDeadline("2026-11-25T15:00:00.000Z", 1, party.calendar)).toBe("2026-11-28T05:59:59.000Z");
    expect(businessDaysDeadline("2026-11-25T15:00:00.000Z", 2, party.calendar)).toBe("2026-12-01T05:59:59.000Z");
    // Late on Wednesday evening in Chicago is already Thursday in UTC: the supplier's own zone decides the day.
    expect(businessDaysDeadline("2026-11-26T03:00:00.000Z", 1, party.calendar)).toBe("2026-11-28T05:59:59.000Z");
  });
});
