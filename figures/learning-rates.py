"""Gradient descent on f = x1^2 + 2 x2^2 from (-4, 2) with four learning rates."""

import matplotlib.pyplot as plt
import numpy as np


def path(eta, steps=10):
    points = [np.array([-4.0, 2.0])]
    for _ in range(steps):
        points.append(points[-1] - eta * np.array([2.0, 4.0]) * points[-1])
    return np.array(points)


def draw():
    t = np.linspace(0, 2 * np.pi, 61)
    fig, axes = plt.subplots(2, 2, figsize=(6.4, 4.4), sharex=True, sharey=True)
    for ax, eta, colour in zip(axes.flat, (0.05, 0.2, 0.45, 0.55), ('C0', 'C2', 'C4', 'C3')):
        for level in (1.5, 6, 13.5, 24):
            ax.plot(np.sqrt(level) * np.cos(t), np.sqrt(level / 2) * np.sin(t), color=plt.rcParams['text.color'],
                    linewidth=0.6, alpha=0.45)
        p = path(eta)
        ax.plot(p[:, 0], p[:, 1], '-o', color=colour, markersize=3.5, linewidth=1.4)
        ax.plot([0], [0], '+', color=plt.rcParams['text.color'], markersize=9)
        ax.set_title(rf'$\eta = {eta}$', fontsize=11)
        ax.set_xlim(-5, 5)
        ax.set_ylim(-3.2, 3.2)
        ax.set_aspect('equal')
        ax.set_xticks([-4, -2, 0, 2, 4])
        ax.set_yticks([-2, 0, 2])
    for ax in axes[1]:
        ax.set_xlabel(r'$x_1$')
    for ax in axes[:, 0]:
        ax.set_ylabel(r'$x_2$')
    return fig
