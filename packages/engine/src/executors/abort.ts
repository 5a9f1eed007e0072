/**
 * A job's cancellation, cheap until something needs a real AbortSignal. Most fast jobs finish without anyone
 * asking for the signal; creating an AbortController and EventTarget listeners for each of them cost more than
 * the jobs themselves. `signal` makes the controller on first use (already aborted if the job was).
 */
export class Abort {
  #aborted = false;
  #reason: unknown;
  #controller: AbortController | undefined;
  /** Most jobs have one listener at most (the race in their executor): it needs no array. */
  #first: ((reason: unknown) => void) | undefined;
  #more: Array<(reason: unknown) => void> | undefined;

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
    const first = this.#first;
    const more = this.#more;
    this.#first = undefined;
    this.#more = undefined;
    first?.(reason);
    for (const callback of more ?? []) callback(reason);
  }

  /** Calls back once on abort (at once if already aborted); returns the function that removes the callback. */
  onAbort(callback: (reason: unknown) => void): () => void {
    if (this.listen(callback)) return () => {};
    return () => this.unlisten(callback);
  }

  /**
   * `onAbort` without the remover closure, for hot paths: false when registered, true when it was already aborted
   * (the callback has then run). Remove it with `unlisten(callback)`.
   */
  listen(callback: (reason: unknown) => void): boolean {
    if (this.#aborted) {
      callback(this.#reason);
      return true;
    }
    if (this.#first === undefined) this.#first = callback;
    else (this.#more ??= []).push(callback);
    return false;
  }

  unlisten(callback: (reason: unknown) => void): void {
    if (this.#first === callback) {
      this.#first = this.#more?.shift();
      return;
    }
    const i = this.#more?.indexOf(callback) ?? -1;
    if (i !== -1) this.#more!.splice(i, 1);
  }
}
