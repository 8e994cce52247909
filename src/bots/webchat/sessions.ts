/**
 * Web-chat sessions: a signed token (HMAC-SHA256) naming the web-chat identity it was issued to.
 * The browser keeps it per tab (sessionStorage), so one browser can play the buyer in one tab and
 * the supplier in another. It is sent as `Authorization: Bearer …`, or as `?token=` where a header
 * cannot be set (EventSource, download links). Stateless: nothing to store, nothing to clean up.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { HttpError } from "../../adapters/http/http-io.js";

/** The channel name web-chat identities are linked under (CM-05). */
export const WEBCHAT_CHANNEL = "webchat";

export const SESSION_TTL_MS = 12 * 3_600_000;

/**
 * A guest session (issue 11: a stranger registering as a buyer from the sign-in page) lasts an hour:
 * long enough to fill in the registration form, short enough that an abandoned one is soon worthless.
 * Nothing is stored for it until the form is submitted (guest-turns.ts), so expiry is all the clean-up.
 */
export const GUEST_SESSION_TTL_MS = 3_600_000;

/** Web-chat identities handed to guests start with this; each is a fresh random id, linked to nobody until it registers. */
export const GUEST_IDENTITY_PREFIX = "guest:";

/** The name of the session key generated on first start when SESSION_SECRET is not set (app_secrets). */
export const SESSION_SECRET_NAME = "webchat.session-key";

export interface WebSession {
  /** The web-chat identity (ChannelIdentity.externalUserId on channel "webchat"). */
  readonly externalUserId: string;
  readonly expiresAtMs: number;
  /**
   * A guest session (issue 11): it may only use the registration form (POST /chat/inbound); every
   * other route refuses it, even once its identity is linked — the page then swaps it for a full one.
   */
  readonly guest: boolean;
}

export class SessionSigner {
  readonly #key: Buffer;

  /** Without a secret, a random key: sessions then end when the process does. */
  constructor(secret?: string) {
    this.#key = secret ? Buffer.from(secret, "utf8") : randomBytes(32);
  }

  issue(externalUserId: string, nowMs: number = Date.now()): string {
    return this.#token({ sub: externalUserId, exp: nowMs + SESSION_TTL_MS });
  }

  /** A guest session (see WebSession.guest) for a fresh unlinked identity; it expires after GUEST_SESSION_TTL_MS. */
  issueGuest(externalUserId: string, nowMs: number = Date.now()): string {
    return this.#token({ sub: externalUserId, exp: nowMs + GUEST_SESSION_TTL_MS, scope: "guest" });
  }

  #token(body: { sub: string; exp: number; scope?: "guest" }): string {
    const payload = Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
    return `v1.${payload}.${this.#sign(payload)}`;
  }

  /** The session of a token, or undefined when it is malformed, forged or expired. */
  verify(token: string, nowMs: number = Date.now()): WebSession | undefined {
    const parts = token.split(".");
    if (parts.length !== 3) return undefined;
    const [version, payload, signature] = parts;
    if (version !== "v1" || !payload || !signature) return undefined;
    const expected = Buffer.from(this.#sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const body = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { sub?: unknown; exp?: unknown; scope?: unknown };
      if (typeof body.sub !== "string" || typeof body.exp !== "number" || body.exp <= nowMs) return undefined;
      if (body.scope !== undefined && body.scope !== "guest") return undefined;
      return { externalUserId: body.sub, expiresAtMs: body.exp, guest: body.scope === "guest" };
    } catch {
      return undefined;
    }
  }

  #sign(payload: string): string {
    return createHmac("sha256", this.#key).update(payload).digest("base64url");
  }
}

/** The token of a request: the bearer header, else `?token=` when given (EventSource and download links cannot set headers). */
export function tokenOf(authorization: string | undefined, queryToken: unknown): string | undefined {
  if (authorization?.startsWith("Bearer ")) return authorization.slice("Bearer ".length).trim();
  return typeof queryToken === "string" ? queryToken : undefined;
}

/** The session of a token, or 401. */
export function requireSession(signer: SessionSigner, token: string | undefined): WebSession {
  const session = token ? signer.verify(token) : undefined;
  if (!session) throw new HttpError(401, "SIGN_IN_REQUIRED", "sign in first");
  return session;
}
