/**
 * The application layer's handle on the outside world: the database, the command runner (one command =
 * one transaction), the clock and the source of new ids. Every use case in `commands/` builds a
 * CommandSpec; `runCommand` is the one place a spec is executed, so the outbox notifications of every
 * command are attached in one line (`notificationsOf`, owned by the delivery adapter).
 */
import type { Clock } from "../adapters/clock/clock.js";
import type { Database } from "../adapters/db/database.js";
import type { Tx } from "../adapters/db/transaction.js";
import type { CommandOutcome, CommandRunner, CommandSpec } from "../adapters/db/unit-of-work.js";
import { notificationsOf } from "../adapters/delivery/notifications.js";
import { pagingOutboxOf } from "../adapters/paging/index.js";
import type { IdGenerator } from "./ids.js";

export interface App {
  readonly db: Database;
  readonly runner: CommandRunner;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export interface RunOptions {
  /** More work in the command's transaction (e.g. the inbound-dedupe mark of the chat event that caused it). */
  readonly alsoInTransaction?: (tx: Tx, outcome: CommandOutcome) => Promise<void>;
}

/**
 * Runs one command in its own transaction. The outbox notifications of every command — those its spec
 * adds and those the domain derives from its events (`notificationsOf`, the delivery adapter) — are
 * written in the same transaction.
 */
export function runCommand(app: App, spec: CommandSpec, options: RunOptions = {}): Promise<CommandOutcome> {
  const also = options.alsoInTransaction;
  const withNotifications: CommandSpec = {
    ...spec,
    // DT-01: PagerDuty and the staff channel hear of every page round, acknowledgement and decision through the outbox too.
    notifications: (outcome) => [...(spec.notifications?.(outcome) ?? []), ...notificationsOf(outcome), ...pagingOutboxOf(outcome)],
  };
  if (!also) return app.runner.execute(withNotifications);
  return app.runner.execute({
    ...withNotifications,
    alsoInTransaction: async (tx, outcome) => {
      await spec.alsoInTransaction?.(tx, outcome);
      await also(tx, outcome);
    },
  });
}
