/**
 * CM-03: every i18n key a notification can carry exists in the English locale files (the other
 * languages are held to English by test/i18n). Keys are read from the notification sources, and the
 * keys built from a value are expanded over every value the domain allows.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLAIM_DEADLINE } from "../../src/domain/claims/claim-deadlines.js";
import { CLAIM_TYPES, DETERMINATION_OUTCOMES, RETURN_EXEMPTIONS, type CloseReason } from "../../src/domain/claims/claim-types.js";
import type { PageReason } from "../../src/domain/claims/paging.js";
import { PAYMENT_METHODS } from "../../src/domain/orders/terms.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SOURCES = path.join(ROOT, "src/domain/notifications");

type Tree = { readonly [key: string]: string | Tree };

function english(namespace: string): Tree {
  return JSON.parse(readFileSync(path.join(ROOT, "locales/en", `${namespace}.json`), "utf8")) as Tree;
}

function lookup(tree: Tree, keyPath: string): string | Tree | undefined {
  return keyPath.split(".").reduce<string | Tree | undefined>((node, part) => (typeof node === "object" ? node[part] : undefined), tree);
}

/** A key resolves to a string, or (plural) to its `_one` and `_other` forms. */
function resolves(key: string): boolean {
  const [namespace, keyPath] = key.split(":") as [string, string];
  const tree = english(namespace);
  return (
    typeof lookup(tree, keyPath) === "string" || (typeof lookup(tree, `${keyPath}_one`) === "string" && typeof lookup(tree, `${keyPath}_other`) === "string")
  );
}

const CLOSE_REASONS: readonly CloseReason[] = ["resolved-by-agreement", "settled", "chargeback", "evidence-not-provided"];
const PAGE_REASONS: readonly PageReason[] = ["escalated", "determination-overdue"];
const PROPOSAL_KINDS = ["full-refund", "partial-refund", "rework-replacement", "reship", "return-and-refund"];

const BUILT_KEYS: readonly string[] = [
  ...DETERMINATION_OUTCOMES.map((o) => `claim:notify.outcome.${o}`),
  ...["upheld", "overturned"].map((o) => `claim:notify.appeal.${o}`),
  ...CLOSE_REASONS.map((r) => `claim:notify.closed.${r}`),
  ...Object.values(CLAIM_DEADLINE).flatMap((k) => [`claim:notify.reminder.${k}`, `claim:notify.window.${k}`]),
  "order:notify.reminder.claim-window",
  ...PROPOSAL_KINDS.map((k) => `claim:proposal.${k}`),
  ...CLAIM_TYPES.map((t) => `claim:type.${t}`),
  ...["buyer", "supplier", "staff"].map((k) => `common:notify.messageFrom.${k}`),
  ...PAYMENT_METHODS.map((m) => `order:paymentMethod.${m}`),
  ...PAGE_REASONS.map((r) => `staff:notify.page.${r}`),
  ...RETURN_EXEMPTIONS.map((x) => `conversation:notify.returnWaived.${x}`),
  "staff:deliveryFailed",
  "staff:notify.fact.reason",
];

function literalKeys(): string[] {
  const keys = readdirSync(SOURCES)
    .filter((file) => file.endsWith(".ts"))
    .flatMap((file) =>
      [...readFileSync(path.join(SOURCES, file), "utf8").matchAll(/"((?:order|claim|staff|common|conversation):[A-Za-z0-9_.-]+)"/g)].map((m) => m[1] as string),
    );
  return [...new Set(keys)];
}

describe("notification keys", () => {
  it("CM-03: every key a notification uses is in the English locale files", () => {
    const keys = [...literalKeys(), ...BUILT_KEYS];
    expect(keys.length).toBeGreaterThan(60);
    expect(keys.filter((key) => !resolves(key))).toEqual([]);
  });
});
