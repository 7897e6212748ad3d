import { beforeEach } from 'vitest';

/** When a test fails, prints what the node logged while it ran (the lines before it are left out). */
export function printLogsOnFailure(logs: () => readonly string[] | undefined): void {
  beforeEach(({ onTestFailed }) => {
    const from = logs()?.length ?? 0;
    onTestFailed(() => {
      const lines = logs()?.slice(from) ?? [];
      console.log(`the node's log during the failed test (${lines.length} lines):\n${lines.join('\n')}`);
    });
  });
}
