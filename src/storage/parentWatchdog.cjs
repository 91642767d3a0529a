// Preloaded into the embedded Azurite child (node -r). Azurite runs in its own process group, so a kill of Baken's
// group does not take it down with unsaved data; instead, when the Baken process that started it dies (even by
// SIGKILL or out of memory) the IPC channel closes and Azurite closes the way it does on SIGTERM: it stops taking
// requests and saves its in-memory blob index (LokiJS, otherwise saved only every 5 s) before it exits. So no
// orphan keeps the data folder open, and no write Azurite acknowledged is lost.
'use strict';

/** How long Azurite may take to close (saving its index) before it is ended anyway. */
const CLOSE_LIMIT_MS = 10_000;
/** How long to wait for Azurite to install its shutdown handler when Baken dies while Azurite starts. */
const START_LIMIT_MS = 5_000;

/** Whether Azurite has installed its SIGTERM handler (the close that saves); a `once` handler, gone once run. */
let handlerInstalled = false;
process.on('newListener', (event) => {
  if (event === 'SIGTERM') handlerInstalled = true;
});

/** Runs Azurite's own SIGTERM handler, or lets a close already under way (Baken's stop) finish. */
function closeAzurite(startDeadline) {
  if (process.listenerCount('SIGTERM') > 0) {
    // Called directly rather than by a signal, so it works the same on Windows.
    process.emit('SIGTERM', 'SIGTERM');
  } else if (!handlerInstalled) {
    // Still starting: the handler follows right after Azurite listens; ended if it has not come by the deadline.
    if (Date.now() > startDeadline) process.exit(0);
    setTimeout(() => closeAzurite(startDeadline), 50);
    return;
  }
  // Azurite exits by itself once closed (nothing is left to keep it alive); this only ends a close that hangs.
  setTimeout(() => process.exit(1), CLOSE_LIMIT_MS).unref();
}

if (typeof process.send === 'function') {
  process.once('disconnect', () => {
    // Baken read Azurite's stderr; writing to it now fails (EPIPE), which must not crash the close.
    process.stderr.on('error', () => undefined);
    closeAzurite(Date.now() + START_LIMIT_MS);
  });
  // The channel must not keep Azurite alive once it has closed (on SIGTERM from Baken's stop, or here): it then
  // exits by itself, after its save, instead of waiting for stop's SIGKILL. Explicit, so later listeners keep it so.
  process.channel?.unref();
}
