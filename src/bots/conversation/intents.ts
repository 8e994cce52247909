/**
 * CM-06: outside a case thread, what a person types is for the bot. This small matcher reads a typed
 * line as one of a few intents — help, my orders and cases, what can I do now, a new order, leave the
 * thread, or an order or claim reference (PO-…, CL-…) — in the reader's language and in English
 * (people mix them). Anything else is `unknown`: the engine answers with a short help and buttons and
 * never forwards it to anyone.
 *
 * The phrases live in the locale files (`conversation:intent.<name>`, "|"-separated) so translators
 * keep them with the rest of each language. Matching is pure and forgiving: case, accents, Arabic
 * diacritics and letter variants, full-width forms and punctuation are ignored; a phrase matches as
 * whole words (as a substring in Chinese, which has no spaces).
 */

/** Intents named by phrases, in the order they are tried (the more specific first). */
export const PHRASE_INTENTS = ["newOrder", "myItems", "whatNow", "help"] as const;
export type PhraseIntent = (typeof PHRASE_INTENTS)[number] | "leaveThread";

export type Intent =
  { readonly kind: PhraseIntent } | { readonly kind: "reference"; readonly type: "order" | "claim"; readonly id: string } | { readonly kind: "unknown" };

/** The phrases of one language, by intent. */
export type IntentVocabulary = Readonly<Record<PhraseIntent, readonly string[]>>;

const ALL_INTENTS: readonly PhraseIntent[] = [...PHRASE_INTENTS, "leaveThread"];

/** The locale key holding an intent's phrases. */
export function intentKey(intent: PhraseIntent): string {
  return `conversation:intent.${intent}`;
}

/** A vocabulary from the "|"-separated phrase lists of a language (`phrasesOf(key)` reads one). */
export function vocabularyFrom(phrasesOf: (key: string) => string): IntentVocabulary {
  return Object.fromEntries(
    ALL_INTENTS.map((intent) => [
      intent,
      phrasesOf(intentKey(intent))
        .split("|")
        .map(normalize)
        .filter((p) => p.length > 0),
    ]),
  ) as unknown as IntentVocabulary;
}

const ARABIC_LETTER_VARIANTS: Readonly<Record<string, string>> = { أ: "ا", إ: "ا", آ: "ا", ٱ: "ا", ى: "ي", ة: "ه", ؤ: "و", ئ: "ي" };

/** Lower case, without accents or Arabic diacritics, punctuation as spaces, single spaces. */
export function normalize(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/\u0640/g, "") // Arabic tatweel
    .replace(/[أإآٱىةؤئ]/g, (c) => ARABIC_LETTER_VARIANTS[c] ?? c)
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const HAN = /\p{Script=Han}/u;

function contains(text: string, phrase: string): boolean {
  if (HAN.test(phrase)) return text.includes(phrase);
  return ` ${text} `.includes(` ${phrase} `);
}

/** An order or claim reference anywhere in the line: PO-DEMO-1, cl-7f3a9b2c. */
const REFERENCE = /(?<![\p{L}\p{N}])(PO|CL)-([A-Z0-9]+(?:-[A-Z0-9]+)*)(?![\p{L}\p{N}])/iu;

export function matchIntent(text: string, vocabularies: readonly IntentVocabulary[]): Intent {
  const reference = REFERENCE.exec(text.normalize("NFKC"));
  if (reference) {
    const prefix = (reference[1] ?? "").toUpperCase();
    return { kind: "reference", type: prefix === "PO" ? "order" : "claim", id: `${prefix}-${(reference[2] ?? "").toUpperCase()}` };
  }
  const line = normalize(text);
  // A bare question mark asks for help in every language.
  if (line.length === 0) return /[?？؟]/.test(text) ? { kind: "help" } : { kind: "unknown" };
  // Leaving is a whole-line command only ("leave", "退出"): inside a thread any other line is a message.
  if (vocabularies.some((v) => v.leaveThread.includes(line))) return { kind: "leaveThread" };
  for (const intent of PHRASE_INTENTS) {
    if (vocabularies.some((v) => v[intent].some((phrase) => contains(line, phrase)))) return { kind: intent };
  }
  return { kind: "unknown" };
}
