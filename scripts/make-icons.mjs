#!/usr/bin/env node
// Draws the app icons (a lightning bolt) and writes them as PNGs to public/icons/.
// Only node:zlib is used: PNG chunks are assembled by hand. Run: node scripts/make-icons.mjs
import { crc32, deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');

const BACKGROUND = [0x14, 0x17, 0x1f]; // matches the manifest's background/theme colour
const BOLT = [0xf7, 0xb5, 0x00];

// The bolt outline in a unit square, clockwise; scaled into each icon's drawing area.
const BOLT_SHAPE = [
  [0.62, 0.0],
  [0.16, 0.56],
  [0.46, 0.56],
  [0.36, 1.0],
  [0.84, 0.4],
  [0.54, 0.4],
];

function insidePolygon(x, y, points) {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function insideRoundedSquare(x, y, size, radius) {
  const cx = Math.min(Math.max(x, radius), size - radius);
  const cy = Math.min(Math.max(y, radius), size - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

/**
 * Renders an RGBA image. `boltBox` is the fraction of the icon the bolt's square occupies;
 * `cornerRadius` (a fraction of the size) rounds the background, 0 makes it full-bleed.
 */
function render(size, { boltBox, cornerRadius }) {
  const SAMPLES = 4; // 4x4 supersampling for anti-aliased edges
  const boltSize = size * boltBox;
  const offset = (size - boltSize) / 2;
  const bolt = BOLT_SHAPE.map(([x, y]) => [offset + x * boltSize, offset + y * boltSize]);
  const radius = cornerRadius * size;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = px + (sx + 0.5) / SAMPLES;
          const y = py + (sy + 0.5) / SAMPLES;
          if (radius > 0 && !insideRoundedSquare(x, y, size, radius)) continue;
          if (insidePolygon(x, y, bolt)) fg++;
          else bg++;
        }
      }
      const total = SAMPLES * SAMPLES;
      const alpha = (bg + fg) / total;
      const i = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) {
        rgba[i + c] = bg + fg === 0 ? 0 : Math.round((BACKGROUND[c] * bg + BOLT[c] * fg) / (bg + fg));
      }
      rgba[i + 3] = Math.round(alpha * 255);
    }
  }
  return rgba;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: truecolour with alpha
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  const stride = size * 4;
  const raw = Buffer.alloc((stride + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (stride + 1)] = 0; // filter type None for each scanline
    rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Maskable icons must keep their content inside the central 80% circle, so that bolt is smaller
// and the background is full-bleed; iOS applies its own mask to the opaque apple-touch icon.
const ICONS = [
  { file: 'icon-192.png', size: 192, boltBox: 0.62, cornerRadius: 0.2 },
  { file: 'icon-512.png', size: 512, boltBox: 0.62, cornerRadius: 0.2 },
  { file: 'maskable-512.png', size: 512, boltBox: 0.5, cornerRadius: 0 },
  { file: 'apple-touch-icon-180.png', size: 180, boltBox: 0.6, cornerRadius: 0 },
];

mkdirSync(OUT, { recursive: true });
for (const { file, size, ...style } of ICONS) {
  const png = encodePng(size, render(size, style));
  writeFileSync(join(OUT, file), png);
  console.log(`${file}: ${size}x${size}, ${png.length} bytes`);
}
