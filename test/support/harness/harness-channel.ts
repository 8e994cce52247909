/**
 * The harness channel's proactive side (architecture step 5): a ChannelSender named "harness" that
 * hands each delivered OutboundMessage to the chat user it is for, and the outbox dispatcher that
 * feeds it — with the real translator stack (Google v2 client → caching in the database, masking), so
 * a conversation test sees what each person receives, in their language (CM-01, CM-05).
 */
import type { App } from "../../../src/app/app.js";
import { domainAggregates } from "../../../src/adapters/db/aggregates.js";
import { DeliveryError, type ChannelSender, type DeliveryAttempt, type DeliveryIdentity } from "../../../src/adapters/delivery/channel-sender.js";
import { OutboxDispatcher } from "../../../src/adapters/delivery/outbox-dispatcher.js";
import { PrismaTranslationCache } from "../../../src/adapters/delivery/prisma-translation-cache.js";
import { translatorFromConfig, type TranslationLogger, type TranslatorSettings } from "../../../src/adapters/translate/index.js";
import type { ConversationRef, OutboundMessage } from "../../../src/bots/conversation/messages.js";

export const HARNESS_CHANNEL = "harness";

/** Whoever receives on the harness channel: a chat user, found by its external user id. */
export type HarnessRecipient = (externalUserId: string) => { receive(message: OutboundMessage): void } | undefined;

/** Delivers to the joined chat users; honours idempotency keys as a real channel with them does. */
export class HarnessChannelSender implements ChannelSender {
  readonly #delivered = new Set<string>();

  constructor(private readonly recipient: HarnessRecipient) {}

  send(identity: DeliveryIdentity, _conversationRef: ConversationRef | undefined, message: OutboundMessage, delivery: DeliveryAttempt): Promise<void> {
    const user = this.recipient(identity.externalUserId);
    if (!user) return Promise.reject(new DeliveryError(`no chat user ${identity.externalUserId} on the harness channel`, { permanent: true }));
    if (this.#delivered.has(delivery.idempotencyKey)) return Promise.resolve();
    this.#delivered.add(delivery.idempotencyKey);
    user.receive(message);
    return Promise.resolve();
  }
}

export interface HarnessDeliveryOptions {
  /** The translator the dispatcher uses, as the app's configuration names it (google-v2 → the stand-in server). */
  readonly translator: TranslatorSettings;
}

/** A warning the delivery or translation adapters logged (e.g. "translation failed; delivering the original"). */
export interface LoggedWarning {
  readonly details: Record<string, unknown>;
  readonly message: string;
}

export interface HarnessDelivery {
  readonly dispatcher: OutboxDispatcher;
  readonly warnings: readonly LoggedWarning[];
  /** Runs the dispatcher until nothing more is due now (new outbox rows, due deliveries). */
  deliverAll(): Promise<void>;
}

/** At most this many dispatcher passes per turn: a chain of notifications ends long before. */
const MAX_PASSES = 20;

export function harnessDelivery(app: App, recipient: HarnessRecipient, options: HarnessDeliveryOptions): HarnessDelivery {
  const warnings: LoggedWarning[] = [];
  const logger: TranslationLogger = { warn: (details, message) => warnings.push({ details, message }) };
  const settings = options.translator;
  const translator = translatorFromConfig(settings, { logger, cache: new PrismaTranslationCache(app.db, app.clock, settings.kind) });
  const dispatcher = new OutboxDispatcher(app.db, app.clock, domainAggregates(), {
    senders: { [HARNESS_CHANNEL]: new HarnessChannelSender(recipient) },
    translator,
    translatorName: settings.kind,
    translateTimeoutMs: settings.timeoutMs,
    logger,
  });
  return {
    dispatcher,
    warnings,
    async deliverAll() {
      for (let pass = 0; pass < MAX_PASSES; pass++) {
        const report = await dispatcher.dispatchOnce();
        if (report.fannedOut + report.sent + report.retrying + report.failed === 0) return;
      }
      throw new Error(`the outbox did not settle within ${MAX_PASSES} dispatcher passes`);
    },
  };
}
