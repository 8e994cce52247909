/** The demo order's terms (README "Try it"), shared with the tests' fixtures: pure data, no I/O. */
import { money } from "../../domain/shared/money.js";
import type { OrderTerms } from "../../domain/orders/terms.js";

/** 1 000 bolts at USD 1.25; deposit = protected amount (PO-08). */
export function demoOrderTerms(shippingDate: string): OrderTerms {
  const usd = (minor: number) => money(minor, "USD");
  return {
    lines: [{ description: "Hex bolt M8 × 40, zinc plated", quantity: 1_000, unit: "pcs", unitPrice: usd(125) }],
    currency: "USD",
    total: usd(125_000),
    shippingDate,
    shippingAddress: { line1: "100 Main St", city: "Columbus", region: "OH", postalCode: "43004", country: "US" },
    incoterm: "FOB",
    protectedAmount: usd(37_500),
    deposit: usd(37_500),
    balance: usd(87_500),
    coverageType: "post-delivery",
    qualityAssured: true,
    qualityRequirements: [{ attribute: "length", target: "40 mm", tolerance: "±0.5 mm", method: "caliper, ISO 2859-1 sample" }],
    paymentMethod: "tt",
    category: "hardware",
  } as OrderTerms;
}
