// Score distribution for the results chart: scores from 0 to the exam's
// maximum in equal bins, the last one closed so that full marks count.

export interface Bin {
  from: number;
  to: number;
  /** Whether `to` belongs to the bin (only the last one). */
  closed: boolean;
  count: number;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export function binScores(scores: readonly number[], maxPoints: number, binCount = 10): Bin[] {
  if (!(maxPoints > 0)) {
    return [{ from: 0, to: 0, closed: true, count: scores.length }];
  }
  const count = Math.max(1, Math.floor(binCount));
  const width = maxPoints / count;
  const bins: Bin[] = Array.from({ length: count }, (_, i) => ({
    from: round(i * width),
    to: round((i + 1) * width),
    closed: i === count - 1,
    count: 0,
  }));
  for (const score of scores) {
    const clamped = Math.min(Math.max(score, 0), maxPoints);
    const index = Math.min(count - 1, Math.floor(clamped / width + 1e-9));
    bins[index]!.count += 1;
  }
  return bins;
}

export function binLabel(bin: Bin): string {
  return bin.closed ? `${bin.from}–${bin.to}` : `${bin.from} to under ${bin.to}`;
}

/** Mean and median of the scores; null when there is none. */
export function summarize(scores: readonly number[]): { mean: number; median: number } | null {
  if (scores.length === 0) {
    return null;
  }
  const sorted = [...scores].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const mean = sorted.reduce((sum, s) => sum + s, 0) / sorted.length;
  return { mean: round(mean), median: round(median) };
}
