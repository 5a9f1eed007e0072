/**
 * `switchyard`: the command line over @switchyard/client. Each command is a short function from options to an exit
 * code (exit-codes.ts is the contract); progress and messages go to stderr, results and --json to stdout.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline/promises';
import { Command, CommanderError, Option } from 'commander';
import { SwitchyardClient, type Batch, type SubmitResult } from '../client.ts';
import type { ItemsFormat, JobStatus, SubmitBatchFileInput } from '../gql/graphql.ts';
import { CliError, ExitCode, exitCodeForBatch, exitCodeForError } from './exit-codes.ts';
import { readItems, stdinUpload } from './items.ts';
import { batchJson, batchSummary, comparisonTable, jobCsvRow, jobJson, jobsCsv, refusalText, table } from './output.ts';
import { parseDuration, parseJson, parsePositiveInt, parseStrategies, parseStrategy, parseTag, parseTransport } from './parse.ts';
import { createProgressView, formatDuration } from './progress.ts';

const JOB_STATUSES: readonly JobStatus[] = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'TIMED_OUT'];
const ITEMS_FORMATS = ['jsonl', 'csv', 'json'] as const;

interface GlobalOptions {
  url?: string;
  apiKey?: string;
  transport?: string;
}

/** Aborts a wait on Ctrl-C; the wait then asks (or detaches) and exits 130. */
class Interrupted extends Error {
  override readonly name = 'Interrupted';
}

function clientFor(command: Command): SwitchyardClient {
  const { url, apiKey, transport } = command.optsWithGlobals<GlobalOptions>();
  try {
    return new SwitchyardClient({ url, apiKey, ...(transport ? { transport: parseTransport(transport) } : {}) });
  } catch (error: unknown) {
    throw new CliError(error instanceof Error ? error.message : String(error), ExitCode.REFUSED);
  }
}

function say(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** Writes to stdout, waiting when the pipe is full: results stream without being held in memory. */
/** Runs a command with a client for the global options, and closes it (its keep-alive sockets) whatever happens. */
async function withClient<T>(command: Command, run: (client: SwitchyardClient) => Promise<T>): Promise<T> {
  const client = clientFor(command);
  try {
    return await run(client);
  } finally {
    client.close();
  }
}

async function out(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

function progressMode(json: boolean): 'bar' | 'plain' | 'none' {
  if (json) return 'none';
  return process.stderr.isTTY ? 'bar' : 'plain';
}

async function askToCancel(batchId: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await new Promise<string>((resolve, reject) => {
      rl.once('SIGINT', () => resolve('n'));
      rl.question(`\nCancel batch ${batchId}? [y/N] (N detaches; the batch keeps running) `).then(resolve, reject);
    });
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** Follows a batch to its end with a progress view; Ctrl-C asks (TTY) or detaches (--json, no TTY) with 130. */
async function follow(client: SwitchyardClient, batchId: string, json: boolean): Promise<ExitCode> {
  const controller = new AbortController();
  const view = createProgressView(progressMode(json));
  const onSigint = () => controller.abort(new Interrupted('interrupted'));
  process.on('SIGINT', onSigint);
  try {
    const batch = await client.waitFor(batchId, { onProgress: (p) => view.update(p), signal: controller.signal });
    view.stop();
    if (json) await out(`${JSON.stringify(batchJson(batch))}\n`);
    else say(batchSummary(batch));
    return exitCodeForBatch(batch);
  } catch (error: unknown) {
    view.stop();
    if (!(error instanceof Interrupted)) throw error;
    process.off('SIGINT', onSigint);
    const interactive = !json && process.stdin.isTTY === true && process.stderr.isTTY === true;
    if (interactive && (await askToCancel(batchId))) {
      const cancelled = await client.cancel(batchId);
      say(cancelled ? `Cancelled batch ${batchId}.` : `No batch ${batchId}.`);
    } else {
      say(`Detached from batch ${batchId}; it keeps running (switchyard watch ${batchId}).`);
    }
    return ExitCode.INTERRUPTED;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function printRefusal(result: Extract<SubmitResult, { ok: false }>, json: boolean): Promise<ExitCode> {
  if (json) await out(`${JSON.stringify({ error: result.error })}\n`);
  else say(refusalText(result.error));
  return ExitCode.REFUSED;
}

function requireBatch(batch: Batch | null, id: string): Batch {
  if (!batch) throw new CliError(`No batch ${id}`, ExitCode.REFUSED);
  return batch;
}

interface SubmitOptions {
  task: string;
  tag?: string;
  items?: string;
  itemsFormat?: (typeof ITEMS_FORMATS)[number];
  strategy?: string;
  timeout?: string;
  attempts?: string;
  name?: string;
  wait?: boolean;
  json?: boolean;
}

async function submitCommand(options: SubmitOptions, command: Command): Promise<ExitCode> {
  const items = options.items;
  if (!items) throw new CliError('Expected --items: a .jsonl, .csv or .json file, or - for stdin', ExitCode.REFUSED);
  const input: SubmitBatchFileInput = {
    task: options.task,
    ...(options.tag ? { tag: parseTag(options.tag) } : {}),
    ...(options.strategy ? { strategy: parseStrategy(options.strategy) } : {}),
    ...(options.timeout ? { timeoutMs: parseDuration(options.timeout) } : {}),
    ...(options.attempts ? { maxAttempts: parsePositiveInt(options.attempts, '--attempts') } : {}),
    ...(options.name ? { name: options.name } : {}),
  };
  const format = options.itemsFormat ? (options.itemsFormat.toUpperCase() as ItemsFormat) : undefined;
  return withClient(command, async (client) => {
    let result: SubmitResult;
    if (items === '-') {
      const upload = await stdinUpload(format);
      result = await client.submitFile(upload.stream, { ...input, format: upload.format }, { filename: 'stdin' });
    } else {
      result = await client.submitFile(items, format ? { ...input, format } : input);
    }
    const json = options.json === true;
    if (!result.ok) return await printRefusal(result, json);
    const { batch } = result;
    if (!json)
      say(
        `Submitted batch ${batch.id}: ${batch.total} jobs of ${batch.task} → ${batch.route.executor}×${batch.route.concurrency} (rule ${batch.route.rule})`,
      );
    if (options.wait) return await follow(client, batch.id, json);
    await out(json ? `${JSON.stringify(batchJson(batch))}\n` : `${batch.id}\n`);
    return ExitCode.OK;
  });
}

async function statusCommand(id: string, options: { json?: boolean }, command: Command): Promise<ExitCode> {
  return withClient(command, async (client) => {
    const batch = requireBatch(await client.batch(id), id);
    await out(options.json ? `${JSON.stringify(batchJson(batch))}\n` : `${batchSummary(batch)}\n`);
    return exitCodeForBatch(batch);
  });
}

async function watchCommand(id: string, options: { json?: boolean }, command: Command): Promise<ExitCode> {
  return withClient(command, async (client) => {
    requireBatch(await client.batch(id), id);
    return await follow(client, id, options.json === true);
  });
}

async function cancelCommand(id: string, options: { json?: boolean }, command: Command): Promise<ExitCode> {
  return withClient(command, async (client) => {
    const batch = requireBatch(await client.cancel(id), id);
    await out(options.json ? `${JSON.stringify(batchJson(batch))}\n` : `Cancelled batch ${id}: ${batch.status}\n`);
    return ExitCode.OK;
  });
}

async function retryCommand(id: string, options: { json?: boolean; wait?: boolean }, command: Command): Promise<ExitCode> {
  return withClient(command, async (client) => {
    const batch = requireBatch(await client.retryFailed(id), id);
    if (options.wait) return await follow(client, id, options.json === true);
    await out(options.json ? `${JSON.stringify(batchJson(batch))}\n` : `Retrying batch ${id}: ${batch.status}\n`);
    return ExitCode.OK;
  });
}

interface ResultsCommandOptions {
  format: 'jsonl' | 'csv';
  status?: string;
  follow?: boolean;
}

async function resultsCommand(id: string, options: ResultsCommandOptions, command: Command): Promise<ExitCode> {
  const status = options.status?.toUpperCase() as JobStatus | undefined;
  if (status && !JOB_STATUSES.includes(status))
    throw new CliError(`Expected --status to be one of ${JOB_STATUSES.join(', ')}, got "${options.status}"`, ExitCode.REFUSED);
  const client = clientFor(command);
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Interrupted('interrupted'));
  process.on('SIGINT', onSigint);
  try {
    const jobs = client.results(id, { status, live: options.follow === true, signal: controller.signal });
    if (options.format === 'csv') {
      const csv = jobsCsv();
      csv.pipe(process.stdout, { end: false });
      for await (const job of jobs) if (!csv.write(jobCsvRow(job))) await once(csv, 'drain');
      csv.end();
      await once(csv, 'end');
    } else {
      for await (const job of jobs) await out(`${JSON.stringify(jobJson(job))}\n`);
    }
    return ExitCode.OK;
  } catch (error: unknown) {
    if (error instanceof Interrupted) return ExitCode.INTERRUPTED;
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
    client.close();
  }
}

async function tasksCommand(options: { json?: boolean }, command: Command): Promise<ExitCode> {
  return withClient(command, async (client) => {
    const tasks = await client.tasks();
    if (options.json) await out(`${JSON.stringify(tasks)}\n`);
    else
      await out(
        `${table(
          ['task', 'kind', 'timeout', 'description'],
          tasks.map((t) => [t.name, t.kind, formatDuration(t.timeoutMs), t.description]),
        )}\n`,
      );
    return ExitCode.OK;
  });
}

interface CompareOptions {
  task: string;
  strategies: string;
  items?: string;
  itemsFormat?: (typeof ITEMS_FORMATS)[number];
  count?: string;
  template?: string;
  tag?: string;
  timeout?: string;
  name?: string;
  json?: boolean;
}

async function compareCommand(options: CompareOptions, command: Command): Promise<ExitCode> {
  if (!options.items === !options.count) throw new CliError('Expected either --items or --count with --template', ExitCode.REFUSED);
  const format = options.itemsFormat ? (options.itemsFormat.toUpperCase() as ItemsFormat) : undefined;
  const workload = options.items
    ? { items: await readItems(options.items, format) }
    : {
        generate: {
          count: parsePositiveInt(options.count ?? '', '--count'),
          template: options.template ? parseJson(options.template, '--template') : {},
        },
      };
  const client = clientFor(command);
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Interrupted('interrupted'));
  process.on('SIGINT', onSigint);
  try {
    let runsSeen = 0;
    const result = await client.compare(
      {
        task: options.task,
        strategies: parseStrategies(options.strategies),
        ...workload,
        ...(options.tag ? { tag: parseTag(options.tag) } : {}),
        ...(options.timeout ? { timeoutMs: parseDuration(options.timeout) } : {}),
        ...(options.name ? { name: options.name } : {}),
      },
      {
        signal: controller.signal,
        onProgress: (c) => {
          if (options.json) return;
          for (const run of c.runs.slice(runsSeen))
            say(`  ${run.executor}${run.concurrency > 1 ? `×${run.concurrency}` : ''}: ${run.status} in ${formatDuration(run.wallMs)}`);
          runsSeen = Math.max(runsSeen, c.runs.length);
        },
      },
    );
    if (!result.ok) return await printRefusal(result, options.json === true);
    const { comparison } = result;
    await out(options.json ? `${JSON.stringify(comparison)}\n` : `${comparisonTable(comparison)}\n`);
    return comparison.status === 'SUCCEEDED' ? ExitCode.OK : ExitCode.JOBS_FAILED;
  } catch (error: unknown) {
    if (error instanceof Interrupted) return ExitCode.INTERRUPTED;
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
    client.close();
  }
}

/** The command tree; each action hands its exit code's promise to `run` (commander awaits what `run` returns). */
function program(run: (code: Promise<ExitCode>) => Promise<void>): Command {
  const root = new Command('switchyard')
    .description(
      'Submit, follow and export Switchyard batches. Exit codes: 0 all succeeded, 1 jobs failed, 2 refused, 3 unreachable or key refused, 130 interrupted.',
    )
    .option('--url <url>', 'the server (default $SWITCHYARD_URL, else http://localhost:4000)')
    .option('--api-key <key>', 'API key, sent as a bearer token (default $SWITCHYARD_API_KEY)')
    .option('--transport <http|ws>', 'http (default), or ws: one graphql-ws connection for every operation but uploads')
    .showHelpAfterError()
    .exitOverride();

  const itemsFormat = () =>
    new Option('--items-format <format>', 'format of --items when its name does not say (stdin: sniffed JSON or JSON lines)').choices(ITEMS_FORMATS);

  root
    .command('submit')
    .description('submit a batch; prints its id (or, with --wait, follows it to the end)')
    .requiredOption('--task <task>', 'the task (see switchyard tasks)')
    .option('--tag <tag>', 'IO, CPU or MIXED (default: the kind the task declares)')
    .option('--items <file>', 'items: a .jsonl, .csv or .json file, or - for stdin')
    .addOption(itemsFormat())
    .option(
      '--strategy <executor[:n][/chunk]>',
      'force an executor instead of the decision table, e.g. THREADS, ASYNC:50, or THREADS:2/256 (256 jobs a message)',
    )
    .option('--timeout <duration>', 'per-job timeout, e.g. 5s, 250ms')
    .option('--attempts <n>', 'attempts per job, retries included')
    .option('--name <name>', 'a name for the batch')
    .option('--wait', 'follow the batch live to its end; the exit code says how it ended')
    .option('--json', 'machine-readable output only (the batch as one JSON object)')
    .action((options: SubmitOptions, command: Command) => run(submitCommand(options, command)));

  root
    .command('status <batch>')
    .description("print a batch's state")
    .option('--json', 'the batch as one JSON object')
    .action((id: string, options: { json?: boolean }, command: Command) => run(statusCommand(id, options, command)));

  root
    .command('watch <batch>')
    .description('follow a batch live to its end')
    .option('--json', 'only the final batch, as one JSON object')
    .action((id: string, options: { json?: boolean }, command: Command) => run(watchCommand(id, options, command)));

  root
    .command('cancel <batch>')
    .description('cancel the queued and running jobs of a batch')
    .option('--json', 'the batch as one JSON object')
    .action((id: string, options: { json?: boolean }, command: Command) => run(cancelCommand(id, options, command)));

  root
    .command('retry <batch>')
    .description('run the failed, timed-out and cancelled jobs of a batch again')
    .option('--wait', 'follow the batch to its end')
    .option('--json', 'the batch as one JSON object')
    .action((id: string, options: { json?: boolean; wait?: boolean }, command: Command) => run(retryCommand(id, options, command)));

  root
    .command('results <batch>')
    .description("stream a batch's jobs to stdout (submission order; with --follow, as they finish)")
    .addOption(new Option('--format <format>', 'output format').choices(['jsonl', 'csv']).default('jsonl'))
    .option('--status <status>', 'only jobs in this status, e.g. FAILED')
    .option('--follow', 'live: print jobs as they finish until the batch ends')
    .action((id: string, options: ResultsCommandOptions, command: Command) => run(resultsCommand(id, options, command)));

  root
    .command('tasks')
    .description('list the tasks registered on the server')
    .option('--json', 'as a JSON array')
    .action((options: { json?: boolean }, command: Command) => run(tasksCommand(options, command)));

  root
    .command('compare')
    .description('run the same items under several strategies and print the verdict table')
    .requiredOption('--task <task>', 'the task')
    .requiredOption('--strategies <list>', 'e.g. SEQUENTIAL,ASYNC:10,THREADS,THREADS/1 (executor[:n][/jobs a message])')
    .option('--items <file>', 'items: a .jsonl, .csv or .json file, or - for stdin')
    .addOption(itemsFormat())
    .option('--count <n>', 'generate n items from --template')
    .option('--template <json>', 'an item template; "{{index}}" becomes the item index')
    .option('--tag <tag>', 'IO, CPU or MIXED')
    .option('--timeout <duration>', 'per-job timeout')
    .option('--name <name>', 'a name for the comparison')
    .option('--json', 'the comparison as one JSON object')
    .action((options: CompareOptions, command: Command) => run(compareCommand(options, command)));

  root
    .command('worker')
    .description(
      'run a remote worker for the REMOTE lane (as npm run worker): jobs from Redis at $SWITCHYARD_REDIS_URL on a local thread pool; SIGTERM drains it',
    )
    .action(() => run(workerCommand()));

  return root;
}

/**
 * The worker lives in the engine package (it runs the same task code as the API); loaded only for this command, so
 * the client's other commands never load the engine. It runs until a signal drains it, and exits by itself.
 */
async function workerCommand(): Promise<ExitCode> {
  await import('@switchyard/engine/worker');
  return new Promise<ExitCode>(() => {});
}

async function main(argv: readonly string[]): Promise<ExitCode> {
  let pending: Promise<ExitCode> | undefined;
  try {
    const run = (code: Promise<ExitCode>): Promise<void> => {
      pending = code;
      return code.then(() => undefined);
    };
    await program(run).parseAsync(argv);
    return pending ? await pending : ExitCode.OK;
  } catch (error: unknown) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0 ? ExitCode.OK : ExitCode.REFUSED;
    }
    say(`switchyard: ${error instanceof Error ? error.message : String(error)}`);
    return exitCodeForError(error);
  }
}

const code = await main(process.argv);
// Exit only once stdout is flushed: a pipe (| jq, > file) must get every line written.
process.stdout.write('', () => process.exit(code));
