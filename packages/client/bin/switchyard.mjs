#!/usr/bin/env node
// The `switchyard` CLI: TypeScript run through tsx, like the rest of the repo (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
