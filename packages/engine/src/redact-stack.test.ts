import { describe, expect, it } from 'vitest';
import { APP_ROOT, redactStack } from './redact-stack.ts';

const root = '/srv/switchyard/';

describe('redactStack', () => {
  it('makes paths under the root relative, file URLs and plain paths alike', () => {
    const stack = [
      'Error: n too large',
      '    at fib (/srv/switchyard/packages/engine/src/tasks/cpu.ts:12:3)',
      '    at file:///srv/switchyard/packages/engine/src/executors/thread-worker.ts:40:9',
      '    at async Object.run (file:///srv/switchyard/node_modules/piscina/dist/worker.js:5:1)',
    ].join('\n');
    expect(redactStack(stack, [root])).toBe(
      [
        'Error: n too large',
        '    at fib (packages/engine/src/tasks/cpu.ts:12:3)',
        '    at packages/engine/src/executors/thread-worker.ts:40:9',
        '    at async Object.run (node_modules/piscina/dist/worker.js:5:1)',
      ].join('\n'),
    );
  });

  it('cuts a path outside every root to its file name, spaces and URL escapes included', () => {
    expect(redactStack('E\n    at run (/home/ann/my tasks/acme.ts:3:7)', [root])).toBe('E\n    at run (acme.ts:3:7)');
    expect(redactStack('E\n    at run (file:///home/ann/my%20tasks/acme.ts:3:7)', [root])).toBe('E\n    at run (acme.ts:3:7)');
    expect(redactStack('E\n    at C:\\Users\\ann\\acme.js:3:7', [root])).not.toContain('Users');
  });

  it("keeps node's own frames, non-file frames and the message lines as they are", () => {
    const stack = [
      'Error: cannot open /etc/passwd', // the message: shown as it is in `message` anyway
      '    at Module._compile (node:internal/modules/cjs/loader:1554:14)',
      '    at async Promise.all (index 0)',
      '    at new Promise (<anonymous>)',
      '    at eval (eval at <anonymous> (/srv/switchyard/x.js:1:1), <anonymous>:1:1)',
    ].join('\n');
    const redacted = redactStack(stack, [root]);
    expect(redacted.split('\n').slice(0, 4)).toEqual(stack.split('\n').slice(0, 4));
    expect(redacted.split('\n')[4]).toBe('    at eval (eval at <anonymous> (x.js:1:1), <anonymous>:1:1)');
  });

  it('uses the application root by default, so a real stack of this process has no absolute path left', () => {
    const stack = new Error('here').stack!;
    expect(stack).toContain(APP_ROOT.replace(/\/$/, ''));
    const redacted = redactStack(stack);
    expect(redacted).toContain('packages/engine/src/redact-stack.test.ts:');
    for (const line of redacted.split('\n').filter((l) => l.trim().startsWith('at '))) expect(line).not.toMatch(/\(\/|at \/|file:\/\//);
  });
});
