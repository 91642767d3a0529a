/** The image types Baken accepts as evidence. */
export type EvidenceImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'image/bmp';

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);

/**
 * The image type the bytes really are (by their magic bytes), whatever type was declared; undefined when the
 * bytes are not a PNG, JPEG, GIF, WEBP or BMP image.
 */
export function sniffImageType(bytes: Uint8Array): EvidenceImageType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (
    startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) &&
    (bytes[4] === 0x37 || bytes[4] === 0x39) &&
    bytes[5] === 0x61
  )
    return 'image/gif';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
    return 'image/webp';
  // "BM", then a DIB header of a known size at offset 14.
  if (
    startsWith(bytes, [0x42, 0x4d]) &&
    bytes.length >= 18 &&
    [12, 40, 52, 56, 64, 108, 124].includes(bytes[14] ?? 0)
  )
    return 'image/bmp';
  return undefined;
}
