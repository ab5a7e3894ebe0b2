"""The unit square and the grid of the plane under the identity, a shear and a stretch."""

import matplotlib.pyplot as plt
import numpy as np

MAPS = [[[1, 0], [0, 1]], [[1, 1], [0, 1]], [[2, 0], [0, 0.5]]]


def draw():
    ink = plt.rcParams['text.color']
    square = np.array([[0, 1, 1, 0], [0, 0, 1, 1]])
    t = np.linspace(-4, 4, 2)
    fig, axes = plt.subplots(1, 3, figsize=(8, 3.0), sharey=True)
    for ax, matrix in zip(axes, MAPS):
        m = np.array(matrix, dtype=float)
        for k in range(-4, 5):
            for line in (np.array([t, k + 0 * t]), np.array([k + 0 * t, t])):
                ax.plot(*line, color=ink, linewidth=0.5, alpha=0.2)
                ax.plot(*(m @ line), color='C0', linewidth=0.8, alpha=0.6)
        corners = m @ square
        ax.fill(*corners, color='C1', alpha=0.35)
        ax.plot(*np.c_[corners, corners[:, :1]], color='C1', linewidth=1.8)
        ax.plot(*np.c_[square, square[:, :1]], color=ink, linewidth=1, linestyle='--', alpha=0.7)
        for column in m.T:
            ax.annotate('', column, (0, 0), arrowprops=dict(arrowstyle='-|>', color=ink, linewidth=1.5,
                                                               shrinkA=0, shrinkB=0))
        for x, y in corners.T[1:]:
            ax.annotate(f'$({x:g}, {y:g})$', (x, y), xytext=(3, 3), textcoords='offset points', fontsize=9)
        ax.set_title(str(matrix), family='monospace', fontsize=10)
        ax.set_xlim(-1.2, 3.2)
        ax.set_ylim(-1.2, 2.2)
        ax.set_aspect('equal')
        ax.set_xticks(range(-1, 4))
    return fig
