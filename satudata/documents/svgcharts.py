"""Charts for printed publications as SVG strings, in pure Python: bar, line and share (100% bar).

The same SVG serves the PDF (WeasyPrint draws it from an ``<img>`` data URI, text stays text) and,
through ``svg_to_png``, the DOCX, which cannot hold SVG. ``svg_to_png`` paints with Pillow (already
there for WeasyPrint) and reads only the handful of elements these charts write: ``rect``, ``line``,
``polyline``, ``circle`` and ``text``, all with plain attributes. It is not a general SVG renderer.

The output is deterministic: the same data gives the same bytes. Text widths are estimated from
DejaVu Sans proportions, not measured, so the layout does not depend on the fonts of the machine.
"""

from __future__ import annotations

import base64
import functools
import html
import io
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from PIL import Image, ImageColor, ImageDraw, ImageFont

WIDTH = 640
PAD = 16
FONT_FAMILY = "DejaVu Sans, Verdana, sans-serif"
INK = "#222222"
MUTED = "#555555"
GRID = "#dddddd"
AXIS = "#444444"
# Okabe–Ito, told apart by colour-blind readers; yellow left out (unreadable on white).
PALETTE = ["#0072b2", "#e69f00", "#009e73", "#d55e00", "#56b4e9", "#cc79a7", "#000000", "#999999"]
MISSING = "…"  # BPS: data tidak tersedia

Number = int | float


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Number | None]


# Numbers ----------------------------------------------------------------------------------------


def format_number(value: Number, decimals: int | None = None) -> str:
    """1.234.567 and 12,5: Indonesian separators. ``decimals=None`` keeps up to two, without trailing zeros."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"not a finite number: {value}")
    places = decimals_needed([value]) if decimals is None else decimals
    exact = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if exact < 0 else ""
    whole, _, fraction = f"{abs(exact):f}".partition(".")
    groups = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{groups},{fraction}" if fraction else f"{sign}{groups}"


def decimals_needed(values: Iterable[object], most: int = 2) -> int:
    """The decimals that show every float rounded to ``most`` places, so that a column reads alike
    (other values, integers, text or None, need none)."""
    needed = 0
    for value in values:
        if isinstance(value, float) and math.isfinite(value):
            rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-most), rounding=ROUND_HALF_UP).normalize()
            needed = max(needed, -int(rounded.as_tuple().exponent))
    return min(needed, most)


def nice_ticks(low: float, high: float, max_ticks: int = 7) -> list[float]:
    """Evenly spaced round ticks covering [low, high]: the smallest step of 1, 2, 2,5 or 5 × 10ⁿ
    that needs no more than ``max_ticks`` ticks."""
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError("ticks need finite bounds")
    if max_ticks < 3:  # a range across zero needs three
        raise ValueError("at least three ticks")
    low, high = min(low, high), max(low, high)
    if low == high:
        low, high = min(low, 0.0), max(high, 0.0)
        if low == high:
            high = 1.0
    lo, hi = Decimal(str(low)), Decimal(str(high))
    exponent = math.floor(math.log10((high - low) / max_ticks)) - 1
    while True:
        for mantissa in ("1", "2", "2.5", "5"):
            step = Decimal(mantissa).scaleb(exponent)
            first = (lo / step).to_integral_value(rounding=ROUND_FLOOR)
            last = (hi / step).to_integral_value(rounding=ROUND_CEILING)
            if last - first + 1 <= max_ticks:
                return [float(step * i) for i in range(int(first), int(last) + 1)]
        exponent += 1


def tick_decimals(ticks: Sequence[float]) -> int:
    return decimals_needed(ticks, most=6)


# SVG writing ------------------------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape(text: str) -> str:
    """Text for an XML attribute or element: markup escaped, characters XML 1.0 forbids (and lone surrogates) dropped."""
    return html.escape(_NOT_XML.sub("", text), quote=True)


def _n(value: float) -> str:
    """A coordinate with two decimals at most: the same input prints the same file."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def text_width(text: str, size: float) -> float:
    """Estimated advance of ``text`` in DejaVu Sans at ``size`` (generous: DejaVu is a wide face)."""
    em = 0.0
    for char in text:
        if char in " .,:;'|!il()[]/-":
            em += 0.36
        elif char in "mwMW%":
            em += 0.95
        elif char.isdigit():
            em += 0.64
        elif char.isupper():
            em += 0.72
        else:
            em += 0.62
    return em * size


def _truncate(text: str, width: float, size: float) -> str:
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap(text: str, width: float, size: float, max_lines: int = 2) -> list[str]:
    """Greedy word wrap to ``width``; a word too long is cut, what does not fit ends in "…"."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if text_width(candidate, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while text_width(current, size) > width and len(current) > 1:
            cut = len(current)
            while cut > 1 and text_width(current[:cut], size) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], _truncate(" ".join(lines[max_lines - 1 :]), width, size)]
    return lines or [""]


class _Svg:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def rect(self, x: float, y: float, w: float, h: float, fill: str) -> None:
        self.parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" fill="{fill}"/>')

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str = AXIS, width: float = 1) -> None:
        self.parts.append(
            f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{stroke}" stroke-width="{_n(width)}"/>'
        )

    def polyline(self, points: Sequence[tuple[float, float]], stroke: str, width: float = 2) -> None:
        coords = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
        self.parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{stroke}" stroke-width="{_n(width)}" stroke-linejoin="round"/>'
        )

    def circle(self, cx: float, cy: float, r: float, fill: str) -> None:
        self.parts.append(f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" fill="{fill}"/>')

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float = 11,
        anchor: str = "start",
        bold: bool = False,
        fill: str = INK,
        rotate: float = 0,
    ) -> None:
        extra = ' font-weight="bold"' if bold else ""
        if rotate:
            extra += f' transform="rotate({_n(rotate)} {_n(x)} {_n(y)})"'
        self.parts.append(
            f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}" fill="{fill}"{extra}>'
            f"{escape(text)}</text>"
        )

    def document(self, height: float, title: str, description: str) -> str:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{_n(height)}" '
            f'viewBox="0 0 {WIDTH} {_n(height)}" role="img" aria-labelledby="chart-title chart-desc" '
            f'font-family="{FONT_FAMILY}">\n'
            f'<title id="chart-title">{escape(title)}</title>\n<desc id="chart-desc">{escape(description)}</desc>\n'
            f'<rect x="0" y="0" width="{WIDTH}" height="{_n(height)}" fill="#ffffff"/>\n'
            + "\n".join(self.parts)
            + "\n</svg>\n"
        )


def _header(svg: _Svg, title: str, unit: str) -> float:
    """Title (wrapped) and unit line; returns the y below them."""
    y = PAD
    for line in wrap(title, WIDTH - 2 * PAD, 15, max_lines=3):
        y += 18
        svg.text(WIDTH / 2, y, line, size=15, anchor="middle", bold=True)
    if unit:
        y += 18
        svg.text(PAD, y, f"Satuan: {unit}", size=11, fill=MUTED)
    return y + 8


def _footer(svg: _Svg, source: str, y: float) -> float:
    """The "Sumber: …" caption from ``y`` down; returns the height of the whole chart."""
    if source:
        for line in wrap(f"Sumber: {source}", WIDTH - 2 * PAD, 10, max_lines=3):
            y += 14
            svg.text(PAD, y, line, size=10, fill=MUTED)
    return y + PAD


def _describe(kind: str, unit: str, pairs: Sequence[tuple[str, Number | None]], decimals: int) -> str:
    shown = "; ".join(f"{label}: {MISSING if v is None else format_number(v, decimals)}" for label, v in pairs)
    return f"{kind}{f' ({unit})' if unit else ''}. {shown}"


def _check_lengths(labels: Sequence[str], values: Sequence[Number | None]) -> None:
    if not labels:
        raise ValueError("a chart needs at least one category")
    if len(labels) != len(values):
        raise ValueError(f"{len(labels)} categories but {len(values)} values")


def _present(values: Sequence[Number | None]) -> list[Number]:
    return [v for v in values if v is not None]


# Charts -----------------------------------------------------------------------------------------


def bar_chart(
    categories: Sequence[str],
    values: Sequence[Number | None],
    *,
    title: str,
    unit: str = "",
    source: str = "",
    horizontal: bool = False,
) -> str:
    """One bar per category; a missing value (None) leaves its place empty. Horizontal bars suit
    many categories or long names; vertical bars suit a few, or periods."""
    _check_lengths(categories, values)
    present = _present(values)
    ticks = nice_ticks(min([0, *present]), max([0, *present]))
    decimals = decimals_needed(values)
    svg = _Svg()
    top = _header(svg, title, unit)
    if horizontal:
        bottom = _horizontal_bars(svg, categories, values, ticks, decimals, top)
    else:
        bottom = _vertical_bars(svg, categories, values, ticks, decimals, top)
    height = _footer(svg, source, bottom)
    return svg.document(
        height, title, _describe("Grafik batang", unit, list(zip(categories, values, strict=True)), decimals)
    )


def _vertical_bars(
    svg: _Svg,
    categories: Sequence[str],
    values: Sequence[Number | None],
    ticks: list[float],
    decimals: int,
    top: float,
) -> float:
    tick_labels = [format_number(t, tick_decimals(ticks)) for t in ticks]
    left = PAD + max(text_width(label, 10) for label in tick_labels) + 8
    right = WIDTH - PAD
    plot_top, plot_height = top + 14, 220.0
    plot_bottom = plot_top + plot_height

    def y_of(value: float) -> float:
        return plot_bottom - (value - ticks[0]) / (ticks[-1] - ticks[0]) * plot_height

    for tick, label in zip(ticks, tick_labels, strict=True):
        svg.line(left, y_of(tick), right, y_of(tick), stroke=GRID)
        svg.text(left - 6, y_of(tick) + 3.5, label, size=10, anchor="end", fill=MUTED)
    slot = (right - left) / len(categories)
    zero = y_of(0)
    for i, value in enumerate(values):
        if value is None:
            svg.text(left + (i + 0.5) * slot, zero - 4, MISSING, size=9, anchor="middle", fill=MUTED)
            continue
        x = left + i * slot + slot * 0.15
        svg.rect(x, min(zero, y_of(value)), slot * 0.7, abs(zero - y_of(value)), PALETTE[0])
        label = format_number(value, decimals)
        if text_width(label, 9) <= slot - 2:
            y = y_of(value) - 4 if value >= 0 else y_of(value) + 11
            svg.text(x + slot * 0.35, y, label, size=9, anchor="middle")
    svg.line(left, zero, right, zero)

    label_top = plot_bottom + 6
    if slot >= 56:  # room to wrap the names under their bars
        deepest = 0
        for i, name in enumerate(categories):
            lines = wrap(name, slot - 4, 10, max_lines=3)
            for j, line in enumerate(lines):
                svg.text(left + (i + 0.5) * slot, label_top + 11 + 12 * j, line, size=10, anchor="middle")
            deepest = max(deepest, len(lines))
        return label_top + 12 * deepest + 4
    # Too narrow: names slanted at 45°, ending under their bar.
    names = [_truncate(name, 130, 10) for name in categories]
    for i, name in enumerate(names):
        x, y = left + (i + 0.5) * slot + 3, label_top + 8
        svg.text(x, y, name, size=10, anchor="end", rotate=-45)
    return label_top + 8 + max(text_width(name, 10) for name in names) * 0.71 + 6


def _horizontal_bars(
    svg: _Svg,
    categories: Sequence[str],
    values: Sequence[Number | None],
    ticks: list[float],
    decimals: int,
    top: float,
) -> float:
    label_width = min(WIDTH * 0.36, max(text_width(name, 10) for name in categories) + 4)
    names = [wrap(name, label_width, 10, max_lines=2) for name in categories]
    row = 28.0 if any(len(lines) > 1 for lines in names) else 20.0
    value_labels = ["" if v is None else format_number(v, decimals) for v in values]
    label_room = max(text_width(label, 9) for label in value_labels) + 6
    left = PAD + label_width + 8 + (label_room if ticks[0] < 0 else 0)
    right = WIDTH - PAD - label_room
    plot_top = top + 4
    plot_bottom = plot_top + row * len(categories)

    def x_of(value: float) -> float:
        return left + (value - ticks[0]) / (ticks[-1] - ticks[0]) * (right - left)

    tick_labels = [format_number(t, tick_decimals(ticks)) for t in ticks]
    for tick, label in zip(ticks, tick_labels, strict=True):
        svg.line(x_of(tick), plot_top, x_of(tick), plot_bottom, stroke=GRID)
        svg.text(x_of(tick), plot_bottom + 14, label, size=10, anchor="middle", fill=MUTED)
    zero = x_of(0)
    for i, (lines, value, label) in enumerate(zip(names, values, value_labels, strict=True)):
        middle = plot_top + (i + 0.5) * row
        first = middle + 3.5 - 6 * (len(lines) - 1)
        for j, line in enumerate(lines):
            svg.text(PAD + label_width, first + 12 * j, line, size=10, anchor="end")
        if value is None:
            svg.text(zero + 4, middle + 3.5, MISSING, size=9, fill=MUTED)
            continue
        end = x_of(value)
        svg.rect(min(zero, end), middle - row * 0.32, abs(end - zero), row * 0.64, PALETTE[0])
        if value >= 0:
            svg.text(end + 4, middle + 3.5, label, size=9)
        else:
            svg.text(end - 4, middle + 3.5, label, size=9, anchor="end")
    svg.line(zero, plot_top, zero, plot_bottom)
    return plot_bottom + 20


def line_chart(
    periods: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    unit: str = "",
    source: str = "",
) -> str:
    """One line per series over the periods; a missing value (None) breaks its line."""
    if not series:
        raise ValueError("a line chart needs at least one series")
    for one in series:
        _check_lengths(periods, one.values)
    present = [v for one in series for v in _present(one.values)]
    if not present:
        raise ValueError("a line chart needs at least one value")
    ticks = nice_ticks(min(present), max(present))
    svg = _Svg()
    y = _header(svg, title, unit)
    if len(series) > 1:
        y = _legend(svg, [one.name for one in series], y)
    tick_labels = [format_number(t, tick_decimals(ticks)) for t in ticks]
    left = PAD + max(text_width(label, 10) for label in tick_labels) + 8
    right = WIDTH - PAD - 10
    plot_top, plot_height = y + 10, 220.0
    plot_bottom = plot_top + plot_height

    def y_of(value: float) -> float:
        return plot_bottom - (value - ticks[0]) / (ticks[-1] - ticks[0]) * plot_height

    def x_of(index: int) -> float:
        return (left + right) / 2 if len(periods) == 1 else left + index * (right - left) / (len(periods) - 1)

    for tick, label in zip(ticks, tick_labels, strict=True):
        svg.line(left, y_of(tick), right, y_of(tick), stroke=GRID)
        svg.text(left - 6, y_of(tick) + 3.5, label, size=10, anchor="end", fill=MUTED)
    svg.line(left, plot_bottom, right, plot_bottom)
    spacing = (right - left) / max(len(periods) - 1, 1)
    every = max(1, math.ceil((max(text_width(p, 10) for p in periods) + 8) / spacing))
    for i, period in enumerate(periods):
        if i % every == 0:
            svg.line(x_of(i), plot_bottom, x_of(i), plot_bottom + 4)
            svg.text(x_of(i), plot_bottom + 16, period, size=10, anchor="middle")
    for number, one in enumerate(series):
        color = PALETTE[number % len(PALETTE)]
        run: list[tuple[float, float]] = []
        for i, value in enumerate([*one.values, None]):
            if value is not None:
                run.append((x_of(i), y_of(value)))
            elif run:
                if len(run) > 1:
                    svg.polyline(run, color)
                run = []
        if len(periods) <= 40:
            for i, value in enumerate(one.values):
                if value is not None:
                    svg.circle(x_of(i), y_of(value), 3, color)
    decimals = decimals_needed(present)
    description = " | ".join(
        _describe(one.name, "", list(zip(periods, one.values, strict=True)), decimals) for one in series
    )
    height = _footer(svg, source, plot_bottom + 22)
    return svg.document(height, title, f"Grafik garis{f' ({unit})' if unit else ''}. {description}")


def _legend(svg: _Svg, names: Sequence[str], y: float) -> float:
    """Colour swatches with names, flowing left to right; returns the y below."""
    x: float = PAD
    y += 14
    for number, name in enumerate(names):
        label = _truncate(name, WIDTH / 2, 10)
        width = 16 + text_width(label, 10) + 14
        if x + width > WIDTH - PAD and x > PAD:
            x, y = PAD, y + 16
        svg.rect(x, y - 9, 10, 10, PALETTE[number % len(PALETTE)])
        svg.text(x + 14, y, label, size=10)
        x += width
    return y + 4


def share_chart(
    categories: Sequence[str],
    values: Sequence[Number],
    *,
    title: str,
    unit: str = "",
    source: str = "",
) -> str:
    """Each category's share of the total as one 100% bar, with a legend of shares and values.
    (A bar rather than a pie: shares are compared along one line, and the legend carries the numbers.)"""
    _check_lengths(categories, values)
    if any(v is None or v < 0 for v in values):
        raise ValueError("a share chart needs a value, zero or more, for every category")
    total = sum(values)
    if total <= 0:
        raise ValueError("a share chart needs a total above zero")
    shares = [v / total * 100 for v in values]
    decimals = decimals_needed(values)
    svg = _Svg()
    y = _header(svg, title, unit) + 6
    left, right = PAD, WIDTH - PAD
    x: float = left
    for number, share in enumerate(shares):
        width = share / 100 * (right - left)
        svg.rect(x, y, width, 36, PALETTE[number % len(PALETTE)])
        label = f"{format_number(share, 1)}%"
        if text_width(label, 10) + 6 <= width:
            svg.text(x + width / 2, y + 22, label, size=10, anchor="middle", bold=True, fill="#ffffff")
        x += width
    y += 36 + 8
    for number, (name, value, share) in enumerate(zip(categories, values, shares, strict=True)):
        y += 16
        svg.rect(PAD, y - 9, 10, 10, PALETTE[number % len(PALETTE)])
        numbers = f"{format_number(share, 1)}%"
        if unit.lower() not in ("persen", "%"):  # the values themselves, unless they already are shares
            numbers += f" ({format_number(value, decimals)}{f' {unit}' if unit else ''})"
        svg.text(PAD + 14, y, _truncate(name, WIDTH * 0.6, 10), size=10)
        svg.text(WIDTH - PAD, y, numbers, size=10, anchor="end")
    height = _footer(svg, source, y + 6)
    pairs = [(name, share) for name, share in zip(categories, shares, strict=True)]
    return svg.document(height, title, _describe("Grafik komposisi", "persen", pairs, 1))


def data_uri(svg: str) -> str:
    """For ``<img src>``: WeasyPrint 70 draws SVG images with their text as text."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


# PNG for DOCX -----------------------------------------------------------------------------------

_SVG_NS = "{http://www.w3.org/2000/svg}"
_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}
_ROTATE = re.compile(r"rotate\(\s*(-?[\d.]+)")
FontType = ImageFont.FreeTypeFont | ImageFont.ImageFont


@functools.lru_cache(maxsize=64)
def _font(size: float, bold: bool) -> FontType:
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf", size)
    except OSError:  # no DejaVu on this machine: Pillow's own face
        return ImageFont.load_default(size)


def svg_to_png(svg: str, *, scale: float = 2.0) -> bytes:
    """Paint a chart of this module as PNG, ``scale`` pixels per SVG unit. Raises ValueError on any
    element these charts do not write (the caller then shows something else)."""
    root = ET.fromstring(svg)
    width, height = float(root.attrib["width"]), float(root.attrib["height"])
    k = scale * 2  # drawn at twice the size, then reduced: smooth edges without an anti-aliasing API
    image = Image.new("RGB", (round(width * k), round(height * k)), "#ffffff")
    draw = ImageDraw.Draw(image)
    for element in root:
        tag = element.tag.removeprefix(_SVG_NS)
        a = element.attrib

        def num(name: str, attrs: dict[str, str] = a) -> float:
            return float(attrs[name]) * k

        if tag in ("title", "desc"):
            continue
        if tag == "rect":
            x, y = num("x"), num("y")
            if num("width") > 0 and num("height") > 0:
                draw.rectangle((x, y, x + num("width"), y + num("height")), fill=a["fill"])
        elif tag == "line":
            draw.line((num("x1"), num("y1"), num("x2"), num("y2")), fill=a["stroke"], width=round(num("stroke-width")))
        elif tag == "polyline":
            points = [(float(x) * k, float(y) * k) for x, y in (p.split(",") for p in a["points"].split())]
            draw.line(points, fill=a["stroke"], width=round(num("stroke-width")), joint="curve")
        elif tag == "circle":
            cx, cy, r = num("cx"), num("cy"), num("r")
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=a["fill"])
        elif tag == "text":
            _paint_text(image, draw, element, k)
        else:
            raise ValueError(f"svg_to_png does not draw <{tag}>")
    image = image.resize((round(width * scale), round(height * scale)), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(96 * scale, 96 * scale))
    return buffer.getvalue()


def _paint_text(image: Image.Image, draw: ImageDraw.ImageDraw, element: ET.Element, k: float) -> None:
    a = element.attrib
    text = element.text or ""
    font = _font(float(a["font-size"]) * k, a.get("font-weight") == "bold")
    anchor = _ANCHORS[a.get("text-anchor", "start")]
    x, y = float(a["x"]) * k, float(a["y"]) * k
    fill = ImageColor.getrgb(a.get("fill", INK))
    angle = _ROTATE.match(a.get("transform", ""))
    if not angle:
        draw.text((x, y), text, font=font, fill=fill, anchor=anchor)
        return
    # Rotated: write on a transparent tile around the anchor, turn the tile, paste it back on the anchor.
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font, anchor=anchor)
    reach = math.ceil(math.hypot(max(abs(left), abs(right)), max(abs(top), abs(bottom)))) + 2
    tile = Image.new("RGBA", (2 * reach, 2 * reach), (0, 0, 0, 0))
    ImageDraw.Draw(tile).text((reach, reach), text, font=font, fill=(*fill[:3], 255), anchor=anchor)
    tile = tile.rotate(-float(angle.group(1)), resample=Image.Resampling.BICUBIC)  # SVG turns clockwise
    image.paste(tile, (round(x) - reach, round(y) - reach), tile)
