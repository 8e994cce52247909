/**
 * The web chat as a Channel (issue 8): the local web chat and the staff console, mounted on the host
 * like Slack and Teams — its routes in one encapsulated Fastify scope (sign-in, turns, live events,
 * uploads, evidence downloads, the staff console's read API, the dev clock when it is on, the pages),
 * its notifications delivered to the open tabs by WebChatSender, its live streams ended at shutdown.
 */
import { randomUUID } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { HttpError } from "../../adapters/http/http-io.js";
import type { DevClock } from "../../adapters/clock/dev-clock.js";
import type { Channel, ChannelContext } from "../conversation/channel.js";
import { registerAuthRoutes } from "./auth-routes.js";
import { registerChatRoutes } from "./chat-routes.js";
import { registerDevClockRoutes } from "./dev-clock-routes.js";
import { DisplayRenderer } from "./display.js";
import { LiveSessions } from "./live-sessions.js";
import { SessionSigner, tokenOf, WEBCHAT_CHANNEL } from "./sessions.js";
import { registerStaffRoutes } from "./staff-routes.js";
import { registerEscalationPolicyRoutes } from "./escalation-policy-routes.js";
import { registerStaticRoutes } from "./static-files.js";
import { uploadLimits } from "./uploads.js";
import { WebChatSender } from "./webchat-sender.js";
import { WebChatMailbox } from "./webchat-messages.js";

export interface WebChatOptions {
  /** Demo sign-in (pick a demo identity) — never in production (config.ts refuses it). */
  readonly demo: boolean;
  /** HMAC key of sessions; unset = a random key per start (main.ts passes the configured or the database-kept one). */
  readonly sessionSecret?: string;
  readonly uploadMaxBytes: number;
  readonly limits: WebChatLimits;
  /** The dev clock's routes, when the dev clock is on; `afterMove` fires what fell due and delivers it. */
  readonly devClock?: {
    readonly clock: DevClock;
    readonly afterMove: () => Promise<number>;
  };
}

/** The web chat's own limits (README "Configuration"); over one → 429 with Retry-After. */
export interface WebChatLimits {
  readonly requestsPerIdentityPerMinute: number;
  readonly signInAttemptsPerIpPerMinute: number;
  readonly liveStreamsPerIdentity: number;
  readonly uploadBytesPerIdentityPerHour: number;
}

export interface WebChatChannel extends Channel {
  /** The live mailboxes (SSE): the dev clock announces moved time through them. */
  readonly sessions: LiveSessions;
}

export function createWebChatChannel(ctx: ChannelContext, options: WebChatOptions): WebChatChannel {
  const { app } = ctx;
  const renderer = new DisplayRenderer(ctx.i18n);
  // Every message is recorded in the database; main.ts has the sessions listen on the live bus (issue 10).
  const sessions = new LiveSessions(renderer, () => app.clock.now(), new WebChatMailbox(app.db, () => app.clock.now()), {
    onError: (err, externalUserId) => ctx.logger.error({ err, externalUserId }, "web-chat stream could not catch up; its tabs reconnect"),
  });
  const signer = new SessionSigner(options.sessionSecret);
  return {
    name: WEBCHAT_CHANNEL,
    sender: new WebChatSender(sessions),
    sessions,
    mount(routes) {
      routes.plugin(async (http) => {
        // JSON answers are per person: never cached unless a route says otherwise.
        http.addHook("onSend", async (_request, reply, payload) => {
          if (!reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
          return payload;
        });
        // Per signed-in identity (the token's, checked by its signature alone — no database work before the limit).
        // createRateLimit, not rateLimit(): the latter marks the request as limited, which would skip the
        // per-IP and sign-in limits of the route itself.
        const perIdentity = http.createRateLimit({
          max: options.limits.requestsPerIdentityPerMinute,
          timeWindow: 60_000,
          keyGenerator: (request) => identityKeyOf(request) ?? "",
        });
        const identityKeyOf = (request: FastifyRequest): string | undefined => {
          const token = tokenOf(request.headers.authorization, (request.query as Record<string, unknown> | undefined)?.["token"]);
          const session = token ? signer.verify(token) : undefined;
          return session ? `identity:${session.externalUserId}` : undefined;
        };
        http.addHook("onRequest", async (request) => {
          if (identityKeyOf(request) === undefined) return;
          const limit = await perIdentity(request);
          if (limit.isAllowed || !limit.isExceeded) return;
          throw new HttpError(
            429,
            "RATE_LIMITED",
            `too many requests; try again in ${limit.ttlInSeconds} s`,
            { limit: limit.max },
            { "retry-after": String(limit.ttlInSeconds) },
          );
        });
        // Shutdown begins: end the live streams so the close does not wait for them (browsers reconnect elsewhere).
        http.addHook("preClose", async () => sessions.closeAll());
        await registerStaticRoutes(http);
        registerAuthRoutes(http, {
          app,
          signer,
          demo: options.demo,
          publicUrl: ctx.publicUrl,
          renderer,
          signInAttemptsPerIpPerMinute: options.limits.signInAttemptsPerIpPerMinute,
        });
        registerChatRoutes(http, {
          db: app.db,
          signer,
          sessions,
          handleTurn: (inbound) => ctx.engine.handleTurn(inbound),
          blobs: ctx.blobs,
          uploadLimits: uploadLimits(options.uploadMaxBytes),
          clock: app.clock,
          renderer,
          liveStreamsPerIdentity: options.limits.liveStreamsPerIdentity,
          uploadBytesPerIdentityPerHour: options.limits.uploadBytesPerIdentityPerHour,
          newId: () => randomUUID(),
        });
        registerStaffRoutes(http, { app, signer, renderer });
        registerEscalationPolicyRoutes(http, { app, signer, renderer });
        if (options.devClock)
          registerDevClockRoutes(http, {
            app,
            signer,
            clock: options.devClock.clock,
            afterMove: options.devClock.afterMove,
          });
      });
    },
    stop() {
      sessions.closeAll();
      return Promise.resolve();
    },
  };
}
