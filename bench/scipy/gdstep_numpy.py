"""NumPy's cost for one factored-GD step (issue 3): Gaussian sensing n = 50, m = 300, d = 50, on bench/flow50.ts's
instance (written by flow50-instance.ts): read A, X = UU^T, r = A(X) - y, G = A*(r)U, U <- U - eta G. Two forms:
packed A (m x n(n+1)/2, two gemv) and dense A (m x n^2, two gemv), one BLAS thread. Prints the median microseconds
per step over 15 runs of 200 steps. Development cross-check only (not a dependency of the package, tests or CI).
usage: OPENBLAS_NUM_THREADS=1 python3 bench/scipy/gdstep_numpy.py DIR"""
import json, os, sys, time
import numpy as np

d = sys.argv[1]
n, m = 50, 300
Ap = np.fromfile(os.path.join(d, 'packed.f64')).reshape(m, n * (n + 1) // 2)
y = np.fromfile(os.path.join(d, 'y.f64'))
U0 = np.fromfile(os.path.join(d, 'U0.f64')).reshape(n, n)
iu = np.triu_indices(n)
off = iu[0] != iu[1]
# dense A_i (symmetric, n x n) from the packed rows: off-diagonal weights are doubled in the packed form
Ad = np.zeros((m, n, n))
half = Ap.copy()
half[:, off] *= 0.5
Ad[:, iu[0], iu[1]] = half
Ad[:, iu[1], iu[0]] = half
Ad = Ad.reshape(m, n * n)
eta = 1e-4


def step_packed(U):
    X = U @ U.T
    r = Ap @ X[iu] - y
    zp = Ap.T @ r
    zp[off] *= 0.5
    Z = np.zeros((n, n))
    Z[iu] = zp
    Z = Z + np.triu(Z, 1).T
    return U - eta * (Z @ U)


def step_dense(U):
    X = U @ U.T
    r = Ad @ X.ravel() - y
    Z = (Ad.T @ r).reshape(n, n)
    return U - eta * (Z @ U)


# the two forms take the same step
assert np.allclose(step_packed(U0 * 1e3), step_dense(U0 * 1e3), rtol=1e-12, atol=1e-15)
out = {}
for name, f in (('packed', step_packed), ('dense', step_dense)):
    ts = []
    for rep in range(15):
        U = U0.copy()
        t0 = time.perf_counter()
        for i in range(200):
            U = f(U)
        ts.append((time.perf_counter() - t0) / 200 * 1e6)
    out[name + '_us'] = sorted(ts)[7]
print(json.dumps(out))
