#!/usr/bin/env python3
"""Generate the sample illustrations for the bulletin issue 2024-H1.

Everything is drawn procedurally with Pillow only:
  * fixed random seeds, no timestamps, no network access, no font files;
  * figures are drawn at 2x and downscaled with LANCZOS (smooth edges);
  * photographs: RGB PNG, optimised, 300 ppi metadata, at least 300 ppi where they are placed;
  * charts and the map: SVG (shapes and text, nothing outside the file), the map once per language.

Usage:  python3 scripts/make_sample_images.py [output_dir]
"""

import math
import os
import random
import sys

from PIL import Image, ImageDraw

SS = 2  # supersampling factor
DPI = (300, 300)
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(os.path.dirname(HERE), "issues", "2024-H1", "images")


# --------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------

def mix(c1, c2, t):
    """Linear blend of two RGB colours (t=0 -> c1, t=1 -> c2)."""
    return tuple(int(round(a + (b - a) * t)) for a, b in zip(c1, c2, strict=False))


def hexc(s):
    s = s.lstrip("#")
    return tuple(int(s[i:i + 2], 16) for i in (0, 2, 4))


def stops_color(stops, t):
    """Colour at position t of a gradient given as [(pos, colour), ...]."""
    if t <= stops[0][0]:
        return stops[0][1]
    for (p0, c0), (p1, c1) in zip(stops, stops[1:], strict=False):
        if t <= p1:
            return mix(c0, c1, (t - p0) / (p1 - p0) if p1 > p0 else 0)
    return stops[-1][1]


def catmull(points, n=16):
    """Smooth curve through the given points (Catmull-Rom spline)."""
    if len(points) < 3:
        return list(points)
    pts = [points[0]] + list(points) + [points[-1]]
    out = []
    for i in range(1, len(pts) - 2):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[i + 1], pts[i + 2]
        for k in range(n):
            t = k / n
            t2, t3 = t * t, t * t * t
            out.append(tuple(
                0.5 * ((2 * p1[j]) + (-p0[j] + p2[j]) * t
                       + (2 * p0[j] - 5 * p1[j] + 4 * p2[j] - p3[j]) * t2
                       + (-p0[j] + 3 * p1[j] - 3 * p2[j] + p3[j]) * t3)
                for j in range(len(p1))))
    out.append(tuple(points[-1]))
    return out


def band(center, widths):
    """Polygon of a band of varying width around a centre polyline."""
    left, right = [], []
    n = len(center)
    for i in range(n):
        x, y = center[i][0], center[i][1]
        xa, ya = center[max(i - 1, 0)][:2]
        xb, yb = center[min(i + 1, n - 1)][:2]
        dx, dy = xb - xa, yb - ya
        ln = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / ln, dx / ln
        w = widths[i] / 2.0
        left.append((x + nx * w, y + ny * w))
        right.append((x - nx * w, y - ny * w))
    return left + right[::-1]


def offset_line(center, offsets):
    out = []
    n = len(center)
    for i in range(n):
        x, y = center[i][0], center[i][1]
        xa, ya = center[max(i - 1, 0)][:2]
        xb, yb = center[min(i + 1, n - 1)][:2]
        dx, dy = xb - xa, yb - ya
        ln = math.hypot(dx, dy) or 1.0
        out.append((x - dy / ln * offsets[i], y + dx / ln * offsets[i]))
    return out


def ridge(rng, x0, x1, base, amp, peaks=4, step=8, wmin=180, wmax=520,
          waves=0.18):
    """A smooth mountain-ridge profile: list of (x, y) from x0 to x1."""
    bumps = []
    for _ in range(peaks):
        bumps.append((rng.uniform(x0, x1), rng.uniform(wmin, wmax),
                      amp * rng.uniform(0.45, 1.0)))
    sines = [(rng.uniform(0.002, 0.009), rng.uniform(0, 6.28),
              amp * waves * rng.uniform(0.4, 1.0)) for _ in range(3)]
    pts = []
    x = x0
    while x <= x1 + step:
        h = 0.0
        for cx, w, a in bumps:
            d = (x - cx) / w
            h = max(h, a * math.exp(-d * d * 1.6))  # distinct, soft peaks
        for f, p, a in sines:
            h += a * math.sin(x * f + p)
        pts.append((x, base - h))
        x += step
    return pts


def x_at_y(pts, y):
    """Interpolated x of a (roughly top-to-bottom) polyline at height y."""
    for (xa, ya), (xb, yb) in zip(pts, pts[1:], strict=False):
        if min(ya, yb) <= y <= max(ya, yb) and ya != yb:
            return xa + (xb - xa) * (y - ya) / (yb - ya)
    return pts[0][0] if y < pts[0][1] else pts[-1][0]


def profile_y(pts, x):
    """Interpolated y of a profile polyline (sorted by x) at x."""
    if x <= pts[0][0]:
        return pts[0][1]
    for (xa, ya), (xb, yb) in zip(pts, pts[1:], strict=False):
        if xa <= x <= xb:
            return ya + (yb - ya) * (x - xa) / ((xb - xa) or 1)
    return pts[-1][1]


# --------------------------------------------------------------------------
# supersampled canvas working in final-pixel coordinates
# --------------------------------------------------------------------------

class Canvas:
    def __init__(self, w, h, bg=(255, 255, 255), ss=SS):
        self.w, self.h, self.s = w, h, ss
        self.img = Image.new("RGB", (w * ss, h * ss), bg)
        self.d = ImageDraw.Draw(self.img)

    def P(self, pts):
        s = self.s
        return [(x * s, y * s) for x, y in pts]

    def poly(self, pts, fill):
        self.d.polygon(self.P(pts), fill=fill)

    def rect(self, x0, y0, x1, y1, fill, r=0, corners=None):
        s = self.s
        box = [x0 * s, y0 * s, x1 * s - 1, y1 * s - 1]
        if r:
            self.d.rounded_rectangle(box, radius=r * s, fill=fill,
                                     corners=corners)
        else:
            self.d.rectangle(box, fill=fill)

    def ellipse(self, cx, cy, rx, ry, fill):
        s = self.s
        self.d.ellipse([(cx - rx) * s, (cy - ry) * s, (cx + rx) * s,
                        (cy + ry) * s], fill=fill)

    def circle(self, cx, cy, r, fill):
        self.ellipse(cx, cy, r, r, fill)

    def pieslice(self, cx, cy, rx, ry, a0, a1, fill):
        s = self.s
        self.d.pieslice([(cx - rx) * s, (cy - ry) * s, (cx + rx) * s,
                         (cy + ry) * s], a0, a1, fill=fill)

    def line(self, pts, fill, width, caps=True):
        """Polyline with round joins and (optionally) round caps."""
        # Built from exact quads + discs: uniform width, no notches.
        P = self.P(pts)
        r = width * self.s / 2.0
        for (xa, ya), (xb, yb) in zip(P, P[1:], strict=False):
            dx, dy = xb - xa, yb - ya
            ln = math.hypot(dx, dy)
            if ln == 0:
                continue
            nx, ny = -dy / ln * r, dx / ln * r
            self.d.polygon([(xa + nx, ya + ny), (xb + nx, yb + ny),
                            (xb - nx, yb - ny), (xa - nx, ya - ny)], fill=fill)
        disc = P[1:-1] if r > 1.5 else []
        if caps:
            disc = P
        for x, y in disc:
            self.d.ellipse([x - r, y - r, x + r, y + r], fill=fill)

    def ribbon(self, center, widths, fill):
        """Band along a centre line drawn segment by segment (robust on
        tight curves where a single outline polygon would self-intersect)."""
        b = band(center, widths)
        n = len(center)
        left, right = b[:n], b[n:][::-1]
        for i in range(n - 1):
            self.poly([left[i], left[i + 1], right[i + 1], right[i]], fill)

    def grad_poly(self, pts, stops, y0=None, y1=None):
        """Polygon filled with a vertical gradient (stops over y0..y1)."""
        s = self.s
        P = self.P(pts)
        xs = [p[0] for p in P]
        ys = [p[1] for p in P]
        bx0, by0 = max(0, int(min(xs))), max(0, int(min(ys)))
        bx1 = min(self.img.width, int(math.ceil(max(xs))) + 1)
        by1 = min(self.img.height, int(math.ceil(max(ys))) + 1)
        if bx1 <= bx0 or by1 <= by0:
            return
        if y0 is None:
            y0 = by0 / s
        if y1 is None:
            y1 = by1 / s
        col = Image.new("RGB", (1, by1 - by0))
        span = (y1 - y0) or 1.0
        col.putdata([stops_color(stops, ((by0 + i) / s - y0) / span)
                     for i in range(by1 - by0)])
        grad = col.resize((bx1 - bx0, by1 - by0), Image.Resampling.NEAREST)
        mask = Image.new("L", (bx1 - bx0, by1 - by0), 0)
        ImageDraw.Draw(mask).polygon([(x - bx0, y - by0) for x, y in P],
                                     fill=255)
        self.img.paste(grad, (bx0, by0), mask)

    def vgradient(self, stops, y0=0, y1=None):
        self.grad_poly([(0, 0), (self.w, 0), (self.w, self.h), (0, self.h)],
                       stops, y0, self.h if y1 is None else y1)

    def save(self, path, colors=None):
        img = self.img.resize((self.w, self.h), Image.Resampling.LANCZOS)
        img = img.convert("RGB")
        if colors:
            img = img.quantize(colors=colors, method=Image.Quantize.MEDIANCUT,
                               dither=Image.Dither.NONE).convert("RGB")
        img.save(path, "PNG", optimize=True, dpi=DPI)
        return img


# --------------------------------------------------------------------------
# stroke-based digit renderer (no fonts needed)
# --------------------------------------------------------------------------

def _arc(cx, cy, rx, ry, a0, a1, n=None):
    if n is None:
        n = max(8, int(abs(a1 - a0) / 5))
    return [(cx + rx * math.cos(math.radians(a0 + (a1 - a0) * i / n)),
             cy + ry * math.sin(math.radians(a0 + (a1 - a0) * i / n)))
            for i in range(n + 1)]


def _superellipse(cx, cy, rx, ry, e=2.6, n=96):
    pts = []
    for i in range(n + 1):
        a = 2 * math.pi * i / n
        c, s = math.cos(a), math.sin(a)
        pts.append((cx + rx * math.copysign(abs(c) ** (2 / e), c),
                    cy + ry * math.copysign(abs(s) ** (2 / e), s)))
    return pts


def _glyphs():
    g = {}
    g["0"] = [_superellipse(0.28, 0.5, 0.28, 0.5)]
    g["1"] = [[(0.04, 0.19), (0.25, 0.0), (0.25, 1.0)]]
    g["2"] = [_arc(0.28, 0.27, 0.27, 0.27, 192, 390)
              + [(0.01, 1.0), (0.57, 1.0)]]
    g["3"] = [_arc(0.28, 0.245, 0.25, 0.245, 205, 450)
              + _arc(0.28, 0.745, 0.285, 0.255, 270, 515)[1:],
              [(0.15, 0.49), (0.28, 0.49)]]
    g["4"] = [[(0.43, 1.0), (0.43, 0.0), (0.0, 0.69), (0.59, 0.69)]]
    g["5"] = [[(0.51, 0.0), (0.10, 0.0), (0.06, 0.45)]
              + _arc(0.29, 0.685, 0.29, 0.315, 232, 520)]
    six = [_superellipse(0.29, 0.68, 0.29, 0.32, e=2.2),
           _arc(0.63, 0.68, 0.63, 0.68, 180, 250)]
    g["6"] = six
    g["7"] = [[(0.0, 0.0), (0.57, 0.0), (0.17, 1.0)]]
    g["8"] = [_superellipse(0.28, 0.245, 0.235, 0.245, e=2.2),
              _superellipse(0.28, 0.74, 0.28, 0.26, e=2.2)]
    g["9"] = [[(0.58 - x, 1.0 - y) for x, y in stroke] for stroke in six]
    return g


GLYPHS = _glyphs()
STROKE = 0.135  # stroke width relative to digit height


def digits_width(text, h):
    total = 0.0
    for i, ch in enumerate(text):
        xs = [x for st in GLYPHS[ch] for x, _ in st]
        total += (max(xs) - min(xs)) * h
        if i:
            total += 0.24 * h + STROKE * h
    return total


def draw_digits(c, text, cx, top, h, color):
    """Draw a string of digits centred at cx; top = top edge of digits."""
    x = cx - digits_width(text, h) / 2.0
    sw = STROKE * h
    for ch in text:
        strokes = GLYPHS[ch]
        xs = [px for st in strokes for px, _ in st]
        mn, mx = min(xs), max(xs)
        for st in strokes:
            c.line([(x + (px - mn) * h, top + py * h) for px, py in st],
                   color, sw)
        x += (mx - mn) * h + 0.24 * h + sw


# --------------------------------------------------------------------------
# reusable scenery elements
# --------------------------------------------------------------------------

def round_tree(c, x, ground, r, col, shade, trunk=(110, 92, 76)):
    c.rect(x - r * 0.09, ground - r * 1.2, x + r * 0.09, ground, trunk)
    cy = ground - r * 1.55
    c.circle(x, cy, r, col)
    c.pieslice(x, cy, r, r, -80, 100, shade)


def poplar(c, x, ground, h, col, shade, trunk=(110, 92, 76)):
    rx = h * 0.16
    c.rect(x - h * 0.02, ground - h * 0.25, x + h * 0.02, ground, trunk)
    cy = ground - h * 0.58
    c.ellipse(x, cy, rx, h * 0.42, col)
    c.pieslice(x, cy, rx, h * 0.42, -90, 90, shade)


def conifer(c, x, ground, h, col, shade, trunk=(105, 88, 72)):
    w = h * 0.36
    c.rect(x - h * 0.03, ground - h * 0.14, x + h * 0.03, ground, trunk)
    c.poly([(x, ground - h), (x + w, ground - h * 0.1),
            (x - w, ground - h * 0.1)], col)
    c.poly([(x, ground - h), (x + w, ground - h * 0.1),
            (x, ground - h * 0.1)], shade)


def sky(c, stops, y1):
    c.vgradient(stops, 0, y1)


def mountain_layer(c, pts, bottom, top_col, bot_col, y0=None, y1=None):
    poly = list(pts) + [(pts[-1][0], bottom), (pts[0][0], bottom)]
    ys = [p[1] for p in pts]
    c.grad_poly(poly, [(0, top_col), (1, bot_col)],
                min(ys) if y0 is None else y0, bottom if y1 is None else y1)


def facets(c, pts, col, rng, depth=0.55, every=1):
    """Flat 'shadow facets' on the right flank of each peak of a ridge."""
    # local maxima of the profile
    peaks = [i for i in range(1, len(pts) - 1)
             if pts[i][1] < pts[i - 1][1] and pts[i][1] <= pts[i + 1][1]]
    for k, i in enumerate(peaks):
        if k % every:
            continue
        # walk right to the next local minimum
        j = i
        while j + 1 < len(pts) and pts[j + 1][1] >= pts[j][1]:
            j += 1
        if j - i < 3:
            continue
        px, py = pts[i]
        qx, qy = pts[j]
        drop = (qy - py)
        lowx = px + (qx - px) * rng.uniform(0.05, 0.3)
        lowy = py + drop * 1.0 + drop * depth
        poly = pts[i:j + 1] + [(lowx, lowy)]
        c.poly(poly, col)


# --------------------------------------------------------------------------
# cover
# --------------------------------------------------------------------------

def town_house(c, x, base, w, h, wall, wall_sh, roof, win, rng):
    """Simple gable-front house standing at (x .. x+w, base)."""
    side = w * 0.38
    # side wall (to the right, slightly shaded)
    c.poly([(x + w, base), (x + w, base - h), (x + w + side, base - h - side * 0.18),
            (x + w + side, base - side * 0.18)], wall_sh)
    # roof plane over the side wall
    rh = w * 0.5
    c.poly([(x + w / 2, base - h - rh), (x + w / 2 + side, base - h - rh - side * 0.18),
            (x + w + side + w * 0.06, base - h - side * 0.18 + 2),
            (x + w + w * 0.06, base - h + 2)], mix(roof, (0, 0, 0), 0.12))
    # front wall + gable
    c.rect(x, base - h, x + w, base, wall)
    c.poly([(x - w * 0.06, base - h + 2), (x + w / 2, base - h - rh),
            (x + w + w * 0.06, base - h + 2)], roof)
    c.poly([(x + w * 0.12, base - h), (x + w / 2, base - h - rh * 0.74),
            (x + w * 0.88, base - h)], wall)
    # windows
    ww = w * 0.2
    if rng.random() < 0.5:
        c.rect(x + w * 0.2, base - h * 0.72, x + w * 0.2 + ww, base - h * 0.38, win)
        c.rect(x + w * 0.6, base - h * 0.72, x + w * 0.6 + ww, base - h * 0.38, win)
    else:
        c.rect(x + w * 0.4, base - h * 0.74, x + w * 0.4 + ww, base - h * 0.40, win)
    c.rect(x + w + side * 0.35, base - h * 0.7 - side * 0.08,
           x + w + side * 0.6, base - h * 0.38 - side * 0.08, mix(win, wall_sh, 0.3))


def minaret(c, x, base, h, stone, stone_sh, cap):
    w = h * 0.085
    c.rect(x - w * 0.75, base - h * 0.16, x + w * 0.75, base, stone)
    c.rect(x - w / 2, base - h * 0.72, x + w / 2, base - h * 0.16, stone)
    c.rect(x, base - h * 0.72, x + w / 2, base - h * 0.16, stone_sh)
    # balcony
    c.poly([(x - w * 0.55, base - h * 0.70), (x + w * 0.55, base - h * 0.70),
            (x + w * 0.95, base - h * 0.75), (x - w * 0.95, base - h * 0.75)], stone_sh)
    c.rect(x - w * 0.95, base - h * 0.79, x + w * 0.95, base - h * 0.75, stone)
    # upper shaft
    c.rect(x - w * 0.38, base - h * 0.88, x + w * 0.38, base - h * 0.79, stone)
    c.rect(x, base - h * 0.88, x + w * 0.38, base - h * 0.79, stone_sh)
    # cone + finial
    c.poly([(x - w * 0.5, base - h * 0.88), (x, base - h * 1.0),
            (x + w * 0.5, base - h * 0.88)], cap)
    c.rect(x - 1.5, base - h * 1.06, x + 1.5, base - h * 0.99, cap)
    c.circle(x, base - h * 1.035, w * 0.09, cap)


def mosque(c, x, base, w, h, stone, stone_sh, dome):
    c.rect(x, base - h, x + w, base, stone)
    c.rect(x + w * 0.72, base - h, x + w, base, stone_sh)
    # arched windows
    for i in range(3):
        ax = x + w * (0.16 + i * 0.22)
        aw = w * 0.1
        c.rect(ax, base - h * 0.62, ax + aw, base - h * 0.22, (150, 140, 130))
        c.circle(ax + aw / 2, base - h * 0.62, aw / 2, (150, 140, 130))
    # drum and dome
    dw = w * 0.5
    dx = x + w * 0.36
    c.rect(dx - dw / 2, base - h - h * 0.18, dx + dw / 2, base - h, stone)
    c.pieslice(dx, base - h - h * 0.18, dw * 0.55, dw * 0.55, 180, 360, dome)
    c.pieslice(dx, base - h - h * 0.18, dw * 0.55, dw * 0.55, 270, 360,
               mix(dome, (0, 0, 0), 0.12))
    c.rect(dx - 1.5, base - h - h * 0.18 - dw * 0.7, dx + 1.5,
           base - h - h * 0.18 - dw * 0.5, dome)


def make_cover(path):
    W, H = 2600, 3650
    rng = random.Random(20240601)
    c = Canvas(W, H)
    horizon = 2000
    sky(c, [(0.0, hexc("c9d6e0")), (0.40, hexc("dfe2e4")),
            (0.72, hexc("f2e1d2")), (1.0, hexc("f6d7bd"))], horizon)

    # low, soft sun behind the far ridges
    # (halo stays below the title zone, i.e. the upper 42 % of the page)
    sun_x, sun_y = 1780, 1830
    c.circle(sun_x, sun_y, 280, mix(hexc("f4dcc8"), hexc("fbeedd"), 0.35))
    c.circle(sun_x, sun_y, 200, mix(hexc("f4dcc8"), hexc("fbeedd"), 0.65))
    c.circle(sun_x, sun_y, 135, hexc("fcf1e1"))

    # far ridges (atmospheric perspective)
    haze = hexc("efd9cb")
    layers = [
        (1790, 190, 5, hexc("c7c0d0"), 0.55, (260, 600)),
        (1930, 210, 5, hexc("a9aec3"), 0.50, (220, 520)),
        (2080, 200, 6, hexc("8c9fae"), 0.45, (200, 480)),
        (2230, 170, 6, hexc("6f8d8a"), 0.40, (220, 520)),
    ]
    for k, (base, amp, npk, col, hz, (w0, w1)) in enumerate(layers):
        pts = ridge(rng, -40, W + 40, base, amp, npk, wmin=w0, wmax=w1)
        # keep the upper 42 % completely clear for the title
        pts = [(x, max(y, 1600 + k * 60)) for x, y in pts]
        mountain_layer(c, pts, 2500, col, mix(col, haze, hz), None, base + 140)
        facets(c, pts, mix(col, (40, 50, 70), 0.10), rng)

    # valley floor with fields
    floor_top = 2300
    floor = [(x, floor_top + 10 * math.sin(x / 260.0)) for x in range(-20, W + 41, 20)]
    mountain_layer(c, floor, H, hexc("b3bd8e"), hexc("8ea26f"), floor_top, 3000)
    field_cols = [hexc("a9b784"), hexc("bcc493"), hexc("9fb07a"), hexc("c2c59a")]
    for i in range(9):
        y0 = floor_top + 25 + i * 38
        x0 = rng.uniform(-100, 2200)
        ln = rng.uniform(300, 700)
        sk = rng.uniform(40, 120)
        c.poly([(x0, y0), (x0 + ln, y0), (x0 + ln + sk, y0 + 26 + i * 3),
                (x0 + sk, y0 + 26 + i * 3)], field_cols[i % 4])

    # river
    cl = catmull([(1235, 2312), (1150, 2380), (1210, 2470), (1150, 2600),
                  (1090, 2760), (1160, 2960), (1290, 3180), (1265, 3420),
                  (1240, 3760)], 24)
    widths = [10 + 560 * ((y - 2312) / (3700 - 2312)) ** 1.7 for _, y in cl]
    c.grad_poly(band(cl, widths), [(0, hexc("e9ecea")), (1, hexc("b8cdd3"))],
                2312, 3650)
    # reflections
    for _i in range(28):
        t = rng.uniform(0.15, 0.98)
        idx = int(t * (len(cl) - 1))
        x, y = cl[idx]
        w = widths[idx]
        ln = w * rng.uniform(0.15, 0.4)
        off = rng.uniform(-0.25, 0.25) * w
        c.line([(x + off - ln / 2, y), (x + off + ln / 2, y)],
               hexc("eef2f1"), max(2, w * 0.012))
    # poplar rows along the river (far)
    for i in range(7):
        px = 1290 + i * 34
        poplar(c, px, 2330 + i * 6, 95 - i * 4, hexc("7f9a6c"), hexc("6d8a5e"))
    for i in range(5):
        px = 880 - i * 40
        poplar(c, px, 2345 + i * 4, 90, hexc("84a06f"), hexc("718d60"))

    # river banks: hills stop a little short of the water
    margin = [8 + 0.08 * w for w in widths]
    lbank = offset_line(cl, [w / 2 + m for w, m in zip(widths, margin, strict=True)])
    rbank = offset_line(cl, [-(w / 2 + m) for w, m in zip(widths, margin, strict=True)])

    def left_hill(ctrl, join_y, top, bot, gy0, gy1):
        prof = catmull(ctrl + [(x_at_y(lbank, join_y), join_y)], 20)
        below = [p for p in lbank if p[1] > join_y]
        poly = prof + below + [(below[-1][0], H + 60), (-80, H + 60)]
        c.grad_poly(poly, [(0, top), (1, bot)], gy0, gy1)
        return prof

    def right_hill(ctrl, join_y, top, bot, gy0, gy1):
        prof = catmull([(x_at_y(rbank, join_y), join_y)] + ctrl, 20)
        below = [p for p in rbank if p[1] > join_y]
        poly = prof + [(W + 80, H + 60), (below[-1][0], H + 60)] + below[::-1]
        c.grad_poly(poly, [(0, top), (1, bot)], gy0, gy1)
        return prof

    # town hill (right)
    hill = right_hill([(1420, 2570), (1700, 2430), (1900, 2360), (2150, 2345),
                       (2400, 2380), (2680, 2430)], 2660,
                      hexc("6f8f69"), hexc("587657"), 2340, 2900)
    # winding lane from the river up to the town
    lane = catmull([(x_at_y(rbank, 2690) + 14, 2690), (1420, 2640), (1560, 2600),
                    (1700, 2520), (1820, 2450), (1950, 2392)], 16)
    c.line(lane, hexc("d9c7a5"), 9)

    # town on the crest: back row, mosque + minaret, front row
    wall, wall_sh = hexc("efe5d3"), hexc("d8c8b0")
    roof, roof2 = hexc("b9694f"), hexc("a65d48")
    win = hexc("8d99a0")
    stone, stone_sh, cap = hexc("e8dcc4"), hexc("cdbd9f"), hexc("7f948c")
    back = [(1690, 62, 50), (1770, 70, 58), (2250, 66, 54), (2330, 60, 48),
            (2420, 64, 52), (1860, 58, 46)]
    for hx, hw, hh in back:
        base = max(profile_y(hill, hx), profile_y(hill, hx + hw * 1.4)) - 40
        town_house(c, hx, base, hw, hh, mix(wall, stone_sh, 0.3), wall_sh,
                   roof2, win, rng)
    mbase = profile_y(hill, 2120) + 6
    minaret(c, 2200, mbase - 8, 330, stone, stone_sh, cap)
    mosque(c, 1990, mbase, 190, 105, stone, stone_sh, cap)
    for hx in (1950, 2290):
        poplar(c, hx, profile_y(hill, hx) + 10, 130, hexc("4f6f4f"), hexc("43613f"))
    front = [(1560, 80, 66), (1660, 92, 74), (1790, 84, 68), (1910, 96, 76),
             (2130, 88, 70), (2260, 98, 78), (2400, 86, 70), (2520, 90, 72)]
    for i, (hx, hw, hh) in enumerate(front):
        base = max(profile_y(hill, hx), profile_y(hill, hx + hw * 1.4)) + 38
        town_house(c, hx, base, hw, hh, wall, wall_sh,
                   roof if i % 2 else roof2, win, rng)
    for hx, s in ((1530, 90), (1755, 80), (2080, 95), (2370, 80), (2620, 95)):
        round_tree(c, hx, profile_y(hill, hx) + 70, s * 0.55, hexc("5e8058"),
                   hexc("4f7049"))

    # left hill
    lhill = left_hill([(-80, 2440), (250, 2470), (600, 2560), (860, 2680)], 2800,
                      hexc("7a9a6e"), hexc("5d7d57"), 2440, 3000)
    for _i in range(14):
        tx = rng.uniform(40, 900)
        ty = profile_y(lhill, tx) + rng.uniform(40, 180)
        round_tree(c, tx, ty, rng.uniform(26, 40), hexc("5f8156"), hexc("4e6f48"))

    # lower hill on the right (below the town)
    rlow = right_hill([(1450, 2860), (1700, 2800), (2000, 2770), (2300, 2760),
                       (2680, 2790)], 2930, hexc("5f8059"), hexc("4b6a4b"), 2760, 3300)
    for _i in range(16):
        tx = rng.uniform(1600, 2580)
        ty = profile_y(rlow, tx) + rng.uniform(30, 220)
        round_tree(c, tx, ty, rng.uniform(28, 44), hexc("537550"), hexc("456544"))

    # foreground slopes framing the river
    fl = left_hill([(-80, 3060), (300, 3110), (650, 3210), (900, 3270)], 3320,
                   hexc("4d6d55"), hexc("3b5846"), 3060, 3650)
    fr = right_hill([(1680, 3290), (1950, 3220), (2250, 3180), (2680, 3170)], 3370,
                    hexc("4a6a52"), hexc("395643"), 3170, 3650)
    for tx, s in ((120, 150), (260, 190), (430, 130), (2150, 170), (2330, 210),
                  (2500, 160), (1850, 120)):
        prof = fl if tx < 1200 else fr
        ty = profile_y(prof, tx) + s * 1.2
        poplar(c, tx, ty, s * 2.2, hexc("3f5f48"), hexc("34523e"),
               trunk=hexc("4a4038"))
    c.save(path)


# --------------------------------------------------------------------------
# village
# --------------------------------------------------------------------------

def oblique_house(c, x, base, w, h, s, wall, wall_sh, roof, roof_sh, win,
                  solar=False, door=(150, 110, 85)):
    """House seen from the long side, with a gable end to the right."""
    dx, dy = 0.42 * s, -0.26 * s  # depth vector
    rh = 0.42 * s  # ridge height above eaves
    eave = base - h
    # side wall + gable
    c.poly([(x + w, base), (x + w + dx, base + dy), (x + w + dx, eave + dy),
            (x + w + dx / 2, eave + dy / 2 - rh), (x + w, eave)], wall_sh)
    # front wall
    c.rect(x, eave, x + w, base, wall)
    # roof (front plane) with overhang
    o = 0.06 * s
    c.poly([(x - o, eave + o * 0.4), (x + w + o, eave + o * 0.4),
            (x + w + dx / 2 + o * 0.3, eave + dy / 2 - rh),
            (x + dx / 2 - o * 0.3, eave + dy / 2 - rh)], roof)
    # gable edge trim
    c.line([(x + w + o, eave + o * 0.4), (x + w + dx / 2 + o * 0.3, eave + dy / 2 - rh),
            (x + w + dx + o * 0.6, eave + dy + o * 0.2)], roof_sh, 0.05 * s)
    if solar:
        # panel array on the roof plane (parallelogram grid)
        cols, rows = 4, 2
        ax0, ay0 = x + w * 0.12, eave - 0.06 * s
        ux = (w * 0.76) / cols
        vx, vy = (dx / 2) * 0.75 / rows, (dy / 2 - rh) * 0.75 / rows
        panel, edge = hexc("2e4a68"), hexc("8fa7bd")
        c.poly([(ax0, ay0), (ax0 + ux * cols, ay0),
                (ax0 + ux * cols + vx * rows, ay0 + vy * rows),
                (ax0 + vx * rows, ay0 + vy * rows)], panel)
        for i in range(cols + 1):
            c.line([(ax0 + ux * i, ay0), (ax0 + ux * i + vx * rows, ay0 + vy * rows)],
                   edge, max(1.2, 0.012 * s), caps=False)
        for j in range(rows + 1):
            c.line([(ax0 + vx * j, ay0 + vy * j),
                    (ax0 + vx * j + ux * cols, ay0 + vy * j)],
                   edge, max(1.2, 0.012 * s), caps=False)
    # windows and door
    n = max(2, int(w / (0.42 * s)))
    gap = w / (n + 1)
    wh = h * 0.36
    for i in range(n):
        cx = x + gap * (i + 1)
        if i == n // 2 and n > 2:
            c.rect(cx - 0.09 * s, base - h * 0.62, cx + 0.09 * s, base, door)
            continue
        c.rect(cx - 0.11 * s, base - h * 0.66, cx + 0.11 * s, base - h * 0.66 + wh, win)
        c.rect(cx - 0.11 * s, base - h * 0.66, cx + 0.11 * s,
               base - h * 0.66 + wh * 0.3, mix(win, (255, 255, 255), 0.35))
    # side window
    c.poly([(x + w + dx * 0.35, base - h * 0.62 + dy * 0.35),
            (x + w + dx * 0.65, base - h * 0.62 + dy * 0.65),
            (x + w + dx * 0.65, base - h * 0.30 + dy * 0.65),
            (x + w + dx * 0.35, base - h * 0.30 + dy * 0.35)], mix(win, wall_sh, 0.25))


def make_village(path):
    W, H = 2100, 1400
    rng = random.Random(7301)
    c = Canvas(W, H)
    sky(c, [(0, hexc("bcd6e6")), (0.6, hexc("dfeaee")), (1, hexc("f1efe6"))], 640)
    for _k, (base, amp, col, n) in enumerate([
            (520, 200, hexc("b9c4d2"), 5), (600, 170, hexc("98aeb6"), 6),
            (680, 120, hexc("7f9e8c"), 6)]):
        pts = ridge(rng, -40, W + 40, base, amp, n, wmin=150, wmax=380)
        mountain_layer(c, pts, 900, col, mix(col, hexc("eef1ea"), 0.35), None, base + 80)
        facets(c, pts, mix(col, (40, 50, 70), 0.09), rng)
    ground = [(x, 700 + 6 * math.sin(x / 150.0)) for x in range(-20, W + 41, 20)]
    mountain_layer(c, ground, H, hexc("b4c991"), hexc("93ad72"), 700, H)

    wall_sh = hexc("dcd3c3")
    walls = [hexc("f3eee4"), hexc("efe3cf"), hexc("f1ebe1")]
    roofs = [hexc("bf5f43"), hexc("b4563d"), hexc("c86f4f")]
    win = hexc("7f9db0")
    tree_c, tree_s = hexc("6f9a5c"), hexc("5e874e")

    rows = [  # (baseline y, scale, x start, count, spacing)
        (790, 70, -30, 11, 205),
        (980, 105, -80, 8, 300),
        (1265, 150, -140, 6, 420),
    ]
    for r, (by, s, x0, n, sp) in enumerate(rows):
        # street in front of the row
        c.rect(0, by + s * 0.12, W, by + s * 0.42, hexc("d8d3c6"))
        c.rect(0, by + s * 0.12, W, by + s * 0.16, hexc("c6c0b1"))
        # trees behind houses
        for i in range(n + 1):
            tx = x0 + i * sp - sp * 0.15 + rng.uniform(-20, 20)
            round_tree(c, tx, by - s * 0.15, s * 0.36, tree_c, tree_s)
        for i in range(n):
            hx = x0 + i * sp + rng.uniform(-8, 8)
            hw = s * rng.uniform(1.25, 1.45)
            hh = s * 0.62
            rc = roofs[(i * 2 + r) % 3]
            oblique_house(c, hx, by, hw, hh, s, walls[(i + r) % 3], wall_sh,
                          rc, mix(rc, (0, 0, 0), 0.2), win,
                          solar=((i + r) % 2 == 0))
            # hedge / low fence in front
            c.rect(hx - s * 0.1, by - s * 0.08, hx + hw + s * 0.5, by + s * 0.08,
                   hexc("7ea566"), r=s * 0.06)
        # street lamps
        for i in range(n):
            lx = x0 + i * sp + sp * 0.82
            c.rect(lx - s * 0.012, by - s * 0.75, lx + s * 0.012, by + s * 0.13, hexc("6a7177"))
            c.line([(lx, by - s * 0.75), (lx - s * 0.12, by - s * 0.78)], hexc("6a7177"), s * 0.024)
            c.rect(lx - s * 0.16, by - s * 0.78, lx - s * 0.06, by - s * 0.74, hexc("f3e3b0"))
    # foreground meadow strip with a few trees
    fg = [(x, 1330 + 10 * math.sin(x / 180.0)) for x in range(-20, W + 41, 20)]
    mountain_layer(c, fg, H, hexc("8fab6d"), hexc("809e60"), 1320, H)
    for tx in (80, 640, 1450, 2010):
        round_tree(c, tx, 1400, 70, hexc("5d8a4c"), hexc("4e7a41"))
    c.save(path)


# --------------------------------------------------------------------------
# road
# --------------------------------------------------------------------------

def road_path(segs, x0, z0, ds=0.01):
    """Centre line on the ground plane from (length, radius) segments;
    radius None = straight, >0 = right turn, <0 = left turn."""
    x, z, th = x0, z0, 0.0
    pts = [(x, z, th)]
    for length, rad in segs:
        for _ in range(int(length / ds)):
            if rad:
                th += ds / rad
            x += math.sin(th) * ds
            z += math.cos(th) * ds
            pts.append((x, z, th))
    return pts


def make_road(path):
    W, H = 2100, 1400
    rng = random.Random(4410)
    c = Canvas(W, H)
    # simple pinhole camera over a flat valley floor
    F, K, YH, CX = 1000.0, 1300.0, 520.0, 1050.0

    def proj(x, z):
        return (CX + F * x / z, YH + K / z)

    sky(c, [(0, hexc("c3d9e6")), (0.7, hexc("e4ecec")), (1, hexc("f2ece0"))], 700)
    for base, amp, col, n in [(470, 220, hexc("bac2d2"), 5),
                              (560, 220, hexc("9fb0bc"), 5)]:
        pts = ridge(rng, -40, W + 40, base, amp, n, wmin=170, wmax=420)
        mountain_layer(c, pts, 1000, col, mix(col, hexc("eceee8"), 0.4), None, base + 120)
        facets(c, pts, mix(col, (40, 50, 70), 0.10), rng)
    mid = ridge(rng, -40, W + 40, 680, 140, 5, wmin=200, wmax=450)
    mountain_layer(c, mid, 1000, hexc("86a08f"), hexc("9db296"), None, 800)
    facets(c, mid, hexc("7a9585"), rng)
    # distant serpentine road on the right-hand slope
    sx0 = 250
    serp = [(sx0 - 40, profile_y(mid, sx0 - 40) + 200), (sx0 + 120, 700),
            (sx0 - 20, 672), (sx0 + 150, 645), (sx0 + 20, 618), (sx0 + 170, 590)]
    serp = [(x, y) for x, y in serp if y > profile_y(mid, x) + 12] or serp
    c.line(catmull(serp, 12), hexc("d9d3c4"), 5)
    # valley floor
    floor = [(x, 720 + 8 * math.sin(x / 200.0)) for x in range(-20, W + 41, 20)]
    mountain_layer(c, floor, H, hexc("b6c68f"), hexc("98b070"), 715, H)

    # the road on the ground plane
    RW = 0.66
    g = road_path([(0.3, None), (0.9, 1.0), (1.6, -0.8), (1.3, 0.9), (0.6, None)],
                  -0.35, 1.25)
    ex, ez, eth = g[-1]
    px, py = proj(ex, ez)
    # meadow patches / fields on the ground plane (under the road)
    fcols = [hexc("aabd84"), hexc("bfcb94"), hexc("a3b97c"), hexc("c4cc98")]
    for k in range(26):
        x0 = rng.uniform(-5, 4)
        z0 = rng.uniform(1.0, ez)
        dx, dz = rng.uniform(0.5, 1.6), rng.uniform(0.2, 0.7)
        sk = rng.uniform(-0.3, 0.3)
        c.poly([proj(x0, z0), proj(x0 + dx, z0 + sk * 0.2), proj(x0 + dx + sk, z0 + dz),
                proj(x0 + sk, z0 + dz)], fcols[k % 4])

    # mountain with the tunnel at its foot
    mtn = catmull([(px - 720, py + 6), (px - 540, py - 70), (px - 340, py - 190),
                   (px - 190, py - 250), (px - 50, py - 370), (px + 90, py - 430),
                   (px + 230, py - 350), (px + 390, py - 300), (px + 570, py - 200),
                   (px + 780, py - 80), (px + 980, py + 6)], 20)
    c.grad_poly(mtn, [(0, hexc("7d957c")), (1, hexc("6f8a6c"))], py - 430, py)
    facets(c, mtn, hexc("728d72"), rng, depth=0.25)
    # cut slope above the portal
    c.poly([(px - 190, py + 4), (px - 120, py - 170), (px - 20, py - 225),
            (px + 90, py - 210), (px + 170, py - 140), (px + 230, py + 4)],
           hexc("a9a893"))
    c.poly([(px + 10, py - 220), (px + 90, py - 210), (px + 170, py - 140),
            (px + 230, py + 4), (px + 70, py + 4)], hexc("9a9a86"))

    def strip(off0, off1, col, step=1, dash=None):
        """Paint the band between two lateral offsets along the road,
        far to near (painter's order)."""
        pts = g[::2]
        n = len(pts)
        for i in range(n - 2, -1, -1):
            if dash and (i // dash[0]) % dash[1]:
                continue
            quad = []
            for j, off in ((i, off0), (i + 1, off0), (i + 1, off1), (i, off1)):
                x, z, th = pts[j]
                quad.append(proj(x + math.cos(th) * off, z - math.sin(th) * off))
            c.poly(quad, col)

    strip(-RW * 0.62, RW * 0.62, hexc("d3cbb8"))       # gravel shoulders
    strip(-RW * 0.5, RW * 0.5, hexc("5a5f64"))         # asphalt
    for side in (-1, 1):                                # edge lines
        strip(side * RW * 0.44, side * RW * 0.465, hexc("eceeea"))
    strip(-0.012, 0.012, hexc("f4f1e6"), dash=(6, 2))  # dashed centre line
    # guard-rail posts and rail on the outer edges
    for side in (-1, 1):
        rail = []
        for k in range(0, len(g), 12):
            x, z, th = g[k]
            off = side * RW * 0.58
            bx, by = proj(x + math.cos(th) * off, z - math.sin(th) * off)
            hgt = 0.05 * K / z
            c.line([(bx, by), (bx, by - hgt)], hexc("8e9397"), max(1.4, 5 / z))
            rail.append((bx, by - hgt * 0.85))
        c.line(rail, hexc("c6c9cb"), 3.2, caps=False)

    # tunnel portal: concrete arch with wing walls, frontal
    sc = F / ez
    aw, ah, ar = RW * 1.75 * sc, RW * 0.45 * sc, RW * 0.75 * sc
    concrete, concrete_sh = hexc("dcd8ce"), hexc("c4bfb2")
    c.poly([(px - aw / 2 - aw * 0.45, py + 4), (px - aw / 2, py - ah - ar * 0.25),
            (px - aw / 2, py + 4)], concrete_sh)
    c.poly([(px + aw / 2 + aw * 0.45, py + 4), (px + aw / 2, py - ah - ar * 0.25),
            (px + aw / 2, py + 4)], concrete_sh)
    c.rect(px - aw / 2, py - ah, px + aw / 2, py + 4, concrete)
    c.pieslice(px, py - ah, aw / 2, ar, 180, 360, concrete)
    c.pieslice(px, py - ah, aw / 2, ar, 270, 360, mix(concrete, concrete_sh, 0.5))
    c.rect(px, py - ah, px + aw / 2, py + 4, mix(concrete, concrete_sh, 0.5))
    ow, oh, orr = aw * 0.72, ah * 0.75, ar * 0.78
    dark = hexc("2c3034")
    c.rect(px - ow / 2, py - oh, px + ow / 2, py + 4, dark)
    c.pieslice(px, py - oh, ow / 2, orr, 180, 360, dark)
    for k in range(5):
        a = math.radians(200 + k * 35)
        c.circle(px + ow * 0.38 * math.cos(a), py - oh + orr * 0.8 * math.sin(a),
                 3.5, hexc("f2d98a"))
    # road surface running into the portal
    hw = RW * 0.5 * sc
    c.poly([(px - hw, py + 5), (px + hw, py + 5), (px + hw * 0.8, py - 12),
            (px - hw * 0.8, py - 12)], hexc("43484d"))

    # trees on the mountain slopes (screen space, away from the portal)
    for _ in range(70):
        x = rng.uniform(px - 560, px + 820)
        top = profile_y(mtn, x)
        y = rng.uniform(top + 40, py - 10)
        if y > py - 10 or abs(x - px) < aw * 1.2 + 60:
            continue
        conifer(c, x, y, rng.uniform(34, 46), hexc("557f5a"), hexc("46704d"))
    # trees on the valley floor (ground plane, far to near, clear of the road)
    trees = []
    for _ in range(420):
        x = rng.uniform(-4.0, 4.0)
        z = rng.uniform(1.05, ez - 0.1)
        d = min(math.hypot(x - gx, z - gz) for gx, gz, _ in g[::6])
        if d < RW * 0.75 + 0.08:
            continue
        sx, sy = proj(x, z)
        if not (-60 < sx < W + 60) or sy > H + 150:
            continue
        trees.append((z, sx, sy))
    trees = trees[::2]
    trees.sort(reverse=True)
    for z, sx, sy in trees:
        conifer(c, sx, sy, 230 / z, hexc("4f7a55"), hexc("41684a"))
    c.save(path)


# --------------------------------------------------------------------------
# school
# --------------------------------------------------------------------------

def make_school(path):
    W, H = 2100, 1400
    rng = random.Random(1905)
    c = Canvas(W, H)
    sky(c, [(0, hexc("bcd5e5")), (0.7, hexc("e1eaec")), (1, hexc("f0ede4"))], 760)
    pts = ridge(rng, -40, W + 40, 640, 150, 5, wmin=200, wmax=420)
    mountain_layer(c, pts, 900, hexc("aebccb"), hexc("cfd6d8"), None, 720)
    facets(c, pts, hexc("a2b1c1"), rng)
    hills = ridge(rng, -40, W + 40, 760, 70, 6, wmin=200, wmax=400)
    mountain_layer(c, hills, 1000, hexc("8fae84"), hexc("a6bd92"), None, 820)
    # trees behind the building
    for i in range(26):
        tx = 150 + i * 70 + rng.uniform(-20, 20)
        round_tree(c, tx, 870, rng.uniform(45, 70), hexc("6f9860"), hexc("5f8853"))
    # ground/lawn
    c.rect(0, 880, W, H, hexc("a8c287"))

    # building
    wall, wall_sh = hexc("efe7d8"), hexc("ddd2bf")
    accent = hexc("c2664a")
    glass, glass_hi = hexc("7fa3b8"), hexc("a9c4d2")
    bx0, bx1, top, base = 300, 1800, 470, 905
    # side wing (gym) on the right, lower
    c.rect(1800, 620, 1960, base, wall_sh)
    c.rect(1800, 610, 1966, 628, hexc("cfc3ae"))
    for i in range(3):
        c.rect(1822 + i * 48, 660, 1858 + i * 48, 840, glass)
    # main block
    c.rect(bx0, top, bx1, base, wall)
    c.rect(bx0 - 8, top - 18, bx1 + 8, top + 4, hexc("d6cab5"))  # parapet
    floors = 3
    fh = (base - top - 40) / floors
    for f in range(floors):
        y0 = top + 40 + f * fh
        c.rect(bx0, y0 + fh - 10, bx1, y0 + fh - 2, hexc("e2d8c6"))  # floor band
        for k in range(14):
            x0 = bx0 + 40 + k * 104
            if 830 < x0 + 40 < 1270:
                continue
            c.rect(x0, y0 + 18, x0 + 72, y0 + fh - 30, glass)
            c.rect(x0, y0 + 18, x0 + 72, y0 + 34, glass_hi)
            c.rect(x0 + 34, y0 + 18, x0 + 38, y0 + fh - 30, hexc("e6ecef"))
    # central entrance block (taller, accent colour)
    ex0, ex1 = 840, 1260
    c.rect(ex0, top - 80, ex1, base, accent)
    c.rect(ex0 - 8, top - 98, ex1 + 8, top - 76, mix(accent, (0, 0, 0), 0.15))
    c.rect(ex0 + 40, top - 40, ex1 - 40, base - 150, hexc("8eb0c2"))
    for k in range(1, 5):
        xx = ex0 + 40 + k * (ex1 - ex0 - 80) / 5
        c.rect(xx - 3, top - 40, xx + 3, base - 150, hexc("dfe7ea"))
    for k in range(1, 4):
        yy = top - 40 + k * (base - 150 - top + 40) / 4
        c.rect(ex0 + 40, yy - 3, ex1 - 40, yy + 3, hexc("dfe7ea"))
    # canopy + doors
    c.rect(ex0 - 30, base - 150, ex1 + 30, base - 128, hexc("f2efe9"))
    c.rect(ex0 + 110, base - 128, ex1 - 110, base, hexc("4f6a7a"))
    c.rect(ex0 + 207, base - 128, ex0 + 213, base, hexc("dfe7ea"))
    # steps
    for k in range(3):
        c.rect(ex0 + 60 - k * 30, base + k * 10, ex1 - 60 + k * 30, base + 10 + k * 10,
               mix(hexc("e4ddd0"), hexc("cfc7b8"), k / 2))

    # courtyard (trapezoid in perspective) with tile joints
    pave, joint = hexc("e6ddcd"), hexc("d4c9b6")
    court = [(500, base + 30), (1600, base + 30), (2050, H), (50, H)]
    c.poly(court, pave)
    for k in range(1, 9):
        t = (k / 9) ** 1.4
        y = base + 30 + (H - base - 30) * t
        xl = 500 + (50 - 500) * t
        xr = 1600 + (2050 - 1600) * t
        c.line([(xl, y), (xr, y)], joint, 2.5, caps=False)
    for k in range(1, 12):
        u = k / 12
        c.line([(500 + 1100 * u, base + 30), (50 + 2000 * u, H)], joint, 2.5, caps=False)
    # central round flower bed
    cx, cy = 1050, 1180
    c.ellipse(cx, cy, 230, 62, hexc("cfc3ad"))
    c.ellipse(cx, cy - 6, 214, 54, hexc("8fb26e"))
    for k in range(16):
        a = 2 * math.pi * k / 16
        c.circle(cx + 170 * math.cos(a), cy - 6 + 38 * math.sin(a), 9,
                 [hexc("e9a35f"), hexc("d9675a"), hexc("f1d27a")][k % 3])
    round_tree(c, cx, cy - 10, 58, hexc("5f8f52"), hexc("507e46"))
    # benches
    for bx in (700, 1330):
        c.rect(bx, 1090, bx + 120, 1102, hexc("9a7458"))
        c.rect(bx + 8, 1102, bx + 16, 1125, hexc("6c6f72"))
        c.rect(bx + 104, 1102, bx + 112, 1125, hexc("6c6f72"))
    # trees around the courtyard
    for tx, ty, r in ((160, 1000, 85), (310, 1120, 95), (1900, 1000, 85),
                      (1760, 1130, 95), (90, 1330, 110), (2020, 1330, 110)):
        round_tree(c, tx, ty, r, hexc("5e8e50"), hexc("4e7b44"))

    # flag pole with the national tricolour (no text)
    fx, fb, ft = 560, 1150, 380
    c.ellipse(fx, fb, 40, 10, hexc("c9bfae"))
    c.rect(fx - 5, ft, fx + 5, fb, hexc("9aa1a6"))
    c.circle(fx, ft - 4, 9, hexc("c8ccce"))
    fw, fhh = 270, 150
    def wave(u):
        return 10 * math.sin(u * math.pi * 1.6)
    cols = [hexc("3c8fbf"), hexc("cf4a43"), hexc("3f9c67")]
    n = 30
    for band_i in range(3):
        yt = ft + 8 + band_i * fhh / 3
        yb = yt + fhh / 3
        topl = [(fx + 5 + fw * k / n, yt + wave(k / n)) for k in range(n + 1)]
        botl = [(fx + 5 + fw * k / n, yb + wave(k / n)) for k in range(n + 1)]
        c.poly(topl + botl[::-1], cols[band_i])
    # crescent and eight-pointed star on the red band
    mx, my = fx + 5 + fw * 0.47, ft + 8 + fhh / 2 + wave(0.47)
    c.circle(mx, my, 19, (255, 255, 255))
    c.circle(mx + 6, my, 15.5, cols[1])
    star = []
    for k in range(16):
        r = 11 if k % 2 == 0 else 5.2
        a = math.pi * k / 8
        star.append((mx + 25 + r * math.cos(a), my + r * math.sin(a)))
    c.poly(star, (255, 255, 255))
    c.save(path)


# --------------------------------------------------------------------------
# schematic map (no words, no borders)
# --------------------------------------------------------------------------

def plane_glyph(cx, cy, size, angle_deg):
    pts = [(0, -1.0), (0.07, -0.96), (0.11, -0.85), (0.11, -0.30), (0.95, 0.14),
           (0.95, 0.28), (0.11, 0.06), (0.09, 0.60), (0.36, 0.80), (0.36, 0.92),
           (0.0, 0.84), (-0.36, 0.92), (-0.36, 0.80), (-0.09, 0.60),
           (-0.11, 0.06), (-0.95, 0.28), (-0.95, 0.14), (-0.11, -0.30),
           (-0.11, -0.85), (-0.07, -0.96)]
    a = math.radians(angle_deg)
    ca, sa = math.cos(a), math.sin(a)
    return [(cx + size * (x * ca - y * sa), cy + size * (x * sa + y * ca))
            for x, y in pts]


# --------------------------------------------------------------------------
# bar charts (digits only)
# --------------------------------------------------------------------------

# --------------------------------------------------------------------------
# SVG: charts and maps as vectors, their text kept as text (issue 15).
# Colours are sRGB; the print build separates them for the printer itself.
# Only shapes, text and references inside the file: what pressroom accepts.
# --------------------------------------------------------------------------

SVG_FONT = '"Bulletin Sans", sans-serif'


def _svg_hex(col):
    red, green, blue = (int(round(v)) for v in col)
    return f"#{red:02x}{green:02x}{blue:02x}"


def _svg_points(pts):
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)


def _svg_write(path, w, h, body):
    text = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
            f'viewBox="0 0 {w} {h}">\n' + "\n".join(body) + "\n</svg>\n")
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)


def svg_bar_chart(path, values, labels, accent, ymax, step, half_last=False):
    """The bar chart of :func:`bar_chart` as SVG: values and years are text."""
    W, H = 2100, 1300
    left, right = 170, 170
    top, base = 190, 1060
    grid, axis = hexc("e3e6e8"), hexc("4a4f54")
    text_dark, text_mid = hexc("33383d"), hexc("4f565c")
    body = [f'<rect width="{W}" height="{H}" fill="#ffffff"/>']
    for v in range(step, ymax + 1, step):
        y = base - v / ymax * (base - top)
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{W - right}" y2="{y:.1f}" '
                    f'stroke="{_svg_hex(grid)}" stroke-width="2.5"/>')
    n = len(values)
    slot = (W - left - right) / n
    bw = min(slot * 0.56, 330)
    for i, (v, lab) in enumerate(zip(values, labels, strict=False)):
        x = left + slot * (i + 0.5)
        y = base - v / ymax * (base - top)
        last = half_last and i == n - 1
        fill = _svg_hex(mix(accent, (255, 255, 255), 0.62)) if last else _svg_hex(accent)
        extra = (f' stroke="{_svg_hex(accent)}" stroke-width="5" stroke-dasharray="18 10"' if last else "")
        body.append(f'<path d="M{x - bw / 2:.1f},{base} V{y + 10:.1f} Q{x - bw / 2:.1f},{y:.1f} '
                    f'{x - bw / 2 + 10:.1f},{y:.1f} H{x + bw / 2 - 10:.1f} Q{x + bw / 2:.1f},{y:.1f} '
                    f'{x + bw / 2:.1f},{y + 10:.1f} V{base} Z" fill="{fill}"{extra}/>')
        body.append(f'<text x="{x:.1f}" y="{y - 40:.1f}" text-anchor="middle" font-family=\'{SVG_FONT}\' '
                    f'font-size="84" font-weight="700" fill="{_svg_hex(text_dark)}">{v}</text>')
        body.append(f'<text x="{x:.1f}" y="{base + 120}" text-anchor="middle" font-family=\'{SVG_FONT}\' '
                    f'font-size="76" fill="{_svg_hex(text_mid)}">{lab}</text>')
    body.append(f'<line x1="{left - 30}" y1="{base}" x2="{W - right + 30}" y2="{base}" '
                f'stroke="{_svg_hex(axis)}" stroke-width="5"/>')
    _svg_write(path, W, H, body)


# Place names on the map, in each language's spelling.
MAP_LABELS = {
    "az": {"shusha": "Şuşa", "lachin": "Laçın", "zangilan": "Zəngilan", "fuzuli": "Füzuli",
           "airport": "hava limanı"},
    "ru": {"shusha": "Шуша", "lachin": "Лачин", "zangilan": "Зангилан", "fuzuli": "Физули",
           "airport": "аэропорт"},
    "en": {"shusha": "Shusha", "lachin": "Lachin", "zangilan": "Zangilan", "fuzuli": "Fuzuli",
           "airport": "airport"},
    "es": {"shusha": "Shusha", "lachin": "Lachín", "zangilan": "Zanguilán", "fuzuli": "Fuzuli",
           "airport": "aeropuerto"},
}


def svg_map(path, lang):
    """The schematic map of :func:`make_map` as SVG, with its place names as text in ``lang``."""
    W, H = 2100, 1600
    words = MAP_LABELS[lang]
    rng = random.Random(31337)
    cx, cy, rx, ry = 1000, 830, 800, 590
    harm = [(k, rng.uniform(0.015, 0.06) / (k ** 0.3), rng.uniform(0, 6.28)) for k in range(2, 8)]

    def radius(t):
        return 1 + sum(a * math.sin(k * t + p) for k, a, p in harm)
    land = [(cx + rx * radius(t) * math.cos(t), cy + ry * radius(t) * math.sin(t))
            for t in (2 * math.pi * i / 360 for i in range(360))]
    inner = [(cx + (x - cx) * 0.992, cy + (y - cy) * 0.99) for x, y in land]
    body = [f'<rect width="{W}" height="{H}" fill="#f4f1ea"/>',
            f'<defs><clipPath id="land"><polygon points="{_svg_points(inner)}"/></clipPath></defs>',
            f'<polygon points="{_svg_points([(x + 14, y + 18) for x, y in land])}" fill="#e4dfd3"/>',
            f'<polygon points="{_svg_points(land)}" fill="#9fb28f"/>',
            f'<polygon points="{_svg_points(inner)}" fill="#e1e9d5"/>']
    for k, (sc, col) in enumerate([(1.0, "#d6e0c6"), (0.7, "#cbd7b8"), (0.42, "#bfcdaa")]):
        hx, hy, hr = 640, 640, 360 * sc
        blob = []
        for i in range(120):
            t = 2 * math.pi * i / 120
            r = hr * (1 + 0.12 * math.sin(3 * t + 1 + k) + 0.06 * math.sin(5 * t + k))
            blob.append((hx + r * 1.25 * math.cos(t), hy + r * 0.8 * math.sin(t)))
        body.append(f'<polygon points="{_svg_points(blob)}" fill="{col}"/>')
    for mx, my, sz in ((470, 600, 60), (560, 560, 75), (660, 610, 55), (760, 560, 64), (590, 700, 50),
                       (420, 720, 48), (860, 640, 46), (700, 500, 52)):
        body.append(f'<polygon points="{_svg_points([(mx - sz, my), (mx, my - sz * 0.95), (mx + sz, my)])}" '
                    'fill="#a8b898"/>')
        body.append(f'<polygon points="{_svg_points([(mx, my - sz * 0.95), (mx + sz, my), (mx + sz * 0.15, my)])}" '
                    'fill="#93a685"/>')
        body.append('<polygon points="' + _svg_points([(mx, my - sz * 0.95), (mx - sz * 0.3, my - sz * 0.66),
                                                       (mx - sz * 0.05, my - sz * 0.6),
                                                       (mx + sz * 0.2, my - sz * 0.72)]) + '" fill="#f4f1ea"/>')
    river = catmull([(300, 360), (470, 470), (720, 780), (900, 900), (1160, 960), (1420, 1110), (1600, 1230),
                     (1760, 1330), (1900, 1420)], 30)
    widths = [5 + 16 * i / len(river) for i in range(len(river))]
    body.append(f'<g clip-path="url(#land)"><polygon points="{_svg_points(band(river, widths))}" fill="#6fa8c6"/>')
    trib = catmull([(1350, 420), (1300, 600), (1380, 800), (1430, 1000), (1420, 1100)], 24)
    body.append(f'<polyline points="{_svg_points(trib)}" fill="none" stroke="#6fa8c6" stroke-width="7" '
                'stroke-linecap="round" stroke-linejoin="round"/></g>')
    towns = [(1050, 760, 1), (760, 930, 0), (1250, 560, 0), (1540, 860, 0), (480, 1040, 0), (900, 1170, 0),
             (1700, 620, 0)]
    roads = [[(480, 1040), (760, 930), (1050, 760), (1250, 560), (1700, 620)],
             [(1050, 760), (1540, 860), (1700, 1020)],
             [(760, 930), (900, 1170), (1180, 1060)],
             [(470, 830), (760, 930)]]
    for rd in roads:
        body.append(f'<polyline points="{_svg_points(catmull(rd, 16))}" fill="none" stroke="#c6a779" '
                    'stroke-width="7" stroke-linecap="round" stroke-linejoin="round"/>')
    for x, y, big in towns:
        r = 26 if big else 17
        body.append(f'<circle cx="{x}" cy="{y}" r="{r + 3.5}" fill="#ffffff" stroke="#4a5660" stroke-width="7"/>')
        if big:
            body.append(f'<circle cx="{x}" cy="{y}" r="11" fill="#4a5660"/>')
    # where each airport's name stands: below it, or to its left (Lachin's town sits just below it)
    airports = [((470, 830), "lachin", (-1, 0)), ((1180, 1100), "zangilan", (0, 1)), ((1700, 1020), "fuzuli", (0, 1))]
    for (x, y), _, _ in airports:
        body.append(f'<circle cx="{x}" cy="{y}" r="58.5" fill="#1f6f78" stroke="#ffffff" stroke-width="7"/>')
        body.append(f'<polygon points="{_svg_points(plane_glyph(x, y, 40, 45))}" fill="#ffffff"/>')

    def label(x, y, text, size, weight, anchor="middle", colour="#2f3a42"):
        common = (f'x="{x}" y="{y}" text-anchor="{anchor}" font-family=\'{SVG_FONT}\' font-size="{size}" '
                  f'font-weight="{weight}"')
        body.append(f'<text {common} fill="none" stroke="#f4f1ea" stroke-width="14" '
                    f'stroke-linejoin="round">{text}</text>')
        body.append(f'<text {common} fill="{colour}">{text}</text>')
    label(1050, 700, words["shusha"], 64, 700)
    for (x, y), key, (across, down) in airports:
        if down:
            label(x, y + 130, words[key], 58, 700, colour="#1f6f78")
            label(x, y + 190, words["airport"], 44, 400, colour="#4f565c")
        else:
            side = "end" if across < 0 else "start"
            label(x + across * 85, y - 2, words[key], 58, 700, anchor=side, colour="#1f6f78")
            label(x + across * 85, y + 52, words["airport"], 44, 400, anchor=side, colour="#4f565c")
    ox, oy, R = 1880, 250, 120
    body.append(f'<circle cx="{ox}" cy="{oy}" r="{R + 2}" fill="#f4f1ea" stroke="#6b757c" stroke-width="4"/>')
    for k in range(8):
        a = math.pi * k / 4
        r0 = R - (22 if k % 2 == 0 else 12)
        body.append(f'<line x1="{ox + r0 * math.cos(a):.1f}" y1="{oy + r0 * math.sin(a):.1f}" '
                    f'x2="{ox + (R - 4) * math.cos(a):.1f}" y2="{oy + (R - 4) * math.sin(a):.1f}" '
                    'stroke="#6b757c" stroke-width="4"/>')
    L, Wd = R * 1.25, 30
    for pts, col in (([(ox, oy - L), (ox - Wd, oy), (ox, oy)], "#3d4850"),
                     ([(ox, oy - L), (ox + Wd, oy), (ox, oy)], "#b8c0c4"),
                     ([(ox, oy + R * 0.8), (ox - Wd, oy), (ox, oy)], "#b8c0c4"),
                     ([(ox, oy + R * 0.8), (ox + Wd, oy), (ox, oy)], "#3d4850")):
        body.append(f'<polygon points="{_svg_points(pts)}" fill="{col}"/>')
    body.append(f'<circle cx="{ox}" cy="{oy}" r="8" fill="#ffffff"/>')
    _svg_write(path, W, H, body)


# --------------------------------------------------------------------------
# more photographs (issue 15): a full-bleed valley, a full-page solar park,
# three views of Shusha for a gallery, a section opener
# --------------------------------------------------------------------------

def valley_scene(W, H, seed, horizon, sun=True, village=True):
    """Mountains, a river winding towards the viewer, orchards and a village: a portrait or landscape view."""
    rng = random.Random(seed)
    c = Canvas(W, H)
    sky(c, [(0.0, hexc("b7cde0")), (0.5, hexc("dbe4ea")), (0.85, hexc("f3e4d3")), (1.0, hexc("f6dcc4"))],
        horizon)
    if sun:
        for k, a in enumerate((0.10, 0.16, 0.28)):
            c.circle(W * 0.70, horizon - H * 0.10, W * (0.14 - k * 0.04), mix(hexc("f6dcc4"), (255, 246, 226), a * 3))
    layers = [(horizon - H * 0.06, H * 0.16, hexc("b3bfd0")), (horizon - H * 0.02, H * 0.12, hexc("9aaebc")),
              (horizon + H * 0.02, H * 0.08, hexc("84a08f"))]
    for base, amp, col in layers:
        pts = ridge(rng, -40, W + 40, base, amp, 5, wmin=W * 0.08, wmax=W * 0.2)
        mountain_layer(c, pts, H, col, mix(col, hexc("eef1ea"), 0.3), None, base + H * 0.06)
        facets(c, pts, mix(col, (40, 50, 70), 0.09), rng)
    ground_y = horizon + H * 0.05
    ground = [(x, ground_y + 8 * math.sin(x / 170.0)) for x in range(-20, W + 41, 20)]
    mountain_layer(c, ground, H, hexc("a9c285"), hexc("6f9650"), ground_y, H)
    # the river, narrow far away and wide in front
    centre = catmull([(W * 0.52, ground_y), (W * 0.42, ground_y + (H - ground_y) * 0.25),
                      (W * 0.60, ground_y + (H - ground_y) * 0.55), (W * 0.38, H + 40)], 40)
    widths = [W * (0.006 + 0.16 * (i / len(centre)) ** 1.6) for i in range(len(centre))]
    c.ribbon(centre, [w + W * 0.01 for w in widths], hexc("c9d3b7"))
    c.ribbon(centre, widths, hexc("8fb7cc"))
    c.ribbon(centre, [w * 0.35 for w in widths], hexc("a9cadb"))
    # orchards in rows, larger towards the viewer
    for row in range(9):
        t = (row + 1) / 10
        y = ground_y + (H - ground_y) * t ** 1.5
        size = W * (0.008 + 0.03 * t)
        x = -size + rng.uniform(0, size * 2)
        while x < W + size:
            river_x = x_at_y(centre, y)
            if abs(x - river_x) > size * 2 + W * 0.1 * t:
                round_tree(c, x, y, size, mix(hexc("5d8a4c"), hexc("7ea566"), rng.random() * 0.5),
                           hexc("4e7a41"))
            x += size * rng.uniform(2.6, 3.4)
    if village:
        vx, vy = W * 0.70, ground_y + (H - ground_y) * 0.08
        s = W * 0.03
        for i in range(7):
            oblique_house(c, vx + i * s * 1.9 - s * 4, vy + (i % 2) * s * 0.3, s * 1.3, s * 0.62, s,
                          hexc("f3eee4"), hexc("dcd3c3"), hexc("bf5f43"), hexc("98492f"), hexc("7f9db0"),
                          solar=i % 2 == 0)
        minaret(c, vx + s * 9.4, vy + s * 0.2, s * 4.2, hexc("efe6d6"), hexc("d8cbb5"), hexc("6f8a8f"))
    return c


def make_valley(path):
    # full bleed on A4: 216 × 303 mm with the bleed, 300 ppi and a little more
    c = valley_scene(2600, 3648, 99017, 1500)
    c.save(path)


def make_solar(path):
    """A solar park on a plain, mountains behind: a full page (inside the margins) of its own."""
    W, H = 2040, 2640
    rng = random.Random(5150)
    c = Canvas(W, H)
    horizon = 1150
    sky(c, [(0, hexc("a9c8e2")), (0.7, hexc("d7e5ee")), (1, hexc("eef0ea"))], horizon)
    for base, amp, col in ((horizon - 60, 260, hexc("b7c2d2")), (horizon, 170, hexc("9eaebb"))):
        pts = ridge(rng, -40, W + 40, base, amp, 5, wmin=140, wmax=420)
        mountain_layer(c, pts, H, col, mix(col, hexc("eef1ea"), 0.3), None, base + 80)
        facets(c, pts, mix(col, (40, 50, 70), 0.08), rng)
    ground = [(x, horizon + 30 + 5 * math.sin(x / 140.0)) for x in range(-20, W + 41, 20)]
    mountain_layer(c, ground, H, hexc("c9c89a"), hexc("a7ad79"), horizon + 30, H)
    # rows of panels in perspective, towards a vanishing point above the horizon
    vx, vy = W * 0.5, horizon - 40
    for row in range(14):
        t0 = (row + 0.35) / 14
        t1 = (row + 0.8) / 14
        y0 = horizon + 60 + (H - horizon) * t0 ** 1.7
        y1 = horizon + 60 + (H - horizon) * t1 ** 1.7
        for sign in (-1, 1):
            half0 = (y0 - vy) * 1.9
            half1 = (y1 - vy) * 1.9
            gap0, gap1 = (y0 - vy) * 0.08, (y1 - vy) * 0.08
            if sign < 0:
                poly = [(vx - half0, y0), (vx - gap0, y0), (vx - gap1, y1), (vx - half1, y1)]
            else:
                poly = [(vx + gap0, y0), (vx + half0, y0), (vx + half1, y1), (vx + gap1, y1)]
            c.poly(poly, hexc("2d4a6e"))
            # a bright edge and frame lines
            c.line([poly[0], poly[1]], hexc("9db4cc"), 2 + 6 * t0, caps=False)
            for k in range(1, 8):
                f = k / 8
                top = (poly[0][0] + (poly[1][0] - poly[0][0]) * f, y0)
                bot = (poly[3][0] + (poly[2][0] - poly[3][0]) * f, y1)
                c.line([top, bot], hexc("3e5f86"), 1 + 3 * t0, caps=False)
    # a service track down the middle
    c.poly([(vx - 6, horizon + 60), (vx + 6, horizon + 60), (vx + W * 0.09, H), (vx - W * 0.09, H)],
           hexc("d9cfb4"))
    c.save(path)


def make_shusha_views(folder):
    """Three views for a gallery: the mosque, a street of restored houses, an avenue of poplars."""
    W, H = 1200, 900
    stone, stone_sh = hexc("e9dfcd"), hexc("cdbfa6")
    # 1. the mosque and its two minarets against the sky
    rng = random.Random(11)
    c = Canvas(W, H)
    sky(c, [(0, hexc("9fc2dc")), (1, hexc("e6eef0"))], H * 0.75)
    c.rect(0, H * 0.75, W, H, hexc("d8d0bf"))
    mosque(c, W * 0.26, H * 0.78, W * 0.48, H * 0.30, stone, stone_sh, hexc("6d8f95"))
    minaret(c, W * 0.18, H * 0.78, H * 0.62, stone, stone_sh, hexc("6d8f95"))
    minaret(c, W * 0.84, H * 0.78, H * 0.62, stone, stone_sh, hexc("6d8f95"))
    for x in (W * 0.05, W * 0.95):
        conifer(c, x, H * 0.80, H * 0.28, hexc("5f7f55"), hexc("4d6a45"))
    c.save(os.path.join(folder, "shusha-mosque.png"))
    # 2. a street of restored houses
    c = Canvas(W, H)
    sky(c, [(0, hexc("b6cfe0")), (1, hexc("eef0ea"))], H * 0.5)
    c.rect(0, H * 0.62, W, H, hexc("cfc7b6"))
    c.poly([(W * 0.3, H * 0.62), (W * 0.7, H * 0.62), (W * 1.1, H), (W * -0.1, H)], hexc("bdb39f"))
    for i in range(5):
        town_house(c, -60 + i * 270, H * 0.64, 190, 170 + rng.uniform(-10, 30), hexc("efe6d6"), hexc("d6cab4"),
                   [hexc("b4563d"), hexc("8a5a44"), hexc("c86f4f")][i % 3], hexc("7f9db0"), rng)
    for i in range(6):
        poplar(c, -20 + i * 250, H * 0.70, 260, hexc("6f9a5c"), hexc("5e874e"))
    c.save(os.path.join(folder, "shusha-street.png"))
    # 3. an avenue of poplars leading to the hills
    c = Canvas(W, H)
    sky(c, [(0, hexc("c4d6e4")), (1, hexc("f1e6d6"))], H * 0.55)
    pts = ridge(rng, -40, W + 40, H * 0.5, H * 0.14, 4, wmin=120, wmax=300)
    mountain_layer(c, pts, H, hexc("9fb0a4"), hexc("c4cdb9"), None, H * 0.6)
    c.rect(0, H * 0.58, W, H, hexc("a9c285"))
    c.poly([(W * 0.47, H * 0.58), (W * 0.53, H * 0.58), (W * 0.8, H), (W * 0.2, H)], hexc("d9cfb4"))
    for k in range(8):
        t = k / 7
        y = H * 0.6 + (H * 0.42) * t ** 1.4
        h = 90 + 420 * t ** 1.4
        for side in (-1, 1):
            x = W * 0.5 + side * (W * 0.05 + W * 0.32 * t ** 1.4)
            poplar(c, x, y, h, hexc("6f9a5c"), hexc("5e874e"))
    c.save(os.path.join(folder, "shusha-poplars.png"))


def make_opener(path):
    """The section opener's picture: a village in the morning, wide and low."""
    c = valley_scene(2100, 1250, 4242, 560, sun=True, village=True)
    c.save(path)

# --------------------------------------------------------------------------

def main():
    out = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    os.makedirs(out, exist_ok=True)
    jobs = [
        ("cover.png", make_cover),
        ("village.png", make_village),
        ("road.png", make_road),
        ("school.png", make_school),
        ("chart-returns.svg", lambda p: svg_bar_chart(
            p, [1200, 4700, 8500], ["2022", "2023", "2024"],
            hexc("1f6f78"), 10000, 2000)),
        ("chart-demining.svg", lambda p: svg_bar_chart(
            p, [9, 14, 21, 12], ["2021", "2022", "2023", "2024"],
            hexc("b5473a"), 25, 5, half_last=True)),
        *((f"map-{lang}.svg", lambda p, lang=lang: svg_map(p, lang)) for lang in MAP_LABELS),
        ("valley.png", make_valley),
        ("solar.png", make_solar),
        ("opener-return.png", make_opener),
        ("shusha-mosque.png", lambda p: make_shusha_views(os.path.dirname(p))),
    ]
    for name, fn in jobs:
        p = os.path.join(out, name)
        fn(p)
        print(f"{name:<20} {os.path.getsize(p):8d} bytes")


if __name__ == "__main__":
    main()
