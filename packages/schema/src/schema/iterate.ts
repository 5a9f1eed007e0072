/**
 * Wraps a generator that waits on events so a subscription can be ended at once: when the client goes away,
 * yoga calls `return()`, which aborts the signal (waking the generator wherever it waits) before closing it.
 */
export function abortable<T>(start: (signal: AbortSignal) => AsyncGenerator<T>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const controller = new AbortController();
      const generator = start(controller.signal);
      return {
        next: () => generator.next(),
        return: async (value?: unknown) => {
          controller.abort();
          await generator.return(undefined);
          return { done: true, value: value as T };
        },
        throw: async (error?: unknown) => {
          controller.abort();
          return generator.throw(error);
        },
      };
    },
  };
}
