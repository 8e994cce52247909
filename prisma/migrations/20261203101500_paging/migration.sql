-- DT-01: the staff team's escalation policy, every version (read model of the escalation-policy stream).
CREATE TABLE "escalation_policy_versions" (
    "team" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "policy" JSONB NOT NULL,
    "effective_from" TIMESTAMPTZ(3) NOT NULL,
    "revised_by" TEXT NOT NULL,

    CONSTRAINT "escalation_policy_versions_pkey" PRIMARY KEY ("team","version")
);

-- DT-01: the one staff-channel message of a page (e.g. its Slack message), updated in place.
CREATE TABLE "staff_channel_messages" (
    "page_id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "message_ref" TEXT NOT NULL,
    "posted_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "staff_channel_messages_pkey" PRIMARY KEY ("page_id")
);
