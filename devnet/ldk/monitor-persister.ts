/**
 * LDK's `Persist` over the node store. Every version of every ChannelMonitor is kept (by update
 * id), so a test can later load an old one and broadcast a revoked commitment.
 */
import { hashToDisplay } from '../chain/bytes.ts';
import { ldk } from './ldk.ts';
import type { NodeStore } from './node-store.ts';

export function monitorKey(outpoint: ldk.OutPoint): string {
  return `${hashToDisplay(outpoint.get_txid())}_${outpoint.get_index()}`;
}

export function makeMonitorPersister(store: NodeStore, log: (message: string) => void): ldk.Persist {
  const persist = (outpoint: ldk.OutPoint, monitor: ldk.ChannelMonitor): ldk.ChannelMonitorUpdateStatus => {
    try {
      store.writeMonitor(monitorKey(outpoint), monitor.get_latest_update_id(), monitor.write());
      return ldk.ChannelMonitorUpdateStatus.LDKChannelMonitorUpdateStatus_Completed;
    } catch (error) {
      log(`persisting monitor ${monitorKey(outpoint)} failed: ${String(error)}`);
      return ldk.ChannelMonitorUpdateStatus.LDKChannelMonitorUpdateStatus_UnrecoverableError;
    }
  };
  return ldk.Persist.new_impl({
    persist_new_channel: (outpoint, monitor) => persist(outpoint, monitor),
    update_persisted_channel: (outpoint, _update, monitor) => persist(outpoint, monitor),
    archive_persisted_channel: (outpoint) => {
      try {
        store.archiveMonitor(monitorKey(outpoint));
      } catch (error) {
        log(`archiving monitor ${monitorKey(outpoint)} failed: ${String(error)}`);
      }
    },
  });
}
