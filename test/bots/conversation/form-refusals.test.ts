/**
 * Issue 16 (CM-03): a form the domain refuses as COMMAND_INVALID names the wrong fields by their labels
 * in the reader's language — never the command's paths ("reasons.0", "limit.currency") — in all eight
 * UI languages, and a text over a command's length limit is refused with the limit in characters.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { invalidFieldErrors, invalidFieldsRefusal, type AnyFormHandler } from "../../../src/bots/conversation/flows.js";
import { ValueReader, type FieldSpec } from "../../../src/bots/conversation/forms/form-kit.js";
import { appealForm, fileClaimForm, recordRefundForm } from "../../../src/bots/conversation/handlers/claim-handlers.js";
import { enrolSupplierForm } from "../../../src/bots/conversation/handlers/enrolment-handlers.js";
import { cancelOrderForm, recordShipmentForm } from "../../../src/bots/conversation/handlers/order-handlers.js";
import { requestEvidenceForm } from "../../../src/bots/conversation/handlers/staff-handlers.js";
import { createTranslator } from "../../../src/bots/conversation/i18n/i18n.js";
import { SUPPORTED_LANGUAGES } from "../../../src/bots/conversation/i18n/languages.js";
import { refusal } from "../../../src/bots/conversation/localized.js";
import { DomainError } from "../../../src/domain/shared/errors.js";
import { renderPlain } from "../../support/harness/render-plain.js";

const translator = createTranslator();
const readers = SUPPORTED_LANGUAGES.map((locale) => ({ locale, timeZone: "UTC" }));

/** Forms whose fields do not depend on a case (claim filing, responses, staff forms, enrolment…). */
const FORMS: readonly AnyFormHandler[] = [
  fileClaimForm,
  appealForm,
  recordRefundForm,
  enrolSupplierForm,
  cancelOrderForm,
  recordShipmentForm,
  requestEvidenceForm,
];
const fieldsOf = async (form: AnyFormHandler): Promise<readonly FieldSpec[]> => form.fields(undefined as never, {}, {});

describe("COMMAND_INVALID on a form (issue 16)", () => {
  it("CM-03: every refusal names the wrong fields by their labels, in all eight languages, and never a command path", async () => {
    const forms = await Promise.all(FORMS.map(async (form) => ({ formId: form.formId, fields: await fieldsOf(form) })));
    const path = (names: readonly string[]) =>
      fc.oneof(
        fc.constantFrom(...names),
        fc.tuple(fc.constantFrom(...names), fc.oneof(fc.nat(20).map(String), fc.constantFrom("currency", "amountMinor"))).map(([n, s]) => `${n}.${s}`),
        fc.stringMatching(/^zq[A-Za-z]{3,8}(\.[0-9])?$/),
      );
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...forms)
          .chain((form) => fc.tuple(fc.constant(form), fc.uniqueArray(path(form.fields.map((f) => f.name)), { minLength: 1, maxLength: 5 }))),
        fc.constantFrom(...readers),
        async ([form, paths], reader) => {
          const errors = invalidFieldErrors(new DomainError("COMMAND_INVALID", { fields: paths }), form.fields);
          const text = renderPlain(translator, reader, invalidFieldsRefusal(form.fields, errors));
          const named = form.fields.filter((f) => paths.some((p) => p === f.name || p.startsWith(`${f.name}.`)));
          expect(Object.keys(errors).sort()).toEqual(named.map((f) => f.name).sort());
          for (const f of named) expect(text).toContain(renderPlain(translator, reader, { text: f.label }));
          for (const p of paths.filter((p) => p.includes(".") || p.startsWith("zq"))) expect(text).not.toContain(p);
          expect(text).not.toMatch(/common:|errors:|\{\{/);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("CM-03: without a form to name them by, COMMAND_INVALID says plainly that something was not accepted, in every language", () => {
    const error = new DomainError("COMMAND_INVALID", { fields: ["reasons.0", "limit.currency"] });
    for (const reader of readers) {
      const text = renderPlain(translator, reader, refusal(error));
      expect(text).not.toMatch(/reasons|limit|currency|common:|errors:/);
      expect(text).toBe(`⚠ ${translator.t(reader.locale, "common:form.invalidUnnamed")}`);
    }
  });

  it("CM-03: a text over the command's limit is refused with the limit in characters, in every language", () => {
    const r = new ValueReader({ description: "x".repeat(4001), reasons: `short\n${"y".repeat(2001)}` });
    r.text("description", true, 4000);
    r.lines("reasons", true, 2000);
    for (const reader of readers) {
      const description = renderPlain(translator, reader, { text: r.errors["description"] ?? { key: "missing" } });
      const reasons = renderPlain(translator, reader, { text: r.errors["reasons"] ?? { key: "missing" } });
      expect(description).toMatch(/4[,.\s\u00a0\u202f]?000/);
      expect(description).toMatch(/4[,.\s\u00a0\u202f]?001/);
      expect(reasons).toMatch(/2[,.\s\u00a0\u202f]?000/);
      expect(description).not.toMatch(/bytes|common:|\{\{/);
    }
  });
});
