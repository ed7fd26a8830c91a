/**
 * Exact fractions of the audit's coefficients. A double is a dyadic rational (an integer times a power of two),
 * so the coefficients built from the framework's numbers (100 / (best - worst), 1 / count) are exact fractions
 * of BigInts; the rank tests then run modulo a prime (src/report/modular.ts).
 */
export type Frac = readonly [num: bigint, den: bigint];

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
}

export function frac(num: bigint, den: bigint = 1n): Frac {
  if (den === 0n) throw new Error("zero denominator");
  if (den < 0n) [num, den] = [-num, -den];
  const g = gcd(num, den) || 1n;
  return [num / g, den / g];
}

/** The exact value of a finite double. */
export function fromDouble(x: number): Frac {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  let den = 1n;
  // At most 1074 doublings make any finite double an integer; multiplying by 2 is exact.
  while (!Number.isInteger(x)) {
    x *= 2;
    den *= 2n;
  }
  return frac(BigInt(x), den);
}

export function mul(a: Frac, b: Frac): Frac {
  return frac(a[0] * b[0], a[1] * b[1]);
}

export function div(a: Frac, b: Frac): Frac {
  return frac(a[0] * b[1], a[1] * b[0]);
}
