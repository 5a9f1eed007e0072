import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './packages/engine/src/store/schema.ts',
  out: './drizzle',
});
