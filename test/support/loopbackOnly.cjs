// Test guard, loaded in-process (require) or into a Baken process (node --require): tests send nothing beyond this
// machine. The Azure Monitor distro asks the Azure VM metadata service (169.254.169.254) who it runs on, and an
// exporter could be pointed elsewhere by mistake; every TCP connection to a host that is not loopback is turned to
// 127.0.0.1:9, where nothing listens (the caller sees "connection refused" at once), before any name look-up, and is
// recorded so a test can say which were tried.
const net = require('node:net');

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/i;
const turned = [];
const connect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = args[0];
  // connect(options[, listener]), connect(port[, host][, listener]) or connect(path[, listener]) (IPC: untouched).
  const options = Array.isArray(first) ? first[0] : first;
  if (options !== null && typeof options === 'object') {
    if (options.path === undefined) {
      const host = options.host ?? options.hostname ?? 'localhost';
      if (!LOOPBACK.test(String(host))) {
        turned.push(String(host));
        const redirected = { ...options, host: '127.0.0.1', port: 9 };
        delete redirected.hostname;
        delete redirected.lookup;
        return connect.call(this, redirected, ...args.slice(1));
      }
    }
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    const host = typeof args[1] === 'string' ? args[1] : 'localhost';
    if (!LOOPBACK.test(host)) {
      turned.push(host);
      return connect.call(this, 9, '127.0.0.1', ...args.slice(2));
    }
  }
  return connect.apply(this, args);
};

const guarded = net.Socket.prototype.connect;

module.exports = {
  /** The hosts that connections were turned away from, in order. */
  turnedAway: () => [...turned],
  /** Puts the original back (jest runs other test files in the same process; some use their own look-ups). */
  restore: () => {
    if (net.Socket.prototype.connect === guarded) net.Socket.prototype.connect = connect;
  },
};
