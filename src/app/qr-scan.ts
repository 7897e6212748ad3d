/** Reading a QR code from camera frames: the decoder fallback, frame sizing, and camera problems in words. */
import decodeQR from 'qr/decode.js';

export interface Frame {
  width: number;
  height: number;
  /** RGBA pixels, as canvas ImageData holds them. */
  data: Uint8ClampedArray | Uint8Array;
}

/** The QR code's text in an RGBA frame, or undefined when the frame shows none it can read. */
export function decodeFrame(frame: Frame): string | undefined {
  try {
    const text = decodeQR(frame, { format: 'RGBA' });
    return text === '' ? undefined : text;
  } catch {
    // Most frames show no readable code yet (moving, out of focus): the next one may.
    return undefined;
  }
}

/**
 * The size to draw a video frame at for decoding: the whole frame, scaled down so its longer side is at
 * most `maxSide` pixels (decoding time grows with the pixel count; a phone-held code stays large enough).
 */
export function decodeSize(videoWidth: number, videoHeight: number, maxSide = 960): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(videoWidth, videoHeight, 1));
  return { width: Math.max(1, Math.round(videoWidth * scale)), height: Math.max(1, Math.round(videoHeight * scale)) };
}

export type CameraProblem = 'denied' | 'no_camera' | 'in_use' | 'unsupported' | 'failed';

/** What went wrong opening the camera, from getUserMedia's error. */
export function cameraProblem(error: unknown): CameraProblem {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'no_camera';
    case 'NotReadableError':
    case 'AbortError':
      return 'in_use';
    case 'TypeError':
      return 'unsupported';
    default:
      return 'failed';
  }
}

export const CAMERA_PROBLEM_TEXT: Record<CameraProblem, { title: string; advice: string }> = {
  denied: {
    title: 'Camera access is blocked',
    advice: 'Allow the camera for this site in the browser’s site settings, then try again. Or paste the invoice or address instead.',
  },
  no_camera: { title: 'No camera found', advice: 'This device has no camera the browser can use. Paste the invoice or address instead.' },
  in_use: { title: 'The camera is busy', advice: 'Another app or tab may be using it: close that, then try again.' },
  unsupported: {
    title: 'This browser can’t use the camera here',
    advice: 'The camera needs a secure (https) page and a recent browser. Paste the invoice or address instead.',
  },
  failed: { title: 'The camera didn’t start', advice: 'Try again, or paste the invoice or address instead.' },
};
