/**
 * The channel side of Microsoft Teams in tests: builds activities in the shape Teams posts them
 * (personal conversation, `tenantId`, `locale`, `localTimezone`, `clientInfo` entity, Action.Submit
 * `value`s, `adaptiveCard/action` invokes, file download attachments, installation updates) and posts
 * them to the bot's `/api/messages` with a channel token minted by the identity stand-in.
 */
import type { BotFrameworkIdentityStandIn, ChannelTokenClaims } from "./identity.js";

export const TEAMS_FILE_DOWNLOAD_INFO = "application/vnd.microsoft.teams.file.download.info";

export interface TeamsUser {
  /** Teams user id ("29:…"). */
  readonly id: string;
  readonly name: string;
  readonly aadObjectId: string;
  readonly locale: string;
  readonly timeZone: string;
  /** The personal (1:1) conversation id ("a:…"), or a channel's with its reply chain ("19:…@thread.tacv2;messageid=…"). */
  readonly conversationId: string;
  /** Where the user writes from (default: the personal chat). */
  readonly conversationType?: "personal" | "groupChat" | "channel";
  readonly tenantId: string;
}

export type Activity = Record<string, unknown>;

let activityCounter = 1_700_000_000_000;

export interface TeamsClientOptions {
  readonly identity: BotFrameworkIdentityStandIn;
  readonly botAppId: string;
  /** The bot's messaging endpoint (…/api/messages). */
  readonly endpoint: string;
  /** The connector's serviceUrl put on every activity. */
  readonly serviceUrl: string;
}

export interface PostResult {
  readonly status: number;
  readonly body: string;
  json(): unknown;
}

export class TeamsClient {
  constructor(private readonly options: TeamsClientOptions) {}

  base(user: TeamsUser, type: string): Activity {
    const id = String(activityCounter++);
    return {
      type,
      id,
      timestamp: new Date().toISOString(),
      localTimestamp: new Date().toISOString(),
      localTimezone: user.timeZone,
      serviceUrl: this.options.serviceUrl,
      channelId: "msteams",
      from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
      conversation: {
        conversationType: user.conversationType ?? "personal",
        tenantId: user.tenantId,
        id: user.conversationId,
        ...(user.conversationType && user.conversationType !== "personal" ? { isGroup: true } : {}),
      },
      recipient: { id: `28:${this.options.botAppId}`, name: "Trade Assurance" },
      locale: user.locale,
      channelData: { tenant: { id: user.tenantId } },
      entities: [{ type: "clientInfo", locale: user.locale, country: user.locale.split("-")[1] ?? "", platform: "Web", timezone: user.timeZone }],
    };
  }

  message(user: TeamsUser, text: string): Activity {
    return { ...this.base(user, "message"), textFormat: "plain", text };
  }

  /** What Teams posts for an Action.Submit: a message with the card's data as `value`, replying to the card. */
  submit(user: TeamsUser, cardActivityId: string, value: Record<string, unknown>): Activity {
    return { ...this.base(user, "message"), replyToId: cardActivityId, value };
  }

  /** What Teams posts for an Action.Execute: an `adaptiveCard/action` invoke. */
  execute(user: TeamsUser, cardActivityId: string, verb: string, data: Record<string, unknown>): Activity {
    return {
      ...this.base(user, "invoke"),
      name: "adaptiveCard/action",
      replyToId: cardActivityId,
      value: { action: { type: "Action.Execute", id: verb, verb, data }, trigger: "manual" },
    };
  }

  /** What Teams posts when a card with a `refresh` is shown to a user it names: an `adaptiveCard/action` invoke with the refresh verb. */
  refresh(user: TeamsUser, cardActivityId: string, verb: string, data: Record<string, unknown>): Activity {
    return {
      ...this.base(user, "invoke"),
      name: "adaptiveCard/action",
      replyToId: cardActivityId,
      value: { action: { type: "Action.Execute", verb, data }, trigger: "automatic" },
    };
  }

  /** What Teams posts when the user answers a FileConsentCard (accept names the OneDrive upload URL). */
  fileConsent(
    user: TeamsUser,
    consentActivityId: string,
    action: "accept" | "decline",
    context: unknown,
    uploadInfo?: { uploadUrl: string; contentUrl: string; name: string; uniqueId: string; fileType: string },
  ): Activity {
    return {
      ...this.base(user, "invoke"),
      name: "fileConsent/invoke",
      replyToId: consentActivityId,
      value: { type: "fileUpload", action, context, ...(uploadInfo ? { uploadInfo } : {}) },
    };
  }

  file(user: TeamsUser, name: string, downloadUrl: string, fileType: string): Activity {
    return {
      ...this.base(user, "message"),
      text: "",
      attachments: [
        {
          contentType: TEAMS_FILE_DOWNLOAD_INFO,
          contentUrl: `https://contoso.sharepoint.com/personal/${encodeURIComponent(name)}`,
          name,
          content: { downloadUrl, uniqueId: `uid-${name}`, fileType },
        },
      ],
    };
  }

  installed(user: TeamsUser): Activity {
    return { ...this.base(user, "installationUpdate"), action: "add" };
  }

  conversationUpdate(user: TeamsUser): Activity {
    return { ...this.base(user, "conversationUpdate"), membersAdded: [{ id: `28:${this.options.botAppId}` }] };
  }

  /** Posts with a valid channel token (or the given Authorization header value; null for none). */
  async post(activity: Activity, authorization?: string | null): Promise<PostResult> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    const auth = authorization === undefined ? `Bearer ${await this.token({})}` : authorization;
    if (auth !== null) headers["authorization"] = auth;
    const response = await fetch(this.options.endpoint, { method: "POST", headers, body: JSON.stringify(activity) });
    const body = await response.text();
    return { status: response.status, body, json: () => JSON.parse(body) as unknown };
  }

  /** A channel token for this bot and serviceUrl, with any claim overridden. */
  token(overrides: Partial<ChannelTokenClaims>): Promise<string> {
    return this.options.identity.mintChannelToken({ audience: this.options.botAppId, serviceUrl: this.options.serviceUrl, ...overrides });
  }
}
