/**
 * One inbound being handled: who speaks (the resolved party), in which language, the conversation's
 * state, and `run` — the one way a handler executes a command, which records the inbound event id in
 * the command's transaction so a platform retry is a no-op (architecture step 1).
 */
import { runCommand, type App } from "../../app/app.js";
import type { Actor } from "../../app/actor.js";
export { DuplicateInbound } from "../../adapters/db/inbound-dedupe.js";
import type { CommandOutcome, CommandSpec } from "../../adapters/db/unit-of-work.js";
import type { PartyState } from "../../domain/parties/party.js";
import type { ConversationRecord } from "./conversation-store.js";
import type { Inbound, OutboundMessage } from "./messages.js";

export class Turn {
  /** Set once the inbound event id is recorded (with a command, or at the end of the turn). */
  marked = false;

  constructor(
    readonly app: App,
    readonly inbound: Inbound,
    readonly party: PartyState,
    readonly actor: Actor,
    /** The language the user reads and writes in: the platform's report, else the party's. */
    readonly locale: string,
    readonly conversation: ConversationRecord,
  ) {}

  now(): string {
    return this.app.clock.now();
  }

  async run(spec: CommandSpec): Promise<CommandOutcome> {
    const eventId = this.inbound.eventId;
    if (eventId === undefined || this.marked) return runCommand(this.app, spec);
    // A repeat of the event fails with DuplicateInbound, nothing written (the engine drops the turn).
    const outcome = await runCommand(this.app, {
      ...spec,
      inboundMark: { channel: this.inbound.channel, externalUserId: this.inbound.externalUserId, eventId },
    });
    this.marked = true;
    return outcome;
  }
}

export type ActionHandler = (turn: Turn, payload: Readonly<Record<string, string | number | boolean>>) => Promise<OutboundMessage[]>;
