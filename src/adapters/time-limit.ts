/**
 * The one way an adapter bounds how long it waits on an outside service (a translator, a channel's
 * API): settle with `work`, or reject with the caller's error after `ms`, whichever comes first. The
 * abandoned work keeps running; its late result or error is ignored (never an unhandled rejection).
 */
export function withTimeLimit<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, expiry]).finally(() => clearTimeout(timer));
}
