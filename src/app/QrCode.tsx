import { useMemo } from 'react';
import { qrSvgData } from './qr-code.ts';

/**
 * A QR code as inline SVG, always dark on white (scanners need the contrast, also in dark mode).
 * With `maxPixels`, it is drawn a whole number of pixels per module (at most that wide), so dense
 * codes stay sharp for cameras and screenshots alike.
 */
export function QrCode({ text, label, testId, maxPixels }: { text: string; label: string; testId?: string; maxPixels?: number }) {
  const { size, path } = useMemo(() => qrSvgData(text), [text]);
  const width = maxPixels === undefined ? undefined : size * Math.max(2, Math.floor(maxPixels / size));
  return (
    <svg
      className={width === undefined ? 'qr' : 'qr qr-sized'}
      style={width === undefined ? undefined : { width }}
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
      data-testid={testId}
      data-qr-text={text}
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
