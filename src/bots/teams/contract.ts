/**
 * Everything the Teams channel takes from the rest of the product, in one place: the channel contract
 * (src/bots/conversation/channel.ts) and the app, delivery, blob and configuration ports it uses.
 */
export type { Channel, ChannelContext, ChannelFactory, ChannelRoutes, RawListener } from "../conversation/channel.js";
export type { ConversationEngine } from "../conversation/engine.js";
export type { App } from "../../app/app.js";
export { loadConversationState, saveConversationState } from "../../app/conversations.js";
export { USE_CASE } from "../../app/use-cases.js";
export type { BlobStore } from "../../adapters/blob/blob-store.js";
export {
  DeliveryError,
  deliveryErrorOfHttpStatus,
  parseRetryAfter,
  type ChannelSender,
  type DeliveryAttempt,
  type DeliveryIdentity,
} from "../../adapters/delivery/channel-sender.js";
export { ConfigError, type ConfigProblem } from "../../adapters/shared/config-error.js";
