/** Delivery of notifications through the outbox (architecture step 5, CM-01, CM-05). */
export { notificationsOf, outboxEntryOf, NOTIFICATION_OUTBOX_KIND } from "./notifications.js";
export { OutboxDispatcher, type OutboxDispatcherOptions, type DispatchReport, type DispatcherLoop, type DeliveryLogger } from "./outbox-dispatcher.js";
export { DeliveryError, isDeliveryError, parseRetryAfter, deliveryErrorOfHttpStatus } from "./channel-sender.js";
export type { ChannelSender, DeliveryIdentity, DeliveryAttempt } from "./channel-sender.js";
export { failedDeliveries, type FailedDelivery } from "./failed-deliveries.js";
export { PrismaTranslationCache } from "./prisma-translation-cache.js";
export { PersonTextTranslator, type PersonTextOptions } from "./person-text.js";
export { renderNotification } from "./render.js";
export { DEFAULT_RETRY_POLICY, backoffDelayMs, retryDecision, type RetryPolicy, type RetryDecision } from "./retry-policy.js";
