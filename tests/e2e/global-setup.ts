/**
 * Builds the dashboard's static export once, if apps/web/out is missing or older than its sources, so the
 * e2e tests run against what `npm start` serves.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WEB = join(ROOT, 'apps/web');
const OUT_MARKER = join(WEB, 'out/index.html');
const SOURCES = ['app', 'src', 'public', 'next.config.mjs', 'package.json', 'tsconfig.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export default function setup(): void {
  const sourcesAt = Math.max(...SOURCES.map((s) => newestMtime(join(WEB, s))));
  const builtAt = existsSync(OUT_MARKER) ? statSync(OUT_MARKER).mtimeMs : 0;
  if (builtAt >= sourcesAt) return;
  console.log(`[e2e] building the dashboard (apps/web/out is ${builtAt ? 'older than its sources' : 'missing'})`);
  const nextBin = join(ROOT, 'node_modules/next/dist/bin/next');
  const r = spawnSync(process.execPath, [nextBin, 'build'], {
    cwd: WEB,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`next build failed with exit code ${r.status ?? r.signal}`);
  if (!existsSync(OUT_MARKER)) throw new Error('next build finished but apps/web/out/index.html is missing');
}
