/** What the translation adapters log through: a subset of pino's Logger, so a pino logger fits. */
export interface TranslationLogger {
  warn(details: Record<string, unknown>, message: string): void;
}
