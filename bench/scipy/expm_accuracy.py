"""SciPy's expm accuracy on the expm test set (test/support/expm-cases.ts), against an mpmath reference at 60 digits,
beside ours. Reads DIR/expm_cases.json (written by bench/scipy/expm-matrices.ts: the matrices, our wasm and plain-TS
results, our (m, s) and the BigNumber reference of the tests). For every matrix: the relative 1-norm error
||X - X_ref||_1 / ||X_ref||_1 of scipy.linalg.expm, of our wasm kernel and of the plain twin, SciPy's (m, s) from
pick_pade_structure, and the distance between the two references (mpmath here, mathjs BigNumber in the tests).
The mpmath reference mirrors test/support/bigexpm.ts: exact inputs (mpf of a float is exact), diagonal -> exp,
2x2 triangular -> closed form, strictly triangular -> finite series, else 2^-s scaling to ||X||_1 <= 1/16, Taylor
series, s squarings. Prints a table and, with --ts, the SCIPY_ERR and SCIPY_MS constants pasted into test/kernels/expm-amh.test.ts.
Development cross-check only (not a dependency of the package, its tests or CI).
usage: npx tsx bench/scipy/expm-matrices.ts DIR && python3 bench/scipy/expm_accuracy.py DIR [--ts]"""
import json
import os
import sys

import mpmath as mp
import numpy as np
import scipy
from scipy.linalg import expm
from scipy.linalg._matfuncs_expm import pick_pade_structure

mp.mp.dps = 60


def norm1(x):
    return max(sum(abs(x[i][j]) for i in range(len(x))) for j in range(len(x)))


def mat_mul(a, b):
    n = len(a)
    return [[mp.fsum(a[i][k] * b[k][j] for k in range(n) if a[i][k] and b[k][j]) for j in range(n)] for i in range(n)]


def reference(a):
    n = len(a)
    A = [[mp.mpf(float(v)) for v in row] for row in a]
    off = [(i, j) for i in range(n) for j in range(n) if i != j and A[i][j] != 0]
    upper = all(j > i for i, j in off)
    lower = all(j < i for i, j in off)
    zero_diag = all(A[i][i] == 0 for i in range(n))
    I = [[mp.mpf(1 if i == j else 0) for j in range(n)] for i in range(n)]
    if not off:
        return [[mp.exp(A[i][j]) if i == j else mp.mpf(0) for j in range(n)] for i in range(n)]
    if (upper or lower) and zero_diag:
        term, total = I, I
        for k in range(1, n):
            term = [[x / k for x in row] for row in mat_mul(term, A)]
            total = [[total[i][j] + term[i][j] for j in range(n)] for i in range(n)]
        return total
    if (upper or lower) and n == 2:
        l1, l2 = A[0][0], A[1][1]
        t = A[0][1] if upper else A[1][0]
        e1, e2 = mp.exp(l1), mp.exp(l2)
        x = t * e1 if l1 == l2 else t * (e2 - e1) / (l2 - l1)
        return [[e1, x], [0, e2]] if upper else [[e1, 0], [x, e2]]
    nrm = norm1(A)
    s = max(0, int(mp.ceil(mp.log(nrm, 2))) + 4)
    X = [[x / mp.mpf(2) ** s for x in row] for row in A]
    term, total = I, I
    tol = mp.mpf(10) ** -(mp.mp.dps + 2)
    for k in range(1, 200):
        term = [[x / k for x in row] for row in mat_mul(term, X)]
        total = [[total[i][j] + term[i][j] for j in range(n)] for i in range(n)]
        if norm1(term) <= tol * norm1(total):
            break
    for _ in range(s):
        total = mat_mul(total, total)
    return total


def rel_err(x, ref):
    x = np.asarray(x, dtype=float)
    if not np.all(np.isfinite(x)):
        return float('inf')
    return float(np.abs(x - ref).sum(axis=0).max() / np.abs(ref).sum(axis=0).max())


def main():
    d = sys.argv[1]
    cases = json.load(open(os.path.join(d, 'expm_cases.json')))
    print(f'# scipy {scipy.__version__}, numpy {np.__version__}, mpmath {mp.__version__} (mp.dps = {mp.mp.dps})')
    print(f"{'matrix':22} {'n':>3} {'SciPy m/s':>10} {'ours m/s':>9} {'SciPy err':>10} {'ours err':>10} {'plain err':>10}"
          f" {'ours/SciPy':>10} {'refs differ':>11}")
    out = {}
    out_ms = {}
    for c in cases:
        n = c['n']
        A = np.array(c['a'], dtype=float).reshape(n, n)
        R = reference(A.tolist())
        Rf = np.array([[float(v) for v in row] for row in R])
        # the two references, rounded to double, relative to the reference's norm
        ref_diff = rel_err(np.array(c['reference']).reshape(n, n), Rf)
        Am = np.empty((7, n, n))
        Am[0] = A
        try:
            m, s = pick_pade_structure(Am)
            ms = f'{m}/{s}'
        except Exception:  # noqa: BLE001 (pick_pade_structure rejects some inputs)
            ms = '-'
        if np.count_nonzero(A - np.diag(np.diag(A))) == 0:
            ms = 'diag'
        with np.errstate(all='ignore'):
            X = expm(A)
        e_sp = rel_err(X, Rf)
        ours = c['wasm']
        e_ours = rel_err(np.array(ours).reshape(n, n), Rf) if isinstance(ours, list) else float('nan')
        plain = c['plain']
        e_plain = rel_err(np.array(plain).reshape(n, n), Rf) if isinstance(plain, list) else float('nan')
        ratio = e_ours / e_sp if e_sp > 0 else float('nan')
        ours_ms = f"{c['m']}/{c['s']}" if c['m'] else 'diag'
        print(f"{c['name']:22} {n:3d} {ms:>10} {ours_ms:>9} {e_sp:10.2e} {e_ours:10.2e} {e_plain:10.2e} {ratio:10.2f}"
              f" {ref_diff:11.1e}")
        out[c['name']] = e_sp
        out_ms[c['name']] = ms
    if '--ts' in sys.argv:
        print('\n// SciPy ' + scipy.__version__ + "'s relative 1-norm error per matrix (bench/scipy/expm_accuracy.py)")
        print('const SCIPY_ERR: Record<string, number> = {')
        for k, v in out.items():
            print(f"  '{k}': {'Infinity' if v == float('inf') else f'{v:.3g}'},")
        print('};')
        print("// SciPy's (m, s) per matrix (scipy.linalg._matfuncs_expm.pick_pade_structure; [0, 0]: diagonal, handled apart)")
        print('const SCIPY_MS: Record<string, [number, number]> = {')
        for k, v in out_ms.items():
            m, s_ = (0, 0) if v == 'diag' else map(int, v.split('/'))
            print(f"  '{k}': [{m}, {s_}],")
        print('};')


main()
