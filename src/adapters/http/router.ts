/** A small route table: method + path pattern (`/staff/api/cases/:claimId`) → handler. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly params: Readonly<Record<string, string>>;
  readonly requestId: string;
  readonly log: Logger;
}

export type Handler = (ctx: RequestContext) => Promise<void> | void;

interface Route {
  readonly method: string;
  readonly segments: readonly string[];
  readonly prefix: boolean;
  readonly handler: Handler;
}

export interface RouteMatch {
  readonly handler: Handler;
  readonly params: Record<string, string>;
}

export class Router {
  readonly #routes: Route[] = [];

  /** `pattern` segments starting with ":" capture; a trailing "/*" matches the rest (as params["*"]). */
  add(method: string, pattern: string, handler: Handler): this {
    const prefix = pattern.endsWith("/*");
    const segments = (prefix ? pattern.slice(0, -2) : pattern).split("/").filter(Boolean);
    this.#routes.push({ method, segments, prefix, handler });
    return this;
  }

  /** The handler for the request, "method-not-allowed" when the path exists for another method, or undefined. */
  match(method: string, pathname: string): RouteMatch | "method-not-allowed" | undefined {
    const parts = pathname.split("/").filter(Boolean);
    let pathKnown = false;
    for (const route of this.#routes) {
      const params = matchSegments(route, parts);
      if (!params) continue;
      if (route.method === method || (method === "HEAD" && route.method === "GET")) return { handler: route.handler, params };
      pathKnown = true;
    }
    return pathKnown ? "method-not-allowed" : undefined;
  }
}

function matchSegments(route: Route, parts: readonly string[]): Record<string, string> | undefined {
  if (route.prefix ? parts.length < route.segments.length : parts.length !== route.segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of route.segments.entries()) {
    const part = parts[i] as string;
    if (segment.startsWith(":")) {
      try {
        params[segment.slice(1)] = decodeURIComponent(part);
      } catch {
        return undefined;
      }
    } else if (segment !== part) {
      return undefined;
    }
  }
  if (route.prefix) params["*"] = parts.slice(route.segments.length).join("/");
  return params;
}
