// Timing helpers shared by the benchmarks: one median, one way of taking samples, one number format.
export const now = (): bigint => process.hrtime.bigint();
export const msSince = (start: bigint): number => Number(now() - start) / 1e6;

/** Median and p95 (nearest rank) of a list of durations. */
export function stats(samples: readonly number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? at(0.5) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
  return { median, p95: at(0.95) };
}

export const median = (samples: readonly number[]): number => stats(samples).median;

/** `warmup` calls first (JIT, page cache, DuckDB's Parquet metadata), then `runs` sequential timed calls (ms); `call(i)` may vary its literal with i. */
export async function measure(call: (i: number) => Promise<void>, runs = 50, warmup = 5): Promise<{ median: number; p95: number; samples: number[] }> {
  for (let i = 0; i < warmup; i += 1) await call(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = now();
    await call(warmup + i);
    samples.push(msSince(start));
  }
  return { ...stats(samples), samples };
}

export const fmt = (n: number, digits = 2): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
