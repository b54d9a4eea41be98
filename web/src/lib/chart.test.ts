import { describe, expect, it } from "vitest";
import { chartData, chartPoints, chartSummary, linePath, yOf, type ChartBox } from "./chart";

const box: ChartBox = { width: 500, height: 240, left: 40, right: 20, top: 10, bottom: 30 };

describe("chart scaling", () => {
  it("puts 0% at the bottom of the plot and 100% at its top, clamping outside values", () => {
    expect(yOf(0, box)).toBe(210);
    expect(yOf(100, box)).toBe(10);
    expect(yOf(50, box)).toBe(110);
    expect(yOf(130, box)).toBe(10);
    expect(yOf(-5, box)).toBe(210);
  });

  it("spreads the points evenly from the left to the right edge of the plot", () => {
    const points = chartPoints(
      [
        { label: "a", percentage: 50 },
        { label: "b", percentage: 100 },
        { label: "c", percentage: 0 },
      ],
      box,
    );
    expect(points.map((p) => p.x)).toEqual([40, 260, 480]);
    expect(points.map((p) => p.y)).toEqual([110, 10, 210]);
    expect(linePath(points)).toBe("M40 110 L260 10 L480 210");
  });

  it("centres a single point", () => {
    expect(chartPoints([{ label: "a", percentage: 90 }], box)[0]?.x).toBe(260);
  });
});

describe("chartSummary", () => {
  it("says how many, the range, the trend and the latest", () => {
    expect(chartSummary([])).toBe("No graded work yet.");
    expect(chartSummary([{ label: "a", percentage: 90 }])).toBe("1 graded item, from 90% to 90%; the latest is 90%.");
    expect(
      chartSummary([
        { label: "a", percentage: 60 },
        { label: "b", percentage: 85.55 },
      ]),
    ).toBe("2 graded items, from 60% to 85.6%, rising overall; the latest is 85.6%.");
  });
});

describe("chartData", () => {
  it("keeps the graded items in order, as percentages, and leaves out the rest", () => {
    const base = { kind: "coursework", dueAt: null, state: "RETURNED", late: false, missing: false } as const;
    expect(
      chartData({
        items: [
          { ...base, id: "1", title: "Essay", maxPoints: 10, assignedGrade: 9 },
          { ...base, id: "2", title: "Ungraded", maxPoints: null, assignedGrade: null },
          { ...base, id: "3", title: "Not yet", maxPoints: 20, assignedGrade: null },
          { kind: "exam", id: "4", title: "Test", maxPoints: 50, assignedGrade: 40 },
        ],
      }),
    ).toEqual([
      { label: "Essay", percentage: 90 },
      { label: "Test", percentage: 80 },
    ]);
  });
});
