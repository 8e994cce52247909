-- CL-11 / issue 9: evidence is a capability of the claim, not of its hash — the server records who
-- uploaded which bytes (measured size, sniffed type); attaching and downloading check this record.
CREATE TABLE "evidence_uploads" (
    "id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "external_user_id" TEXT NOT NULL,
    "party_id" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "blob_key" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "media_type" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "evidence_uploads_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "evidence_uploads_sha256_idx" ON "evidence_uploads"("sha256");
CREATE INDEX "evidence_uploads_identity_idx" ON "evidence_uploads"("channel", "external_user_id", "uploaded_at");
