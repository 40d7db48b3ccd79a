"""scipy.linalg.expm's time on the very matrices bench/kernels/expm.bench.ts times (seeded, entries uniform in [-1, 1),
||A||_1 = 1 and 10, n = 3, 10, 50, 100; and the batch of 10 000 3x3 matrices), read from DIR/expm_bench.json as
written by bench/scipy/expm-matrices.ts. One BLAS thread. Medians over `runs` runs of calls lasting >= 20 ms each;
prints JSON, one line per matrix: n, norm, SciPy's (m, s), median microseconds per call (and per item for the batch).
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


def median_us(f, min_ms=20.0):
    f()  # warm-up
    t0 = time.perf_counter()
    f()
    per = time.perf_counter() - t0
    reps = max(1, int(min_ms / 1e3 / max(per, 1e-9)))
    ts = []
    for _ in range(runs):
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
