/** Bulk deadline rows for scheduler proofs and the bench: reminders that need no aggregate to fire. */
import type { Database } from "../../../src/adapters/db/database.js";
import { deadlineRowId } from "../../../src/adapters/db/deadline-rows.js";
import { addMs, type Instant } from "../../../src/domain/shared/time.js";

/** Inserts `count` pending reminder rows firing at `firstFireAt` + i × `spacingMs`; returns their ids. */
export async function seedReminderRows(db: Database, count: number, firstFireAt: Instant, spacingMs = 1_000, prefix = "seed"): Promise<string[]> {
  const ids: string[] = [];
  const chunk = 5_000;
  for (let start = 0; start < count; start += chunk) {
    const rows = Array.from({ length: Math.min(chunk, count - start) }, (_, k) => {
      const i = start + k;
      const deadlineId = `claim:${prefix}-${i}:supplier-response:0`;
      const fireAt = addMs(firstFireAt, i * spacingMs);
      const id = deadlineRowId(deadlineId, "reminder", fireAt);
      ids.push(id);
      return {
        id,
        deadlineId,
        kind: "supplier-response",
        subjectType: "claim",
        subjectId: `${prefix}-${i}`,
        streamType: "claim",
        streamId: `${prefix}-${i}`,
        action: "reminder",
        fireAt,
        dueAt: addMs(fireAt, 86_400_000),
        actor: "supplier",
        actorPartyId: "supplier-1",
        defaultOutcome: "escalate",
        status: "pending",
        createdAt: firstFireAt,
      };
    });
    await db.prisma.scheduledDeadline.createMany({ data: rows });
  }
  return ids;
}
