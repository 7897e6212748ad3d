/** LDK's log records and the node's own messages, to the console (above a level) and to `<data dir>/node.log`. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { ldk } from './ldk.ts';

export type LogLevel = 'gossip' | 'trace' | 'debug' | 'info' | 'warn' | 'error';

const LEVELS: Record<LogLevel, ldk.Level> = {
  gossip: ldk.Level.LDKLevel_Gossip,
  trace: ldk.Level.LDKLevel_Trace,
  debug: ldk.Level.LDKLevel_Debug,
  info: ldk.Level.LDKLevel_Info,
  warn: ldk.Level.LDKLevel_Warn,
  error: ldk.Level.LDKLevel_Error,
};
const NAMES = new Map(Object.entries(LEVELS).map(([name, level]) => [level, name.toUpperCase()]));

export class NodeLogger {
  readonly ldkLogger: ldk.Logger;
  private readonly file: WriteStream;

  constructor(
    private readonly name: string,
    dataDir: string,
    private readonly consoleLevel: LogLevel,
    private readonly fileLevel: LogLevel = 'debug',
  ) {
    this.file = createWriteStream(join(dataDir, 'node.log'), { flags: 'a' });
    const threshold = Math.min(LEVELS[consoleLevel], LEVELS[fileLevel]);
    this.ldkLogger = ldk.Logger.new_impl({
      log: (record) => {
        // LDK logs a lot at trace level; formatting a record is the expensive part, so skip it early.
        const level = record.get_level();
        if (level >= threshold) this.write(level, record.get_args());
      },
    });
  }

  info(message: string): void {
    this.write(ldk.Level.LDKLevel_Info, message);
  }

  warn(message: string): void {
    this.write(ldk.Level.LDKLevel_Warn, message);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.file.end(resolve));
  }

  private write(level: ldk.Level, message: string): void {
    const line = `${new Date().toISOString()} [${this.name} ${NAMES.get(level) ?? level}] ${message}`;
    if (level >= LEVELS[this.fileLevel] && this.file.writable) this.file.write(`${line}\n`);
    if (level >= LEVELS[this.consoleLevel]) console.log(line);
  }
}
