/**
 * Bot → channel credentials without MSAL: MSAL refuses plain-http authorities, so a stand-in token
 * endpoint could not be used, and an override of the token URL (`MICROSOFT_LOGIN_URL`) would be
 * ignored. Our AppCredentials POSTs the OAuth 2.0 client-credentials grant itself
 * (`grant_type=client_credentials&client_id&client_secret&scope=<audience>/.default`) to the
 * configured URL; the factory hands it to the CloudAdapter for every outbound call.
 */
import { AppCredentials, ServiceClientCredentialsFactory, type AuthenticatorResult } from "botframework-connector";
import { DeliveryError, deliveryErrorOfHttpStatus } from "./contract.js";
import { PUBLIC_CLOUD } from "./teams-config.js";

type Credentials = Awaited<ReturnType<ServiceClientCredentialsFactory["createCredentials"]>>;

export class ClientCredentialsAppCredentials extends AppCredentials {
  constructor(
    appId: string,
    private readonly password: string,
    private readonly tokenUrl: string,
    scope: string,
  ) {
    super(appId, undefined, scope);
    // The token cache is process-wide: key it by endpoint too, so two token services never share tokens.
    this.tokenCacheKey = `${appId}${scope}${tokenUrl}-cache`;
  }

  protected override async refreshToken(): Promise<AuthenticatorResult> {
    const body = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: this.appId,
      client_secret: this.password,
      scope: `${this.oAuthScope.replace(/\/$/, "")}/.default`,
    });
    let response: Response;
    try {
      response = await fetch(this.tokenUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
        signal: AbortSignal.timeout(15_000),
      });
    } catch (cause) {
      throw new DeliveryError(`the token endpoint ${this.tokenUrl} did not answer`, { permanent: false, cause });
    }
    const text = await response.text();
    if (!response.ok) {
      // A wrong secret or an unknown app (4xx) will not heal by retrying; an outage (5xx/429) may.
      throw deliveryErrorOfHttpStatus(response.status, response.headers.get("retry-after"), Date.now(), `token endpoint: ${text.slice(0, 300)}`);
    }
    const json = JSON.parse(text) as { access_token?: unknown; expires_in?: unknown };
    if (typeof json.access_token !== "string") throw new DeliveryError("the token endpoint answered without an access_token", { permanent: false });
    const expiresIn = typeof json.expires_in === "number" ? json.expires_in : Number(json.expires_in ?? 3600);
    return { accessToken: json.access_token, expiresOn: new Date(Date.now() + expiresIn * 1000) };
  }
}

/** The one bot this process is: its app id is valid, every other is not; no app id = authentication off. */
export class TeamsCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(
    private readonly appId: string | undefined,
    private readonly password: string | undefined,
    private readonly tokenUrl: string,
  ) {
    super();
  }

  override isValidAppId(appId: string): Promise<boolean> {
    return Promise.resolve(this.appId !== undefined && appId === this.appId);
  }

  override isAuthenticationDisabled(): Promise<boolean> {
    return Promise.resolve(this.appId === undefined);
  }

  override async createCredentials(appId: string, audience: string | undefined): Promise<Credentials> {
    if (this.appId === undefined) {
      // Authentication off (Emulator): outbound calls carry no token, as MicrosoftAppCredentials.Empty does.
      return { signRequest: (request) => Promise.resolve(request) } as Credentials;
    }
    if (appId !== this.appId || this.password === undefined) throw new Error(`no credentials for app id ${appId}`);
    return new ClientCredentialsAppCredentials(appId, this.password, this.tokenUrl, audience ?? PUBLIC_CLOUD.botFrameworkScope);
  }
}
