import { useId } from "react";
import { chartPoints, chartSummary, linePath, yOf, type ChartBox, type ChartDatum } from "../../lib/chart";
import { formatPercent } from "../../lib/grades";
import { Empty } from "../../ui/Page";

const BOX: ChartBox = { width: 640, height: 260, left: 48, right: 24, top: 16, bottom: 36 };
const TICKS = [0, 25, 50, 75, 100];

/**
 * Each graded item's percentage in term order, as a line. The picture is
 * summarised for screen readers (title and desc), and the same numbers
 * follow as a table.
 */
export function GradeChart({ data }: { data: ChartDatum[] }) {
  const id = useId();
  if (data.length === 0) {
    return <Empty>Your chart appears once a piece of work is graded and returned.</Empty>;
  }
  const points = chartPoints(data, BOX);
  const summary = chartSummary(data);
  return (
    <figure className="grade-chart">
      <svg
        viewBox={`0 0 ${BOX.width} ${BOX.height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        className="chart"
      >
        <title id={`${id}-title`}>Your grades over the term, in percent</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        {TICKS.map((tick) => (
          <g key={tick}>
            <line
              className="chart-grid"
              x1={BOX.left}
              x2={BOX.width - BOX.right}
              y1={yOf(tick, BOX)}
              y2={yOf(tick, BOX)}
            />
            <text className="chart-label" x={BOX.left - 8} y={yOf(tick, BOX) + 4} textAnchor="end">
              {tick}%
            </text>
          </g>
        ))}
        <path className="chart-line" d={linePath(points)} fill="none" />
        {points.map((point, i) => (
          <g key={`${point.label}-${i}`}>
            <circle className="chart-point" cx={point.x} cy={point.y} r={5}>
              <title>
                {point.label}: {formatPercent(point.percentage)}
              </title>
            </circle>
            <text className="chart-label" x={point.x} y={BOX.height - 12} textAnchor="middle">
              {i + 1}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="muted">{summary}</figcaption>
      <table className="chart-table">
        <caption>The chart's numbers</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Work</th>
            <th scope="col">Percentage</th>
          </tr>
        </thead>
        <tbody>
          {data.map((datum, i) => (
            <tr key={`${datum.label}-${i}`}>
              <td>{i + 1}</td>
              <th scope="row">{datum.label}</th>
              <td>{formatPercent(datum.percentage)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
