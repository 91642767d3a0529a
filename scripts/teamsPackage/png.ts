// The app icons as RGBA pixels, encoded and decoded as PNG by pngjs (which checks signature and chunk CRCs).
import { PNG } from 'pngjs';

/** An RGBA image: `rgba` holds width × height × 4 bytes, row by row, not premultiplied. */
export interface RgbaImage {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** Thrown when bytes are not a readable PNG, or an image cannot be encoded; the message says why. */
export class PngError extends Error {}

/** Encodes an RGBA image as an 8-bit RGBA PNG (zlib level 9). */
export function encodePng(image: RgbaImage): Buffer {
  const { width, height, rgba } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new PngError(`invalid image size ${width}×${height}`);
  }
  if (rgba.length !== width * height * 4) {
    throw new PngError(`expected ${width * height * 4} RGBA bytes, got ${rgba.length}`);
  }
  const png = new PNG({ width, height });
  png.data = Buffer.from(rgba);
  return PNG.sync.write(png, { colorType: 6, bitDepth: 8, deflateLevel: 9 });
}

/**
 * Decodes any PNG that pngjs reads (grey, RGB, palette, with or without alpha) into 8-bit RGBA pixels.
 * pngjs's parser with a callback, not its sync reader: that one reports every damage as "unrecognised content".
 */
export function decodePng(png: Uint8Array): Promise<RgbaImage> {
  return new Promise((resolve, reject) => {
    new PNG().parse(Buffer.from(png), (err, image) => {
      if (err) reject(new PngError(err.message));
      else resolve({ width: image.width, height: image.height, rgba: Uint8Array.from(image.data) });
    });
  });
}
