/**
 * The outbox dispatcher (architecture step 5, CM-05): delivers every notification written by a
 * command to every channel its recipient has linked, once.
 *
 * 1. Fan-out — one transaction per outbox row: claim the oldest available undelivered row
 *    (`FOR UPDATE SKIP LOCKED`, so replicas split the work), turn it into a Notification, insert one
 *    `deliveries` row per linked channel identity of the recipient (unique per row and identity), and
 *    stamp the outbox row `delivered_at` (handed over). A row whose recipient has no linked channel
 *    is stamped with that as `last_error`.
 * 2. Sending — per due delivery: claim it (`FOR UPDATE SKIP LOCKED`), count the attempt and push
 *    `next_attempt_at` one lease ahead, commit; then, outside any transaction, translate the party's
 *    free text for the reader (CM-01: on failure the original goes out, marked — nothing waits past
 *    the translator's timeout; a person's words quoted in the notification likewise), render, and call the channel's ChannelSender with the delivery id as
 *    idempotency key; then mark it sent, schedule a retry (Retry-After, else exponential backoff) or
 *    record it failed (permanent error or attempts exhausted) — staff see it in `failedDeliveries`
 *    and are told (`staff:deliveryFailed`).
 *
 * Deliveries due at the same time go out in the order their notifications were written (outbox id),
 * so a reader gets one command's notices in event order (a decision before the refund it sets due).
 *
 * Exactly once per (notification, identity): the unique key makes the fan-out idempotent; a crash
 * between a send and its "sent" mark leaves the delivery pending until its lease ends, and it is sent
 * again with the same idempotency key — dropped by channels that honour one (the web chat and the
 * in-memory harness do; Slack's chat.postMessage has no such key, so there a crash in that window
 * can repeat one message — the one case of at-least-once).
 */
import { randomUUID } from "node:crypto";
import { conversationRefSchema, type ConversationRef, type Notification, type NotificationRecipient } from "../../domain/notifications/index.js";
import type { Translator } from "../../domain/ports/translator.js";
import { addMs, type Instant } from "../../domain/shared/time.js";
import type { Clock } from "../clock/clock.js";
import type { AggregateRegistry } from "../db/aggregate-definition.js";
import type { Database } from "../db/database.js";
import { enqueueOutbox } from "../db/outbox.js";
import { asJson, instantOfColumn, type Tx } from "../db/transaction.js";
import { withTimeLimit } from "../shared/time-limit.js";
import type { TranslationLogger } from "../translate/index.js";
import { DeliveryError, type ChannelSender, type DeliveryIdentity } from "./channel-sender.js";
import type { OutboxRoute } from "./outbox-route.js";
import { outboxEntryOf } from "./notifications.js";
import { notificationOfRow, type OutboxRow } from "./outbox-rows.js";
import { PersonTextTranslator } from "./person-text.js";
import { renderNotification } from "./render.js";
import { backoffDelayMs, DEFAULT_RETRY_POLICY, retryDecision, type RetryPolicy } from "./retry-policy.js";

/** A subset of pino's Logger (the same the translation adapters log through). */
export type DeliveryLogger = TranslationLogger;

export interface OutboxDispatcherOptions {
  /** One sender per channel name ("slack", "teams", "webchat", …). */
  readonly senders: Readonly<Record<string, ChannelSender>>;
  readonly translator: Translator;
  /** Recorded with translations, e.g. "google-v2" or "none". */
  readonly translatorName: string;
  readonly logger: DeliveryLogger;
  /** Upper bound on translating one message for one reader (default: the translate adapters' 3 s). */
  readonly translateTimeoutMs?: number;
  readonly retry?: RetryPolicy;
  /** How long a claimed delivery stays invisible to other dispatchers (default 5 min): a crash is retried after it. */
  readonly leaseMs?: number;
  /** Upper bound on one channel call (default 30 s); a send past it counts as a transient failure. */
  readonly sendTimeoutMs?: number;
  /** Outbox rows and deliveries handled per `dispatchOnce` at most (default 500 each). */
  readonly batchSize?: number;
  /** Outbox kinds delivered as they are to one destination (e.g. "pagerduty.event"), not fanned out to a recipient. */
  readonly routes?: Readonly<Record<string, OutboxRoute>>;
}

export interface DispatchReport {
  readonly fannedOut: number;
  readonly sent: number;
  readonly retrying: number;
  readonly failed: number;
}

export interface DispatcherLoop {
  stop(): Promise<void>;
}

interface ClaimedOutboxRow {
  id: bigint;
  kind: string;
  stream_type: string | null;
  stream_id: string | null;
  payload: unknown;
  created_at: Date | string;
}

interface ClaimedDeliveryRow {
  id: string;
  outbox_id: bigint;
  party_id: string;
  channel: string;
  external_user_id: string;
  attempts: number;
}

/** The stored reference, if it still reads as one (a malformed one falls back to the direct conversation). */
function conversationRefOf(stored: unknown): ConversationRef | undefined {
  const parsed = conversationRefSchema.safeParse(stored);
  return parsed.success ? parsed.data : undefined;
}

interface ClaimedDelivery {
  readonly id: string;
  readonly attempt: number;
  readonly identity: DeliveryIdentity;
  /** The conversation the account last wrote from (undefined: the channel's direct conversation). */
  readonly conversationRef: ConversationRef | undefined;
  readonly outboxId: bigint;
  /** The delivery's outbox row; undefined when it is gone. */
  readonly outbox: OutboxRow | undefined;
  readonly recipientName: string;
}

type DeliveryResult = "sent" | "retrying" | "failed";

/** Claim + lease of the next due delivery, with its recipient's language, time zone and name. */
const CLAIM_DELIVERY_SQL = `
  WITH claimed AS (
    UPDATE deliveries SET attempts = attempts + 1, next_attempt_at = $2::timestamptz
     WHERE id = (SELECT id FROM deliveries d
                  WHERE status = 'pending' AND next_attempt_at <= $1::timestamptz
                    -- A routed destination's deliveries go in outbox order: one waits while an earlier one is pending.
                    AND NOT (channel = ANY($3::text[]) AND EXISTS (
                      SELECT 1 FROM deliveries e
                       WHERE e.channel = d.channel AND e.external_user_id = d.external_user_id AND e.status = 'pending' AND e.outbox_id < d.outbox_id))
                  ORDER BY next_attempt_at, outbox_id, id
                  LIMIT 1
                  FOR UPDATE SKIP LOCKED)
    RETURNING id, outbox_id, party_id, channel, external_user_id, attempts)
  SELECT c.id, c.outbox_id, c.party_id, c.channel, c.external_user_id, c.attempts, p.locale, p.time_zone, p.display_name, i.conversation_ref,
         o.id AS o_id, o.kind AS o_kind, o.stream_type AS o_stream_type, o.stream_id AS o_stream_id, o.payload AS o_payload, o.created_at AS o_created_at
    FROM claimed c
    LEFT JOIN parties p ON p.id = c.party_id
    LEFT JOIN channel_identities i ON i.channel = c.channel AND i.external_user_id = c.external_user_id
    -- Issue 15: the delivery's outbox row (handed over, so it no longer changes) in the same round trip.
    LEFT JOIN outbox o ON o.id = c.outbox_id`;

/** The deliveries' party of a routed kind (no recipient party: the destination is a service). */
const ROUTED_PARTY = "system";

function outboxRowOf(row: ClaimedOutboxRow): OutboxRow {
  return { id: row.id, kind: row.kind, streamType: row.stream_type, streamId: row.stream_id, payload: row.payload, createdAt: instantOfColumn(row.created_at) };
}

async function identitiesOf(tx: Tx, recipient: NotificationRecipient) {
  const where = "partyId" in recipient ? { partyId: recipient.partyId } : { party: { role: "staff", suspended: false } };
  return tx.channelIdentity.findMany({ where, orderBy: [{ partyId: "asc" }, { channel: "asc" }, { externalUserId: "asc" }] });
}

type RecipientIdentities = (recipient: NotificationRecipient) => ReturnType<typeof identitiesOf>;

/** A recipient's linked identities, read once per fan-out transaction (a batch's rows mostly share a few recipients). */
function recipientIdentities(tx: Tx): RecipientIdentities {
  const read = new Map<string, ReturnType<typeof identitiesOf>>();
  return (recipient) => {
    const key = "partyId" in recipient ? `party:${recipient.partyId}` : "staff";
    const cached = read.get(key) ?? identitiesOf(tx, recipient);
    read.set(key, cached);
    return cached;
  };
}

interface FanOutPlan {
  readonly raw: ClaimedOutboxRow;
  readonly deliveries: readonly {
    id: string;
    outboxId: bigint;
    partyId: string;
    channel: string;
    externalUserId: string;
    nextAttemptAt: Instant;
    createdAt: Instant;
  }[];
  /** Why nothing (or not everything) goes out; null when the row was handed over cleanly. */
  readonly problem: string | null;
  /** Logged as a warning (a routed kind without a destination here is configuration, not a fault). */
  readonly warn: boolean;
}

/** Outbox rows fanned out per transaction at most (issue 15). */
const FAN_OUT_BATCH = 32;

/**
 * Issue 15: on the embedded database every query completes without real I/O, so a pass of the
 * dispatcher (tens of rows, ~8 statements each) ran as one unbroken chain of microtasks and held the
 * event loop for up to 1-3 s: no HTTP turn was served meanwhile — the web chat's p99. The pass now
 * gives the event loop back (setImmediate: after pending I/O) once it has run for SLICE_MS (about one
 * web-chat turn's work, so a pass and the turns take turns); on
 * PostgreSQL the awaits are real I/O anyway and the slice is rarely spent.
 */
const SLICE_MS = 20;

class TimeSlice {
  #since = performance.now();

  async yieldWhenSpent(): Promise<void> {
    if (performance.now() - this.#since < SLICE_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.#since = performance.now();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function withSendTimeout(sending: Promise<void>, ms: number): Promise<void> {
  return withTimeLimit(sending, ms, () => new DeliveryError(`channel did not answer within ${ms} ms`, { permanent: false }));
}

export class OutboxDispatcher {
  readonly #retry: RetryPolicy;
  readonly #leaseMs: number;
  readonly #sendTimeoutMs: number;
  readonly #batchSize: number;
  readonly #personText: PersonTextTranslator;
  readonly #routes: ReadonlyMap<string, OutboxRoute>;
  readonly #routedChannels: string[];

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly aggregates: AggregateRegistry,
    private readonly options: OutboxDispatcherOptions,
  ) {
    this.#retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.#leaseMs = options.leaseMs ?? 5 * 60_000;
    this.#sendTimeoutMs = options.sendTimeoutMs ?? 30_000;
    this.#batchSize = options.batchSize ?? 500;
    this.#routes = new Map(Object.values(options.routes ?? {}).map((route) => [route.channel, route]));
    this.#routedChannels = [...this.#routes.keys()];
    this.#personText = new PersonTextTranslator(db, clock, {
      translator: options.translator,
      translatorName: options.translatorName,
      logger: options.logger,
      ...(options.translateTimeoutMs === undefined ? {} : { timeoutMs: options.translateTimeoutMs }),
    });
  }

  /** Fans out every available outbox row, then attempts every due delivery once. */
  async dispatchOnce(): Promise<DispatchReport> {
    const slice = new TimeSlice();
    let fannedOut = 0;
    while (fannedOut < this.#batchSize) {
      const handled = await this.#fanOutBatch(Math.min(FAN_OUT_BATCH, this.#batchSize - fannedOut));
      if (handled === 0) break;
      fannedOut += handled;
      await slice.yieldWhenSpent();
    }
    const results: DeliveryResult[] = [];
    while (results.length < this.#batchSize) {
      const claimed = await this.#claimNextDelivery();
      if (!claimed) break;
      results.push(await this.#deliver(claimed));
      await slice.yieldWhenSpent();
    }
    const count = (result: DeliveryResult) => results.filter((r) => r === result).length;
    return { fannedOut, sent: count("sent"), retrying: count("retrying"), failed: count("failed") };
  }

  /** Runs `dispatchOnce` every `intervalMs` (default 1 s); a tick during a running pass is skipped. */
  start(options: { intervalMs?: number; onError?: (error: unknown) => void } = {}): DispatcherLoop {
    let running: Promise<unknown> | undefined;
    const timer = setInterval(() => {
      if (running) return;
      running = this.dispatchOnce()
        .catch((error: unknown) => options.onError?.(error))
        .finally(() => {
          running = undefined;
        });
    }, options.intervalMs ?? 1_000);
    return {
      async stop() {
        clearInterval(timer);
        await running;
      },
    };
  }

  /**
   * Step 1 for up to FAN_OUT_BATCH rows in one transaction; the number of rows handled (0: none
   * available). Issue 15: one transaction per row cost the embedded database more than the turns that
   * wrote the rows (BEGIN, claim, identities, deliveries, stamp, COMMIT for each); a batch claims its
   * rows in one statement, reads each recipient's identities once, and writes all deliveries and
   * stamps together. The rows are claimed FOR UPDATE SKIP LOCKED as before, so replicas still split
   * them. Should anything in the batch fail (e.g. a row's subject fails to load), the batch rolls back
   * and its oldest row goes alone through `#fanOutNext`, which backs a failing row off by itself — so
   * one bad row never holds the others up for longer than one retry.
   */
  async #fanOutBatch(limit: number): Promise<number> {
    const now = this.clock.now();
    try {
      return await this.db.prisma.$transaction(async (tx) => {
        const rows = await claimOutboxRows(tx, now, limit);
        if (rows.length === 0) return 0;
        const identities = recipientIdentities(tx);
        const plans: FanOutPlan[] = [];
        for (const raw of rows) plans.push(await this.#planFanOut(tx, raw, now, identities));
        await this.#writeFanOut(tx, plans, now);
        return rows.length;
      });
    } catch (error) {
      this.options.logger.warn({ err: error, rows: limit }, "outbox batch could not be fanned out; handling its rows one by one");
      return (await this.#fanOutNext()) ? 1 : 0;
    }
  }

  /** Step 1 for one outbox row; false when none is available. */
  async #fanOutNext(): Promise<boolean> {
    const now = this.clock.now();
    let claimedId: bigint | undefined;
    try {
      return await this.db.prisma.$transaction(async (tx) => {
        const rows = await claimOutboxRows(tx, now, 1);
        const raw = rows[0];
        if (!raw) return false;
        claimedId = raw.id;
        await this.#writeFanOut(tx, [await this.#planFanOut(tx, raw, now, recipientIdentities(tx))], now);
        return true;
      });
    } catch (error) {
      if (claimedId === undefined) throw error;
      // The row could not be fanned out (e.g. its subject failed to load): try it again later.
      const id = claimedId;
      const attempts = (await this.db.prisma.outboxMessage.findUnique({ where: { id }, select: { attempts: true } }))?.attempts ?? 0;
      const delayMs = backoffDelayMs(attempts + 1, this.#retry);
      await this.db.prisma.outboxMessage.update({
        where: { id },
        data: { attempts: { increment: 1 }, lastError: describe(error), availableAt: addMs(now, delayMs) },
      });
      this.options.logger.warn({ outboxId: String(id), err: error }, "outbox row could not be fanned out; retrying later");
      return true;
    }
  }

  /**
   * What fanning out one claimed row writes: one delivery per linked identity of its recipient (a
   * routed kind: one to the payload's destination), or the reason there is none.
   */
  async #planFanOut(tx: Tx, raw: ClaimedOutboxRow, now: Instant, identitiesOf: RecipientIdentities): Promise<FanOutPlan> {
    const delivery = (partyId: string, channel: string, externalUserId: string) => ({
      id: randomUUID(),
      outboxId: raw.id,
      partyId,
      channel,
      externalUserId,
      nextAttemptAt: now,
      createdAt: now,
    });
    const route = this.options.routes?.[raw.kind];
    if (route) {
      const destination = route.destination(raw.payload);
      if (destination === undefined) return { raw, deliveries: [], problem: `no ${route.channel} destination configured`, warn: false };
      return { raw, deliveries: [delivery(ROUTED_PARTY, route.channel, destination)], problem: null, warn: false };
    }
    const notification = await notificationOfRow(tx, this.aggregates, outboxRowOf(raw));
    const identities = notification ? await identitiesOf(notification.recipient) : [];
    const problem = !notification ? `nothing to deliver for outbox kind "${raw.kind}"` : identities.length === 0 ? "the recipient has no linked channel" : null;
    return { raw, deliveries: identities.map((i) => delivery(i.partyId, i.channel, i.externalUserId)), problem, warn: problem !== null };
  }

  /** Writes the planned deliveries and stamps the rows handed over (`delivered_at`), with their problem if any. */
  async #writeFanOut(tx: Tx, plans: readonly FanOutPlan[], now: Instant): Promise<void> {
    const deliveries = plans.flatMap((plan) => plan.deliveries);
    if (deliveries.length > 0) await tx.delivery.createMany({ data: deliveries, skipDuplicates: true });
    const clean = plans.filter((plan) => plan.problem === null).map((plan) => plan.raw.id);
    if (clean.length > 0) {
      await tx.outboxMessage.updateMany({ where: { id: { in: clean } }, data: { deliveredAt: now, attempts: { increment: 1 }, lastError: null } });
    }
    for (const plan of plans) {
      if (plan.problem === null) continue;
      if (plan.warn) this.options.logger.warn({ outboxId: String(plan.raw.id), kind: plan.raw.kind }, plan.problem);
      await tx.outboxMessage.update({ where: { id: plan.raw.id }, data: { deliveredAt: now, attempts: { increment: 1 }, lastError: plan.problem } });
    }
  }

  /**
   * Step 2a: claims the next due delivery and leases it (a crash before its result is recorded
   * retries it after the lease) — one statement, so no interactive transaction: the row is locked
   * by the inner SELECT … FOR UPDATE SKIP LOCKED until the statement commits its new lease.
   */
  async #claimNextDelivery(): Promise<ClaimedDelivery | undefined> {
    const now = this.clock.now();
    const rows = await this.db.prisma.$queryRawUnsafe<
      (ClaimedDeliveryRow & {
        locale: string | null;
        time_zone: string | null;
        display_name: string | null;
        conversation_ref: unknown;
        o_id: bigint | null;
        o_kind: string | null;
        o_stream_type: string | null;
        o_stream_id: string | null;
        o_payload: unknown;
        o_created_at: Date | string | null;
      })[]
    >(CLAIM_DELIVERY_SQL, now, addMs(now, this.#leaseMs), [...this.#routedChannels]);
    const row = rows[0];
    if (!row) return undefined;
    const outbox =
      row.o_id === null || row.o_kind === null || row.o_created_at === null
        ? undefined
        : outboxRowOf({
            id: BigInt(row.o_id),
            kind: row.o_kind,
            stream_type: row.o_stream_type,
            stream_id: row.o_stream_id,
            payload: row.o_payload,
            created_at: row.o_created_at,
          });
    return {
      outbox,
      id: row.id,
      attempt: row.attempts,
      conversationRef: conversationRefOf(row.conversation_ref),
      identity: {
        channel: row.channel,
        externalUserId: row.external_user_id,
        partyId: row.party_id,
        locale: row.locale ?? "en",
        timeZone: row.time_zone ?? "UTC",
      },
      outboxId: BigInt(row.outbox_id),
      recipientName: row.display_name ?? row.party_id,
    };
  }

  /** The notification a delivery carries, from its outbox row (read with the claim; a reminder against its subject's state). */
  async #notificationOf(claimed: ClaimedDelivery): Promise<Notification | undefined> {
    // A delivered outbox row no longer changes; the subject state of a reminder is read in one query.
    if (!claimed.outbox) return undefined;
    return notificationOfRow(this.db.prisma, this.aggregates, claimed.outbox);
  }

  /** Step 2b: translate, render, send, and record the result. */
  async #deliver(claimed: ClaimedDelivery): Promise<DeliveryResult> {
    const route = this.#routes.get(claimed.identity.channel);
    if (route) return this.#deliverRouted(claimed, route);
    const { identity } = claimed;
    const sender = this.options.senders[identity.channel];
    let notification: Notification | undefined;
    let rendered: unknown = null;
    try {
      notification = await this.#notificationOf(claimed);
      if (!notification) throw new DeliveryError("the notification of this delivery is gone", { permanent: true });
      if (!sender) throw new DeliveryError(`no sender for channel "${identity.channel}"`, { permanent: true });
      const personText = notification.personMessage
        ? await this.#personText.forReader(notification.personMessage, notification.subject, identity.locale)
        : undefined;
      const message = await renderNotification(notification, {
        ...(personText ? { personText } : {}),
        words: (words) => this.#personText.wordsForReader(words, identity.locale),
      });
      rendered = message;
      await withSendTimeout(
        sender.send(identity, claimed.conversationRef, message, { idempotencyKey: claimed.id, attempt: claimed.attempt }),
        this.#sendTimeoutMs,
      );
    } catch (error) {
      return this.#recordFailure(claimed, notification, error, rendered);
    }
    await this.db.prisma.delivery.update({
      where: { id: claimed.id },
      data: { status: "sent", sentAt: this.clock.now(), lastError: null, rendered: asJson(rendered) },
    });
    return "sent";
  }

  /** Step 2b for a routed kind: the payload goes as it is; a failure for good writes the route's follow-ups (e.g. staff are told). */
  async #deliverRouted(claimed: ClaimedDelivery, route: OutboxRoute): Promise<DeliveryResult> {
    const outbox = claimed.outbox;
    try {
      if (!outbox) throw new DeliveryError("the outbox row of this delivery is gone", { permanent: true });
      await withSendTimeout(route.send(outbox.payload, { idempotencyKey: claimed.id, attempt: claimed.attempt }), this.#sendTimeoutMs);
    } catch (error) {
      const now = this.clock.now();
      const decision = retryDecision(error, claimed.attempt, this.#retry);
      const details = { deliveryId: claimed.id, channel: route.channel, destination: claimed.identity.externalUserId, attempt: claimed.attempt, err: error };
      if (decision.retry) {
        this.options.logger.warn({ ...details, retryInMs: decision.delayMs }, "delivery failed; retrying");
        await this.db.prisma.delivery.update({ where: { id: claimed.id }, data: { nextAttemptAt: addMs(now, decision.delayMs), lastError: describe(error) } });
        return "retrying";
      }
      this.options.logger.warn(details, "delivery failed for good; recorded for staff");
      await this.db.prisma.$transaction(async (tx) => {
        await tx.delivery.update({ where: { id: claimed.id }, data: { status: "failed", failedAt: now, lastError: describe(error) } });
        if (outbox) await enqueueOutbox(tx, route.failedForGood?.(outbox.payload, error) ?? [], now);
      });
      return "failed";
    }
    await this.db.prisma.delivery.update({
      where: { id: claimed.id },
      data: { status: "sent", sentAt: this.clock.now(), lastError: null, rendered: asJson(outbox?.payload ?? null) },
    });
    return "sent";
  }

  async #recordFailure(claimed: ClaimedDelivery, notification: Notification | undefined, error: unknown, rendered: unknown): Promise<DeliveryResult> {
    const now = this.clock.now();
    const decision = retryDecision(error, claimed.attempt, this.#retry);
    const details = { deliveryId: claimed.id, channel: claimed.identity.channel, partyId: claimed.identity.partyId, attempt: claimed.attempt, err: error };
    const renderedJson = rendered === null ? {} : { rendered: asJson(rendered) };
    if (decision.retry) {
      this.options.logger.warn({ ...details, retryInMs: decision.delayMs }, "delivery failed; retrying");
      await this.db.prisma.delivery.update({
        where: { id: claimed.id },
        data: { nextAttemptAt: addMs(now, decision.delayMs), lastError: describe(error), ...renderedJson },
      });
      return "retrying";
    }
    this.options.logger.warn(details, "delivery failed for good; recorded for staff");
    await this.db.prisma.$transaction(async (tx) => {
      await tx.delivery.update({ where: { id: claimed.id }, data: { status: "failed", failedAt: now, lastError: describe(error), ...renderedJson } });
      // Staff are told about a party's undeliverable message (never about their own, which could loop).
      if (notification && "partyId" in notification.recipient) {
        await enqueueOutbox(
          tx,
          [
            outboxEntryOf({
              recipient: { staff: true },
              subject: notification.subject,
              text: { key: "staff:deliveryFailed", params: { recipient: claimed.recipientName, channel: claimed.identity.channel } },
              facts: [{ label: { key: "staff:notify.fact.reason" }, value: describe(error) }],
              tone: "warning",
            }),
          ],
          now,
        );
      }
    });
    return "failed";
  }
}

/** The oldest available undelivered outbox rows, at most `limit`, locked (SKIP LOCKED: replicas split them). */
function claimOutboxRows(tx: Tx, now: Instant, limit: number): Promise<ClaimedOutboxRow[]> {
  return tx.$queryRaw<ClaimedOutboxRow[]>`
    SELECT id, kind, stream_type, stream_id, payload, created_at FROM outbox
     WHERE delivered_at IS NULL AND available_at <= ${now}::timestamptz
     ORDER BY available_at, id
     LIMIT ${limit}
     FOR UPDATE SKIP LOCKED`;
}
