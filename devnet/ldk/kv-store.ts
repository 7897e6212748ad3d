/** LDK's `KVStore` as files under `<data dir>/kv/<primary>/<secondary>/<key>` (used by the OutputSweeper). */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurably } from './durable-write.ts';
import { ldk } from './ldk.ts';

export function makeKvStore(root: string): ldk.KVStore {
  const dirOf = (primary: string, secondary: string) => join(root, primary, secondary);
  return ldk.KVStore.new_impl({
    read: (primary, secondary, key) => {
      const path = join(dirOf(primary, secondary), key);
      if (!existsSync(path)) return ldk.Result_CVec_u8ZIOErrorZ.constructor_err(ldk.IOError.LDKIOError_NotFound);
      return ldk.Result_CVec_u8ZIOErrorZ.constructor_ok(new Uint8Array(readFileSync(path)));
    },
    write: (primary, secondary, key, bytes) => {
      try {
        mkdirSync(dirOf(primary, secondary), { recursive: true });
        const path = join(dirOf(primary, secondary), key);
        writeFileDurably(path, bytes);
        return ldk.Result_NoneIOErrorZ.constructor_ok();
      } catch {
        return ldk.Result_NoneIOErrorZ.constructor_err(ldk.IOError.LDKIOError_Other);
      }
    },
    remove: (primary, secondary, key) => {
      rmSync(join(dirOf(primary, secondary), key), { force: true });
      return ldk.Result_NoneIOErrorZ.constructor_ok();
    },
    list: (primary, secondary) => {
      const dir = dirOf(primary, secondary);
      const keys = existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isFile() && !entry.name.endsWith('.tmp')) : [];
      return ldk.Result_CVec_StrZIOErrorZ.constructor_ok(keys.map((entry) => entry.name));
    },
  });
}
