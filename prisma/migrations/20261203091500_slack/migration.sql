-- Slack channel (issue 12): app installations per workspace (OAuth distribution) and the thread of
-- each order and claim in a person's DM with the bot.
-- Hand-written in Prisma's layout; test/integration/schema-catalog.test.ts checks it against schema.prisma.

-- CreateTable
CREATE TABLE "slack_installations" (
    "installation_key" TEXT NOT NULL,
    "team_id" TEXT,
    "enterprise_id" TEXT,
    "bot_token" TEXT,
    "bot_user_id" TEXT,
    "bot_id" TEXT,
    "bot_token_expires_at" TIMESTAMPTZ(3),
    "installation" JSONB NOT NULL,
    "installed_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "slack_installations_pkey" PRIMARY KEY ("installation_key")
);

-- CreateIndex
CREATE INDEX "slack_installations_team_idx" ON "slack_installations"("team_id");

-- CreateTable
CREATE TABLE "slack_case_threads" (
    "team_id" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "thread_ts" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "slack_case_threads_pkey" PRIMARY KEY ("team_id","channel_id","subject_type","subject_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "slack_case_threads_thread_key" ON "slack_case_threads"("team_id", "channel_id", "thread_ts");
