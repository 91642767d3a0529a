// A minimal PNG encoder and decoder for the Teams app icons: 8-bit RGBA in, 8-bit non-interlaced out.
// Hand-written on node's zlib so the app package needs no image dependency.
import { deflateSync, inflateSync } from 'zlib';
import { crc32 } from './crc32';

/** An RGBA image: `rgba` holds width × height × 4 bytes, row by row, not premultiplied. */
export interface RgbaImage {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** The fields of a PNG's IHDR chunk. */
export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
}

/** Thrown when bytes are not a PNG this module can read; the message says what is wrong. */
export class PngError extends Error {}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Channels per pixel for the 8-bit colour types we read (0 grey, 2 RGB, 4 grey+alpha, 6 RGBA). */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData), 0);
  return Buffer.concat([length, typeAndData, crc]);
}

/** Encodes an RGBA image as an 8-bit RGBA PNG (filter type 0 on every row, zlib level 9). */
export function encodePng(image: RgbaImage): Buffer {
  const { width, height, rgba } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new PngError(`invalid image size ${width}×${height}`);
  }
  if (rgba.length !== width * height * 4) {
    throw new PngError(`expected ${width * height * 4} RGBA bytes, got ${rgba.length}`);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

interface Chunk {
  type: string;
  data: Buffer;
}

function readChunks(png: Uint8Array): Chunk[] {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (buf.length < SIGNATURE.length || !buf.subarray(0, SIGNATURE.length).equals(SIGNATURE)) {
    throw new PngError('not a PNG file (bad signature)');
  }
  const chunks: Chunk[] = [];
  let offset = SIGNATURE.length;
  while (offset < buf.length) {
    if (offset + 12 > buf.length) throw new PngError('truncated PNG chunk');
    const length = buf.readUInt32BE(offset);
    const end = offset + 12 + length;
    if (end > buf.length) throw new PngError('truncated PNG chunk');
    const type = buf.toString('ascii', offset + 4, offset + 8);
    const data = buf.subarray(offset + 8, offset + 8 + length);
    const storedCrc = buf.readUInt32BE(offset + 8 + length);
    if (crc32(buf.subarray(offset + 4, offset + 8 + length)) !== storedCrc) {
      throw new PngError(`bad CRC in PNG chunk ${type}`);
    }
    chunks.push({ type, data });
    offset = end;
    if (type === 'IEND') break;
  }
  if (chunks[0]?.type !== 'IHDR') throw new PngError('PNG does not start with an IHDR chunk');
  if (chunks[chunks.length - 1]?.type !== 'IEND') throw new PngError('PNG has no IEND chunk');
  return chunks;
}

function parseIhdr(data: Buffer): PngHeader {
  if (data.length !== 13) throw new PngError('IHDR chunk has the wrong length');
  return {
    width: data.readUInt32BE(0),
    height: data.readUInt32BE(4),
    bitDepth: data[8],
    colorType: data[9],
    interlace: data[12],
  };
}

/** Reads the IHDR of a PNG (size, bit depth, colour type) after checking the signature and chunk CRCs. */
export function readPngHeader(png: Uint8Array): PngHeader {
  return parseIhdr(readChunks(png)[0].data);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/** Decodes an 8-bit, non-interlaced grey, RGB, grey+alpha or RGBA PNG into RGBA pixels. */
export function decodePng(png: Uint8Array): RgbaImage {
  const chunks = readChunks(png);
  const header = parseIhdr(chunks[0].data);
  const channels = CHANNELS[header.colorType];
  if (header.bitDepth !== 8 || channels === undefined) {
    throw new PngError(
      `unsupported PNG format (bit depth ${header.bitDepth}, colour type ${header.colorType})`,
    );
  }
  if (header.interlace !== 0) throw new PngError('interlaced PNGs are not supported');
  const { width, height } = header;
  const idat = Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data));
  const raw = inflateSync(idat);
  const stride = width * channels;
  if (raw.length < (stride + 1) * height) throw new PngError('PNG image data is too short');

  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[row + x - channels] : 0;
      const b = y > 0 ? pixels[prev + x] : 0;
      const c = x >= channels && y > 0 ? pixels[prev + x - channels] : 0;
      let predictor: number;
      switch (filter) {
        case 0:
          predictor = 0;
          break;
        case 1:
          predictor = a;
          break;
        case 2:
          predictor = b;
          break;
        case 3:
          predictor = (a + b) >> 1;
          break;
        case 4:
          predictor = paeth(a, b, c);
          break;
        default:
          throw new PngError(`unknown PNG filter type ${filter} in row ${y}`);
      }
      pixels[row + x] = (raw[src + x] + predictor) & 0xff;
    }
  }

  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const p = i * channels;
    const grey = channels <= 2;
    rgba[i * 4] = pixels[p];
    rgba[i * 4 + 1] = grey ? pixels[p] : pixels[p + 1];
    rgba[i * 4 + 2] = grey ? pixels[p] : pixels[p + 2];
    rgba[i * 4 + 3] = channels === 4 ? pixels[p + 3] : channels === 2 ? pixels[p + 1] : 255;
  }
  return { width, height, rgba };
}
