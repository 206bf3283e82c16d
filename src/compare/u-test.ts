/**
 * The two-sided Mann-Whitney U test, as benchstat applies it (through
 * go-moremath): the exact distribution of U for samples of at most 50
 * values without ties, or at most 9 with ties, conditional on the tie
 * pattern; beyond that the normal approximation with tie and continuity
 * corrections. Benchmark samples are not normal (a slow round now and
 * then), which is why benchstat, and this plugin, use a rank test.
 */

/** Limits beyond which the normal approximation is used, as in benchstat. */
export const exactLimit = 50;
export const exactLimitWithTies = 9;

export interface UTestResult {
  /** The smaller of the two U statistics, ties counted as halves. */
  u: number;
  /** The two-sided p-value; 1 when every value is the same. */
  p: number;
}

export function uTest(x: number[], y: number[]): UTestResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return { u: 0, p: 1 };
  const pooled = [...x.map((v) => ({ v, first: true })), ...y.map((v) => ({ v, first: false }))].sort((a, b) => a.v - b.v);
  // Groups of equal values: their size, and how many of them the first sample holds.
  const groups: { size: number; first: number }[] = [];
  for (let i = 0; i < pooled.length; ) {
    let j = i;
    let first = 0;
    while (j < pooled.length && pooled[j].v === pooled[i].v) first += pooled[j++].first ? 1 : 0;
    groups.push({ size: j - i, first });
    i = j;
  }
  if (groups.length === 1) return { u: n1 * n2 / 2, p: 1 };
  const u1 = uOf(groups, groups.map((g) => g.first), n1);
  const u = Math.min(u1, n1 * n2 - u1);
  const ties = groups.some((g) => g.size > 1);
  const exact = ties ? n1 <= exactLimitWithTies && n2 <= exactLimitWithTies : n1 <= exactLimit && n2 <= exactLimit;
  if (exact) {
    if (u === n1 * n2 - u) return { u, p: 1 };
    return { u, p: Math.min(1, 2 * cdfOf(ties ? rankSums(groups, n1) : untiedRankSums(n1, n2), n1, u)) };
  }
  return { u, p: normalP(groups, n1, n2, u) };
}

/** U of the first sample, given how many of each group of equal values it holds. */
function uOf(groups: { size: number }[], taken: number[], n1: number): number {
  let rank = 0;
  let rankSum = 0;
  groups.forEach((g, i) => {
    rankSum += taken[i] * (rank + (g.size + 1) / 2);
    rank += g.size;
  });
  return rankSum - (n1 * (n1 + 1)) / 2;
}

/**
 * How many ways there are to take n1 of the pooled values, by their
 * doubled rank sum (a whole number, as mid-ranks are halves): a count over
 * groups of equal values of the ways to take k of a group's values. Counts
 * are floating point: past 2^53 they lose digits, not their ratio.
 */
function rankSums(groups: { size: number }[], n1: number): Float64Array {
  const n = groups.reduce((s, g) => s + g.size, 0);
  const width = n * (n + 1) + 1;
  // ways[k][s]: the ways to take k values whose doubled rank sum is s.
  let ways = Array.from({ length: n1 + 1 }, (_, k) => {
    const row = new Float64Array(width);
    if (k === 0) row[0] = 1;
    return row;
  });
  let rank = 0;
  for (const g of groups) {
    const doubledMid = 2 * rank + g.size + 1;
    const next = Array.from({ length: n1 + 1 }, () => new Float64Array(width));
    for (let k = 0; k <= n1; k++) {
      const row = ways[k];
      for (let take = 0; take <= g.size && k + take <= n1; take++) {
        const choose = binomial(g.size, take);
        const shift = take * doubledMid;
        const target = next[k + take];
        for (let sum = 0; sum + shift < width; sum++) if (row[sum] !== 0) target[sum + shift] += row[sum] * choose;
      }
    }
    ways = next;
    rank += g.size;
  }
  return ways[n1];
}

/**
 * The rank sums of samples without ties depend on their sizes only: worked
 * out once per pair of sizes, which makes comparing 10,000 benchmarks of
 * the same number of rounds cost one count, not 10,000.
 */
function untiedRankSums(n1: number, n2: number): Float64Array {
  const key = `${n1} ${n2}`;
  let sums = untied.get(key);
  if (!sums) {
    sums = rankSums(Array.from({ length: n1 + n2 }, () => ({ size: 1 })), n1);
    untied.set(key, sums);
  }
  return sums;
}

const untied = new Map<string, Float64Array>();

/** P(U <= u) when the first sample is any n1 of the pooled values, each choice as likely. */
function cdfOf(ways: Float64Array, n1: number, u: number): number {
  const offset = n1 * (n1 + 1);
  let below = 0;
  let total = 0;
  ways.forEach((count, doubledSum) => {
    if (count === 0) return;
    total += count;
    if ((doubledSum - offset) / 2 <= u + 1e-9) below += count;
  });
  return below / total;
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return Math.round(result);
}

/** The normal approximation, with the tie correction of the variance and a continuity correction. */
function normalP(groups: { size: number }[], n1: number, n2: number, u: number): number {
  const n = n1 + n2;
  const ties = groups.reduce((s, g) => s + g.size ** 3 - g.size, 0);
  const sigma = Math.sqrt(((n1 * n2) * (n + 1 - ties / (n * (n - 1)))) / 12);
  if (sigma === 0) return 1;
  let numer = u - (n1 * n2) / 2;
  numer -= Math.sign(numer) * 0.5;
  const z = numer / sigma;
  return Math.min(1, 2 * Math.min(normalCdf(z), 1 - normalCdf(z)));
}

/** The standard normal CDF. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** erfc with a relative error below 1.2e-7 everywhere (Numerical Recipes' Chebyshev fit). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
