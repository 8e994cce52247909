/**
 * CM-05: a person reaches the same party — and so the same orders and claims — from every channel
 * identity linked to it. An identity (channel + external user id) belongs to at most one party; the
 * index answers "who is this?" for an inbound message and "is it taken?" before linking.
 */
import type { PartyState } from "./party.js";

/** Identity key → party id. */
export type IdentityIndex = ReadonlyMap<string, string>;

/** Unambiguous key of a channel identity (channel names and user ids may contain any character). */
export function identityKey(channel: string, externalUserId: string): string {
  return JSON.stringify([channel, externalUserId]);
}

export function identityIndexOf(parties: readonly PartyState[]): IdentityIndex {
  const index = new Map<string, string>();
  for (const party of parties) {
    for (const identity of party.identities) index.set(identityKey(identity.channel, identity.externalUserId), party.id);
  }
  return index;
}

/** The party an inbound identity is linked to; undefined means "offer linking, nothing else". */
export function partyLinkedTo(index: IdentityIndex, channel: string, externalUserId: string): string | undefined {
  return index.get(identityKey(channel, externalUserId));
}
