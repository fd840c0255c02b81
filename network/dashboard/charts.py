"""Small SVG charts drawn on the server with presentation attributes only.

Chart libraries emit inline <style> or <script>, which the Content-Security-Policy
(`default-src 'self'`, no inline code) refuses; these few shapes need neither.
"""
from markupsafe import Markup, escape

from ..formats import decimal_format

WIDTH, HEIGHT, PAD = 640, 220, 36
INK, GRID, BARS = "#1a1a1a", "#767676", ("#1d4e89", "#7a4b00", "#1e6b34", "#a4161a")


def _frame(title, body):
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" class="chart"><title>{escape(title)}</title>{body}</svg>'
    )


def _axis(top):
    y0 = HEIGHT - PAD
    return (f'<line x1="{PAD}" y1="{y0}" x2="{WIDTH - 8}" y2="{y0}" stroke="{GRID}"/>'
            f'<text x="4" y="{PAD - 12}" font-size="12" fill="{INK}">{escape(top)}</text>')


def bars(title, labels, series):
    """Grouped bars: `series` is [(name, [value per label]), ...]."""
    top = max([v for _, values in series for v in values] + [1])
    slot = (WIDTH - PAD - 8) / max(len(labels), 1)
    width = max(2, slot * 0.8 / max(len(series), 1))
    parts = [_axis(_number(top))]
    for i, label in enumerate(labels):
        x = PAD + i * slot + slot * 0.1
        for k, (_, values) in enumerate(series):
            h = (HEIGHT - 2 * PAD) * values[i] / top
            parts.append(f'<rect x="{x + k * width:.1f}" y="{HEIGHT - PAD - h:.1f}" '
                         f'width="{width - 1:.1f}" height="{h:.1f}" fill="{BARS[k % len(BARS)]}"/>')
        if len(labels) <= 16 or i % max(1, len(labels) // 8) == 0:
            parts.append(f'<text x="{x:.1f}" y="{HEIGHT - PAD + 16}" font-size="11" '
                         f'fill="{INK}">{escape(label)}</text>')
    parts += _legend(series)
    return _frame(title, "".join(parts))


def line(title, labels, series):
    """Lines over the same labels: `series` is [(name, [value or None per label]), ...]."""
    values = [v for _, vs in series for v in vs if v is not None]
    top = max(values + [1])
    step = (WIDTH - PAD - 8) / max(len(labels) - 1, 1)
    parts = [_axis(_number(top))]
    for k, (_, vs) in enumerate(series):
        points = [f"{PAD + i * step:.1f},{HEIGHT - PAD - (HEIGHT - 2 * PAD) * v / top:.1f}"
                  for i, v in enumerate(vs) if v is not None]
        if points:
            parts.append(f'<polyline points="{" ".join(points)}" fill="none" '
                         f'stroke="{BARS[k % len(BARS)]}" stroke-width="2.5"/>')
    for i, label in enumerate(labels):
        if i % max(1, len(labels) // 8) == 0:
            parts.append(f'<text x="{PAD + i * step:.1f}" y="{HEIGHT - PAD + 16}" '
                         f'font-size="11" fill="{INK}">{escape(label)}</text>')
    parts += _legend(series)
    return _frame(title, "".join(parts))


def _legend(series):
    return [f'<rect x="{PAD + k * 150}" y="6" width="12" height="12" fill="{BARS[k % len(BARS)]}"/>'
            f'<text x="{PAD + k * 150 + 16}" y="17" font-size="12" fill="{INK}">'
            f'{escape(name)}</text>'
            for k, (name, _) in enumerate(series)]


def _number(value):
    return decimal_format(value, "#,##0" if value >= 10 else "#,##0.#")
