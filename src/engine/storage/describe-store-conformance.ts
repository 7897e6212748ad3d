import { describe, it } from 'vitest';
import { STORE_CONFORMANCE, runConformanceCheck, type StoreSlot } from './conformance.ts';

/** Registers the shared Store conformance checks as Vitest tests; `newSlot` gives each check a fresh, empty store location. */
export function describeStoreConformance(name: string, newSlot: () => StoreSlot | Promise<StoreSlot>): void {
  describe(`${name} conformance`, () => {
    for (const check of STORE_CONFORMANCE) {
      it(check.name, async () => runConformanceCheck(check, await newSlot()));
    }
  });
}
