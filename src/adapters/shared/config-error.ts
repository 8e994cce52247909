/**
 * The one configuration error (README "Configuration"): every invalid or missing variable named,
 * with what is wrong with it, so a newcomer fixes them all in one go. The host's settings, the
 * translator's and each channel's own schema throw it; the composition root exits with status 78.
 */
export interface ConfigProblem {
  readonly variable: string;
  readonly problem: string;
}

export class ConfigError extends Error {
  constructor(
    readonly problems: readonly ConfigProblem[],
    scope = "configuration",
  ) {
    super(`Invalid ${scope}:\n${problems.map((p) => `  ${p.variable}: ${p.problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}
