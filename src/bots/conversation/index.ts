/** The conversation engine's public surface: build it over the app, hand it normalised inbounds. */
export { createConversationEngine, type ConversationEngine, type EngineOptions } from "./engine.js";
export * from "./messages.js";
export type { Channel, ChannelContext, ChannelFactory, ChannelRoutes, RawListener } from "./channel.js";
