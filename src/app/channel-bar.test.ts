import { describe, expect, it } from 'vitest';
import { balanceBar, describeBalanceBar } from './channel-bar.ts';

const base = { capacitySat: 1_000_000, localMsat: 600_000_000, remoteMsat: 390_000_000, localReserveSat: 10_000, remoteReserveSat: 20_000 };

describe('balanceBar', () => {
  it('splits the capacity between the sides, the rest in between', () => {
    expect(balanceBar(base)).toEqual({ local: 60, remote: 39, other: 1, localReserve: 1, remoteReserve: 2 });
  });

  it('rounds to two decimals', () => {
    const bar = balanceBar({ ...base, capacitySat: 300_000, localMsat: 100_000_000, remoteMsat: 200_000_000 });
    expect(bar.local).toBe(33.33);
    expect(bar.remote).toBe(66.67);
    expect(bar.other).toBe(0);
  });

  it('keeps the reserve marks inside their side', () => {
    const bar = balanceBar({ ...base, localMsat: 5_000_000, remoteMsat: 995_000_000 });
    expect(bar.localReserve).toBe(bar.local);
    expect(bar.localReserve).toBe(0.5);
  });

  it('never goes past the ends', () => {
    const bar = balanceBar({ ...base, localMsat: 800_000_000, remoteMsat: 800_000_000 });
    expect(bar.local + bar.remote + bar.other).toBe(100);
    expect(bar.remote).toBe(20);
    expect(balanceBar({ ...base, localMsat: -1, remoteMsat: 2e12 })).toMatchObject({ local: 0, remote: 100, other: 0 });
  });

  it('is empty without a capacity', () => {
    expect(balanceBar({ ...base, capacitySat: 0 })).toEqual({ local: 0, remote: 0, other: 0, localReserve: 0, remoteReserve: 0 });
  });

  it('describes itself in words', () => {
    expect(describeBalanceBar(base)).toBe(
      'Your side 600,000 sats, the peer’s side 390,000 sats, of 1,000,000 sats. Reserves: 10,000 sats on your side, 20,000 sats on the peer’s.',
    );
  });
});
