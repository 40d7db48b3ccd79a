"""scipy.linalg.expm's time on the very matrices bench/kernels/expm.bench.ts times (seeded, entries uniform in [-1, 1),
||A||_1 = 1 and 10, n = 3, 10, 50, 100; and the batch of 10 000 3x3 matrices), read from DIR/expm_bench.json as
written by bench/scipy/expm-matrices.ts. One BLAS thread. The timing model of bench/common.ts (tinybench there):
samples of >= 0.1 ms for 0.5 s (at least `runs` samples), median per call; prints JSON, one line per matrix: n,
norm, SciPy's (m, s), median microseconds per call (and per item for the batch).
Development cross-check only (not a dependency of the package, its tests or CI).
usage: OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python3 bench/scipy/expm_time.py DIR [runs]"""
import json
import os
import sys
import time

import numpy as np
import scipy
from scipy.linalg import expm
from scipy.linalg._matfuncs_expm import pick_pade_structure

d = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 15
data = json.load(open(os.path.join(d, 'expm_bench.json')))


def median_us(f, min_sample_ms=0.1, budget_s=0.5):
    """The timing model of bench/common.ts: samples of >= min_sample_ms (calls repeated to reach it), as many as
    fit in budget_s (at least `runs`), the median sample divided by its calls. Short samples matter on a shared
    machine: a 20 ms sample is almost always cut by another process, a 0.1 ms one rarely."""
    for _ in range(3):
        f()  # warm-up
    t0 = time.perf_counter()
    f()
    per = time.perf_counter() - t0
    reps = max(1, int(min_sample_ms / 1e3 / max(per, 1e-9)) + 1)
    ts = []
    start = time.perf_counter()
    while len(ts) < runs or time.perf_counter() - start < budget_s:
        t0 = time.perf_counter()
        for _ in range(reps):
            f()
        ts.append((time.perf_counter() - t0) / reps)
    return float(np.median(ts)) * 1e6


print(json.dumps({'scipy': scipy.__version__, 'numpy': np.__version__,
                  'threads': os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}))
for case in data['single']:
    n = case['n']
    A = np.array(case['a'], dtype=float).reshape(n, n)
    Am = np.empty((7, n, n))
    Am[0] = A
    m, s = pick_pade_structure(Am)
    print(json.dumps({'n': n, 'norm': case['norm'], 'm/s': f'{m}/{s}', 'us': round(median_us(lambda: expm(A)), 2)}))
b = data['batch']
B = np.array(b['data'], dtype=float).reshape(b['count'], b['n'], b['n'])
t = median_us(lambda: expm(B))
print(json.dumps({'batch': f"{b['count']}x{b['n']}x{b['n']}", 'us': round(t, 1), 'us_per_item': round(t / b['count'], 3)}))
