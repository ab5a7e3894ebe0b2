"""The saddle of f(x, y) = x^2 - y^2 and gradient descent from (1, 0) and (1, 1e-6)."""

import matplotlib.pyplot as plt
import numpy as np


def descend(p, eta=0.1, steps=100):
    points = [np.array(p)]
    for _ in range(steps):
        x, y = points[-1]
        points.append(points[-1] - eta * np.array([2 * x, -2 * y]))
    return np.array(points)


def draw():
    ink = plt.rcParams['text.color']
    fig = plt.figure(figsize=(8, 3.8))
    grid = fig.add_gridspec(1, 2, width_ratios=[1.3, 1], wspace=0.3)
    ax3 = fig.add_subplot(grid[0], projection='3d', computed_zorder=False)
    ax = fig.add_subplot(grid[1])
    g = np.linspace(-1.2, 1.2, 13)
    x, y = np.meshgrid(g, g)
    ax3.plot_wireframe(x, y, x**2 - y**2, color=ink, linewidth=0.5, alpha=0.5)
    stuck = descend([1.0, 0.0], steps=50)
    escaped = descend([1.0, 1e-6])
    escaped = escaped[np.abs(escaped[:, 1]) <= 1.2]
    ax3.grid(False)
    for axis in (ax3.xaxis, ax3.yaxis, ax3.zaxis):
        axis.set_pane_color((0, 0, 0, 0))
    for p, colour, style in ((escaped, 'C1', '-'), (stuck, 'C0', '--')):
        ax3.plot(p[:, 0], p[:, 1], p[:, 0]**2 - p[:, 1]**2, style, color=colour, linewidth=2.2)
        ax.plot(p[:, 0], p[:, 1], style, color=colour, linewidth=2.2)
    ax3.plot([0], [0], [0], 'o', color=ink)
    ax3.plot([1], [0], [1], 'o', color='C0')
    ax3.set(xticks=[-1, 0, 1], yticks=[-1, 0, 1], zticks=[-1, 0, 1], xlabel=r'$x$', ylabel=r'$y$')
    ax3.tick_params(labelsize=8, pad=0)
    ax3.view_init(elev=25, azim=20)
    g = np.linspace(-1.2, 1.2, 121)
    x, y = np.meshgrid(g, g)
    lines = ax.contour(x, y, x**2 - y**2, levels=[-1, -0.5, -0.1, 0.1, 0.5, 1], colors=ink, linewidths=0.6,
                       alpha=0.6)
    ax.clabel(lines, [-1, -0.5, 0.5, 1], fmt='%g', fontsize=8,
              manual=[(0.5, 1.1), (0.35, 0.8), (0.87, -0.5), (1.17, -0.6)])
    ax.plot([0], [0], 'o', color=ink)
    ax.plot([1], [0], 'o', color='C0')
    ax.annotate(r'$(1, 0)$', (1, 0), xytext=(-4, -16), textcoords='offset points', ha='center')
    ax.annotate('', escaped[-1], escaped[-4], arrowprops=dict(arrowstyle='-|>', color='C1', linewidth=2))
    ax.set_xlim(-1.2, 1.2)
    ax.set_ylim(-1.2, 1.2)
    ax.set_aspect('equal')
    ax.set_xlabel(r'$x$')
    ax.set_ylabel(r'$y$')
    return fig
