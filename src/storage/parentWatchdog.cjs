// Preloaded into the embedded Azurite child (node -r): when the Baken process that started it dies, even by
// SIGKILL, the IPC channel closes and Azurite exits too, so no orphan keeps the data folder open.
'use strict';
if (typeof process.send === 'function') {
  process.on('disconnect', () => process.exit(0));
}
