"""Gradient descent on g(x) = x^4 - 4x^2 + x from -0.5 and from 0.5."""

import matplotlib.pyplot as plt
import numpy as np


def g(x):
    return x**4 - 4 * x**2 + x


def descend(x, eta=0.01, steps=1000):
    points = [x]
    for _ in range(steps):
        points.append(points[-1] - eta * (4 * points[-1]**3 - 8 * points[-1] + 1))
    return np.array(points)


def draw():
    x = np.linspace(-2.25, 2.2, 300)
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    ax.plot(x, g(x), color=plt.rcParams['text.color'], linewidth=1.6)
    for start, colour, dx in ((-0.5, 'C0', -10), (0.5, 'C1', 10)):
        p = descend(start)
        shown = p[:40:2]
        ax.plot(shown, g(shown), 'o', color=colour, markersize=4, alpha=0.8)
        ax.plot([start], [g(start)], 'o', color=colour, markersize=8, markerfacecolor='none', markeredgewidth=1.5)
        ax.annotate(f'${start:g}$', (start, g(start)), xytext=(dx, 8), textcoords='offset points',
                    ha='center', color=colour)
        end = p[-1]
        ax.plot([end], [g(end)], '*', color=colour, markersize=13)
        ax.annotate(rf'$x \approx {end:.3f}$', (end, g(end)), xytext=(0, -20), textcoords='offset points',
                    ha='center', color=colour)
    ax.text(-2.1, 4.5, r'$g(x) = x^4 - 4x^2 + x$')
    ax.set_xlim(-2.25, 2.2)
    ax.set_ylim(-7, 6)
    ax.set_xlabel(r'$x$')
    return fig
