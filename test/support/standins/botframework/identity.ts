/**
 * A stand-in for the Bot Framework's identity side on 127.0.0.1 (random port), for tests:
 *
 * - channel → bot: the OpenID metadata document (`GET /v1/.well-known/openidconfiguration`, the shape
 *   login.botframework.com serves) and its JWKS (`GET /v1/.well-known/keys`, RSA keys with
 *   `endorsements`), plus `mintChannelToken` to sign the JWT a channel puts on each activity it posts
 *   (`iss` https://api.botframework.com, `aud` the bot's app id, `serviceurl`, `nbf`/`exp`), with any of
 *   them chosen wrong for the negative tests, signed by an endorsed or an unendorsed key, or unsigned
 *   (`alg: none`).
 * - bot → channel: the Entra ID client-credentials token endpoint
 *   (`POST /{tenant}/oauth2/v2.0/token`, form-encoded `grant_type=client_credentials&client_id&
 *   client_secret&scope`) answering `{ token_type, expires_in, ext_expires_in, access_token }` or
 *   AADSTS errors; `verifyBotToken` is what the stand-in connector uses to check the bot's bearer.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK } from "jose";

/** The issuer of every real channel → bot token. */
export const CHANNEL_TOKEN_ISSUER = "https://api.botframework.com";
/** The audience (scope without `/.default`) of bot → channel tokens. */
export const BOT_FRAMEWORK_SCOPE = "https://api.botframework.com";

export interface ChannelTokenClaims {
  /** The bot's app id (the token's audience). */
  readonly audience: string;
  /** The activity's serviceUrl, carried as the `serviceurl` claim. */
  readonly serviceUrl: string;
  readonly issuer?: string;
  /** Seconds from now until `exp` (negative: already expired). Default 3600. */
  readonly expiresInSeconds?: number;
  /** "endorsed" (default): a key endorsed for msteams, webchat, emulator, directline; "unendorsed": a key endorsed for "skype" only. */
  readonly key?: "endorsed" | "unendorsed";
}

export interface IssuedBotToken {
  readonly clientId: string;
  readonly scope: string;
  readonly tenant: string;
}

export interface BotFrameworkIdentityStandIn {
  /** For BOT_OPENID_METADATA_URL. */
  readonly openIdMetadataUrl: string;
  /** For MICROSOFT_LOGIN_URL: the full token URL of the given tenant. */
  tokenUrl(tenant?: string): string;
  /** Registers a bot (client) the token endpoint accepts. */
  registerBot(appId: string, password: string): void;
  mintChannelToken(claims: ChannelTokenClaims): Promise<string>;
  /** The same claims, unsigned (`alg: none`, empty signature). */
  unsignedChannelToken(claims: ChannelTokenClaims): string;
  /** The claims of a bot → channel token this stand-in issued, or undefined when it did not issue it / it expired. */
  verifyBotToken(token: string): Promise<{ appId: string } | undefined>;
  /** Tokens issued so far (bot → channel). */
  readonly issued: readonly IssuedBotToken[];
  /** Requests for the metadata document and the keys. */
  readonly metadataRequests: number;
  close(): Promise<void>;
}

const ENDORSED_FOR = ["msteams", "webchat", "emulator", "directline", "slack"];
const UNENDORSED_FOR = ["skype"];

interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

async function signingKey(kid: string, endorsements: readonly string[]): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const pub = await exportJWK(publicKey);
  return { kid, privateKey, jwk: { kty: "RSA", use: "sig", kid, x5t: kid, n: pub.n, e: pub.e, endorsements: [...endorsements] } as JWK };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

function channelPayload(claims: ChannelTokenClaims, nowSeconds: number): Record<string, unknown> {
  const exp = nowSeconds + (claims.expiresInSeconds ?? 3600);
  return {
    serviceurl: claims.serviceUrl,
    nbf: Math.min(nowSeconds, exp) - 600,
    exp,
    iss: claims.issuer ?? CHANNEL_TOKEN_ISSUER,
    aud: claims.audience,
  };
}

export async function startBotFrameworkIdentityStandIn(): Promise<BotFrameworkIdentityStandIn> {
  const endorsed = await signingKey("standin-endorsed-1", ENDORSED_FOR);
  const unendorsed = await signingKey("standin-unendorsed-1", UNENDORSED_FOR);
  // Bot → channel tokens are signed by the "Entra ID" key, which the connector trusts.
  const entra = await generateKeyPair("RS256");
  const bots = new Map<string, string>();
  const issued: IssuedBotToken[] = [];
  let metadataRequests = 0;
  let base = "";

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", base);
      if (req.method === "GET" && url.pathname === "/v1/.well-known/openidconfiguration") {
        metadataRequests++;
        return send(res, 200, {
          issuer: CHANNEL_TOKEN_ISSUER,
          authorization_endpoint: "https://invalid.botframework.com",
          jwks_uri: `${base}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ["RS256"],
          token_endpoint_auth_methods_supported: ["private_key_jwt"],
        });
      }
      if (req.method === "GET" && url.pathname === "/v1/.well-known/keys") {
        metadataRequests++;
        return send(res, 200, { keys: [endorsed.jwk, unendorsed.jwk] });
      }
      const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
      if (req.method === "POST" && token) {
        const form = new URLSearchParams(await readBody(req));
        const clientId = form.get("client_id") ?? "";
        if (form.get("grant_type") !== "client_credentials") {
          return send(res, 400, { error: "unsupported_grant_type", error_description: "AADSTS70003: The app requested an unsupported grant type." });
        }
        if (!bots.has(clientId)) {
          return send(res, 400, { error: "unauthorized_client", error_description: `AADSTS700016: Application with identifier '${clientId}' was not found.` });
        }
        if (bots.get(clientId) !== form.get("client_secret")) {
          return send(res, 401, { error: "invalid_client", error_description: "AADSTS7000215: Invalid client secret provided." });
        }
        const scope = form.get("scope") ?? "";
        const tenant = token[1] ?? "";
        issued.push({ clientId, scope, tenant });
        const accessToken = await new SignJWT({ appid: clientId, ver: "1.0", tid: tenant })
          .setProtectedHeader({ alg: "RS256", typ: "JWT" })
          .setIssuer(`https://sts.windows.net/${tenant}/`)
          .setAudience(scope.replace(/\/\.default$/, ""))
          .setIssuedAt()
          .setExpirationTime("1h")
          .sign(entra.privateKey);
        return send(res, 200, { token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: accessToken });
      }
      send(res, 404, { error: "not_found" });
    })().catch((error: unknown) => send(res, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    openIdMetadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    tokenUrl: (tenant = "botframework.com") => `${base}/${tenant}/oauth2/v2.0/token`,
    registerBot: (appId, password) => void bots.set(appId, password),
    async mintChannelToken(claims) {
      const key = claims.key === "unendorsed" ? unendorsed : endorsed;
      return new SignJWT(channelPayload(claims, Math.floor(Date.now() / 1000)))
        .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: key.kid, x5t: key.kid })
        .sign(key.privateKey);
    },
    unsignedChannelToken(claims) {
      return `${b64url({ alg: "none", typ: "JWT", kid: endorsed.kid })}.${b64url(channelPayload(claims, Math.floor(Date.now() / 1000)))}.`;
    },
    async verifyBotToken(token) {
      try {
        const { payload } = await jwtVerify(token, entra.publicKey, { audience: BOT_FRAMEWORK_SCOPE, algorithms: ["RS256"] });
        return typeof payload["appid"] === "string" ? { appId: payload["appid"] } : undefined;
      } catch {
        return undefined;
      }
    },
    issued,
    get metadataRequests() {
      return metadataRequests;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
