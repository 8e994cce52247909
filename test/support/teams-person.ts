/**
 * A Teams user in tests, acting only through what the bot sent them: the Adaptive Cards the stand-in
 * connector received for their conversation. Pressing a button posts the data of that very card's
 * action (as an Action.Submit message, or an Action.Execute invoke); filling a form posts its submit
 * action's data with the typed values under the inputs' ids — what Teams itself posts.
 */
import type { ReceivedActivity } from "./standins/botframework/connector.js";
import type { PostResult, TeamsUser } from "./standins/botframework/teams-client.js";
import type { TeamsWorld } from "./teams-world.js";

export type CardJson = Record<string, unknown> & { body?: Record<string, unknown>[]; actions?: Record<string, unknown>[] };
export interface ActionData {
  readonly tab: 1;
  readonly actionId: string;
  readonly formId?: string;
  readonly payload: Record<string, string | number | boolean>;
}

function cardOf(received: ReceivedActivity): CardJson | undefined {
  return received.activity.attachments?.find((a) => a.contentType === "application/vnd.microsoft.card.adaptive")?.content as CardJson | undefined;
}

/** Every text a card shows (TextBlocks, facts, containers), in order. */
export function cardTexts(card: CardJson): string[] {
  const out: string[] = [];
  const walk = (element: unknown): void => {
    if (Array.isArray(element)) return element.forEach(walk);
    if (typeof element !== "object" || element === null) return;
    const e = element as Record<string, unknown>;
    if (e["type"] === "TextBlock" && typeof e["text"] === "string") out.push(e["text"]);
    if (e["type"] === "FactSet") for (const f of e["facts"] as { title: string; value: string }[]) out.push(`${f.title}: ${f.value}`);
    walk(e["items"]);
  };
  walk(card.body ?? []);
  return out;
}

export class TeamsPerson {
  /** Cards Teams swapped in from an Action.Execute invoke response (no PUT goes to the connector for those). */
  readonly #swapped = new Map<string, { card: CardJson; at: number }>();

  constructor(
    private readonly world: TeamsWorld,
    readonly user: TeamsUser,
  ) {}

  /** Sends and replies the bot posted into this person's conversation, in order. */
  received(): ReceivedActivity[] {
    return this.world.connector.activities.filter((a) => a.conversationId === this.user.conversationId);
  }

  /** What the person reads in the bot's messages from index `from` on (plain text and card texts). */
  textsSince(from: number): string[] {
    return this.received()
      .slice(from)
      .flatMap((a) => {
        const card = cardOf(a);
        return card ? cardTexts(card) : [String(a.activity.text ?? "")];
      });
  }

  /** The cards as the person sees them now: each in its latest version (a card updated in place shows the update). */
  cards(): { received: ReceivedActivity; card: CardJson }[] {
    return this.received().flatMap((received) => {
      const update = this.world.connector.updates.filter((u) => u.targetActivityId === received.id).at(-1);
      const swapped = this.#swapped.get(received.id);
      const latest = swapped && (!update || swapped.at >= update.at) ? swapped.card : update ? cardOf(update) : undefined;
      const card = latest ?? cardOf(received);
      return card ? [{ received, card }] : [];
    });
  }

  /** The newest card with an action of this id (whose payload includes `payload`). */
  findAction(actionId: string, payload: Record<string, unknown> = {}): { received: ReceivedActivity; action: Record<string, unknown>; data: ActionData } {
    for (const { received, card } of this.cards().reverse()) {
      for (const action of card.actions ?? []) {
        const data = action["data"] as ActionData | undefined;
        if (data?.actionId !== actionId) continue;
        if (Object.entries(payload).every(([k, v]) => data.payload[k] === v)) return { received, action, data };
      }
    }
    throw new Error(
      `no card of ${this.user.name} has the action ${actionId} ${JSON.stringify(payload)}; cards:\n${JSON.stringify(
        this.cards().map((c) => c.card.actions),
        null,
        1,
      )}`,
    );
  }

  async says(text: string): Promise<PostResult> {
    return this.#ok(await this.world.client.post(this.world.client.message(this.user, text)));
  }

  /** Presses a button: Action.Submit (a message with the card's data) or Action.Execute (an invoke). */
  async press(actionId: string, payload: Record<string, unknown> = {}, how: "submit" | "execute" = "submit"): Promise<PostResult> {
    const { received, data, action } = this.findAction(actionId, payload);
    if (how === "execute") {
      const result = this.#ok(await this.world.client.post(this.world.client.execute(this.user, received.id, String(action["verb"]), { ...data })));
      const answer = (result.body ? result.json() : undefined) as { type?: string; value?: CardJson } | undefined;
      if (answer?.type === "application/vnd.microsoft.card.adaptive" && answer.value) this.#swapped.set(received.id, { card: answer.value, at: Date.now() });
      return result;
    }
    const fallback = action["fallback"] as { data: ActionData };
    return this.#ok(await this.world.client.post(this.world.client.submit(this.user, received.id, { ...fallback.data })));
  }

  /** Fills the newest form of this id and submits it (values keyed by field name). */
  async fill(formId: string, values: Readonly<Record<string, string>>): Promise<PostResult> {
    const { received, data } = this.findAction(formId);
    if (data.formId !== formId) throw new Error(`${formId} is a button, not a form`);
    const inputs = Object.fromEntries(Object.entries(values).map(([k, v]) => [`field.${k}`, v]));
    return this.#ok(await this.world.client.post(this.world.client.submit(this.user, received.id, { ...data, ...inputs })));
  }

  async sendsFile(name: string, bytes: Buffer, fileType: string): Promise<PostResult> {
    const url = this.world.connector.addFile(name, bytes);
    return this.#ok(await this.world.client.post(this.world.client.file(this.user, name, url, fileType)));
  }

  #ok(result: PostResult): PostResult {
    if (result.status !== 200) throw new Error(`the bot answered ${result.status}: ${result.body}`);
    return result;
  }
}
