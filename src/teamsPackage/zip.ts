// A minimal ZIP writer and reader (PKWARE APPNOTE 6.3: local headers, central directory, end record),
// enough for a Teams app package: a few small files at the root, stored or deflated, no ZIP64.
import { deflateRawSync, inflateRawSync } from 'zlib';
import { crc32 } from './crc32';

/** One file in a ZIP archive. */
export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

/** Thrown when bytes are not a ZIP archive this module can read, or an entry cannot be written. */
export class ZipError extends Error {}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;
const VERSION = 20; // 2.0: deflate
// A fixed timestamp (1980-01-01 00:00, the DOS epoch) keeps the package byte-for-byte reproducible.
const DOS_TIME = 0;
const DOS_DATE = (1 << 5) | 1;
const MAX_UINT16 = 0xffff;
const MAX_UINT32 = 0xffffffff;

/** Writes a ZIP archive holding `entries` in order; each is deflated unless storing is smaller. */
export function writeZip(entries: readonly ZipEntry[]): Buffer {
  if (entries.length > MAX_UINT16) throw new ZipError('too many ZIP entries');
  const names = new Set<string>();
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    if (
      entry.name === '' ||
      entry.name.includes('\\') ||
      entry.name.startsWith('/') ||
      name.length > MAX_UINT16
    ) {
      throw new ZipError(`invalid ZIP entry name "${entry.name}"`);
    }
    if (names.has(entry.name)) throw new ZipError(`duplicate ZIP entry "${entry.name}"`);
    names.add(entry.name);
    const data = Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength);
    const deflated = deflateRawSync(data, { level: 9 });
    const method = deflated.length < data.length ? METHOD_DEFLATE : METHOD_STORED;
    const body = method === METHOD_DEFLATE ? deflated : data;
    if (data.length >= MAX_UINT32 || offset >= MAX_UINT32) throw new ZipError('ZIP64 is not supported');
    const crc = crc32(data);
    const utf8 = /[^\x20-\x7e]/.test(entry.name) ? 1 << 11 : 0;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(VERSION, 4);
    local.writeUInt16LE(utf8, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // extra field length

    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL_HEADER, 0);
    central.writeUInt16LE(VERSION, 4); // version made by (MS-DOS, 2.0)
    central.writeUInt16LE(VERSION, 6); // version needed to extract
    central.writeUInt16LE(utf8, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    // extra length, comment length, disk number start, internal and external attributes stay 0
    central.writeUInt32LE(offset, 42);

    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const centralDirectory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(entries.length, 8); // entries on this disk
  end.writeUInt16LE(entries.length, 10); // entries in total
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDirectory, end]);
}

/** Reads every file of a ZIP archive through its central directory, checking sizes and CRC-32s. */
export function readZip(zip: Uint8Array): ZipEntry[] {
  const buf = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - MAX_UINT16); i--) {
    if (buf.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('not a ZIP archive (no end of central directory record)');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  let cd = buf.readUInt32LE(eocd + 16);
  if (cd + cdSize > eocd) throw new ZipError('ZIP central directory lies outside the archive');

  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (cd + 46 > eocd || buf.readUInt32LE(cd) !== CENTRAL_HEADER) {
      throw new ZipError(`bad ZIP central directory header for entry ${n}`);
    }
    const flags = buf.readUInt16LE(cd + 8);
    const method = buf.readUInt16LE(cd + 10);
    const crc = buf.readUInt32LE(cd + 16);
    const compressedSize = buf.readUInt32LE(cd + 20);
    const size = buf.readUInt32LE(cd + 24);
    const nameLength = buf.readUInt16LE(cd + 28);
    const extraLength = buf.readUInt16LE(cd + 30);
    const commentLength = buf.readUInt16LE(cd + 32);
    const localOffset = buf.readUInt32LE(cd + 42);
    const name = buf.toString(flags & (1 << 11) ? 'utf8' : 'latin1', cd + 46, cd + 46 + nameLength);
    cd += 46 + nameLength + extraLength + commentLength;

    if (flags & 1) throw new ZipError(`ZIP entry "${name}" is encrypted`);
    if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== LOCAL_HEADER) {
      throw new ZipError(`bad ZIP local header for "${name}"`);
    }
    const start = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    if (start + compressedSize > buf.length) throw new ZipError(`ZIP entry "${name}" is truncated`);
    const body = buf.subarray(start, start + compressedSize);
    let data: Buffer;
    if (method === METHOD_STORED) data = Buffer.from(body);
    else if (method === METHOD_DEFLATE) {
      try {
        data = inflateRawSync(body);
      } catch (err) {
        throw new ZipError(`ZIP entry "${name}" cannot be inflated: ${(err as Error).message}`);
      }
    } else throw new ZipError(`ZIP entry "${name}" uses unsupported method ${method}`);
    if (data.length !== size) throw new ZipError(`ZIP entry "${name}" has the wrong size`);
    if (crc32(data) !== crc) throw new ZipError(`ZIP entry "${name}" has a bad CRC-32`);
    entries.push({ name, data });
  }
  return entries;
}
