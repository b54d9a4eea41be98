// The geometry of the grades-over-the-term chart: each graded item in order
// along x, its percentage up y. Kept apart from the SVG so the scaling can be
// tested.
import type { Progress } from "../api/courses";
import { percentOf } from "./grades";

export interface ChartBox {
  width: number;
  height: number;
  /** Room left for the axis labels. */
  left: number;
  bottom: number;
  top: number;
  right: number;
}

export interface ChartDatum {
  label: string;
  percentage: number;
}

export interface ChartPoint extends ChartDatum {
  x: number;
  y: number;
}

/** The y of a percentage (0 at the bottom of the plot, 100 at its top). */
export function yOf(percentage: number, box: ChartBox): number {
  const clamped = Math.min(100, Math.max(0, percentage));
  const plot = box.height - box.top - box.bottom;
  return box.top + plot * (1 - clamped / 100);
}

/** The points, spread evenly over the plot's width; a single point sits in the middle. */
export function chartPoints(data: readonly ChartDatum[], box: ChartBox): ChartPoint[] {
  const plot = box.width - box.left - box.right;
  return data.map((datum, i) => ({
    ...datum,
    x: data.length === 1 ? box.left + plot / 2 : box.left + (plot * i) / (data.length - 1),
    y: yOf(datum.percentage, box),
  }));
}

/** The SVG path through the points, in order. */
export function linePath(points: readonly Pick<ChartPoint, "x" | "y">[]): string {
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${round(p.x)} ${round(p.y)}`).join(" ");
}

/** One sentence a screen reader says for the whole chart. */
export function chartSummary(data: readonly ChartDatum[]): string {
  if (data.length === 0) {
    return "No graded work yet.";
  }
  const values = data.map((d) => d.percentage);
  const first = values[0] ?? 0;
  const last = values[values.length - 1] ?? 0;
  const low = Math.min(...values);
  const high = Math.max(...values);
  const trend =
    data.length < 2 ? "" : last > first ? ", rising overall" : last < first ? ", falling overall" : ", level overall";
  return `${data.length} graded item${data.length === 1 ? "" : "s"}, from ${round1(low)}% to ${round1(high)}%${trend}; the latest is ${round1(last)}%.`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** A student's graded items in term order, each as its share of the points it was out of. */
export function chartData(progress: Pick<Progress, "items">): ChartDatum[] {
  return progress.items.flatMap((item) =>
    item.assignedGrade !== null && item.maxPoints !== null && item.maxPoints > 0
      ? [{ label: item.title, percentage: percentOf(item.assignedGrade, item.maxPoints) }]
      : [],
  );
}
