// The statistics `npm run perf` and `npm run perf:pool` share, so that a
// pooled figure is computed exactly as a single run's is.

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;

/** A seeded generator (mulberry32), so that the same measurements print the same interval. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * The 95% percentile bootstrap interval of the median of the values drawn by
 * `draw`, which gets a generator and returns one resample.
 */
function bootstrap(draw) {
  const next = random(1);
  const medians = Array.from({ length: 4000 }, () => median(draw(next)));
  medians.sort((a, b) => a - b);
  return [medians[Math.floor(0.025 * medians.length)], medians[Math.ceil(0.975 * medians.length) - 1]];
}

const resample = (values, next) => values.map(() => values[Math.floor(next() * values.length)]);

/** The interval of the median of values, drawn with replacement. */
const interval = (values) => bootstrap((next) => resample(values, next));

/**
 * The interval of the median of pooled runs, each a list of values: runs are
 * drawn with replacement, then values within each drawn run, so that what
 * moves whole runs together widens the interval as it should.
 */
const clusteredInterval = (runs) => bootstrap((next) => resample(runs, next).flatMap((run) => resample(run, next)));

const finite = (values) => values.filter(Number.isFinite);
const plainOf = (run, name) => run.nsop[name]?.[0];

/**
 * Per pair of a run's measurements, `estimate` of our rounds over the
 * geometric mean of the plain runs before and after ours.
 */
const pairedRatios = (measurements, name, estimate) =>
  finite(
    measurements.oursRuns.map(
      (r, i) => estimate(r.rounds[name] ?? [NaN]) / Math.sqrt(plainOf(measurements.plainRuns[i], name) * plainOf(measurements.plainRuns[i + 1], name)),
    ),
  );

module.exports = { median, mean, interval, clusteredInterval, finite, plainOf, pairedRatios };
