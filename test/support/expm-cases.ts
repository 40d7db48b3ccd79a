// The expm accuracy test set: the matrices of Al-Mohy & Higham 2009 §6 taken from the literature (Higham's
// expm_testmats, the set of Higham 2005 and Al-Mohy & Higham 2009, real ones; numbering and ids as there), Ward's
// four examples, Moler's badly scaled 3×3, and cases with closed forms (diagonal with −1e300, badly scaled
// triangular, nilpotent, Pascal, rotation generators, a large-norm symmetric matrix). Built in plain TypeScript from
// the published definitions: the same doubles go to test/kernels/expm-amh.test.ts and, through
// bench/scipy/expm-matrices.ts, to bench/scipy/expm_accuracy.py (SciPy's errors on the very same inputs).
// see: Al-Mohy & Higham 2009, SIAM J. Matrix Anal. Appl. 31(3), §6; Higham 2005, §4; Ward 1977, SIAM J. Numer.
//      Anal. 14(4), §5 (Examples 1–4); Moler, "A balancing act for the matrix exponential" (2012).
import { Rng } from './rng.js';

export interface ExpmCase {
  /** Short id (as in expm_testmats where the matrix comes from there). */
  name: string;
  n: number;
  /** Row-major entries. */
  a: number[];
}

function rows(r: number[][]): { n: number; a: number[] } {
  return { n: r.length, a: r.flat() };
}

// C = A·B for small row-major matrices (plain double arithmetic, as MATLAB forms the published definitions)
function mul(n: number, a: number[], b: number[]): number[] {
  const c = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) c[i * n + j] += a[i * n + k] * b[k * n + j];
  return c;
}

// X = B / A (X A = B) by Gaussian elimination with partial pivoting on Aᵀ Xᵀ = Bᵀ
function rdiv(n: number, b: number[], a: number[]): number[] {
  const m: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < n; j++) row.push(a[j * n + i]); // Aᵀ
    for (let j = 0; j < n; j++) row.push(b[j * n + i]); // Bᵀ
    m.push(row);
  }
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i][k]) > Math.abs(m[p][k])) p = i;
    [m[k], m[p]] = [m[p], m[k]];
    for (let i = k + 1; i < n; i++) {
      const l = m[i][k] / m[k][k];
      for (let j = k; j < 2 * n; j++) m[i][j] -= l * m[k][j];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let j = n; j < 2 * n; j++) {
      let s = m[i][j];
      for (let k = i + 1; k < n; k++) s -= m[i][k] * m[k][j];
      m[i][j] = s / m[i][i];
    }
  }
  const x = new Array<number>(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) x[j * n + i] = m[i][n + j]; // Xᵀ back
  return x;
}

function bidiagonal(diag: number[], off: number[], upper: boolean): number[] {
  const n = diag.length;
  const a = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) a[i * n + i] = diag[i];
  for (let i = 0; i + 1 < n; i++) a[upper ? i * n + i + 1 : (i + 1) * n + i] = off[i];
  return a;
}

const ROSSER = [
  [611, 196, -192, 407, -8, -52, -49, 29],
  [196, 899, 113, -192, -71, -43, -8, -44],
  [-192, 113, 899, 196, 61, 49, 8, 52],
  [407, -192, 196, 611, 8, 44, 59, -23],
  [-8, -71, 61, 8, 411, -599, 208, 208],
  [-52, -43, 49, 44, -599, 411, 208, 208],
  [-49, -8, 8, 59, 208, 208, 99, -911],
  [29, -44, 52, -23, 208, 208, -911, 99],
];

/** Every matrix of the set, in a fixed order. */
export function expmCases(): ExpmCase[] {
  const cases: ExpmCase[] = [];
  const add = (name: string, m: { n: number; a: number[] }) => cases.push({ name, ...m });
  // --- Ward 1977, Examples 1–4 (expm_testmats 1–4)
  add('ward77_1', rows([[4, 2, 0], [1, 4, 1], [1, 1, 4]])); // defective: eigenvalues 3, 3, 6
  add('ward77_2', rows([
    [29.87942128909879, 0.7815750847907159, -2.289519314033932],
    [0.7815750847907159, 25.72656945571064, 8.680737820540137],
    [-2.289519314033932, 8.680737820540137, 34.39400925519054],
  ])); // symmetric, eigenvalues 20, 30, 40
  add('ward77_3', rows([[-131, 19, 18], [-390, 56, 54], [-387, 57, 52]])); // eigenvalues −1, −2, −20
  {
    // Forsythe(10, 1e-10, 0): the nilpotent Jordan block with 1e-10 in the bottom-left corner
    const n = 10;
    const a = bidiagonal(new Array(n).fill(0), new Array(n - 1).fill(1), true);
    a[(n - 1) * n] = 1e-10;
    add('ward77_4', { n, a });
  }
  // --- expm_testmats 5–36 (real ones)
  {
    const t = [1, 10, 100, 1, 9, 100, 1, 11, 99];
    const d = [0.001, 0, 0, 0, 1, 0, 0, 0, 100];
    add('naha95_p370', { n: 3, a: rdiv(3, mul(3, t, d), t) }); // A = T D T⁻¹ as MATLAB's T*D/T
  }
  add('kela98_ex2', rows([[0.1, 1e6], [0, 0.1]]));
  add('kela98_p655', rows([
    [0, 3.8e3, 0, 0, 0],
    [0, -3.8e3, 1, 0, 0],
    [0, 0, -1, 5.5e6, 0],
    [0, 0, 0, -5.5e6, 2.7e7],
    [0, 0, 0, 0, -2.7e7],
  ]));
  {
    const w = 1.3, x = 1e6, n = 8, h = n / 2;
    const a = new Array<number>(n * n).fill(0);
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < h; j++) {
        a[i * n + j] = (1 / n) * w;
        a[i * n + h + j] = (1 / n) * x;
        a[(h + i) * n + h + j] = (1 / n) * -w;
      }
    }
    add('dipa00_ex3.10', { n, a });
  }
  {
    const a = ROSSER.flat();
    let nrm = 0;
    for (let j = 0; j < 8; j++) {
      let s = 0;
      for (let i = 0; i < 8; i++) s += Math.abs(a[i * 8 + j]);
      nrm = Math.max(nrm, s);
    }
    add('rosser8', { n: 8, a: a.map((v) => (2.05 * v) / nrm) });
  }
  add('cos_sin_x100', rows([[0, 1e4], [-1e4, 0]])); // rotation generator, θ = 1e4
  {
    const n = 10;
    const rng = new Rng(1100);
    const a = new Array<number>(n * n).fill(0);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[i * n + j] = 1e2 * rng.gauss();
    add('nilpotent', { n, a }); // 1e2·triu(randn(10), 1)
  }
  {
    const n = 10;
    add('edst03_pascal_chol', { n, a: bidiagonal(new Array(n).fill(0), Array.from({ length: n - 1 }, (_, i) => i + 1), false) });
  }
  add('kela89_206', rows([[48, -49, 50, 49], [0, -2, 100, 0], [0, -1, -2, 1], [-50, 50, 50, -52]]));
  add('pang85_ex1', rows([
    [0, 30, 1, 1, 1, 1],
    [-100, 0, 1, 1, 1, 1],
    [0, 0, 0, -6, 1, 1],
    [0, 0, 500, 0, 1, 1],
    [0, 0, 0, 0, 0, 200],
    [0, 0, 0, 0, -15, 0],
  ]));
  {
    const n = 10;
    add('pang85_ex3', { n, a: bidiagonal(Array.from({ length: n }, (_, i) => -(n - 1) / 2 + i), new Array(n - 1).fill(1), true) });
  }
  add('kela89_ex5', rows([[0, 1e6], [0, 0]]));
  {
    const g = [0.6, 0.6, 4.0];
    const b = [2.0, 0.75];
    add('jemc05_52', rows([
      [-g[0], 0, g[0] * b[0]],
      [0, -g[1], g[1] * b[1]],
      [-g[0] * g[2], g[2], -g[2] * (1 - g[0] * b[0])],
    ]));
  }
  {
    const g = [1.5, 0.5, 3.0, 2.0, 0.4, 0.03];
    const b = [0.6, 7.0];
    const A1 = [[-g[4], 0, 0], [0, -g[0], 0], [g[3], g[3], -g[2]]];
    const A2 = [[-g[5], 0, g[5] * b[1]], [0, -g[1], g[1] * b[0]], [0, g[3], -g[3]]];
    const r: number[][] = [];
    for (let i = 0; i < 3; i++) r.push([0, 0, 0, i === 0 ? 1 : 0, i === 1 ? 1 : 0, i === 2 ? 1 : 0]);
    for (let i = 0; i < 3; i++) r.push([...A2[i], ...A1[i]]);
    add('jemc05_55', rows(r));
  }
  add('kela98_ex3', rows([[-1, 1e7], [0, -1e7]]));
  {
    const thalf = [3.8235 * 60 * 24, 3.1, 26.8, 19.9].map((t) => t / 60);
    const a = thalf.map((t) => Math.log(2) / t);
    add('mopa03_21', { n: 4, a: bidiagonal(a.map((x) => -x), a.slice(0, 3), false) });
  }
  {
    const a1 = 0.01145, a2 = 0.227;
    add('mopa03_26', rows([[-a1, 0, 0], [0.3594 * a1, -a2, 0], [0.6406 * a1, a2, 0]]));
  }
  {
    const a = [4.916e-18, 3.329e-7, 8.983e-14, 2.852e-13, 1.373e-11, 2.098e-6, 9.85e-10, 1.601e-6, 5.796e-8, 0.0];
    add('kase99_table1', { n: 10, a: bidiagonal(a.map((x) => -x), a.slice(0, 9), false) });
  }
  add('awad_25', rows([[1, 1e17], [0, 1]]));
  {
    const b = 1e3, x = 1e10;
    const a0 = [[1 - b / 2, b / 2], [-b / 2, 1 + b / 2]];
    add('awad_26', rows([
      [a0[0][0], a0[0][1], x, x],
      [a0[1][0], a0[1][1], x, x],
      [0, 0, -a0[0][0], -a0[0][1]],
      [0, 0, -a0[1][0], -a0[1][1]],
    ]));
  }
  {
    const b = 1e4;
    add('awad_27', rows([[1 - b / 2, b / 2], [-b / 2, 1 + b / 2]])); // A − I nilpotent: e^A = e(I + A − I)
  }
  {
    const b = 1e2;
    add('awad_28', rows([[1 - b / 2, b / 2], [-(b ** 4) / 2, 1 + b / 2]]));
  }
  {
    const g = [
      [289, 2064, 336, 128, 80, 32, 16],
      [1152, 30, 1312, 512, 288, 128, 32],
      [-29, -2000, 756, 384, 1008, 224, 48],
      [512, 128, 640, 0, 640, 512, 128],
      [1053, 2256, -504, -384, -756, 800, 208],
      [-287, -16, 1712, -128, 1968, -30, 2032],
      [-2176, -287, -1565, -512, -541, -1152, -289],
    ];
    add('godunov_eigtool', rows(g.map((r) => r.map((v) => v / 100))));
  }
  add('trem05_14.17', rows([[0, 10, 20], [-0.1, 0, 30], [0, 0, 0]])); // 10·[[0, 1, 2], [−0.01, 0, 3], [0, 0, 0]]
  {
    const n = 10;
    const a = new Array<number>(n * n).fill(0);
    for (let i = 0; i < n; i++) a[i * n + i] = -1;
    for (let i = 0; i + 1 < n; i++) {
      a[i * n + i + 1] = 0.5;
      a[(i + 1) * n + i] = 0.5;
    }
    a[1] = 1;
    a[(n - 1) * n + n - 2] = 1;
    add('kuda10', { n, a });
  }
  add('lara17_1', rows([[-3.328853448977761e-7, 4.915959875924379e-18], [0, -4.915959875924379e-18]]));
  add('lara17_2', rows([
    [-2.974063693062615e-7, 0, 1.024464026382002e-14],
    [2.974063693062615e-7, -1.379680196333551e-13, 0],
    [0, 0, -1.024464026382002e-14],
  ]));
  add('lara17_3', rows([
    [-2.421897905520424e-3, 0, 5.383443102348909e-3],
    [0, -3.200125487349701e-4, 0],
    [0, 3.200125487349701e-4, -5.398342527725431e-3],
  ]));
  add('lara17_4', rows([
    [-1.000000000000312e-4, 0, 0, 0],
    [1.0e-4, -1.000000000009379e-4, 0, 0],
    [0, 1.0e-4, -1.188523972153541e-6, 0],
    [0, 0, 1.188523972153541e-6, -1.024464026382002e-14],
  ]));
  // --- the and closed-form cases
  add('moler', rows([[0, 1e-8, 0], [-(2e10 + 4e8 / 6), -3, 2e10], [200 / 3, 0, -200 / 3]]));
  add('diag_-1e300', rows([[-1e300, 0], [0, -1]]));
  add('tri_-1e300', rows([[-1e300, 1], [0, -1]])); // exp = [[0, (e^{−1} − e^{−1e300})/(1e300 − 1)], [0, e^{−1}]]
  add('tri_1_1e8_-1', rows([[1, 1e8], [0, -1]])); // exp = [[e, 1e8·sinh 1], [0, 1/e]]
  add('tri_lower_3', rows([[-50, 0, 0], [1e6, 2, 0], [3, 1e6, -30]]));
  {
    // gallery('triw', 8, -1): unit upper triangular, −1 above the diagonal (nonnormal: κ(e^A) grows like 2^n)
    const n = 8;
    const a = new Array<number>(n * n).fill(0);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = i === j ? 1 : -1;
    add('triw8', { n, a });
  }
  add('jordan8_-2', { n: 8, a: bidiagonal(new Array(8).fill(-2), new Array(7).fill(1), true) });
  add('rotation_1', rows([[0, 1], [-1, 0]]));
  add('rotation_3x3', rows([[0, -3, 2], [3, 0, -1], [-2, 1, 0]])); // skew-symmetric: Rodrigues, angle √14
  {
    // symmetric, eigenvalues spread over [−1000, 20] (n = 12): A = Q diag(λ) Qᵀ formed in double
    const n = 12;
    const rng = new Rng(1200);
    const lam = Array.from({ length: n }, (_, i) => (i === 0 ? -1000 : i === n - 1 ? 20 : -1000 + 1020 * rng.uniform()));
    const g = Array.from({ length: n * n }, () => rng.gauss());
    // Q from modified Gram–Schmidt on the columns of g
    const q = g.slice();
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < j; k++) {
        let d = 0;
        for (let i = 0; i < n; i++) d += q[i * n + k] * q[i * n + j];
        for (let i = 0; i < n; i++) q[i * n + j] -= d * q[i * n + k];
      }
      let s = 0;
      for (let i = 0; i < n; i++) s += q[i * n + j] ** 2;
      s = Math.sqrt(s);
      for (let i = 0; i < n; i++) q[i * n + j] /= s;
    }
    const a = new Array<number>(n * n).fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += q[i * n + k] * lam[k] * q[j * n + k];
        a[i * n + j] = s;
        a[j * n + i] = s;
      }
    }
    add('sym12_-1000_20', { n, a });
  }
  return cases;
}
