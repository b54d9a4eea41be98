// Hand-drawn SVG charts; each has a text alternative (title and desc) and the
// screens show the same figures in a table beside it.
import { useId } from "react";
import { binLabel, type Bin } from "../../lib/histogram";

const WIDTH = 640;
const HEIGHT = 240;
const PAD = { left: 40, right: 12, top: 12, bottom: 44 };

/** How many students scored in each band of points. */
export function ScoreHistogram({ bins, description }: { bins: Bin[]; description: string }) {
  const id = useId();
  const highest = Math.max(1, ...bins.map((b) => b.count));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const barW = plotW / Math.max(1, bins.length);
  const ticks = highest <= 5 ? Array.from({ length: highest + 1 }, (_, i) => i) : [0, Math.round(highest / 2), highest];
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <title id={`${id}-title`}>Score distribution</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {ticks.map((tick) => {
        const y = PAD.top + plotH - (tick / highest) * plotH;
        return (
          <g key={tick}>
            <line className="chart-grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} />
            <text className="chart-label" x={PAD.left - 6} y={y + 4} textAnchor="end">
              {tick}
            </text>
          </g>
        );
      })}
      {bins.map((bin, i) => {
        const h = (bin.count / highest) * plotH;
        const x = PAD.left + i * barW;
        return (
          <g key={binLabel(bin)}>
            <rect className="chart-bar" x={x + 2} y={PAD.top + plotH - h} width={Math.max(1, barW - 4)} height={h} />
            <text className="chart-label" x={x + barW / 2} y={HEIGHT - PAD.bottom + 16} textAnchor="middle">
              {bin.from}
            </text>
          </g>
        );
      })}
      <line className="chart-axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} />
      <text className="chart-label" x={WIDTH / 2} y={HEIGHT - 6} textAnchor="middle">
        Points (band start) · bar height: students
      </text>
    </svg>
  );
}

export interface BarDatum {
  label: string;
  value: number | null;
}

/**
 * One horizontal bar per question over a domain (0 to 1 for facility, −1 to
 * 1 for discrimination, drawn from the zero line); a missing value is marked
 * "n/a" in words, not only by the absence of a bar.
 */
export function QuestionBars({
  title,
  description,
  data,
  min,
  max,
  format,
}: {
  title: string;
  description: string;
  data: BarDatum[];
  min: number;
  max: number;
  format: (value: number) => string;
}) {
  const id = useId();
  const rowH = 26;
  const labelW = 60;
  const valueW = 64;
  const height = PAD.top + data.length * rowH + 28;
  const plotW = WIDTH - labelW - valueW - PAD.right;
  const xOf = (v: number) => labelW + ((v - min) / (max - min)) * plotW;
  const zero = xOf(Math.max(min, Math.min(max, 0)));
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {[min, (min + max) / 2, max].map((tick) => (
        <g key={tick}>
          <line className="chart-grid" x1={xOf(tick)} x2={xOf(tick)} y1={PAD.top} y2={height - 24} />
          <text className="chart-label" x={xOf(tick)} y={height - 8} textAnchor="middle">
            {format(tick)}
          </text>
        </g>
      ))}
      {data.map((d, i) => {
        const y = PAD.top + i * rowH;
        const v = d.value;
        return (
          <g key={d.label}>
            <text className="chart-label" x={labelW - 8} y={y + rowH / 2 + 4} textAnchor="end">
              {d.label}
            </text>
            {v === null ? null : (
              <rect
                className={v < 0 ? "chart-bar chart-bar-negative" : "chart-bar"}
                x={Math.min(zero, xOf(v))}
                y={y + 4}
                width={Math.max(1, Math.abs(xOf(v) - zero))}
                height={rowH - 8}
              />
            )}
            <text className="chart-label" x={WIDTH - PAD.right} y={y + rowH / 2 + 4} textAnchor="end">
              {v === null ? "n/a" : format(v)}
            </text>
          </g>
        );
      })}
      <line className="chart-axis" x1={zero} x2={zero} y1={PAD.top} y2={height - 24} />
    </svg>
  );
}
