/**
 * Joining from any channel (issue 11, FR-02): a person whose chat account is not linked may register
 * their company as a buyer — company, contact, e-mail, country, time zone and language, the last three
 * prefilled from what the channel reports (its locale and time zone) — instead of typing a link code.
 * The account is linked to the new buyer in the same transaction (CM-05). Suppliers are enrolled by
 * staff (TA-01), never here.
 */
import type { App } from "../../../app/app.js";
import { registerBuyerFromChannelSpec } from "../../../app/commands/party-commands.js";
import { partyIdLinkedTo } from "../../../app/identity/resolve-party.js";
import { runCommand } from "../../../app/app.js";
import { USE_CASE } from "../../../app/use-cases.js";
import { countryOfTimeZone, isIanaTimeZone } from "../../../domain/calendar/business-calendar.js";
import type { BusinessProfile } from "../../../domain/parties/enrolment.js";
import { isDomainError } from "../../../domain/shared/errors.js";
import { canonicalLanguage, isUiLanguageTag, UI_LANGUAGES } from "../../../domain/shared/language-tags.js";
import { renderForm, type FieldErrors, type FieldSpec, type FormValues } from "../forms/form-kit.js";
import { button, refusal, say, t } from "../localized.js";
import type { Inbound, OutboundMessage } from "../messages.js";

/** A form an unlinked chat account may use (engine.ts offers these beside linking). */
export interface UnlinkedForm {
  readonly formId: string;
  /** What is offered to an unlinked account, with a button that opens the form. */
  invitation(): OutboundMessage;
  /** The form, prefilled from the channel. */
  open(inbound: Inbound): OutboundMessage;
  submit(app: App, inbound: Inbound, values: FormValues): Promise<OutboundMessage[]>;
}

const FIELDS = ["company", "contactName", "email", "country", "timeZone", "locale"] as const;

function fields(): FieldSpec[] {
  const text = (name: (typeof FIELDS)[number], required: boolean, hint?: string): FieldSpec => ({
    name,
    label: t(`parties:register.field.${name}`),
    type: "text",
    required,
    ...(hint ? { hint: t(hint) } : {}),
  });
  return [
    text("company", true),
    text("contactName", true),
    text("email", false),
    text("country", true, "parties:register.hint.country"),
    text("timeZone", true, "parties:register.hint.timeZone"),
    {
      name: "locale",
      label: t("parties:register.field.locale"),
      type: "select",
      required: true,
      options: UI_LANGUAGES.map((code) => ({ value: code, label: t(`common:language.${code}`) })),
    },
  ];
}

/** The channel's own data as defaults: its time zone (and that zone's country), its language. */
export function registrationDefaults(inbound: Pick<Inbound, "locale" | "timeZone">): FormValues {
  const timeZone = inbound.timeZone && isIanaTimeZone(inbound.timeZone) ? inbound.timeZone : undefined;
  const country = timeZone ? countryOfTimeZone(timeZone) : undefined;
  const locale = inbound.locale && isUiLanguageTag(inbound.locale) ? canonicalLanguage(inbound.locale) : undefined;
  return { ...(timeZone ? { timeZone } : {}), ...(country ? { country } : {}), ...(locale ? { locale } : {}) };
}

function formMessage(values: FormValues, errors: FieldErrors): OutboundMessage {
  return { form: renderForm(USE_CASE.registerBuyer, t("parties:register.title"), fields(), values, errors, {}) };
}

function trimmed(values: FormValues, name: string): string | undefined {
  const value = values[name]?.trim();
  return value ? value : undefined;
}

export const registerBuyerForm: UnlinkedForm = {
  formId: USE_CASE.registerBuyer,
  invitation: () => say("parties:register.offer", undefined, { actions: [button(USE_CASE.registerBuyer, "parties:register.button")] }),
  open: (inbound) => formMessage(registrationDefaults(inbound), {}),
  async submit(app, inbound, submitted) {
    const values: FormValues = { ...registrationDefaults(inbound), ...submitted };
    const missing = fields().filter((f) => f.required && trimmed(values, f.name) === undefined);
    if (missing.length > 0) {
      return [formMessage(values, Object.fromEntries(missing.map((f) => [f.name, t("common:form.required")])))];
    }
    const email = trimmed(values, "email");
    const profile: BusinessProfile = {
      partyId: app.ids.next("buyer"),
      company: trimmed(values, "company") ?? "",
      contactName: trimmed(values, "contactName") ?? "",
      ...(email ? { email } : {}),
      country: (trimmed(values, "country") ?? "").toUpperCase(),
      timeZone: trimmed(values, "timeZone") ?? "",
      locale: trimmed(values, "locale") ?? "",
    };
    const account = { channel: inbound.channel, externalUserId: inbound.externalUserId };
    try {
      await runCommand(app, registerBuyerFromChannelSpec(profile, account, await partyIdLinkedTo(app.db, account.channel, account.externalUserId)));
    } catch (error) {
      if (!isDomainError(error)) throw error;
      const named = error.params["fields"];
      const wrong = Array.isArray(named) ? named.map(String).filter((f): f is (typeof FIELDS)[number] => (FIELDS as readonly string[]).includes(f)) : [];
      if (wrong.length === 0) return [refusal(error), formMessage(values, {})];
      return [formMessage(values, Object.fromEntries(wrong.map((f) => [f, t(`parties:register.invalid.${f}`)])))];
    }
    return [say("parties:register.done", { company: profile.company }, { tone: "success", actions: [button(USE_CASE.whatNow, "common:whatCanIDoNow")] })];
  },
};
