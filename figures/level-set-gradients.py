"""Contours of y = x1^2 + 2 x2^2 with gradients perpendicular to them."""

import matplotlib.pyplot as plt
import numpy as np

SCALE = 0.15


def draw():
    ink = plt.rcParams['text.color']
    g = np.linspace(-3, 3, 241)
    x1, x2 = np.meshgrid(g, g)
    y = x1**2 + 2 * x2**2
    fig, ax = plt.subplots(figsize=(5.2, 4.4))
    contours = ax.contour(x1, x2, y, levels=[0.5, 1.5, 5, 7.5], colors='C0', linewidths=0.9)
    ax.clabel(contours, fmt='%g', fontsize=9, manual=[(-0.7, 0), (-1.2, 0), (-2.2, 0), (-2.7, 0)])
    three = ax.contour(x1, x2, y, levels=[3], colors='C0', linewidths=2)
    ax.clabel(three, fmt=r'$y = %g$', fontsize=10, manual=[(-1.2, -0.9)])
    for level in (1.5, 5):
        for t in np.linspace(0, 2 * np.pi, 8, endpoint=False) + np.pi / 8:
            p = np.array([np.sqrt(level) * np.cos(t), np.sqrt(level / 2) * np.sin(t)])
            ax.annotate('', p + SCALE * np.array([2 * p[0], 4 * p[1]]), p, annotation_clip=False,
                        arrowprops=dict(arrowstyle='->', color=ink, alpha=0.7))
    p, grad = np.array([1.0, 1.0]), np.array([2.0, 4.0])
    tangent = np.array([-np.sqrt(2), np.sqrt(0.5)])
    ax.annotate('', p + SCALE * grad, p, arrowprops=dict(arrowstyle='-|>', color='C1', linewidth=2))
    ax.plot(*np.transpose([p - 0.5 * tangent, p + 0.5 * tangent]), color='C2', linewidth=2, linestyle='--')
    u, v = 0.12 * grad / np.linalg.norm(grad), 0.12 * tangent / np.linalg.norm(tangent)
    ax.plot(*np.transpose([p + u, p + u + v, p + v]), color=ink, linewidth=0.8)
    ax.plot(*p, 'o', color='C1', zorder=3)
    ax.text(1.0, 0.82, r'$(1, 1)$', ha='center', va='top')
    ax.text(*(p + SCALE * grad + [0.08, 0.02]), r'$\nabla y = (2, 4)$', color='C1', va='center')
    ax.text(*(p + 0.5 * tangent + [-0.08, 0.1]), r'$\mathbf{c}$′$(t_0)$', color='C2', ha='right')
    ax.set_xlim(-3, 3)
    ax.set_ylim(-2.4, 2.4)
    ax.set_aspect('equal')
    ax.set_xlabel(r'$x_1$')
    ax.set_ylabel(r'$x_2$')
    return fig
