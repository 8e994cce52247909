-- Slack (issue 12): bot messages with buttons about a case, for replacing stale buttons in place; a
-- Slack user's own language and time zone overriding users.info; the case threads a person left (CM-06); the
-- Enterprise Grid org of each workspace reached through an org-wide install.
-- Hand-written in Prisma's layout; test/integration/schema-catalog.test.ts checks it against schema.prisma.

-- CreateTable
CREATE TABLE "slack_sent_messages" (
    "team_id" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "ts" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "blocks" JSONB NOT NULL,
    "actionable" BOOLEAN NOT NULL DEFAULT true,
    "sent_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "slack_sent_messages_pkey" PRIMARY KEY ("team_id","channel_id","ts")
);

-- CreateIndex
CREATE INDEX "slack_sent_messages_actionable_idx" ON "slack_sent_messages"("team_id", "channel_id", "subject_type", "subject_id") WHERE actionable;

-- CreateTable
CREATE TABLE "slack_user_settings" (
    "external_user_id" TEXT NOT NULL,
    "locale" TEXT,
    "time_zone" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "slack_user_settings_pkey" PRIMARY KEY ("external_user_id")
);

-- CreateTable
CREATE TABLE "slack_left_threads" (
    "external_user_id" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "left_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "slack_left_threads_pkey" PRIMARY KEY ("external_user_id","conversation_id")
);

-- CreateTable
CREATE TABLE "slack_enterprise_teams" (
    "team_id" TEXT NOT NULL,
    "enterprise_id" TEXT NOT NULL,
    "seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "slack_enterprise_teams_pkey" PRIMARY KEY ("team_id")
);
