/** Writes schema.graphql: `npm run schema:print`. A test fails when the committed file is stale. */
import { writeFileSync } from 'node:fs';
import { printSwitchyardSchema } from './index.ts';

writeFileSync(new URL('../schema.graphql', import.meta.url), printSwitchyardSchema());
