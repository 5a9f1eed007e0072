/**
 * `npm start` runs this before the server: it rebuilds the dashboard's static export only when its inputs changed.
 * The inputs (apps/web sources and config, and the lockfile) are hashed; the hash of the last good build is kept in
 * apps/web/out/.build-hash, written only after `next build` succeeded, so a failed or interrupted build is redone.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = fileURLToPath(new URL('..', import.meta.url));
const ROOT = join(WEB, '../..');
const OUT = join(WEB, 'out');
const STAMP = join(OUT, '.build-hash');
const INPUTS = ['app', 'src', 'public', 'next.config.mjs', 'package.json', 'tsconfig.json', 'next-env.d.ts'].map((p) => join(WEB, p));
INPUTS.push(join(ROOT, 'package-lock.json'));

function files(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => files(join(path, entry)));
}

function inputsHash() {
  const hash = createHash('sha256');
  // NEXT_PUBLIC_* are baked into the export, so they are inputs too.
  for (const [k, v] of Object.entries(process.env)
    .filter(([k]) => k.startsWith('NEXT_PUBLIC_'))
    .sort())
    hash.update(`env:${k}=${v}\0`);
  for (const file of INPUTS.flatMap(files)) {
    hash.update(`${relative(ROOT, file)}\0`);
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

const wanted = inputsHash();
const built = existsSync(STAMP) && existsSync(join(OUT, 'index.html')) ? readFileSync(STAMP, 'utf8').trim() : null;
if (built === wanted) {
  console.log('dashboard: up to date, build skipped');
} else {
  console.log(`dashboard: ${built ? 'sources changed' : 'no build yet'}, running next build`);
  const nextBin = join(ROOT, 'node_modules/next/dist/bin/next');
  const r = spawnSync(process.execPath, [nextBin, 'build'], {
    cwd: WEB,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
  writeFileSync(STAMP, `${wanted}\n`);
}
