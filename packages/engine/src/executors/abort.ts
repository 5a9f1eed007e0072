/**
 * A job's cancellation, cheap until something needs a real AbortSignal. Most fast jobs finish without anyone
 * asking for the signal; creating an AbortController and EventTarget listeners for each of them cost more than
 * the jobs themselves. `signal` makes the controller on first use (already aborted if the job was).
 */
export class Abort {
  #aborted = false;
  #reason: unknown;
  #controller: AbortController | undefined;
  #callbacks: Array<(reason: unknown) => void> | undefined;

  get aborted(): boolean {
    return this.#aborted;
  }

  get reason(): unknown {
    return this.#reason;
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
    const callbacks = this.#callbacks;
    this.#callbacks = undefined;
    for (const callback of callbacks ?? []) callback(reason);
  }

  /** Calls back once on abort (at once if already aborted); returns the function that removes the callback. */
  onAbort(callback: (reason: unknown) => void): () => void {
    if (this.#aborted) {
      callback(this.#reason);
      return () => {};
    }
    (this.#callbacks ??= []).push(callback);
    return () => {
      const i = this.#callbacks?.indexOf(callback) ?? -1;
      if (i !== -1) this.#callbacks!.splice(i, 1);
    };
  }
}
