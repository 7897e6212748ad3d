/**
 * Persistence of the active chain: `blocks.dat` holds every block after genesis as
 * [regtest magic fabfb5da][u32 LE length][raw block], in height order. A reorg truncates the file.
 * Writes are fsync'd before anyone is told about the blocks (see Chain.mine / Chain.invalidate).
 * A `LOCK` file holding the owner's pid keeps two processes from writing the same directory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ByteReader, ByteWriter, bytesEqual } from './bytes.ts';

const MAGIC = Uint8Array.of(0xfa, 0xbf, 0xb5, 0xda);
const RECORD_HEADER = 8;

export class BlockStore {
  private readonly offsets: number[] = [];
  private end = 0;

  private constructor(
    private readonly dir: string,
    private readonly fd: number,
  ) {}

  static open(dir: string): BlockStore {
    fs.mkdirSync(dir, { recursive: true });
    acquireLock(dir);
    try {
      const fd = fs.openSync(path.join(dir, 'blocks.dat'), 'a+');
      return new BlockStore(dir, fd);
    } catch (error) {
      releaseLock(dir);
      throw error;
    }
  }

  /** Reads every stored block; a torn last record (crash mid-write) is cut off. */
  readAll(): Uint8Array[] {
    const data = new Uint8Array(fs.readFileSync(path.join(this.dir, 'blocks.dat')));
    const blocks: Uint8Array[] = [];
    this.offsets.length = 0;
    let offset = 0;
    while (offset + RECORD_HEADER <= data.length) {
      if (!bytesEqual(data.subarray(offset, offset + 4), MAGIC)) throw new Error(`blocks.dat: bad record magic at byte ${offset}`);
      const length = new ByteReader(data.subarray(offset + 4, offset + 8)).u32();
      if (offset + RECORD_HEADER + length > data.length) break;
      this.offsets.push(offset);
      blocks.push(data.subarray(offset + RECORD_HEADER, offset + RECORD_HEADER + length));
      offset += RECORD_HEADER + length;
    }
    if (offset !== data.length) {
      fs.ftruncateSync(this.fd, offset);
      fs.fsyncSync(this.fd);
    }
    this.end = offset;
    return blocks;
  }

  get count(): number {
    return this.offsets.length;
  }

  append(block: Uint8Array): void {
    const record = new ByteWriter().bytes(MAGIC).u32(block.length).bytes(block).finish();
    fs.writeSync(this.fd, record);
    this.offsets.push(this.end);
    this.end += record.length;
  }

  sync(): void {
    fs.fsyncSync(this.fd);
  }

  /** Keeps only the first `count` blocks. */
  truncate(count: number): void {
    if (count >= this.offsets.length) return;
    this.end = this.offsets[count] as number;
    this.offsets.length = count;
    fs.ftruncateSync(this.fd, this.end);
    fs.fsyncSync(this.fd);
  }

  /** Replaces the saved mempool (raw transactions in acceptance order) atomically. */
  saveMempool(txs: Uint8Array[]): void {
    const writer = new ByteWriter();
    for (const tx of txs) writer.u32(tx.length).bytes(tx);
    const target = path.join(this.dir, 'mempool.dat');
    const temporary = `${target}.tmp`;
    const fd = fs.openSync(temporary, 'w');
    try {
      fs.writeSync(fd, writer.finish());
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, target);
  }

  loadMempool(): Uint8Array[] {
    const file = path.join(this.dir, 'mempool.dat');
    if (!fs.existsSync(file)) return [];
    const reader = new ByteReader(new Uint8Array(fs.readFileSync(file)));
    const txs: Uint8Array[] = [];
    while (reader.remaining >= 4) {
      const length = reader.u32();
      if (length > reader.remaining) break;
      txs.push(reader.take(length));
    }
    return txs;
  }

  close(): void {
    fs.closeSync(this.fd);
    releaseLock(this.dir);
  }
}

function acquireLock(dir: string): void {
  const lock = path.join(dir, 'LOCK');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(fs.readFileSync(lock, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
        throw new Error(`${dir} is in use by process ${owner}${owner === process.pid ? ' (this one)' : ''}`, { cause: error });
      }
      fs.rmSync(lock, { force: true });
    }
  }
  throw new Error(`could not lock ${dir}`);
}

function releaseLock(dir: string): void {
  fs.rmSync(path.join(dir, 'LOCK'), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
