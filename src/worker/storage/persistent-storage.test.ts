import { describe, expect, it } from 'vitest';
import { persistentStorageStatus, requestPersistentStorage } from './persistent-storage.ts';

function fakeStorage(state: { persisted: boolean; grant: boolean | 'throw'; asked: number }) {
  return {
    persisted: async () => state.persisted,
    persist: async () => {
      state.asked++;
      if (state.grant === 'throw') throw new DOMException('no', 'InvalidStateError');
      state.persisted = state.grant;
      return state.grant;
    },
  };
}

describe('requestPersistentStorage', () => {
  it('asks the browser and reports its answer', async () => {
    const granted = { persisted: false, grant: true as const, asked: 0 };
    expect(await requestPersistentStorage(fakeStorage(granted))).toEqual({ persisted: true, supported: true });
    expect(granted.asked).toBe(1);
    const refused = { persisted: false, grant: false as const, asked: 0 };
    expect(await requestPersistentStorage(fakeStorage(refused))).toEqual({ persisted: false, supported: true });
  });

  it('does not ask again once storage is persistent', async () => {
    const state = { persisted: true, grant: false as const, asked: 0 };
    expect(await requestPersistentStorage(fakeStorage(state))).toEqual({ persisted: true, supported: true });
    expect(state.asked).toBe(0);
  });

  it('reports a failed request as not persisted', async () => {
    const state = { persisted: false, grant: 'throw' as const, asked: 0 };
    expect(await requestPersistentStorage(fakeStorage(state))).toEqual({ persisted: false, supported: true });
  });

  it('reports unsupported without a StorageManager or persist() (as in a worker)', async () => {
    expect(await requestPersistentStorage(undefined)).toEqual({ persisted: false, supported: false });
    expect(await requestPersistentStorage({ persisted: async () => true })).toEqual({ persisted: true, supported: false });
    // Node has no navigator.storage: the default argument takes that path.
    expect(await requestPersistentStorage()).toEqual({ persisted: false, supported: false });
  });
});

describe('persistentStorageStatus', () => {
  it('reads the state without asking', async () => {
    const state = { persisted: false, grant: true as const, asked: 0 };
    expect(await persistentStorageStatus(fakeStorage(state))).toEqual({ persisted: false, supported: true });
    expect(state.asked).toBe(0);
  });
});
