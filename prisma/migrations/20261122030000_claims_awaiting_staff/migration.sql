-- The staff queue: claims escalated for a decision (DT-01) and claims with an appeal not yet decided (DT-08).
ALTER TABLE "claims" ADD COLUMN "awaiting_staff" BOOLEAN NOT NULL DEFAULT false;

UPDATE "claims" SET "awaiting_staff" = true WHERE "status" = 'escalated';

CREATE INDEX "claims_awaiting_staff_idx" ON "claims"("awaiting_staff");
