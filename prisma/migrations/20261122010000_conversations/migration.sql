-- Conversations: guided-flow state per user and conversation, and one-time account-link codes (CM-05).
-- Hand-written in Prisma's layout; test/integration/schema-catalog.test.ts checks it against schema.prisma.

-- CreateTable
CREATE TABLE "conversation_states" (
    "channel" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "external_user_id" TEXT NOT NULL,
    "flow" JSONB,
    "subject_type" TEXT,
    "subject_id" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "conversation_states_pkey" PRIMARY KEY ("channel","conversation_id","external_user_id")
);

-- CreateTable
CREATE TABLE "link_codes" (
    "code_hash" CHAR(64) NOT NULL,
    "party_id" TEXT NOT NULL,
    "issued_by" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "redeemed_at" TIMESTAMPTZ(3),
    "redeemed_channel" TEXT,
    "redeemed_external_user_id" TEXT,

    CONSTRAINT "link_codes_pkey" PRIMARY KEY ("code_hash")
);

-- CreateIndex
CREATE INDEX "link_codes_party_idx" ON "link_codes"("party_id");
