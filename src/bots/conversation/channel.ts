/**
 * The channel contract (issue 8): what every messaging channel — the web chat, Slack, Teams — is to
 * the rest of the product. A channel is one folder under `src/bots/` that only translates: it verifies
 * and normalises its platform's requests into `Inbound`s for the engine, renders the engine's neutral
 * `OutboundMessage`s back into its platform's format, and delivers the outbox's notifications through
 * its `ChannelSender`. `src/main.ts` adds a channel with one call; a channel never imports another.
 */
import type { Logger } from "pino";
import type { BlobStore } from "../../adapters/blob/blob-store.js";
import type { ChannelSender } from "../../adapters/delivery/channel-sender.js";
import type { HttpPlugin, RawListener } from "../../adapters/http/server.js";
import type { StaffChannelNotifier } from "../../adapters/paging/staff-channel.js";
import type { App } from "../../app/app.js";
import type { ConversationEngine } from "./engine.js";
import type { Translator } from "./i18n/index.js";

export type { HttpApp, HttpPlugin, RawListener } from "../../adapters/http/server.js";

/** How a channel mounts its endpoints on the product's one HTTP host (src/adapters/http/server.ts). */
export interface ChannelRoutes {
  /** A route whose listener gets node's req/res with the body UNREAD (SDKs verify signatures on raw bytes). */
  raw(method: "GET" | "POST", path: string, listener: RawListener): void;
  /**
   * The channel's own encapsulated Fastify scope, routes typed by zod schemas (the web chat's API):
   * its hooks, content-type parsers and per-identity rate limits stay inside it. Errors thrown there
   * answer as JSON with stable codes (HttpError, DomainError → 409, schema → 400).
   */
  plugin(plugin: HttpPlugin): void;
}

/** What the composition root hands every channel. */
export interface ChannelContext {
  readonly app: App;
  readonly engine: ConversationEngine;
  /** The bot's own words in the reader's language (CM-03). */
  readonly i18n: Translator;
  /** Evidence bytes (CL-11). */
  readonly blobs: BlobStore;
  readonly logger: Logger;
  /** Base of links handed to people (sign-in links, case links). */
  readonly publicUrl: string;
  readonly nodeEnv: "development" | "production" | "test";
  /** The environment (with `.env`): each channel validates its own variables (ConfigError from src/config.ts). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface Channel {
  /** The `channel` of its Inbounds and of its linked accounts (ChannelIdentity.channel): "slack", "teams", "webchat". */
  readonly name: string;
  /** Delivers the outbox's notifications to this channel's accounts. */
  readonly sender: ChannelSender;
  mount(routes: ChannelRoutes): void;
  /** DT-01: the staff channel pages are posted to and updated in (the Slack channel, with SLACK_STAFF_CHANNEL). */
  readonly staffChannel?: StaffChannelNotifier;
  /** Work after the server listens (e.g. a Socket Mode connection). */
  start?(): Promise<void>;
  /** On shutdown, after the server stopped taking requests. */
  stop?(): Promise<void>;
}

/** Builds the channel, or returns undefined when its configuration is absent (the channel is off). */
export type ChannelFactory = (ctx: ChannelContext) => Channel | undefined;
