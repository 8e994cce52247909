/**
 * The browser UI, served as written (no build step) by @fastify/static: `/` the web chat, `/staff`
 * (and `/staff/cases/:claimId`, links to a case, DT-01) the staff console, `/assets/*` their modules
 * and styles, from src/bots/webchat/public. The pages' Content-Security-Policy is the host's (helmet).
 */
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyReply } from "fastify";
import { z } from "zod";
import type { HttpApp } from "../../adapters/http/server.js";

export const PUBLIC_DIR = path.resolve(import.meta.dirname, "public");

export async function registerStaticRoutes(http: HttpApp, root: string = PUBLIC_DIR): Promise<void> {
  await http.register(fastifyStatic, {
    root,
    prefix: "/assets/",
    cacheControl: false,
    etag: true,
    dotfiles: "ignore",
    index: false,
    setHeaders: (reply) => void reply.header("cache-control", "no-cache"),
  });
  const page = (file: string) => (_request: unknown, reply: FastifyReply) => reply.header("cache-control", "no-cache").sendFile(file);
  http.get("/", page("index.html"));
  http.get("/staff", page("staff.html"));
  http.get("/staff/cases/:claimId", { schema: { params: z.object({ claimId: z.string().max(200) }) } }, page("staff.html"));
}
