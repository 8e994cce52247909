-- Initial schema: event store, deadlines, outbox, inbound dedupe, and the read models.
-- Hand-written in Prisma's layout; test/integration/schema-catalog.test.ts checks it against schema.prisma.

-- CreateTable
CREATE TABLE "domain_events" (
    "position" BIGSERIAL NOT NULL,
    "stream_type" TEXT NOT NULL,
    "stream_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "actor" JSONB NOT NULL,
    "data" JSONB NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "domain_events_pkey" PRIMARY KEY ("position")
);

-- CreateTable
CREATE TABLE "aggregate_snapshots" (
    "stream_type" TEXT NOT NULL,
    "stream_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "state" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "aggregate_snapshots_pkey" PRIMARY KEY ("stream_type","stream_id")
);

-- CreateTable
CREATE TABLE "deadlines" (
    "id" TEXT NOT NULL,
    "deadline_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "stream_type" TEXT NOT NULL,
    "stream_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "fire_at" TIMESTAMPTZ(3) NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "actor_party_id" TEXT,
    "default_outcome" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "fired_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "deadlines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox" (
    "id" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "recipient_party_id" TEXT,
    "stream_type" TEXT,
    "stream_id" TEXT,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "available_at" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "delivered_at" TIMESTAMPTZ(3),
    "last_error" TEXT,

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processed_inbound_events" (
    "channel" TEXT NOT NULL,
    "external_event_id" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "processed_inbound_events_pkey" PRIMARY KEY ("channel","external_event_id")
);

-- CreateTable
CREATE TABLE "parties" (
    "id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "enrolled" BOOLEAN NOT NULL DEFAULT false,
    "suspended" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "parties_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "channel_identities" (
    "channel" TEXT NOT NULL,
    "external_user_id" TEXT NOT NULL,
    "party_id" TEXT NOT NULL,
    "linked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "channel_identities_pkey" PRIMARY KEY ("channel","external_user_id")
);

-- CreateTable
CREATE TABLE "ledger_entries" (
    "id" BIGSERIAL NOT NULL,
    "supplier_id" TEXT NOT NULL,
    "stream_version" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "amount_minor" BIGINT,
    "currency" TEXT,
    "order_id" TEXT,
    "claim_id" TEXT,
    "reason" TEXT,
    "data" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ledger_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "orders" (
    "id" TEXT NOT NULL,
    "buyer_id" TEXT NOT NULL,
    "supplier_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "confirmed_version" INTEGER,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "order_versions" (
    "order_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "terms" JSONB NOT NULL,
    "proposed_by" TEXT NOT NULL,
    "proposed_at" TIMESTAMPTZ(3) NOT NULL,
    "note" TEXT,
    "content_hash" TEXT,

    CONSTRAINT "order_versions_pkey" PRIMARY KEY ("order_id","number")
);

-- CreateTable
CREATE TABLE "claims" (
    "id" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "claims_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "proposals" (
    "id" TEXT NOT NULL,
    "claim_id" TEXT NOT NULL,
    "proposed_by" TEXT NOT NULL,
    "terms" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "proposed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "proposals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "evidence" (
    "id" TEXT NOT NULL,
    "claim_id" TEXT NOT NULL,
    "uploaded_by" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "media_type" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "blob_key" TEXT NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "evidence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "messages" (
    "id" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "author_party_id" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "message_translations" (
    "message_id" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "failed" BOOLEAN NOT NULL DEFAULT false,
    "translated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "message_translations_pkey" PRIMARY KEY ("message_id","language")
);

-- CreateTable
CREATE TABLE "translation_cache" (
    "source_hash" CHAR(64) NOT NULL,
    "target_language" TEXT NOT NULL,
    "source_language" TEXT,
    "translated_text" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "translation_cache_pkey" PRIMARY KEY ("source_hash","target_language")
);

-- CreateTable
CREATE TABLE "staff_pages" (
    "id" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "paged_at" TIMESTAMPTZ(3) NOT NULL,
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by" TEXT,
    "external_ref" TEXT,

    CONSTRAINT "staff_pages_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "domain_events_stream_version_key" ON "domain_events"("stream_type", "stream_id", "version");

-- CreateIndex
CREATE INDEX "domain_events_type_idx" ON "domain_events"("type");

-- CreateIndex
CREATE INDEX "deadlines_due_idx" ON "deadlines"("fire_at") WHERE (status = 'pending'::text);

-- CreateIndex
CREATE INDEX "deadlines_stream_idx" ON "deadlines"("stream_type", "stream_id", "status");

-- CreateIndex
CREATE INDEX "outbox_pending_idx" ON "outbox"("available_at") WHERE (delivered_at IS NULL);

-- CreateIndex
CREATE INDEX "parties_role_idx" ON "parties"("role");

-- CreateIndex
CREATE INDEX "channel_identities_party_idx" ON "channel_identities"("party_id");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_entries_stream_version_key" ON "ledger_entries"("supplier_id", "stream_version");

-- CreateIndex
CREATE INDEX "ledger_entries_order_idx" ON "ledger_entries"("order_id");

-- CreateIndex
CREATE INDEX "orders_buyer_idx" ON "orders"("buyer_id");

-- CreateIndex
CREATE INDEX "orders_supplier_idx" ON "orders"("supplier_id");

-- CreateIndex
CREATE INDEX "claims_order_idx" ON "claims"("order_id");

-- CreateIndex
CREATE INDEX "proposals_claim_idx" ON "proposals"("claim_id");

-- CreateIndex
CREATE INDEX "evidence_claim_idx" ON "evidence"("claim_id");

-- CreateIndex
CREATE INDEX "evidence_sha256_idx" ON "evidence"("sha256");

-- CreateIndex
CREATE INDEX "messages_subject_idx" ON "messages"("subject_type", "subject_id", "sent_at");

-- CreateIndex
CREATE INDEX "staff_pages_subject_idx" ON "staff_pages"("subject_type", "subject_id");

-- AddForeignKey
ALTER TABLE "channel_identities" ADD CONSTRAINT "channel_identities_party_id_fkey" FOREIGN KEY ("party_id") REFERENCES "parties"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_versions" ADD CONSTRAINT "order_versions_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_translations" ADD CONSTRAINT "message_translations_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;
