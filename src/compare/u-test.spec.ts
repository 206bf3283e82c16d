import { normalCdf, uTest } from './u-test';

describe('uTest', () => {
  it('gives the exact two-sided p of separated samples: 2 / C(n1 + n2, n1)', () => {
    expect(uTest([1, 2, 3], [4, 5, 6]).p).toBeCloseTo(0.1, 12);
    expect(uTest([1, 2, 3, 4], [5, 6, 7, 8]).p).toBeCloseTo(2 / 70, 12);
    expect(uTest([10, 11, 12, 13, 14], [1, 2, 3, 4, 5])).toEqual({ u: 0, p: expect.closeTo(2 / 252, 12) });
  });

  it('counts exactly with ties, over the arrangements of the tied values', () => {
    // Pooled 1 1 2 2: the first sample {1,1} has U = 0; of the C(4,2) = 6 choices, only {1,1} reaches it.
    expect(uTest([1, 1], [2, 2]).p).toBeCloseTo(2 / 6, 12);
    // Interleaved samples: U equals its mirror, p = 1.
    expect(uTest([1, 4], [2, 3]).p).toBe(1);
  });

  it('gives p = 1 when every value is the same', () => {
    expect(uTest([5, 5, 5], [5, 5, 5]).p).toBe(1);
  });

  it('uses the normal approximation past the exact limits, and agrees with the exact count near them', () => {
    const a = Array.from({ length: 60 }, (_, i) => i);
    const b = a.map((v) => v + 15.5);
    expect(uTest(a, b).p).toBeLessThan(0.001);
    // U = 1770 of 3600, sigma = sqrt(3600 * 121 / 12): z = (1770 - 1800 + 0.5) / sigma, p = 2 Phi(z).
    expect(uTest(a, a.map((v) => v + 0.5))).toEqual({ u: 1770, p: expect.closeTo(0.877, 3) });
    // 50 against 50 is still exact, and close to the approximation there (U = 1225: p about 0.866).
    const x = Array.from({ length: 50 }, (_, i) => i);
    expect(uTest(x, x.map((v) => v + 25.5)).p).toBeLessThan(1e-6);
    expect(Math.abs(uTest(x, x.map((v) => v + 0.5)).p - 0.866)).toBeLessThan(0.01);
  });

  it('has a normal CDF accurate to 1e-7', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 7);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 7);
  });
});
