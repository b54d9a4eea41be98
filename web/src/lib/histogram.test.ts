import { describe, expect, it } from "vitest";
import { binLabel, binScores, summarize } from "./histogram";

describe("binScores", () => {
  it("puts full marks in the last bin and each score in one bin", () => {
    const bins = binScores([0, 4.99, 5, 9.5, 10, 10], 10, 2);
    expect(bins.map((b) => b.count)).toEqual([2, 4]);
    expect(bins.map(binLabel)).toEqual(["0 to under 5", "5–10"]);
  });

  it("clamps scores outside 0 to the maximum", () => {
    expect(binScores([-1, 12], 10, 5).map((b) => b.count)).toEqual([1, 0, 0, 0, 1]);
  });

  it("puts a score on a bin edge in the upper bin, despite floating point", () => {
    const bins = binScores([0.3, 0.6, 0.9], 0.9, 3);
    expect(bins.map((b) => b.count)).toEqual([0, 1, 2]);
    expect(bins[1]).toMatchObject({ from: 0.3, to: 0.6 });
  });

  it("gives one bin when nothing can be earned", () => {
    expect(binScores([0, 0], 0)).toEqual([{ from: 0, to: 0, closed: true, count: 2 }]);
  });
});

describe("summarize", () => {
  it("gives the mean and median, rounded to hundredths", () => {
    expect(summarize([1, 2, 4])).toEqual({ mean: 2.33, median: 2 });
    expect(summarize([1, 2, 3, 4])).toEqual({ mean: 2.5, median: 2.5 });
    expect(summarize([])).toBeNull();
  });
});
