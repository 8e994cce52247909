/**
 * Slack installations (distribution) in the database, as @slack/oauth's InstallationStore.
 * `storeInstallation` is one `INSERT … ON CONFLICT DO UPDATE`: InstallProvider refreshes rotating bot
 * tokens and stores the installation again, and two requests may refresh at once — the upsert never
 * fails on the race, and a refresh that lost it (an older expiry) does not overwrite the newer token.
 * `app_uninstalled` / `tokens_revoked` delete the row: the sender then finds no token for the
 * workspace and fails its deliveries permanently (staff are told by the outbox).
 */
import type { Installation, InstallationQuery, InstallationStore } from "@slack/oauth";
import type { Database } from "../../adapters/db/database.js";

export class SlackInstallationNotFound extends Error {
  constructor(key: string) {
    super(`no Slack installation for ${key}`);
    this.name = "SlackInstallationNotFound";
  }
}

function keyOf(query: { isEnterpriseInstall?: boolean | undefined; enterpriseId?: string | undefined; teamId?: string | undefined }): string {
  if (query.isEnterpriseInstall && query.enterpriseId) return `E${query.enterpriseId}`;
  if (query.teamId) return `T${query.teamId}`;
  throw new SlackInstallationNotFound("an installation query with neither team nor enterprise");
}

export interface WorkspaceBot {
  readonly teamId: string;
  readonly botToken: string;
  readonly botUserId?: string;
  readonly botId?: string;
}

export class PrismaInstallationStore implements InstallationStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => string,
  ) {}

  async storeInstallation<AuthVersion extends "v1" | "v2">(installation: Installation<AuthVersion, boolean>): Promise<void> {
    const key = keyOf({ isEnterpriseInstall: installation.isEnterpriseInstall, enterpriseId: installation.enterprise?.id, teamId: installation.team?.id });
    const bot = installation.bot;
    const expires = bot?.expiresAt === undefined ? null : new Date(bot.expiresAt * 1000).toISOString();
    const now = this.now();
    await this.db.prisma.$executeRaw`
      INSERT INTO slack_installations (installation_key, team_id, enterprise_id, bot_token, bot_user_id, bot_id, bot_token_expires_at, installation, installed_at, updated_at)
      VALUES (${key}, ${installation.team?.id ?? null}, ${installation.enterprise?.id ?? null}, ${bot?.token ?? null}, ${bot?.userId ?? null}, ${bot?.id ?? null},
              ${expires}::timestamptz, ${JSON.stringify(installation)}::jsonb, ${now}::timestamptz, ${now}::timestamptz)
      ON CONFLICT (installation_key) DO UPDATE SET
        team_id = EXCLUDED.team_id, enterprise_id = EXCLUDED.enterprise_id, bot_token = EXCLUDED.bot_token,
        bot_user_id = EXCLUDED.bot_user_id, bot_id = EXCLUDED.bot_id, bot_token_expires_at = EXCLUDED.bot_token_expires_at,
        installation = EXCLUDED.installation, updated_at = EXCLUDED.updated_at
      WHERE slack_installations.bot_token_expires_at IS NULL OR EXCLUDED.bot_token_expires_at IS NULL
         OR EXCLUDED.bot_token_expires_at >= slack_installations.bot_token_expires_at`;
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<"v1" | "v2", boolean>> {
    const key = keyOf(query);
    const row = await this.db.prisma.slackInstallation.findUnique({ where: { installationKey: key } });
    // An org-wide install answers for each of its workspaces.
    const found =
      row ?? (query.enterpriseId ? await this.db.prisma.slackInstallation.findUnique({ where: { installationKey: `E${query.enterpriseId}` } }) : null);
    if (!found) throw new SlackInstallationNotFound(key);
    return found.installation as unknown as Installation<"v1" | "v2", boolean>;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.db.prisma.slackInstallation.deleteMany({ where: { installationKey: keyOf(query) } });
  }

  /** Every installation of a workspace is gone (app_uninstalled, tokens_revoked of the bot). */
  async deleteWorkspace(teamId: string): Promise<void> {
    await this.db.prisma.slackInstallation.deleteMany({ where: { teamId } });
  }

  /** The bot of a workspace, for proactive sends; undefined once uninstalled. */
  async botOf(teamId: string): Promise<WorkspaceBot | undefined> {
    const row = await this.db.prisma.slackInstallation.findFirst({ where: { teamId, botToken: { not: null } }, orderBy: { updatedAt: "desc" } });
    if (!row?.botToken) return undefined;
    return { teamId, botToken: row.botToken, ...(row.botUserId ? { botUserId: row.botUserId } : {}), ...(row.botId ? { botId: row.botId } : {}) };
  }
}
