"""NumPy's numpy.linalg.eigh (LAPACK dsyevd) and eigvalsh on bench/kernels/eigh.bench.ts's very matrices (written with
our eigenvalues by bench/scipy/eigh-matrices.ts), one BLAS thread. Prints the median microseconds per call over 15
samples and the largest eigenvalue difference to ours, as JSON. Development cross-check only (not a dependency of the
package, tests or CI).
usage: OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python3 bench/scipy/eigh_numpy.py DIR"""
import json, os, sys, time
import numpy as np

d = sys.argv[1] if len(sys.argv) > 1 else '/tmp/eigh-matrices'
out = {}
for n in (10, 50, 100, 200, 400):
    a = np.fromfile(os.path.join(d, f'eigh-n{n}.f64')).reshape(n, n)
    ours = np.fromfile(os.path.join(d, f'eigh-n{n}-values.f64'))
    w, v = np.linalg.eigh(a)
    out[f'dlambda_n{n}'] = float(np.max(np.abs(w - ours)))
    reps = max(1, round(2e6 / n ** 3))
    for name, f in (('eigh', lambda: np.linalg.eigh(a)), ('values', lambda: np.linalg.eigvalsh(a))):
        ts = []
        for k in range(15):
            t0 = time.perf_counter()
            for r in range(reps):
                f()
            ts.append((time.perf_counter() - t0) / reps * 1e6)
        out[f'numpy_{name}_n{n}_us'] = sorted(ts)[7]
print(json.dumps(out))
