/**
 * The scheduler's clockwork: node-cron ticks (every minute by default) start a sweep; a tick that
 * comes while the previous sweep still runs is skipped, not queued. Exactly-once across replicas is
 * the database's job (claimed rows), not node-cron's.
 */
import cron, { type ScheduledTask } from "node-cron";
import type { DeadlineSweeper, SweepReport } from "./deadline-sweeper.js";

export const EVERY_MINUTE = "* * * * *";

export interface DeadlineScheduler {
  /** Runs one sweep now (the tick's job); resolves undefined if a sweep is already running. */
  tick(): Promise<SweepReport | undefined>;
  /** The node-cron task (its `execute()` runs the tick directly). */
  readonly task: ScheduledTask;
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  readonly cronExpression?: string;
  readonly onSweep?: (report: SweepReport) => void;
  readonly onError?: (error: unknown) => void;
}

export function startDeadlineScheduler(sweeper: DeadlineSweeper, options: SchedulerOptions = {}): DeadlineScheduler {
  const cronExpression = options.cronExpression ?? EVERY_MINUTE;
  if (!cron.validate(cronExpression)) throw new Error(`invalid cron expression for the deadline scheduler: "${cronExpression}"`);
  let running: Promise<SweepReport | undefined> | undefined;
  const tick = (): Promise<SweepReport | undefined> => {
    if (running) return Promise.resolve(undefined);
    running = sweeper
      .sweep()
      .then((report) => {
        options.onSweep?.(report);
        return report;
      })
      .catch((error: unknown) => {
        options.onError?.(error);
        return undefined;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const task: ScheduledTask = cron.schedule(cronExpression, () => tick(), {
    name: "deadline-sweeper",
  });
  return {
    tick,
    task,
    async stop() {
      await task.destroy();
      await running;
    },
  };
}
