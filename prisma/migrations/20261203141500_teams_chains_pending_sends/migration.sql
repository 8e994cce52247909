-- Teams (issue 13): pending proactive sends (the crash window between the connector's accept and our
-- record), conversation kinds, and each case's reply chain in a Teams channel.
-- Hand-written in Prisma's layout; test/integration/schema-catalog.test.ts checks it against schema.prisma.

-- CreateTable
CREATE TABLE "teams_pending_sends" (
    "delivery_id" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "teams_pending_sends_pkey" PRIMARY KEY ("delivery_id")
);

-- CreateTable
CREATE TABLE "teams_conversations" (
    "conversation_id" TEXT NOT NULL,
    "conversation_type" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "teams_conversations_pkey" PRIMARY KEY ("conversation_id")
);

-- CreateTable
CREATE TABLE "teams_case_chains" (
    "conversation_id" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "root_activity_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "teams_case_chains_pkey" PRIMARY KEY ("conversation_id","subject_type","subject_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "teams_case_chains_root_key" ON "teams_case_chains"("conversation_id", "root_activity_id");
