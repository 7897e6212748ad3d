import encodeQR from 'qr';
import { describe, expect, it } from 'vitest';
import { cameraProblem, decodeFrame, decodeSize, type Frame } from './qr-scan.ts';

/** A QR code drawn as a camera might see it: `scale` pixels per module, on a grey background, off centre. */
function frameOf(text: string, scale: number, width = 640, height = 480): Frame {
  const matrix = encodeQR(text, 'raw', { ecc: 'medium', border: 4 });
  const data = new Uint8ClampedArray(width * height * 4).fill(190);
  const left = 40;
  const top = 20;
  for (let y = 0; y < matrix.length * scale; y++) {
    for (let x = 0; x < matrix.length * scale; x++) {
      const dark = matrix[Math.floor(y / scale)]![Math.floor(x / scale)];
      const at = ((top + y) * width + left + x) * 4;
      data.fill(dark ? 20 : 245, at, at + 3);
    }
  }
  for (let at = 3; at < data.length; at += 4) data[at] = 255;
  return { width, height, data };
}

const INVOICE =
  'LIGHTNING:LNBCRT50U1PJ7XYZPP5QQQSYQCYQ5RQWZQFQQQSYQCYQ5RQWZQFQQQSYQCYQ5RQWZQFQYPQDQ5XYSXXATSYP3K7ENXV4JSXQZPUSP5ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYGS9QRSGQ357WNC5R2UEH7CK6Q93DJ32DLQNLS087FXDWK8QAKDYAFKQ3YAP9US6V52VJJSRVYWA6RT52CM9R9ZQT8R2T7MLCWSPYETP5H2TZTUGP9LFYQL';

describe('decodeFrame', () => {
  it('reads an upper-case invoice QR code from an RGBA frame, as the scanner falls back to without BarcodeDetector', () => {
    expect(decodeFrame(frameOf(INVOICE, 4))).toBe(INVOICE);
  });

  it('reads a bitcoin: link drawn small', () => {
    const link = 'BITCOIN:BCRT1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KYGT080';
    expect(decodeFrame(frameOf(link, 3))).toBe(link);
  });

  it('is undefined for a frame without a code, and for an empty one', () => {
    expect(decodeFrame({ width: 64, height: 48, data: new Uint8ClampedArray(64 * 48 * 4).fill(128) })).toBeUndefined();
    expect(decodeFrame({ width: 0, height: 0, data: new Uint8ClampedArray(0) })).toBeUndefined();
  });
});

describe('decodeSize', () => {
  it('keeps small frames whole and scales large ones down to the longer side', () => {
    expect(decodeSize(640, 480)).toEqual({ width: 640, height: 480 });
    expect(decodeSize(1920, 1080)).toEqual({ width: 960, height: 540 });
    expect(decodeSize(1080, 1920, 800)).toEqual({ width: 450, height: 800 });
    expect(decodeSize(0, 0)).toEqual({ width: 1, height: 1 });
  });
});

describe('cameraProblem', () => {
  it('tells a refusal from a missing or busy camera', () => {
    const error = (name: string) => new DOMException('x', name);
    expect(cameraProblem(error('NotAllowedError'))).toBe('denied');
    expect(cameraProblem(error('SecurityError'))).toBe('denied');
    expect(cameraProblem(error('NotFoundError'))).toBe('no_camera');
    expect(cameraProblem(error('OverconstrainedError'))).toBe('no_camera');
    expect(cameraProblem(error('NotReadableError'))).toBe('in_use');
    expect(cameraProblem(new TypeError('getUserMedia is not a function'))).toBe('unsupported');
    expect(cameraProblem('weird')).toBe('failed');
  });
});
