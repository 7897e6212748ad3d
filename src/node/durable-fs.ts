import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Makes a directory's entries (new, renamed and removed names) durable. */
export async function fsyncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; NTFS journals renames itself.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes `name` in `dir` so that after a crash it holds either its old content or `bytes`, never a mix. */
export async function replaceFileDurably(dir: string, name: string, bytes: Uint8Array): Promise<void> {
  const target = join(dir, name);
  const temp = `${target}.tmp`;
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw e;
  }
  await fsyncDirectory(dir);
}
