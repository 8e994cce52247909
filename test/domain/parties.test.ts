import { describe, expect, it } from "vitest";
import { identityIndexOf, partyLinkedTo } from "../../src/domain/parties/identity-index.js";
import { counterpartyView, snapshotOf, type FraudFlag, type PartyState } from "../../src/domain/parties/party.js";
import {
  assertBuyerCovered,
  assertSupplierMayConfirm,
  enrollSupplier,
  evolveParty,
  linkIdentity,
  partyFromEvents,
  raiseFraudFlag,
  registerParty,
  reinstateParty,
  suspendParty,
  type RegisterPartyCommand,
} from "../../src/domain/parties/party-commands.js";
import type { CommandContext, DomainEvent } from "../../src/domain/shared/events.js";
import { refusal } from "./support/refusal.js";

const NOW = "2026-04-01T08:00:00.000Z";
const staff: CommandContext = { now: NOW, actor: { kind: "staff", partyId: "staff-1" } };
const system: CommandContext = { now: NOW, actor: { kind: "system" } };
const asParty = (partyId: string, kind: "buyer" | "supplier" = "buyer"): CommandContext => ({ now: NOW, actor: { kind, partyId } });

const SUPPLIER_CMD: RegisterPartyCommand = {
  partyId: "sup-1",
  role: "supplier",
  displayName: "Shenzhen Bright Lamps Co.",
  locale: "zh-CN",
  calendar: { country: "CN", timeZone: "Asia/Shanghai" },
  contact: { email: "sales@bright-lamps.example", phone: "+86 755 1234 5678", company: "Bright Lamps" },
};
const BUYER_CMD: RegisterPartyCommand = {
  partyId: "buy-1",
  role: "buyer",
  displayName: "Anna Schmidt",
  locale: "de-DE",
  calendar: { country: "DE", region: "BY", timeZone: "Europe/Berlin" },
  contact: { email: "anna@example.de" },
};

function apply(state: PartyState | undefined, events: readonly DomainEvent[]): PartyState {
  const next = events.reduce(evolveParty, state);
  if (!next) throw new Error("party not registered");
  return next;
}

function registered(cmd: RegisterPartyCommand): PartyState {
  return apply(undefined, registerParty(undefined, cmd, system));
}

function enrolledSupplier(): PartyState {
  const supplier = registered(SUPPLIER_CMD);
  return apply(supplier, enrollSupplier(supplier, staff));
}

describe("parties: registration", () => {
  it("POL-03: a party registers with the calendar its business days are counted in and its language", () => {
    const events = registerParty(undefined, BUYER_CMD, system);
    expect(events).toEqual([
      {
        type: "PartyRegistered",
        stream: { type: "party", id: "buy-1" },
        at: NOW,
        actor: { kind: "system" },
        data: {
          role: "buyer",
          displayName: "Anna Schmidt",
          locale: "de-DE",
          calendar: { country: "DE", region: "BY", timeZone: "Europe/Berlin" },
          contact: { email: "anna@example.de" },
        },
      },
    ]);
    const buyer = apply(undefined, events);
    expect(buyer).toMatchObject({ id: "buy-1", role: "buyer", enrolled: false, suspended: false, identities: [], fraudFlags: [] });
    expect(snapshotOf(buyer)).toEqual({ id: "buy-1", calendar: BUYER_CMD.calendar, locale: "de-DE" });
  });

  it("POL-03: an unknown time zone, country code or language tag is refused, naming the field", () => {
    const badZone = refusal(() => registerParty(undefined, { ...BUYER_CMD, calendar: { country: "DE", timeZone: "Europe/Atlantis" } }, system));
    expect(badZone.code).toBe("COMMAND_INVALID");
    expect(badZone.params).toEqual({ fields: ["calendar.timeZone"] });
    const badCountry = refusal(() => registerParty(undefined, { ...BUYER_CMD, calendar: { country: "Germany", timeZone: "Europe/Berlin" } }, system));
    expect(badCountry.params).toEqual({ fields: ["calendar.country"] });
    const badLocale = refusal(() => registerParty(undefined, { ...BUYER_CMD, locale: "not a locale!" }, system));
    expect(badLocale.params).toEqual({ fields: ["locale"] });
  });

  it("CM-04: invalid contact details are refused at registration", () => {
    const error = refusal(() => registerParty(undefined, { ...BUYER_CMD, contact: { email: "not-an-email" } }, system));
    expect(error.params).toEqual({ fields: ["contact.email"] });
  });

  it("a party is registered once, and only staff or the system create staff accounts", () => {
    const buyer = registered(BUYER_CMD);
    expect(refusal(() => registerParty(buyer, BUYER_CMD, system)).code).toBe("PARTY_ALREADY_REGISTERED");
    const staffCmd: RegisterPartyCommand = { ...BUYER_CMD, partyId: "staff-2", role: "staff", staffLevel: 2 };
    expect(refusal(() => registerParty(undefined, staffCmd, asParty("buy-1"))).code).toBe("STAFF_ONLY");
    expect(registered(staffCmd)).toMatchObject({ role: "staff", staffLevel: 2 });
    expect(refusal(() => registerParty(undefined, { ...BUYER_CMD, staffLevel: 1 }, system)).params).toEqual({ fields: ["staffLevel"] });
  });

  it("events before registration or of other streams leave the party unchanged", () => {
    const buyer = registered(BUYER_CMD);
    const enrolled: DomainEvent = { type: "SupplierEnrolled", stream: { type: "party", id: "buy-1" }, at: NOW, actor: staff.actor, data: {} };
    expect(evolveParty(undefined, enrolled)).toBeUndefined();
    expect(evolveParty(buyer, { ...enrolled, stream: { type: "party", id: "other" } })).toBe(buyer);
    expect(evolveParty(buyer, { ...enrolled, type: "SomethingElse" })).toBe(buyer);
    expect(evolveParty(buyer, registerParty(undefined, BUYER_CMD, system)[0] as DomainEvent)).toBe(buyer);
    expect(partyFromEvents([])).toBeUndefined();
  });
});

describe("parties: enrollment and suspension (TA-01, TA-07, FR-02)", () => {
  it("TA-01: a supplier not enrolled in the program cannot confirm assured orders", () => {
    const supplier = registered(SUPPLIER_CMD);
    const error = refusal(() => assertSupplierMayConfirm(supplier));
    expect(error.code).toBe("SUPPLIER_NOT_ENROLLED");
    expect(error.params).toEqual({ supplierId: "sup-1" });
    expect(() => assertSupplierMayConfirm(enrolledSupplier())).not.toThrow();
  });

  it("TA-01: only staff enroll suppliers; enrolling twice records nothing; buyers are not enrolled", () => {
    const supplier = registered(SUPPLIER_CMD);
    expect(refusal(() => enrollSupplier(supplier, asParty("sup-1", "supplier"))).code).toBe("STAFF_ONLY");
    const enrolled = apply(supplier, enrollSupplier(supplier, staff));
    expect(enrolled.enrolled).toBe(true);
    expect(enrollSupplier(enrolled, staff)).toEqual([]);
    expect(refusal(() => enrollSupplier(registered(BUYER_CMD), staff)).code).toBe("PARTY_NOT_SUPPLIER");
    expect(refusal(() => assertSupplierMayConfirm(registered(BUYER_CMD))).code).toBe("PARTY_NOT_SUPPLIER");
  });

  it("TA-07: staff suspend a supplier, with a reason; a suspended supplier cannot confirm new orders", () => {
    const supplier = enrolledSupplier();
    const events = suspendParty(supplier, { reason: "fraud review #4411" }, staff);
    expect(events.map((e) => [e.type, e.data, e.actor])).toEqual([["PartySuspended", { reason: "fraud review #4411" }, staff.actor]]);
    const suspended = apply(supplier, events);
    expect(suspended).toMatchObject({ suspended: true, suspensionReason: "fraud review #4411" });
    const error = refusal(() => assertSupplierMayConfirm(suspended));
    expect(error.code).toBe("SUPPLIER_SUSPENDED");
    expect(error.params).toEqual({ supplierId: "sup-1" });
  });

  it("TA-07: only staff suspend or reinstate, a reason is required, and reinstating restores confirmation", () => {
    const supplier = enrolledSupplier();
    expect(refusal(() => suspendParty(supplier, { reason: "x" }, asParty("buy-1"))).code).toBe("STAFF_ONLY");
    expect(refusal(() => suspendParty(supplier, { reason: "   " }, staff)).params).toEqual({ fields: ["reason"] });
    expect(refusal(() => reinstateParty(supplier, { reason: "cleared" }, staff)).code).toBe("PARTY_NOT_SUSPENDED");
    const suspended = apply(supplier, suspendParty(supplier, { reason: "fraud review" }, staff));
    expect(refusal(() => suspendParty(suspended, { reason: "again" }, staff)).code).toBe("PARTY_ALREADY_SUSPENDED");
    expect(refusal(() => reinstateParty(suspended, { reason: "cleared" }, asParty("sup-1", "supplier"))).code).toBe("STAFF_ONLY");
    const reinstated = apply(suspended, reinstateParty(suspended, { reason: "review cleared" }, staff));
    expect(reinstated.suspended).toBe(false);
    expect(reinstated).not.toHaveProperty("suspensionReason");
    expect(() => assertSupplierMayConfirm(reinstated)).not.toThrow();
  });

  it("FR-02: a buyer whose coverage staff suspended cannot open assured orders or claims, and is told so", () => {
    const buyer = registered(BUYER_CMD);
    expect(() => assertBuyerCovered(buyer)).not.toThrow();
    const suspended = apply(buyer, suspendParty(buyer, { reason: "fraudulent claims" }, staff));
    const error = refusal(() => assertBuyerCovered(suspended));
    expect(error.code).toBe("BUYER_COVERAGE_SUSPENDED");
    expect(error.params).toEqual({ buyerId: "buy-1" });
    expect(error.i18nKey).toBe("errors:BUYER_COVERAGE_SUSPENDED");
    expect(refusal(() => assertBuyerCovered(enrolledSupplier())).code).toBe("PARTY_NOT_BUYER");
  });

  it("FR-02: staff accounts cannot be suspended through the party suspension", () => {
    const staffMember = registered({ ...BUYER_CMD, partyId: "staff-9", role: "staff" });
    expect(refusal(() => suspendParty(staffMember, { reason: "x" }, staff)).code).toBe("PARTY_NOT_SUSPENDABLE");
  });
});

describe("parties: counterparty view and linked identities (CM-04, CM-05)", () => {
  it("CM-04: both parties see each other's name, user id, contact details, language and time zone", () => {
    const supplier = enrolledSupplier();
    expect(counterpartyView(supplier)).toEqual({
      id: "sup-1",
      role: "supplier",
      displayName: "Shenzhen Bright Lamps Co.",
      contact: { email: "sales@bright-lamps.example", phone: "+86 755 1234 5678", company: "Bright Lamps" },
      locale: "zh-CN",
      timeZone: "Asia/Shanghai",
    });
    const buyer = registered(BUYER_CMD);
    expect(counterpartyView(buyer)).toMatchObject({ id: "buy-1", displayName: "Anna Schmidt", contact: { email: "anna@example.de" } });
  });

  it("CM-04: the counterparty view shows no internal state (suspension, flags, identities)", () => {
    const buyer = registered(BUYER_CMD);
    const suspended = apply(buyer, suspendParty(buyer, { reason: "fraud" }, staff));
    const view = counterpartyView(suspended);
    expect(Object.keys(view).sort()).toEqual(["contact", "displayName", "id", "locale", "role", "timeZone"]);
  });

  it("CM-05: a person reaches the same party from any channel linked to their account", () => {
    let buyer = registered(BUYER_CMD);
    buyer = apply(buyer, linkIdentity(buyer, { channel: "slack", externalUserId: "U024BE7LH" }, asParty("buy-1")));
    buyer = apply(buyer, linkIdentity(buyer, { channel: "teams", externalUserId: "29:1xyz" }, system));
    expect(buyer.identities).toEqual([
      { channel: "slack", externalUserId: "U024BE7LH", linkedAt: NOW },
      { channel: "teams", externalUserId: "29:1xyz", linkedAt: NOW },
    ]);
    const supplier = enrolledSupplier();
    const index = identityIndexOf([buyer, supplier]);
    expect(partyLinkedTo(index, "slack", "U024BE7LH")).toBe("buy-1");
    expect(partyLinkedTo(index, "teams", "29:1xyz")).toBe("buy-1");
    expect(partyLinkedTo(index, "webchat", "U024BE7LH")).toBeUndefined();
  });

  it("CM-05: an identity links to one party only; linking it to the same party again records nothing", () => {
    let buyer = registered(BUYER_CMD);
    buyer = apply(buyer, linkIdentity(buyer, { channel: "slack", externalUserId: "U1" }, system));
    const supplier = enrolledSupplier();
    const alreadyLinkedTo = partyLinkedTo(identityIndexOf([buyer, supplier]), "slack", "U1");
    const error = refusal(() => linkIdentity(supplier, { channel: "slack", externalUserId: "U1", ...(alreadyLinkedTo ? { alreadyLinkedTo } : {}) }, system));
    expect(error.code).toBe("PARTY_IDENTITY_ALREADY_LINKED");
    expect(error.params).toEqual({ channel: "slack" });
    expect(linkIdentity(buyer, { channel: "slack", externalUserId: "U1" }, system)).toEqual([]);
    expect(linkIdentity(buyer, { channel: "slack", externalUserId: "U1", alreadyLinkedTo: "buy-1" }, system)).toEqual([]);
  });

  it("CM-05: a party cannot link an identity to somebody else's account", () => {
    const buyer = registered(BUYER_CMD);
    const error = refusal(() => linkIdentity(buyer, { channel: "slack", externalUserId: "U9" }, asParty("sup-1", "supplier")));
    expect(error.code).toBe("PARTY_IDENTITY_LINK_FORBIDDEN");
  });
});

describe("parties: fraud flags (FR-01)", () => {
  const flag: FraudFlag = {
    signal: "chargeback-after-refund",
    raisedAt: NOW,
    evidence: { orderId: "ord-1", refundedAt: "2026-03-20T10:00:00.000Z", chargebackFiledAt: "2026-03-28T10:00:00.000Z" },
    subjectIds: ["buy-1"],
  };

  it("FR-01: a flag is raised on the party for staff, with its evidence; the same flag twice is recorded once", () => {
    const buyer = registered(BUYER_CMD);
    const events = raiseFraudFlag(buyer, { flag }, system);
    expect(events.map((e) => [e.type, e.data])).toEqual([["FraudFlagRaised", { flag }]]);
    const flagged = apply(buyer, events);
    expect(flagged.fraudFlags).toEqual([flag]);
    expect(flagged.suspended).toBe(false);
    expect(raiseFraudFlag(flagged, { flag }, system)).toEqual([]);
  });

  it("FR-01: a flag is raised only on a party it is about, and not by buyers or suppliers", () => {
    const supplier = enrolledSupplier();
    expect(refusal(() => raiseFraudFlag(supplier, { flag }, system)).code).toBe("FRAUD_FLAG_NOT_ABOUT_PARTY");
    expect(refusal(() => raiseFraudFlag(registered(BUYER_CMD), { flag }, asParty("sup-1", "supplier"))).code).toBe("STAFF_ONLY");
    const malformed = refusal(() => raiseFraudFlag(registered(BUYER_CMD), { flag: { ...flag, raisedAt: "yesterday" } }, system));
    expect(malformed.params).toEqual({ fields: ["flag.raisedAt"] });
  });
});
