/**
 * Issue 15: the after-ack turn queue — a global bound, FIFO, one person's turns in arrival order, a
 * failure that stays that turn's own, and settled() waiting for everything queued.
 */
import { describe, expect, it } from "vitest";
import { TurnQueue, turnConcurrencyFor } from "../../../src/bots/conversation/turn-queue.js";

const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A turn that takes a few event-loop turns, its length varying with the index (so later ones can overtake). */
const turnLength = (i: number): number => (i * 7) % 5;

describe("issue 15: after-ack turns run through a bounded queue", () => {
  it("preserves each person's arrival order under a burst while people interleave", async () => {
    const queue = new TurnQueue(4);
    const seen = new Map<string, number[]>();
    const people = ["T1:UA", "T1:UB", "T1:UC", "T2:UA"];
    const burst: Promise<void>[] = [];
    for (let i = 0; i < 200; i++) {
      const person = people[i % people.length] ?? "";
      burst.push(
        queue.run(person, async () => {
          await tick(turnLength(i));
          seen.set(person, [...(seen.get(person) ?? []), i]);
        }),
      );
    }
    await Promise.all(burst);
    for (const person of people) {
      const mine = seen.get(person) ?? [];
      expect(mine).toHaveLength(50);
      expect(mine).toEqual([...mine].sort((a, b) => a - b));
    }
  });

  it("never runs more turns at once than the bound, and fills the bound under load", async () => {
    const queue = new TurnQueue(3);
    let running = 0;
    let most = 0;
    const all: Promise<void>[] = [];
    for (let i = 0; i < 60; i++) {
      all.push(
        queue.run(`T1:U${i % 20}`, async () => {
          running++;
          most = Math.max(most, running);
          expect(queue.running).toBeLessThanOrEqual(3);
          await tick(turnLength(i));
          running--;
        }),
      );
    }
    await Promise.all(all);
    expect(most).toBe(3);
  });

  it("one person's turns run one at a time even with free slots", async () => {
    const queue = new TurnQueue(10);
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        queue.run("T1:UA", async () => {
          running++;
          most = Math.max(most, running);
          await tick(turnLength(i));
          running--;
        }),
      ),
    );
    expect(most).toBe(1);
  });

  it("starts turns of different people in arrival order (FIFO) when the bound is reached", async () => {
    const queue = new TurnQueue(1);
    const started: string[] = [];
    await Promise.all(
      ["a", "b", "c", "d", "e"].map((person) =>
        queue.run(person, async () => {
          started.push(person);
          await tick(1);
        }),
      ),
    );
    expect(started).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("a failing turn rejects its own promise only: the person's next turn still runs, in order", async () => {
    const queue = new TurnQueue(2);
    const ran: string[] = [];
    const first = queue.run("T1:UA", async () => {
      await tick(2);
      ran.push("first");
      throw new Error("engine down");
    });
    const second = queue.run("T1:UA", async () => {
      ran.push("second");
      return "answered";
    });
    await expect(first).rejects.toThrow("engine down");
    await expect(second).resolves.toBe("answered");
    expect(ran).toEqual(["first", "second"]);
  });

  it("settled() waits for queued turns, and for turns queued while it waits", async () => {
    const queue = new TurnQueue(1);
    const done: number[] = [];
    for (let i = 0; i < 5; i++)
      void queue.run(`T1:U${i}`, async () => {
        await tick(2);
        done.push(i);
        // A turn that queues a follow-up (e.g. a slow modal finishing after the ack).
        if (i === 4) void queue.run("T1:U0", async () => void done.push(5));
      });
    expect(queue.size).toBe(5);
    await queue.settled();
    expect(done).toEqual([0, 1, 2, 3, 4, 5]);
    expect(queue.size).toBe(0);
  });

  it("settled() also waits for failed turns and resolves without rethrowing (the caller logs them)", async () => {
    const queue = new TurnQueue(2);
    const failed = queue.run("T1:UA", async () => {
      await tick(1);
      throw new Error("boom");
    });
    const caught = failed.catch((error: unknown) => error);
    await queue.settled();
    expect(await caught).toBeInstanceOf(Error);
  });

  it("is sized from the database: twice its transactions, at least a handful on the embedded one", () => {
    expect(turnConcurrencyFor({ maxConcurrentTransactions: 10 })).toBe(20);
    expect(turnConcurrencyFor({ maxConcurrentTransactions: 1 })).toBe(4);
  });
});
