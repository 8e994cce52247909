-- Teams (issue 13): activities the bot sent, for updating cards in place and for idempotent proactive delivery.
-- Hand-written in Prisma's layout; test/integration/schema-catalog.test.ts checks it against schema.prisma.

-- CreateTable
CREATE TABLE "teams_sent_activities" (
    "conversation_id" TEXT NOT NULL,
    "activity_id" TEXT NOT NULL,
    "service_url" TEXT NOT NULL,
    "delivery_id" TEXT,
    "subject_type" TEXT,
    "subject_id" TEXT,
    "locale" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "card" JSONB,
    "actionable" BOOLEAN NOT NULL DEFAULT false,
    "sent_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "teams_sent_activities_pkey" PRIMARY KEY ("conversation_id","activity_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "teams_sent_activities_delivery_key" ON "teams_sent_activities"("delivery_id");

-- CreateIndex
CREATE INDEX "teams_sent_activities_actionable_idx" ON "teams_sent_activities"("conversation_id", "subject_type", "subject_id") WHERE actionable;
