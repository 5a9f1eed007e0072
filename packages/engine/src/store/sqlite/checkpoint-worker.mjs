// The WAL checkpointer's thread (checkpointer.ts): its own connection to the file, checkpointing PASSIVE on a timer
// so that the fsyncs of a checkpoint never run on the main thread. Plain JavaScript: worker threads do not inherit
// the parent's TypeScript loader, and this needs nothing but better-sqlite3.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { path, intervalMs } = workerData;
const db = new Database(path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
// This connection never writes; it must not checkpoint on its own schedule either.
db.pragma('wal_autocheckpoint = 0');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');

let stopped = false;
const timer = setInterval(() => {
  try {
    checkpoint.get();
  } catch (error) {
    // SQLITE_BUSY and the like: the next tick tries again. Anything else is reported (the main connection's own checkpoints carry on).
    if (error?.code !== 'SQLITE_BUSY' && error?.code !== 'SQLITE_LOCKED') parentPort.postMessage({ failed: String(error?.message ?? error) });
  }
}, intervalMs);

parentPort.on('message', (message) => {
  if (typeof message === 'object' && message !== null && 'checkpoint' in message) {
    // A checkpoint asked for now (the retention sweeper, after a vacuum): answered once it ran, busy or not.
    let busy = 1;
    try {
      if (!stopped) busy = checkpoint.get().busy;
    } catch {
      // answered below all the same
    }
    parentPort.postMessage({ checkpointed: message.checkpoint, busy });
    return;
  }
  if (message !== 'stop' || stopped) return;
  stopped = true;
  clearInterval(timer);
  // The last connection to close checkpoints the rest and removes the WAL. The file may already be gone (a test's
  // temporary directory): nothing is left to keep then.
  try {
    checkpoint.get();
    db.close();
  } catch {
    // nothing to do
  }
  parentPort.close();
});
