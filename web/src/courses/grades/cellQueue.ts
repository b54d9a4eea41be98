/**
 * Orders the saves of each cell: a save starts only when the cell's previous one has answered, so two
 * quick saves cannot land in the other order. A save superseded before it starts is skipped (the later
 * one writes the newer value), and a save tells by `latest()` whether its answer is still the cell's news.
 */
export interface CellQueue {
  run(key: string, task: (latest: () => boolean) => Promise<void>): Promise<void>;
}

export function cellQueue(): CellQueue {
  const tails = new Map<string, Promise<void>>();
  const newest = new Map<string, number>();
  let count = 0;
  return {
    run(key, task) {
      const ticket = ++count;
      newest.set(key, ticket);
      const latest = () => newest.get(key) === ticket;
      const start = () => (latest() ? task(latest) : Promise.resolve());
      const previous = tails.get(key);
      // With nothing before it, the save starts at once: a later one then waits for it rather than replacing it.
      const done = previous ? previous.then(start) : start();
      // A failed save must not stop the ones after it.
      const tail = done.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) {
          tails.delete(key);
        }
      });
      return done;
    },
  };
}
