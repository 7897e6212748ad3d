import { describe, expect, it } from 'vitest';
import { qrModulesPath, qrSvgData } from './qr-code.ts';

describe('qrModulesPath', () => {
  it('draws one rectangle per horizontal run of dark modules', () => {
    const matrix = [
      [true, true, false, true],
      [false, false, false, false],
      [false, true, true, true],
    ];
    expect(qrModulesPath(matrix)).toBe('M0 0h2v1h-2zM3 0h1v1h-1zM1 2h3v1h-3z');
  });

  it('is empty for an all-light matrix', () => {
    expect(qrModulesPath([[false, false]])).toBe('');
  });
});

describe('qrSvgData', () => {
  it('sizes the symbol with a four-module quiet zone', () => {
    const { size, path } = qrSvgData('BITCOIN:BCRT1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KYGT080');
    // Versions grow by 4 modules from 21; the quiet zone adds 8.
    expect((size - 8 - 21) % 4).toBe(0);
    expect(path.startsWith('M4 4h7v1h-7z')).toBe(true); // the top-left finder pattern's first row
  });

  it('is denser for the upper-cased URI than for the lower-case one', () => {
    const address = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdqbc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';
    expect(qrSvgData(`BITCOIN:${address.toUpperCase()}`).size).toBeLessThan(qrSvgData(`bitcoin:${address}`).size);
  });
});
