-- Several replicas on one database (issue 10): web-chat messages (live push + catch-up from the
-- database), evidence bytes in the database, and generated secrets every replica shares.

-- CreateTable
CREATE TABLE "webchat_messages" (
    "id" BIGSERIAL NOT NULL,
    "external_user_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "delivery_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "webchat_messages_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "webchat_messages_delivery_key" ON "webchat_messages"("delivery_id");

-- CreateIndex
CREATE INDEX "webchat_messages_account_idx" ON "webchat_messages"("external_user_id", "id");

-- CreateTable
CREATE TABLE "blobs" (
    "sha256" CHAR(64) NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "chunk_count" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "blobs_pkey" PRIMARY KEY ("sha256")
);

-- CreateTable
CREATE TABLE "blob_chunks" (
    "sha256" CHAR(64) NOT NULL,
    "chunk_index" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,

    CONSTRAINT "blob_chunks_pkey" PRIMARY KEY ("sha256", "chunk_index")
);

-- CreateTable
CREATE TABLE "app_secrets" (
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "app_secrets_pkey" PRIMARY KEY ("name")
);
