// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) as used by both PNG chunks and ZIP entries.
// Written by hand because zlib.crc32 only exists from Node 20.15 and the engines range allows older 20.x.

const table: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** Computes the CRC-32 of `data`, continuing from `previous` when given, as an unsigned 32-bit number. */
export function crc32(data: Uint8Array, previous = 0): number {
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) {
    c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}
