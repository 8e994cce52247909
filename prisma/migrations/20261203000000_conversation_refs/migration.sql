-- Issue 8: each linked channel identity keeps the platform's conversation reference of its latest
-- inbound, so proactive deliveries (Teams continueConversation, a Slack DM) know where to go.
ALTER TABLE "channel_identities" ADD COLUMN "conversation_ref" JSONB;
