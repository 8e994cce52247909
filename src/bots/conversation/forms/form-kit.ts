/**
 * Guided forms: each form declares its fields and how the typed values become a command. A form that
 * does not parse comes back with every value typed and an error on each field that was wrong; the
 * engine then asks for the first wrong field again (free text answers it). Nothing typed is lost.
 */
import { isDomainError } from "../../../domain/shared/errors.js";
import { money, parseMoney, type Money } from "../../../domain/shared/money.js";
import { isValidLocalDate } from "../../../domain/shared/time.js";
import { t } from "../localized.js";
import type { Form, FormField, LocalizedText, UploadedFile } from "../messages.js";

export type FormValues = Readonly<Record<string, string>>;
export type FieldErrors = Readonly<Record<string, LocalizedText>>;

/** A field as a form declares it: the neutral FormField without what the user typed or got wrong. */
export type FieldSpec = Omit<FormField, "value" | "error">;

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: FieldErrors };

/** Builds the neutral form with the values typed so far and the errors found in them. */
export function renderForm(
  formId: string,
  title: LocalizedText,
  fields: readonly FieldSpec[],
  values: FormValues,
  errors: FieldErrors,
  payload: Readonly<Record<string, string | number | boolean>>,
): Form {
  const rendered: FormField[] = fields.map((f) => ({
    ...f,
    ...(values[f.name] !== undefined && values[f.name] !== "" ? { value: values[f.name] } : {}),
    ...(errors[f.name] ? { error: errors[f.name] } : {}),
  }));
  return {
    formId,
    title,
    fields: rendered,
    submit: { actionId: formId, label: t("common:submit"), payload, style: "primary" },
    cancel: { actionId: "common.cancelFlow", label: t("common:cancel") },
  };
}

/** PO-09: the largest amount integer minor units hold exactly in this currency. */
export function largestAmount(currency: string): Money {
  return money(Number.MAX_SAFE_INTEGER, currency);
}

/** Reads typed values field by field, collecting an error per wrong field. */
export class ValueReader {
  readonly #errors: Record<string, LocalizedText> = {};

  constructor(readonly values: FormValues) {}

  get errors(): FieldErrors {
    return this.#errors;
  }

  fail(name: string, key: string, params?: LocalizedText["params"]): undefined {
    this.#errors[name] ??= t(key, params);
    return undefined;
  }

  has(name: string): boolean {
    return (this.values[name] ?? "").trim() !== "";
  }

  /**
   * Trimmed text; with `maxChars` (the command schema's own limit, e.g. `schema.shape.description.maxLength`),
   * a longer text is refused here naming the limit in characters (issue 16: human units, never a bare "not valid").
   */
  text(name: string, required = true, maxChars?: number | null): string | undefined {
    const value = (this.values[name] ?? "").trim();
    if (value === "") return required ? this.fail(name, "common:form.required") : undefined;
    // Counted as the domain's zod schema counts (UTF-16 units), so the form and the command agree.
    if (typeof maxChars === "number" && value.length > maxChars) return this.fail(name, "common:form.tooLong", { max: maxChars, length: value.length });
    return value;
  }

  /** One reason per line; with `maxChars`, each line within it. */
  lines(name: string, required = true, maxChars?: number | null): string[] | undefined {
    const lines = this.text(name, required)
      ?.split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== "");
    const longest = Math.max(0, ...(lines ?? []).map((l) => l.length));
    if (typeof maxChars === "number" && longest > maxChars) return this.fail(name, "common:form.tooLong", { max: maxChars, length: longest });
    return lines;
  }

  /** A whole number, at least `min` when given (a quantity of products: 1). */
  integer(name: string, required = true, min?: number): number | undefined {
    const text = this.text(name, required);
    if (text === undefined) return undefined;
    const n = Number(text.replace(/[\s,_]/g, ""));
    if (!/^[+-]?\d+$/.test(text.replace(/[\s,_]/g, "")) || !Number.isSafeInteger(n)) return this.fail(name, "common:form.notWholeNumber");
    return min !== undefined && n < min ? this.fail(name, "common:form.wholeNumberAtLeast", { min }) : n;
  }

  /**
   * An amount in the currency: never below zero (no form takes a negative amount), above zero when
   * `positive`, and within what the platform can hold — each refusal names the limit in the currency.
   */
  money(name: string, currency: string | undefined, required = true, positive = false): Money | undefined {
    const text = this.text(name, required);
    if (text === undefined) return undefined;
    if (!currency) return this.fail(name, "common:form.currencyFirst");
    const plain = text.replace(/[\s_]/g, "").replace(/,(?=\d{3}\b)/g, "");
    if (/^-?\d{16,}(?:[.,]\d*)?$/.test(plain)) return this.fail(name, "common:form.amountTooLarge", { max: largestAmount(currency) });
    try {
      const amount = parseMoney(plain, currency);
      if (amount.amountMinor < 0) return this.fail(name, "common:form.notNegative");
      if (positive && amount.amountMinor === 0) return this.fail(name, "common:form.notPositive");
      return amount;
    } catch (error) {
      if (isDomainError(error) && error.code === "MONEY_NOT_INTEGER") return this.fail(name, "common:form.amountTooLarge", { max: largestAmount(currency) });
      if (isDomainError(error)) return this.fail(name, error.i18nKey, error.params);
      throw error;
    }
  }

  date(name: string, required = true): string | undefined {
    const text = this.text(name, required);
    if (text === undefined) return undefined;
    return isValidLocalDate(text) ? text : this.fail(name, "common:form.notExactDate");
  }

  choice<T extends string>(name: string, allowed: readonly T[], required = true): T | undefined {
    const text = this.text(name, required);
    if (text === undefined) return undefined;
    const found = allowed.find((a) => a.toLowerCase() === text.toLowerCase());
    return found ?? this.fail(name, "common:form.notAnOption");
  }

  boolean(name: string, required = true): boolean | undefined {
    const text = this.text(name, required);
    if (text === undefined) return undefined;
    if (/^(true|yes|y|1|on)$/i.test(text)) return true;
    if (/^(false|no|n|0|off)$/i.test(text)) return false;
    return this.fail(name, "common:form.notYesNo");
  }

  result<T>(value: () => T): Parsed<T> {
    return Object.keys(this.#errors).length > 0 ? { ok: false, errors: this.#errors } : { ok: true, value: value() };
  }
}

/** CL-11: the category an uploaded file is filed under. */
export function evidenceCategoryOf(file: UploadedFile): "photo" | "other" {
  return file.mediaType.toLowerCase().startsWith("image/") ? "photo" : "other";
}
