// CommonJS stand-in for strip-bom 5 (ESM only), which jest cannot load; used by @microsoft/app-manifest.
module.exports = function stripBom(text) {
  return typeof text === 'string' && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
};
module.exports.default = module.exports;
