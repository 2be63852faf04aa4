// Spaces sends on one channel to at most `ratePerSecond`, in this process: each send takes the
// next free slot. A process's rate, not a cluster's: several senders each keep their own.

export type Throttle = { wait(channel: string, ratePerSecond: number): Promise<void> };

export function createThrottle(clock: { now(): number; sleep(ms: number): Promise<void> } = realClock): Throttle {
  const nextSlot = new Map<string, number>();
  return {
    async wait(channel, ratePerSecond) {
      const now = clock.now();
      const slot = Math.max(now, nextSlot.get(channel) ?? now);
      nextSlot.set(channel, slot + 1000 / Math.max(ratePerSecond, 0.001));
      if (slot > now) await clock.sleep(slot - now);
    },
  };
}

const realClock = { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };
