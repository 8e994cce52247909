/**
 * PO-02 / PO-04 / PO-06 / PO-07: the terms of a purchase order, validated by zod. Every problem is
 * reported with the path of the term (e.g. `lines.0.quantity`) so a channel can name it back to the
 * user in their language; nothing is confirmed while any term is missing or invalid.
 */
import { z } from "zod";
import { isValidLocalDate } from "../shared/time.js";
import { currencySchema, moneySchema } from "../shared/money.js";

export const INCOTERMS = ["EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF"] as const;
export type Incoterm = (typeof INCOTERMS)[number];

export const COVERAGE_TYPES = ["pre-shipment", "post-delivery"] as const;
export type CoverageType = (typeof COVERAGE_TYPES)[number];

/** PO-07: methods paid through the platform to the designated account. */
export const PAYMENT_METHODS = ["card", "tt", "western-union", "pay-later"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** PO-06: categories that cannot be assured. */
export const EXCLUDED_CATEGORIES = [
  "vehicles",
  "real-estate",
  "websites-and-businesses-for-sale",
  "classified-ads",
  "services",
  "listed-business-equipment",
] as const;

export const localDateSchema = z.string().refine(isValidLocalDate, "must be an exact date (YYYY-MM-DD), never a month");

export const productLineSchema = z.object({
  sku: z.string().min(1).max(64).optional(),
  description: z.string().trim().min(1).max(500),
  quantity: z.number().int().positive(),
  unit: z.string().trim().min(1).max(32),
  unitPrice: moneySchema,
});
export type ProductLine = z.infer<typeof productLineSchema>;

export const addressSchema = z.object({
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).optional(),
  city: z.string().trim().min(1).max(100),
  region: z.string().trim().max(100).optional(),
  postalCode: z.string().trim().max(20).optional(),
  country: z.string().regex(/^[A-Z]{2}$/, "country must be an ISO 3166-1 alpha-2 code"),
});
export type Address = z.infer<typeof addressSchema>;

/** PO-04: attribute, target, tolerance and how it is checked. */
export const qualityRequirementSchema = z.object({
  attribute: z.string().trim().min(1).max(200),
  target: z.string().trim().min(1).max(200),
  tolerance: z.string().trim().max(200).optional(),
  method: z.string().trim().min(1).max(300),
});
export type QualityRequirement = z.infer<typeof qualityRequirementSchema>;

export const orderTermsSchema = z.object({
  lines: z.array(productLineSchema).min(1),
  currency: currencySchema,
  total: moneySchema,
  shippingDate: localDateSchema,
  shippingAddress: addressSchema,
  incoterm: z.enum(INCOTERMS),
  protectedAmount: moneySchema,
  deposit: moneySchema,
  balance: moneySchema,
  coverageType: z.enum(COVERAGE_TYPES),
  qualityAssured: z.boolean(),
  qualityRequirements: z.array(qualityRequirementSchema),
  paymentMethod: z.enum(PAYMENT_METHODS),
  /** Product category slug; PO-06 excluded categories are refused. */
  category: z.string().trim().min(1).max(100),
});
export type OrderTerms = z.infer<typeof orderTermsSchema>;

/** Terms as the buyer requests or a party proposes them: any subset, completed in later drafts. */
export const partialOrderTermsSchema = orderTermsSchema.partial();
export type PartialOrderTerms = z.infer<typeof partialOrderTermsSchema>;
