/**
 * `npm run keys -- create|list|revoke`: manages teams and API keys in the server's database (SWITCHYARD_DB, as the
 * server reads it). Safe to run beside a running server: a new key works at once, a revoked one stops at once.
 * `create` prints only the new key on stdout, so `KEY=$(npm run -s keys -- create --team ops)` works.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { KeyError, openKeyStore, ROLES, type KeyInfo, type Role } from '@switchyard/engine';
import { dbPathFromEnv } from './config.ts';

function withKeys<T>(run: (keys: ReturnType<typeof openKeyStore>['keys']) => T): T {
  const store = openKeyStore(dbPathFromEnv());
  try {
    return run(store.keys);
  } finally {
    store.close();
  }
}

const iso = (d: Date | null) => (d ? d.toISOString().replace(/\.\d+Z$/, 'Z') : '-');

function printTable(keys: KeyInfo[]): void {
  const rows = keys.map((k) => [k.id, k.team, k.role, k.revokedAt ? 'revoked' : 'active', iso(k.createdAt), iso(k.lastUsedAt), k.label ?? '']);
  const header = ['ID', 'TEAM', 'ROLE', 'STATUS', 'CREATED', 'LAST USED', 'LABEL'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows])
    process.stdout.write(
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd() + '\n',
    );
}

const program = new Command('keys').description('Teams and API keys of the Switchyard database at SWITCHYARD_DB.').exitOverride();

program
  .command('create')
  .description('Create a key (and its team, if new). Prints only the key, once: it is not stored.')
  .requiredOption('--team <name>', 'the team the key acts for')
  .addOption(new Option('--role <role>', 'what the key may do').choices(ROLES).default('submitter'))
  .option('--label <text>', 'a note to tell keys apart in `keys list`')
  .action((options: { team: string; role: Role; label?: string }) => {
    const { key, info } = withKeys((keys) => keys.create(options));
    process.stdout.write(`${key}\n`);
    process.stderr.write(`Created ${info.id} for team ${info.team} (role ${info.role}). The key is shown only this once.\n`);
  });

program
  .command('list')
  .description('List keys (never the keys themselves), newest first.')
  .option('--team <name>', 'only this team')
  .option('--json', 'as JSON')
  .action((options: { team?: string; json?: boolean }) => {
    const keys = withKeys((store) => store.list(options.team));
    if (options.json) process.stdout.write(JSON.stringify(keys, null, 2) + '\n');
    else printTable(keys);
  });

program
  .command('revoke')
  .description('Revoke a key by its id (from `keys list`). It stops working at once.')
  .argument('<key-id>', 'the key id, key_…', (value: string) => {
    if (!/^key_[0-9a-f]{12}$/.test(value)) throw new InvalidArgumentError('expected a key id such as key_0123456789ab (see `keys list`)');
    return value;
  })
  .action((keyId: string) => {
    if (!withKeys((keys) => keys.revoke(keyId))) {
      process.stderr.write(`No active key ${keyId}\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`Revoked ${keyId}\n`);
  });

try {
  program.parse();
} catch (error: unknown) {
  if (error instanceof KeyError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } else if (error instanceof Error && 'exitCode' in error && typeof error.exitCode === 'number') {
    // commander has printed its own message (usage errors, --help).
    process.exitCode = error.exitCode;
  } else throw error;
}
