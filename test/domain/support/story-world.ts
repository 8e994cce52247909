/**
 * An in-memory world for whole-story tests: the order, the supplier's ledger and the claim, moved by
 * use cases, and a clock that, when advanced, fires every deadline the states derive — reminders
 * and default outcomes, in due order — exactly as the scheduler does against the database.
 */
import { deadlinesOfClaim } from "../../../src/domain/claims/claim-deadlines.js";
import { applyToClaim, claimFrom, type ClaimState } from "../../../src/domain/claims/claim-state.js";
import { deadlinePassed } from "../../../src/domain/claims/use-cases/deadline-passed.js";
import type { Deadline } from "../../../src/domain/deadlines/deadline.js";
import { evolveLedger, ledgerBalances, type LedgerState } from "../../../src/domain/ledger/ledger.js";
import { replayOrder } from "../../../src/domain/orders/evolve-order.js";
import { deadlinesOfOrder } from "../../../src/domain/orders/order-deadlines.js";
import type { OrderState } from "../../../src/domain/orders/order-state.js";
import { orderDeadlinePassed } from "../../../src/domain/orders/use-cases/order-deadline-passed.js";
import { SYSTEM, type CommandContext, type DomainEvent } from "../../../src/domain/shared/events.js";
import { instantMs } from "../../../src/domain/shared/time.js";
import type { OrderAndLedger } from "../orders-fixtures.js";

export interface Fired {
  readonly deadline: Deadline;
  readonly at: string;
  readonly what: "reminder" | "outcome";
  readonly events: readonly string[];
}

export class StoryWorld {
  order: OrderState;
  ledger: LedgerState;
  claim: ClaimState | undefined;
  now: string;
  readonly log: Fired[] = [];
  readonly events: DomainEvent[] = [];
  #sentReminders = new Set<string>();

  constructor(given: OrderAndLedger, now: string) {
    this.order = given.order;
    this.ledger = given.ledger;
    this.now = now;
  }

  /** Runs a use case at the world's time and applies its events to every stream they belong to. */
  act(run: (now: string) => readonly DomainEvent[]): readonly DomainEvent[] {
    const events = run(this.now);
    this.apply(events);
    return events;
  }

  at(instant: string): this {
    this.advanceTo(instant);
    return this;
  }

  apply(events: readonly DomainEvent[]): void {
    this.events.push(...events);
    const next = replayOrder(events, this.order);
    if (next) this.order = next;
    this.ledger = events.reduce(evolveLedger, this.ledger);
    const claimEvents = events.filter((e) => e.stream.type === "claim");
    if (claimEvents.length > 0) this.claim = this.claim ? applyToClaim(this.claim, claimEvents) : claimFrom(claimEvents);
  }

  deadlines(): Deadline[] {
    return [...deadlinesOfOrder(this.order), ...(this.claim ? deadlinesOfClaim(this.claim) : [])];
  }

  balances() {
    return ledgerBalances(this.ledger);
  }

  /** Moves the clock forward, firing reminders and default outcomes that fall due on the way. */
  advanceTo(target: string): void {
    if (instantMs(target) < instantMs(this.now)) throw new Error(`time runs forward: ${target} < ${this.now}`);
    for (;;) {
      const next = this.#nextDue(target);
      if (!next) break;
      this.now = next.at;
      if (next.what === "reminder") {
        this.#sentReminders.add(`${next.deadline.id}@${next.at}`);
        this.log.push({ ...next, events: [] });
        continue;
      }
      const events = this.#fire(next.deadline);
      this.apply(events);
      this.log.push({ ...next, events: events.map((e) => e.type) });
      if (events.length === 0) throw new Error(`deadline ${next.deadline.id} fired without effect: it would fire forever`);
    }
    this.now = target;
  }

  #nextDue(target: string): { deadline: Deadline; at: string; what: "reminder" | "outcome" } | undefined {
    const candidates = this.deadlines().flatMap((deadline) => [
      ...deadline.reminders.filter((r) => !this.#sentReminders.has(`${deadline.id}@${r}`)).map((at) => ({ deadline, at, what: "reminder" as const })),
      { deadline, at: deadline.dueAt, what: "outcome" as const },
    ]);
    return candidates
      .filter((c) => instantMs(c.at) <= instantMs(target) && (c.what === "outcome" || instantMs(c.at) >= instantMs(this.now)))
      .sort((a, b) => instantMs(a.at) - instantMs(b.at))[0];
  }

  #fire(deadline: Deadline): DomainEvent[] {
    const ctx: CommandContext = { now: this.now, actor: SYSTEM };
    if (deadline.subject.type === "order") {
      return orderDeadlinePassed({ order: this.order, ledger: this.ledger }, { type: "DeadlinePassed", deadlineId: deadline.id }, ctx);
    }
    if (!this.claim) throw new Error(`claim deadline ${deadline.id} without a claim`);
    return deadlinePassed(this.claim, this.order, this.ledger, { deadlineId: deadline.id }, ctx);
  }
}
