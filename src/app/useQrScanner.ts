import { useEffect, useRef, useState, type RefObject } from 'react';
import { cameraProblem, decodeFrame, decodeSize, type CameraProblem } from './qr-scan.ts';

export type ScanState = { status: 'starting' } | { status: 'scanning'; native: boolean } | { status: 'problem'; problem: CameraProblem };

/** The browser's own QR reader (Shape Detection API), absent from many browsers (Firefox, Safari, Chromium on Linux). */
interface NativeDetector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
interface NativeDetectorClass {
  new (options: { formats: string[] }): NativeDetector;
  getSupportedFormats(): Promise<string[]>;
}

async function nativeDetector(): Promise<NativeDetector | undefined> {
  const Detector = (globalThis as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;
  if (!Detector) return undefined;
  try {
    return (await Detector.getSupportedFormats()).includes('qr_code') ? new Detector({ formats: ['qr_code'] }) : undefined;
  } catch {
    return undefined;
  }
}

/** Time between two frames read: often enough to feel instant, rarely enough to leave the UI smooth. */
const FRAME_INTERVAL_MS = 120;

/** The text of the QR code in the video's current frame, if it shows one the reader can read. */
async function readFrame(video: HTMLVideoElement, detector: NativeDetector | undefined, canvas: HTMLCanvasElement): Promise<string | undefined> {
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0) return undefined;
  if (detector) {
    try {
      const codes = await detector.detect(video);
      return codes.find((code) => code.rawValue !== '')?.rawValue;
    } catch {
      // A native reader that fails on a frame: the decoder below still gets it.
    }
  }
  const { width, height } = decodeSize(video.videoWidth, video.videoHeight);
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return undefined;
  context.drawImage(video, 0, 0, width, height);
  return decodeFrame(context.getImageData(0, 0, width, height));
}

/**
 * Opens the back camera into the returned video ref's element and reads frames until one holds a QR
 * code, then stops the camera and hands over the text. The camera is stopped on unmount too, and
 * whenever `attempt` changes (retry).
 */
export function useQrScanner(onText: (text: string) => void, attempt: number): { video: RefObject<HTMLVideoElement | null>; state: ScanState } {
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<ScanState>({ status: 'starting' });
  const onTextRef = useRef(onText);
  useEffect(() => {
    onTextRef.current = onText;
  }, [onText]);

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const element = video.current;
    const canvas = document.createElement('canvas');
    const stop = () => {
      stopped = true;
      clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
      if (element) element.srcObject = null;
    };

    const start = async () => {
      setState({ status: 'starting' });
      if (!element) return;
      if (!navigator.mediaDevices?.getUserMedia) {
        setState({ status: 'problem', problem: 'unsupported' });
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
      } catch (error) {
        if (!stopped) setState({ status: 'problem', problem: cameraProblem(error) });
        return;
      }
      // Closed while the browser asked for permission: let go of the camera at once.
      if (stopped) return stop();
      element.srcObject = stream;
      await element.play().catch(() => undefined);
      const detector = await nativeDetector();
      if (stopped) return;
      setState({ status: 'scanning', native: detector !== undefined });
      const tick = async () => {
        const text = await readFrame(element, detector, canvas).catch(() => undefined);
        if (stopped) return;
        if (text === undefined) {
          timer = setTimeout(() => void tick(), FRAME_INTERVAL_MS);
          return;
        }
        stop();
        onTextRef.current(text);
      };
      void tick();
    };
    void start();
    return stop;
  }, [attempt]);

  return { video, state };
}
