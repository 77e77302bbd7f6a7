// Test helper: exp(A) of a 3x3 matrix in float64 by scaling and squaring of a Taylor series, an
// independent reference for the closed-form spin step.

export type Matrix3 = number[][];

function multiply(a: Matrix3, b: Matrix3): Matrix3 {
  return a.map((row) => [0, 1, 2].map((j) => row[0] * b[0][j] + row[1] * b[1][j] + row[2] * b[2][j]));
}

/** exp(A): scale A by 2^-s until its norm is below 1/16, sum 20 Taylor terms, square s times. */
export function expm3(a: Matrix3): Matrix3 {
  const norm = Math.max(...a.map((row) => row.reduce((sum, x) => sum + Math.abs(x), 0)));
  let squarings = 0;
  while (norm / 2 ** squarings > 1 / 16) squarings++;
  const scaled = a.map((row) => row.map((x) => x / 2 ** squarings));
  let term: Matrix3 = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  let sum = term.map((row) => row.slice());
  for (let k = 1; k <= 20; k++) {
    term = multiply(term, scaled).map((row) => row.map((x) => x / k));
    sum = sum.map((row, i) => row.map((x, j) => x + term[i][j]));
  }
  for (let s = 0; s < squarings; s++) sum = multiply(sum, sum);
  return sum;
}
