/** Small helpers for measuring and printing benchmark figures. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}

export function ratio(value: number): string {
  return `${value.toFixed(2)}x`;
}

export async function timeIt(fn: () => Promise<unknown> | unknown): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export async function pool<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

export function heading(text: string): void {
  console.log(`\n${text}`);
}

export function row(label: string, value: string, note = ''): void {
  console.log(`  ${label.padEnd(46)} ${value.padStart(12)}  ${note}`);
}

/** A target line: the figure, the limit, and whether it is met (`≤` unless `atLeast`). */
export function target(
  label: string,
  value: number,
  limit: number,
  unit: 'x' | 'ms',
  atLeast = false,
): void {
  const text = unit === 'x' ? ratio(value) : ms(value);
  const limitText = `${atLeast ? '≥' : '≤'} ${limit}${unit === 'x' ? 'x' : ' ms'}`;
  const met = atLeast ? value >= limit : value <= limit;
  row(label, text, `${met ? 'met' : 'NOT MET'} (${limitText})`);
}

/** `promise`, or a rejection saying what did not finish within `ms`: the bench never hangs. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
