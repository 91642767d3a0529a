import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { freePort } from '../../src/storage/embeddedAzurite';

/**
 * A free port below the kernel's ephemeral range, for a server that stops and must start again on the same port
 * (Azurite after an outage, Baken after a kill). While it is down its port is free; a port from the ephemeral range
 * (what `freePort()` hands out) could meanwhile be given to another process asking for any free port (other test
 * runs on this machine), and the restart would fail or, worse, reach someone else's server.
 */
export async function portOutsideEphemeralRange(): Promise<number> {
  let low = 32768;
  try {
    low =
      Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || low;
  } catch {
    // not Linux: keep the usual lower bound
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * Math.max(1, Math.min(low, 32_000) - 20_000));
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  return freePort();
}
