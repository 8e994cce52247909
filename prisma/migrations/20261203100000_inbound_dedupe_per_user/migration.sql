-- Issue 9: inbound dedupe is keyed by (channel, external user, event id): one party's event id never
-- swallows another party's turn. Existing marks keep an empty user (they only ever block a repeat of
-- themselves, and every platform retry window is long past).
ALTER TABLE "processed_inbound_events" ADD COLUMN "external_user_id" TEXT NOT NULL DEFAULT '';
ALTER TABLE "processed_inbound_events" ALTER COLUMN "external_user_id" DROP DEFAULT;
ALTER TABLE "processed_inbound_events" DROP CONSTRAINT "processed_inbound_events_pkey";
ALTER TABLE "processed_inbound_events" ADD CONSTRAINT "processed_inbound_events_pkey" PRIMARY KEY ("channel", "external_user_id", "external_event_id");
