"""The 3x3 completion flow's gradient for the SciPy cross-checks: A_i = e_j e_k^T symmetrized (1/2 off the diagonal),
L = 1/4 ||A(UU^T) - y||^2, grad L = A*(A(UU^T) - y) U. Development cross-check only."""
import numpy as np


def completion_grad(rows, cols, y):
    """grad(u) for U = u.reshape(3, 3), flattened; rows, cols, y: the four observations."""
    r, c, y = np.asarray(rows), np.asarray(cols), np.asarray(y)

    def grad(u):
        U = u.reshape(3, 3)
        res = (U @ U.T)[r, c] - y
        Z = np.zeros((3, 3))
        for i in range(len(y)):
            if r[i] == c[i]:
                Z[r[i], r[i]] += res[i]
            else:
                Z[r[i], c[i]] += 0.5 * res[i]
                Z[c[i], r[i]] += 0.5 * res[i]
        return (Z @ U).ravel()

    return grad
