// Test guard, loaded in-process (require) or into a Baken process (node --require): the Azure Monitor distro asks the
// Azure VM metadata service (169.254.169.254) who it runs on. Tests never send anything beyond loopback, so that one
// request is turned to 127.0.0.1:9, where nothing listens: the distro is told "not on an Azure VM" at once.
const http = require('node:http');

const METADATA_HOST = '169.254.169.254';
const original = http.request;

function isMetadata(target) {
  if (typeof target === 'string') return target.includes(METADATA_HOST);
  if (target instanceof URL) return target.hostname === METADATA_HOST;
  return Boolean(target) && (target.host === METADATA_HOST || target.hostname === METADATA_HOST);
}

http.request = function request(target, ...rest) {
  if (!isMetadata(target)) return original.call(this, target, ...rest);
  const options = typeof target === 'object' && !(target instanceof URL) ? target : {};
  return original.call(this, { ...options, host: '127.0.0.1', hostname: '127.0.0.1', port: 9 }, ...rest);
};

module.exports = { METADATA_HOST };
