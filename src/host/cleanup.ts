/**
 * What to undo if the process is interrupted (SIGINT, SIGTERM) while a temporary file, a
 * temporary bundle or a lock exists. Writers register a synchronous undo and unregister it when
 * done; the CLI runs whatever is registered before it exits on a signal. A library caller that
 * installs no handler loses nothing: the temporaries are swept by the next compile.
 */
const pending = new Set<() => void>();

/** Registers `undo`; returns the function that unregisters it. */
export function onInterrupt(undo: () => void): () => void {
  pending.add(undo);
  return () => pending.delete(undo);
}

/** Runs every registered undo once, newest first; one failing does not stop the others. */
export function runInterruptCleanups(): void {
  for (const undo of [...pending].reverse()) {
    pending.delete(undo);
    try {
      undo();
    } catch {
      // best effort: the process is exiting
    }
  }
}
