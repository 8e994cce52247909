// Prisma CLI configuration (Prisma 7). The app itself never reads this file: it builds its client
// with a driver adapter (src/adapters/db/database.ts) and applies migrations with its own migrator.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // `prisma migrate deploy/status` (where the native engine is available) read DATABASE_URL.
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
});
