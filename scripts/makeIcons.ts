// Draws the Teams app icons (a lighthouse: 'baken' means beacon) and writes manifest/color.png (192×192,
// full colour on a solid background) and manifest/outline.png (32×32, white on transparent).
// Run `npx tsx scripts/makeIcons.ts` after changing a shape, and commit both PNGs.
import { writeFileSync } from 'fs';
import path from 'path';
import { encodePng, type RgbaImage } from './teamsPackage/png';

type Rgb = readonly [number, number, number];
type Point = readonly [number, number];

/** A filled shape in icon coordinates (pixels, y down) with its colour and opacity. */
interface Shape {
  inside: (x: number, y: number) => boolean;
  color: Rgb;
  /** Opacity, fixed or varying over the shape (for the fading light beams). */
  alpha: number | ((x: number, y: number) => number);
}

/** Teams' accent colour for Baken (also manifest accentColor #12355B). */
const NAVY: Rgb = [0x12, 0x35, 0x5b];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const RED: Rgb = [0xe0, 0x48, 0x48];
const LIGHT: Rgb = [0xff, 0xc8, 0x57];
const STONE: Rgb = [0x9f, 0xb3, 0xc8];

/** Samples per pixel side: 8×8 subpixels give smooth edges without an anti-aliasing library. */
const SUPERSAMPLE = 8;

const rect =
  (x0: number, y0: number, x1: number, y1: number) =>
  (x: number, y: number): boolean =>
    x >= x0 && x < x1 && y >= y0 && y < y1;

const circle =
  (cx: number, cy: number, r: number) =>
  (x: number, y: number): boolean =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

/** Even-odd point-in-polygon test. */
const polygon =
  (points: readonly Point[]) =>
  (x: number, y: number): boolean => {
    let inside = false;
    for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
      const [xi, yi] = points[i];
      const [xj, yj] = points[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  };

/** A stroke of width `w` from a to b with round caps. */
const segment =
  ([ax, ay]: Point, [bx, by]: Point, w: number) =>
  (x: number, y: number): boolean => {
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= (w / 2) ** 2;
  };

const or =
  (...tests: ((x: number, y: number) => boolean)[]) =>
  (x: number, y: number): boolean =>
    tests.some((t) => t(x, y));

const and =
  (...tests: ((x: number, y: number) => boolean)[]) =>
  (x: number, y: number): boolean =>
    tests.every((t) => t(x, y));

const not =
  (test: (x: number, y: number) => boolean) =>
  (x: number, y: number): boolean =>
    !test(x, y);

/** Paints shapes in order (later on top) with SUPERSAMPLE² samples per pixel over a transparent canvas. */
function render(size: number, shapes: readonly Shape[]): RgbaImage {
  const rgba = new Uint8Array(size * size * 4);
  const n = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = px + (sx + 0.5) / SUPERSAMPLE;
          const y = py + (sy + 0.5) / SUPERSAMPLE;
          // "over" compositing in premultiplied form
          let cr = 0;
          let cg = 0;
          let cb = 0;
          let ca = 0;
          for (const shape of shapes) {
            if (!shape.inside(x, y)) continue;
            const sa = typeof shape.alpha === 'number' ? shape.alpha : shape.alpha(x, y);
            cr = shape.color[0] * sa + cr * (1 - sa);
            cg = shape.color[1] * sa + cg * (1 - sa);
            cb = shape.color[2] * sa + cb * (1 - sa);
            ca = sa + ca * (1 - sa);
          }
          r += cr;
          g += cg;
          b += cb;
          a += ca;
        }
      }
      const i = (py * size + px) * 4;
      const alpha = a / n;
      rgba[i + 3] = Math.round(alpha * 255);
      if (alpha > 0) {
        rgba[i] = Math.round(r / n / alpha);
        rgba[i + 1] = Math.round(g / n / alpha);
        rgba[i + 2] = Math.round(b / n / alpha);
      }
    }
  }
  return { width: size, height: size, rgba };
}

/** The 192×192 colour icon: a white lighthouse with red bands and a shining lamp on navy. */
export function drawColorIcon(): RgbaImage {
  const tower = polygon([
    [70, 152],
    [80, 84],
    [112, 84],
    [122, 152],
  ]);
  return render(192, [
    { inside: rect(0, 0, 192, 192), color: NAVY, alpha: 1 },
    // beams from the lamp, fading into the night
    {
      inside: or(
        polygon([
          [96, 67],
          [26, 44],
          [26, 90],
        ]),
        polygon([
          [96, 67],
          [166, 44],
          [166, 90],
        ]),
      ),
      color: LIGHT,
      alpha: (x) => 0.85 - (0.65 * Math.abs(x - 96)) / 70,
    },
    {
      inside: polygon([
        [52, 160],
        [64, 148],
        [128, 148],
        [140, 160],
      ]),
      color: STONE,
      alpha: 1,
    },
    { inside: tower, color: WHITE, alpha: 1 },
    { inside: and(tower, (_x, y) => (y >= 98 && y < 112) || (y >= 126 && y < 140)), color: RED, alpha: 1 },
    { inside: rect(91, 140, 101, 152), color: NAVY, alpha: 1 },
    { inside: rect(74, 78, 118, 86), color: RED, alpha: 1 },
    { inside: rect(83, 58, 109, 78), color: LIGHT, alpha: 1 },
    { inside: rect(95, 58, 97, 78), color: NAVY, alpha: 0.5 },
    {
      inside: polygon([
        [96, 38],
        [78, 59],
        [114, 59],
      ]),
      color: RED,
      alpha: 1,
    },
    { inside: circle(96, 37, 3.5), color: RED, alpha: 1 },
  ]);
}

/** The 32×32 outline icon: the same lighthouse as a white silhouette with cut-out bands and beams. */
export function drawOutlineIcon(): RgbaImage {
  const bands = (_x: number, y: number): boolean => (y >= 18.5 && y < 20) || (y >= 23.5 && y < 25);
  return render(32, [
    {
      inside: and(
        polygon([
          [10.5, 31],
          [13, 14.5],
          [19, 14.5],
          [21.5, 31],
        ]),
        not(bands),
      ),
      color: WHITE,
      alpha: 1,
    },
    { inside: rect(10, 12.5, 22, 14.5), color: WHITE, alpha: 1 },
    { inside: and(rect(13, 8, 19, 12.5), not(rect(14.5, 9, 17.5, 12.5))), color: WHITE, alpha: 1 },
    {
      inside: polygon([
        [16, 2.5],
        [11.5, 8],
        [20.5, 8],
      ]),
      color: WHITE,
      alpha: 1,
    },
    // rays of light on both sides of the lamp
    {
      inside: or(
        segment([9, 10], [2.5, 10], 1.8),
        segment([9, 8.2], [3.5, 4.5], 1.8),
        segment([9, 11.8], [3.5, 15.5], 1.8),
        segment([23, 10], [29.5, 10], 1.8),
        segment([23, 8.2], [28.5, 4.5], 1.8),
        segment([23, 11.8], [28.5, 15.5], 1.8),
      ),
      color: WHITE,
      alpha: 1,
    },
  ]);
}

function main(): void {
  const dir = path.resolve(__dirname, '..', 'manifest');
  writeFileSync(path.join(dir, 'color.png'), encodePng(drawColorIcon()));
  writeFileSync(path.join(dir, 'outline.png'), encodePng(drawOutlineIcon()));
  console.log(`Icons written to ${path.relative(process.cwd(), dir)}/color.png and outline.png`);
}

if (require.main === module) main();
