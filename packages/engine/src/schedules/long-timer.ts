/** setTimeout's largest delay (2^31 - 1 ms, about 24.8 days); a longer one would fire at once. */
const MAX_DELAY_MS = 2_147_483_647;

/**
 * Calls `fire` at (or just after) `atMs`, however far ahead it is: a delay above setTimeout's limit is waited in
 * steps. The timer is unref'd (a schedule never keeps the process alive) and cleared by the returned function.
 */
export function fireAt(atMs: number, fire: () => void): () => void {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const delay = atMs - Date.now();
    if (delay > MAX_DELAY_MS) timer = setTimeout(arm, MAX_DELAY_MS);
    else timer = setTimeout(fire, Math.max(0, delay));
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}
