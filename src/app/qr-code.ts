import encodeQR from 'qr';

/** Quiet zone around the symbol, in modules, as the QR standard asks for reliable scanning. */
const QUIET_ZONE = 4;

/**
 * An SVG path drawing every dark module of a QR matrix, one rectangle per horizontal run,
 * in a coordinate system of one unit per module.
 */
export function qrModulesPath(matrix: readonly (readonly boolean[])[]): string {
  const parts: string[] = [];
  matrix.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x++;
      parts.push(`M${start} ${y}h${x - start}v1h${start - x}z`);
    }
  });
  return parts.join('');
}

/** The QR code for a text as an SVG viewBox size and path (quiet zone included). */
export function qrSvgData(text: string): { size: number; path: string } {
  const matrix = encodeQR(text, 'raw', { ecc: 'medium', border: QUIET_ZONE });
  return { size: matrix.length, path: qrModulesPath(matrix) };
}
