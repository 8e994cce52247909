/**
 * Staff enrol a supplier and set its limit from the chat (TA-01, TA-02): the supplier's company,
 * contact, country, time zone and language (POL-03: its calendar), its qualification status and last
 * 6 months' volume; the limit is the policy formula's figure unless staff state their own, with a reason.
 * The new supplier's people then link their chat accounts with one-time codes (staff:issueLinkCode).
 */
import { enrolSupplierSpec, setSupplierLimitSpec } from "../../../app/commands/party-commands.js";
import { supplierLedger } from "../../../app/queries/staff-queries.js";
import { suppliersForStaff } from "../../../app/queries/supplier-directory.js";
import { pickedSupplierOf, SUPPLIER_FIELD, supplierField } from "../forms/supplier-picker.js";
import { USE_CASE } from "../../../app/use-cases.js";
import type { EnrolSupplierCommand, SetSupplierLimitCommand } from "../../../domain/parties/enrolment.js";
import { QUALIFICATION_STATUSES } from "../../../domain/policy/policy.js";
import { refuse, type DomainError } from "../../../domain/shared/errors.js";
import { SUPPORTED_CURRENCIES } from "../../../domain/shared/money.js";
import { UI_LANGUAGES } from "../../../domain/shared/language-tags.js";
import type { AnyFormHandler, Payload } from "../flows.js";
import { ValueReader, type FieldErrors, type FieldSpec } from "../forms/form-kit.js";
import { button, say, t } from "../localized.js";
import type { Turn } from "../turn.js";

const text = (name: string, labelKey: string, required = true): FieldSpec => ({ name, label: t(labelKey), type: "text", required });
const currencyField: FieldSpec = {
  name: "currency",
  label: t("parties:staff.field.currency"),
  type: "select",
  required: true,
  options: SUPPORTED_CURRENCIES.map((c) => ({ value: c, label: t("common:form.literal", { value: c }) })),
};
const qualificationField = (required: boolean): FieldSpec => ({
  name: "qualification",
  label: t("parties:staff.field.qualification"),
  type: "select",
  required,
  options: QUALIFICATION_STATUSES.map((q) => ({ value: q, label: t(`parties:staff.qualification.${q}`) })),
});

/** Fields a refusal names (COMMAND_INVALID) back on the form, as "not valid". */
function fieldErrorsOf(error: DomainError, fields: readonly FieldSpec[]): FieldErrors {
  const named = error.params["fields"];
  if (!Array.isArray(named)) return {};
  const known = new Set(fields.map((f) => f.name));
  const field = (path: string): string => (path === "sixMonthVolume" ? "volume" : (path.split(".")[0] ?? path));
  return Object.fromEntries(
    named
      .map((p) => field(String(p)))
      .filter((name) => known.has(name))
      .map((name) => [
        name,
        t(name === "timeZone" || name === "country" || name === "locale" ? `parties:register.invalid.${name}` : "common:form.notAnOption"),
      ]),
  );
}

/** TA-01: staff enrol a supplier; its limit follows from the inputs unless they state one. */
export const enrolSupplierForm: AnyFormHandler = {
  formId: USE_CASE.enrolSupplier,
  title: t("parties:staff.enrol.title"),
  fields: () =>
    [
      text("company", "parties:register.field.company"),
      text("contactName", "parties:register.field.contactName"),
      { name: "email", label: t("parties:register.field.email"), type: "email", required: false },
      { ...text("country", "parties:register.field.country"), hint: t("parties:register.hint.country") },
      { ...text("timeZone", "parties:register.field.timeZone"), hint: t("parties:register.hint.timeZone") },
      {
        name: "locale",
        label: t("parties:register.field.locale"),
        type: "select",
        required: true,
        options: UI_LANGUAGES.map((c) => ({ value: c, label: t(`common:language.${c}`) })),
      },
      qualificationField(true),
      currencyField,
      { name: "volume", label: t("parties:staff.field.sixMonthVolume"), type: "money", required: true },
      { name: "limit", label: t("parties:staff.field.limit"), type: "money", required: false },
      { name: "reason", label: t("parties:staff.field.reason"), type: "textarea", required: false },
    ] satisfies FieldSpec[],
  parse(turn, values) {
    const r = new ValueReader(values);
    const currency = r.choice("currency", SUPPORTED_CURRENCIES);
    const qualification = r.choice("qualification", QUALIFICATION_STATUSES);
    const locale = r.choice("locale", UI_LANGUAGES);
    const company = r.text("company");
    const contactName = r.text("contactName");
    const email = r.text("email", false);
    const country = r.text("country")?.toUpperCase();
    const timeZone = r.text("timeZone");
    const sixMonthVolume = r.money("volume", currency);
    const limit = r.money("limit", currency, false);
    const reason = r.text("reason", limit !== undefined);
    return r.result((): EnrolSupplierCommand => ({
      partyId: turn.app.ids.next("supplier"),
      company: company ?? "",
      contactName: contactName ?? "",
      ...(email ? { email } : {}),
      country: country ?? "",
      timeZone: timeZone ?? "",
      locale: locale ?? "en",
      qualification: qualification ?? "unverified",
      sixMonthVolume: sixMonthVolume ?? { amountMinor: 0, currency: "USD" },
      ...(limit ? { limit } : {}),
      ...(reason ? { reason } : {}),
    }));
  },
  async submit(turn, command: EnrolSupplierCommand) {
    await turn.run(enrolSupplierSpec(turn.actor, command));
    const { balances } = await supplierLedger(turn.app.db, turn.actor, command.partyId);
    return [
      say(
        "parties:staff.enrol.done",
        { company: command.company, partyId: command.partyId, limit: balances.limit },
        {
          tone: "success",
          actions: [button(USE_CASE.issueLinkCode, "common:action.staff.issueLinkCode", { partyId: command.partyId })],
        },
      ),
    ];
  },
  errorsOfRefusal: fieldErrorsOf,
};

const prefilledSupplier = async (_turn: Turn, payload: Payload): Promise<Record<string, string>> =>
  typeof payload["supplierId"] === "string" ? { supplierId: payload["supplierId"] } : {};

/** TA-01 / TA-02: a new limit — staff's own figure, or the formula's for new (or the recorded) inputs — with a reason. */
export const setSupplierLimitForm: AnyFormHandler = {
  formId: USE_CASE.setSupplierLimit,
  title: t("parties:staff.setLimit.title"),
  // CM-06: staff name the supplier by company name (any part of it), never by its internal id.
  fields: async (turn, values) => {
    if (turn.actor.kind !== "staff") refuse("STAFF_ONLY", { action: "set-supplier-limit" });
    return [
      supplierField(await suppliersForStaff(turn.app.db), values[SUPPLIER_FIELD], "conversation:supplier.staffHint"),
      currencyField,
      { name: "limit", label: t("parties:staff.field.limit"), type: "money", required: false },
      qualificationField(false),
      { name: "volume", label: t("parties:staff.field.sixMonthVolume"), type: "money", required: false },
      { name: "reason", label: t("parties:staff.field.reason"), type: "textarea", required: true },
    ] satisfies FieldSpec[];
  },
  initialValues: prefilledSupplier,
  async parse(turn, values) {
    // The picker's answers name suppliers: never computed for anyone but staff.
    if (turn.actor.kind !== "staff") refuse("STAFF_ONLY", { action: "set-supplier-limit" });
    const r = new ValueReader(values);
    const picked = pickedSupplierOf(await suppliersForStaff(turn.app.db), values[SUPPLIER_FIELD]);
    if (!picked.ok) r.fail(SUPPLIER_FIELD, picked.error.key, picked.error.params);
    const supplier = picked.ok ? picked.supplier : undefined;
    const currency = r.choice("currency", SUPPORTED_CURRENCIES);
    const limit = r.money("limit", currency, false);
    const qualification = r.choice("qualification", QUALIFICATION_STATUSES, false);
    const sixMonthVolume = r.money("volume", currency, false);
    const reason = r.text("reason");
    return r.result(() => ({
      supplierId: supplier?.partyId ?? "",
      supplierName: supplier?.displayName ?? "",
      command: {
        reason: reason ?? "",
        ...(limit ? { limit } : {}),
        ...(qualification ? { qualification } : {}),
        ...(sixMonthVolume ? { sixMonthVolume } : {}),
      } as SetSupplierLimitCommand,
    }));
  },
  async submit(turn, value: { supplierId: string; supplierName: string; command: SetSupplierLimitCommand }) {
    await turn.run(setSupplierLimitSpec(turn.actor, value.supplierId, value.command));
    const { balances } = await supplierLedger(turn.app.db, turn.actor, value.supplierId);
    // CM-06: the supplier named by its company name, never its internal id.
    return [say("parties:staff.setLimit.done", { partyId: value.supplierName, limit: balances.limit }, { tone: "success" })];
  },
  errorsOfRefusal: fieldErrorsOf,
};
