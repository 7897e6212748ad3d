/**
 * QR codes as images for browser tests: read one off a screenshot, and turn a payload into the video
 * Chromium's fake camera plays (--use-file-for-fake-video-capture).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import encodeQR from 'qr';
import { decodeQR, type Image } from 'qr/decode.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** PNG colour type → samples per pixel, for the 8-bit, non-palette images screenshots are. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/** The pixels of an 8-bit, non-interlaced PNG (what Chromium's screenshots are), as RGBA. */
export function pngToRgba(png: Uint8Array): Image {
  if (PNG_SIGNATURE.some((byte, i) => png[i] !== byte)) throw new Error('not a PNG image');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let width = 0;
  let height = 0;
  let channels = 0;
  const compressed: Uint8Array[] = [];
  for (let at = 8; at + 8 <= png.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      const [bitDepth, colourType, , , interlace] = body.subarray(8, 13);
      channels = CHANNELS[colourType!] ?? 0;
      if (bitDepth !== 8 || channels === 0 || interlace !== 0) {
        throw new Error(`unsupported PNG: bit depth ${bitDepth}, colour type ${colourType}, interlace ${interlace}`);
      }
    } else if (type === 'IDAT') {
      compressed.push(body);
    } else if (type === 'IEND') {
      break;
    }
    at += 12 + length;
  }
  if (width === 0 || compressed.length === 0) throw new Error('PNG without header or image data');
  const rows = inflateSync(Buffer.concat(compressed));
  const stride = width * channels;
  if (rows.length < height * (stride + 1)) throw new Error('PNG image data is truncated');
  const samples = unfilter(rows, width, height, channels);
  const rgba = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const s = p * channels;
    const grey = channels <= 2;
    rgba[p * 4] = samples[s]!;
    rgba[p * 4 + 1] = grey ? samples[s]! : samples[s + 1]!;
    rgba[p * 4 + 2] = grey ? samples[s]! : samples[s + 2]!;
    rgba[p * 4 + 3] = channels === 4 ? samples[s + 3]! : channels === 2 ? samples[s + 1]! : 255;
  }
  return { width, height, data: rgba };
}

/** Undoes the per-row PNG filters (None, Sub, Up, Average, Paeth). */
function unfilter(rows: Uint8Array, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = rows[y * (stride + 1)];
    const src = rows.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const left = x >= bpp ? out[row + x - bpp]! : 0;
      const up = y > 0 ? out[row - stride + x]! : 0;
      const upLeft = y > 0 && x >= bpp ? out[row - stride + x - bpp]! : 0;
      let predictor: number;
      switch (filter) {
        case 0: predictor = 0; break;
        case 1: predictor = left; break;
        case 2: predictor = up; break;
        case 3: predictor = (left + up) >> 1; break;
        case 4: predictor = paeth(left, up, upLeft); break;
        default: throw new Error(`unknown PNG filter ${filter} on row ${y}`);
      }
      out[row + x] = (src[x]! + predictor) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** The text of the QR code in a PNG (e.g. an element screenshot); throws when none is readable. */
export function decodeQrPng(png: Uint8Array): string {
  return decodeQR(pngToRgba(png), { effort: 3 });
}

/** A video frame size Chromium's fake camera commonly delivers. */
export const VIDEO_WIDTH = 640;
export const VIDEO_HEIGHT = 480;

/**
 * A greyscale PGM picture of `text` as a QR code, centred on a white 640x480 frame with modules as
 * large as fit (a phone held up to the camera).
 */
export function qrFramePgm(text: string): Uint8Array {
  const modules = encodeQR(text, 'raw', { border: 1, ecc: 'medium' });
  const size = modules.length;
  const scale = Math.floor((VIDEO_HEIGHT - 2 * 40) / size);
  if (scale < 2) throw new Error(`a ${size}-module QR code does not fit a ${VIDEO_WIDTH}x${VIDEO_HEIGHT} frame`);
  const left = Math.floor((VIDEO_WIDTH - size * scale) / 2);
  const top = Math.floor((VIDEO_HEIGHT - size * scale) / 2);
  const header = new TextEncoder().encode(`P5\n${VIDEO_WIDTH} ${VIDEO_HEIGHT}\n255\n`);
  const pixels = new Uint8Array(VIDEO_WIDTH * VIDEO_HEIGHT).fill(255);
  for (let y = 0; y < size * scale; y++) {
    for (let x = 0; x < size * scale; x++) {
      if (modules[Math.floor(y / scale)]![Math.floor(x / scale)]) pixels[(top + y) * VIDEO_WIDTH + left + x] = 0;
    }
  }
  const pgm = new Uint8Array(header.length + pixels.length);
  pgm.set(header);
  pgm.set(pixels, header.length);
  return pgm;
}

/**
 * Writes `<dir>/<name>.y4m`: a short YUV 4:2:0 video of `text` as a QR code, made with ffmpeg
 * (Chromium loops it). Returns its path.
 */
export function writeQrVideo(text: string, dir: string, name = 'camera'): string {
  const picture = join(dir, `${name}.pgm`);
  const video = join(dir, `${name}.y4m`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(picture, qrFramePgm(text));
  execFileSync(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', '-y', '-loop', '1', '-i', picture, '-frames:v', '10', '-r', '10', '-pix_fmt', 'yuv420p', video],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 },
  );
  return video;
}

/** The text of the QR code in the first frame of a YUV 4:2:0 y4m video (what the fake camera shows first). */
export function decodeQrY4m(y4m: Uint8Array): string {
  const headerEnd = y4m.indexOf(0x0a);
  const header = new TextDecoder().decode(y4m.subarray(0, headerEnd));
  const width = Number(/ W(\d+)/.exec(header)?.[1]);
  const height = Number(/ H(\d+)/.exec(header)?.[1]);
  if (!header.startsWith('YUV4MPEG2 ') || !(width > 0 && height > 0)) throw new Error(`not a y4m header: ${header}`);
  if (!/ C420/.test(header)) throw new Error(`expected 4:2:0 chroma: ${header}`);
  const frameLine = y4m.indexOf(0x0a, headerEnd + 1);
  if (new TextDecoder().decode(y4m.subarray(headerEnd + 1, headerEnd + 6)) !== 'FRAME') throw new Error('y4m without a frame');
  const frame = y4m.subarray(frameLine + 1, frameLine + 1 + (width * height * 3) / 2);
  return decodeQR({ width, height, data: frame }, { format: 'I420', effort: 3 });
}
