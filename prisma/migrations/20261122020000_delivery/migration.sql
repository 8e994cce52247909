-- Delivery of outbox notifications: one row per (notification, linked channel identity) (CM-05).
-- Hand-written in Prisma's layout; test/integration/schema-catalog.test.ts checks it against schema.prisma.

-- CreateTable
CREATE TABLE "deliveries" (
    "id" TEXT NOT NULL,
    "outbox_id" BIGINT NOT NULL,
    "party_id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "external_user_id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "rendered" JSONB,

    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "deliveries_outbox_identity_key" ON "deliveries"("outbox_id", "channel", "external_user_id");

-- CreateIndex
CREATE INDEX "deliveries_pending_idx" ON "deliveries"("next_attempt_at") WHERE (status = 'pending'::text);

-- CreateIndex
CREATE INDEX "deliveries_failed_idx" ON "deliveries"("failed_at") WHERE (status = 'failed'::text);
