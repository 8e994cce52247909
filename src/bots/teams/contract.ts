/**
 * Everything the Teams channel takes from the rest of the product, in one place: the channel contract
 * (`src/bots/conversation/channel.ts` once the layout of issue 8 lands) and the app, delivery, blob and
 * configuration ports it uses.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { App } from "../../adapters/app/app.js";
import type { BlobStore } from "../../adapters/blob/blob-store.js";
import type { ChannelSender } from "../../adapters/delivery/channel-sender.js";
import type { ConversationEngine } from "../conversation/engine.js";
import type { Translator } from "../i18n/index.js";

export type { App } from "../../adapters/app/app.js";
export { loadConversationState } from "../../adapters/app/conversations.js";
export type { BlobStore } from "../../adapters/blob/blob-store.js";
export { DeliveryError, deliveryErrorOfHttpStatus, parseRetryAfter, type ChannelSender, type DeliveryAttempt, type DeliveryIdentity } from "../../adapters/delivery/channel-sender.js";
export { ConfigError, type ConfigProblem } from "../../adapters/http/config.js";
export type { ConversationEngine } from "../conversation/engine.js";
export { USE_CASE } from "../../adapters/app/use-cases.js";

export type RawListener = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;
export interface ChannelRoutes {
  /** A route whose listener gets node's req/res with the body UNREAD (SDKs verify signatures on raw bytes). */
  raw(method: "GET" | "POST", path: string, listener: RawListener): void;
}
export interface ChannelContext {
  readonly app: App;
  readonly engine: ConversationEngine;
  readonly i18n: Translator;
  readonly blobs: BlobStore;
  readonly logger: Logger;
  readonly publicUrl: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}
export interface Channel {
  readonly name: string;
  readonly sender: ChannelSender;
  mount(routes: ChannelRoutes): void;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}
export type ChannelFactory = (ctx: ChannelContext) => Channel | undefined;
