/** What the figures were measured on. */
import { cpus, loadavg, platform, release, arch } from 'node:os';

export interface Environment {
  node: string;
  v8: string;
  platform: string;
  cpu: string;
  cores: number;
  /** 1-minute load average when the run started: other work on the machine skews the figures. */
  loadAverage1m: number;
}

export function describeEnvironment(): Environment {
  const cores = cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: `${platform()} ${release()} ${arch()}`,
    cpu: cores[0]?.model.trim() ?? 'unknown',
    cores: cores.length,
    loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
  };
}

/** The environment as rows of a report table; `loadAverageAtEnd` adds the load at the end of a long run. */
export function environmentRows(environment: Environment, loadAverageAtEnd?: number): [string, string][] {
  return [
    ['Node', `${environment.node} (V8 ${environment.v8})`],
    ['Platform', environment.platform],
    ['CPU', `${environment.cpu} × ${environment.cores}`],
    loadAverageAtEnd === undefined
      ? ['Load average (1 min) at start', String(environment.loadAverage1m)]
      : ['Load average (1 min) at start / end', `${environment.loadAverage1m} / ${loadAverageAtEnd}`],
  ];
}
