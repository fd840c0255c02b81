"""Small SVG charts drawn on the server with presentation attributes only.

Chart libraries emit inline <style> or <script>, which the Content-Security-Policy
(`default-src 'self'`, no inline code) refuses; these few shapes need neither.
"""
import math

from markupsafe import Markup, escape

from ..formats import decimal_format

WIDTH, HEIGHT = 640, 280
# Room for the title and legend above, tick labels and the axis titles beside and below.
TOP, BOTTOM, LEFT, RIGHT = 58, 62, 58, 16
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM
INK, GRID, BARS = "#1a1a1a", "#767676", ("#1d4e89", "#7a4b00", "#1e6b34", "#a4161a")
# An estimate of a character's width at the labels' size, to keep labels apart and in view.
CHAR = 6.4
TICKS = 4


def scale(highest, whole=True):
    """Round tick values from 0 covering `highest`: about TICKS steps of 1, 2, 2.5 or 5 × 10ⁿ;
    counts (`whole`) step by whole numbers, never 2.5."""
    raw = (highest or 1) / TICKS
    magnitude = 10 ** math.floor(math.log10(raw))
    steps = (1, 2, 5, 10) if whole else (1, 2, 2.5, 5, 10)
    step = next(m * magnitude for m in steps if m * magnitude >= raw)
    step = max(1, round(step)) if whole else step
    count = max(1, math.ceil(highest / step - 1e-9))
    return [round(step * i, 9) for i in range(count + 1)]


def _y(value, top):
    return TOP + PLOT_HEIGHT - PLOT_HEIGHT * value / top


def _frame(title, x_title, y_title, ticks, body):
    """The chart with its visible title, both axes with their titles and the y ticks."""
    top = ticks[-1]
    base = TOP + PLOT_HEIGHT
    parts = [f'<text x="{LEFT}" y="18" font-size="15" font-weight="bold" fill="{INK}">'
             f'{escape(title)}</text>']
    for tick in ticks:
        y = _y(tick, top)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
                     f'stroke="{GRID}" stroke-width="{1 if tick == 0 else 0.4}"/>'
                     f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
                     f'fill="{INK}">{escape(_number(tick))}</text>')
    parts.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{base}" stroke="{GRID}"/>')
    middle = TOP + PLOT_HEIGHT / 2
    parts.append(f'<text x="14" y="{middle:.1f}" font-size="12" text-anchor="middle" '
                 f'transform="rotate(-90 14 {middle:.1f})" fill="{INK}">{escape(y_title)}</text>')
    parts.append(f'<text x="{LEFT + (WIDTH - LEFT - RIGHT) / 2:.1f}" y="{HEIGHT - 6}" '
                 f'font-size="12" text-anchor="middle" fill="{INK}">{escape(x_title)}</text>')
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" class="chart"><title>{escape(title)}</title>'
        f'{"".join(parts)}{body}</svg>')


def _x_labels(labels, centres):
    """Every label that fits beside its neighbours, on two lines when one is too narrow, counted
    back from the last, which is always shown and kept inside the chart."""
    if not labels:
        return []
    longest = max(len(label) for label in labels) * CHAR
    slot = centres[1] - centres[0] if len(centres) > 1 else longest
    every = max(1, math.ceil((longest + 8) / slot))
    # Two lines hold every label where every second one would fit on one.
    lines, every = (2, 1) if every == 2 else (1, every)
    parts, right = [], [WIDTH] * lines
    for n, i in enumerate(range(len(labels) - 1, -1, -every)):
        half = len(labels[i]) * CHAR / 2
        x = min(max(centres[i], LEFT + half), WIDTH - RIGHT - half)
        line_ = n % lines
        if x + half + 8 > right[line_]:
            continue
        right[line_] = x - half
        parts.append(f'<text x="{x:.1f}" y="{TOP + PLOT_HEIGHT + 16 + 14 * line_}" '
                     f'font-size="11" text-anchor="middle" fill="{INK}">'
                     f'{escape(labels[i])}</text>')
    return parts


def bars(title, labels, series, x_title, y_title):
    """Grouped bars: `series` is [(name, [value per label]), ...]."""
    ticks = scale(max([v for _, values in series for v in values] + [0]))
    top = ticks[-1]
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    width = max(2, slot * 0.8 / max(len(series), 1))
    parts = []
    for i in range(len(labels)):
        x = LEFT + i * slot + slot * 0.1
        for k, (_, values) in enumerate(series):
            h = PLOT_HEIGHT * values[i] / top
            parts.append(f'<rect x="{x + k * width:.1f}" y="{TOP + PLOT_HEIGHT - h:.1f}" '
                         f'width="{width - 1:.1f}" height="{h:.1f}" fill="{BARS[k % len(BARS)]}"/>')
    parts += _x_labels(labels, [LEFT + (i + 0.5) * slot for i in range(len(labels))])
    parts += _legend(series)
    return _frame(title, x_title, y_title, ticks, "".join(parts))


def line(title, labels, series, x_title, y_title):
    """Lines over the same labels: `series` is [(name, [value or None per label]), ...]."""
    ticks = scale(max([v for _, vs in series for v in vs if v is not None] + [0]), whole=False)
    top = ticks[-1]
    step = (WIDTH - LEFT - RIGHT - 20) / max(len(labels) - 1, 1)
    centres = [LEFT + 10 + i * step for i in range(len(labels))]
    parts = []
    for k, (_, vs) in enumerate(series):
        points = [f"{centres[i]:.1f},{_y(v, top):.1f}" for i, v in enumerate(vs) if v is not None]
        if points:
            parts.append(f'<polyline points="{" ".join(points)}" fill="none" '
                         f'stroke="{BARS[k % len(BARS)]}" stroke-width="2.5"/>')
        # A week alone between empty ones is a point, which a line alone would not show.
        parts += [f'<circle cx="{point.split(",")[0]}" cy="{point.split(",")[1]}" r="3.5" '
                  f'fill="{BARS[k % len(BARS)]}"/>' for point in points]
    parts += _x_labels(labels, centres)
    parts += _legend(series)
    return _frame(title, x_title, y_title, ticks, "".join(parts))


def _legend(series):
    return [f'<rect x="{LEFT + k * 180}" y="30" width="12" height="12" '
            f'fill="{BARS[k % len(BARS)]}"/>'
            f'<text x="{LEFT + k * 180 + 16}" y="41" font-size="12" fill="{INK}">'
            f'{escape(name)}</text>'
            for k, (name, _) in enumerate(series)]


def _number(value):
    return decimal_format(value, "#,##0" if value >= 10 or value == int(value) else "#,##0.#")
