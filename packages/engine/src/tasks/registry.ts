import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { ConfigError, messageOf } from '../errors.ts';
import { isTaskDefinition, type TaskDefinition } from './define.ts';
import { BUILTIN_TASK_MODULES } from './builtin/index.ts';

/** A task as the API describes it. */
export interface TaskInfo {
  readonly name: string;
  readonly kind: TaskDefinition['kind'];
  readonly description: string;
  readonly timeoutMs: number;
  readonly inputSchema: unknown;
  readonly example: unknown;
}

/**
 * Every task the engine can run, keyed by name, with the module each came from. Worker threads import the
 * same module URLs, so a CPU task runs in a thread without any code crossing the wire.
 */
export class TaskRegistry {
  readonly #tasks = new Map<string, TaskDefinition>();
  readonly #modules: string[] = [];

  /** The module URLs to import in worker threads. */
  get modules(): readonly string[] {
    return this.#modules;
  }

  get(name: string): TaskDefinition | undefined {
    return this.#tasks.get(name);
  }

  list(): TaskDefinition[] {
    return [...this.#tasks.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  describe(task: TaskDefinition): TaskInfo {
    return {
      name: task.name,
      kind: task.kind,
      description: task.description,
      timeoutMs: task.timeoutMs,
      inputSchema: inputJsonSchema(task),
      example: task.example ?? null,
    };
  }

  /** Imports a module and registers every task definition it exports (default export: one or an array). */
  async loadModule(moduleUrl: string): Promise<void> {
    let exports: Record<string, unknown>;
    try {
      exports = (await import(moduleUrl)) as Record<string, unknown>;
    } catch (error: unknown) {
      throw new ConfigError(`Could not load task module ${moduleUrl}: ${messageOf(error)}`, { cause: error });
    }
    const found = collectTaskDefinitions(exports);
    if (found.length === 0) throw new ConfigError(`Task module ${moduleUrl} exports no task definitions`);
    for (const task of found) {
      if (this.#tasks.has(task.name)) throw new ConfigError(`Task "${task.name}" is defined twice (again in ${moduleUrl})`);
      this.#tasks.set(task.name, task);
    }
    this.#modules.push(moduleUrl);
  }
}

export function collectTaskDefinitions(exports: Record<string, unknown>): TaskDefinition[] {
  const values = Object.values(exports).flatMap((value) => (Array.isArray(value) ? value : [value]));
  return [...new Set(values.filter(isTaskDefinition))];
}

/** Turns a path (relative to the working directory) or a URL into a module URL. */
export function toModuleUrl(pathOrUrl: string): string {
  if (/^(file|data):/.test(pathOrUrl)) return pathOrUrl;
  return pathToFileURL(isAbsolute(pathOrUrl) ? pathOrUrl : resolve(process.cwd(), pathOrUrl)).href;
}

/** Built-in tasks plus the user's modules (SWITCHYARD_TASKS), in that order. */
export async function createTaskRegistry(userModules: readonly string[] = []): Promise<TaskRegistry> {
  const registry = new TaskRegistry();
  for (const url of [...BUILTIN_TASK_MODULES, ...userModules.map(toModuleUrl)]) await registry.loadModule(url);
  return registry;
}

function inputJsonSchema(task: TaskDefinition): unknown {
  try {
    return z.toJSONSchema(task.input, { io: 'input', unrepresentable: 'any' });
  } catch {
    // A schema with parts JSON Schema cannot express (custom refinements on exotic types) still validates
    // on the server; the description is then only a hint.
    return { type: 'object', description: 'Input schema is not representable as JSON Schema' };
  }
}
