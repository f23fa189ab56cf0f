"""What the browser gates measure on a loaded page: overflow, clipping, focus, axe results."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import ConsoleMessage, Page, Request, Response

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_AXE = Axe()

# Elements sticking out sideways past the viewport, partly (wholly off-screen ones are
# deliberate hiding, such as a skip link waiting for focus), as short CSS-like descriptions.
_STICKING_OUT = """
() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const partly = (r.left < -0.5 && r.right > 0) || (r.left < width && r.right > width + 0.5);
    if (!partly) continue;
    const classes = String(el.className).trim().split(/\\s+/).filter(Boolean);
    const name = [el.tagName.toLowerCase(), ...classes].join('.');
    found.push(`${name} [${Math.round(r.left)}..${Math.round(r.right)} of ${width}px]`);
  }
  return {scroll: document.documentElement.scrollWidth - width, elements: found.slice(0, 5)};
}
"""

# Elements that cut their own text off (overflow hidden or clipped, content larger than box).
_CLIPPED = """
() => {
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const s = getComputedStyle(el);
    const cuts = v => v === 'hidden' || v === 'clip';
    const wide = cuts(s.overflowX) && el.scrollWidth > el.clientWidth + 1;
    const tall = cuts(s.overflowY) && el.scrollHeight > el.clientHeight + 1;
    if ((wide || tall) && el.textContent.trim() && el.getClientRects().length
        && el.clientWidth > 1 && el.clientHeight > 1) {
      const text = el.textContent.trim().slice(0, 40);
      found.push(`${el.tagName.toLowerCase()}.${String(el.className)}: "${text}"`);
    }
  }
  return found.slice(0, 5);
}
"""

# Everything a keyboard user can reach with Tab, in document order, each marked with its
# position so the tab walk can tell where focus is.
_TABBABLE = """
() => {
  const selector = 'a[href], area[href], button, input, select, textarea, summary, iframe, '
    + 'audio[controls], video[controls], [contenteditable], [tabindex]';
  const all = [...document.querySelectorAll(selector)].filter(el =>
    el.tabIndex >= 0 && !el.disabled && el.getClientRects().length
    // checkVisibility() also rules out what a closed <details> hides.
    && el.checkVisibility({visibilityProperty: true}));
  all.forEach((el, i) => { el.dataset.gateTab = String(i); });
  const label = el => (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40);
  return all.map(el => ({
    describe: `${el.tagName.toLowerCase()} "${label(el)}"`,
    signature: [el.tagName, el.className, el.parentElement && el.parentElement.className,
                el.closest('header, nav, main, footer, aside')?.tagName].join('|'),
  }));
}
"""

_POSITIVE_TABINDEX = """
() => [...document.querySelectorAll('[tabindex]')].filter(el => el.tabIndex > 0)
  .map(el => el.outerHTML.slice(0, 80))
"""

_FOCUSED = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body || el.dataset.gateTab === undefined) return null;
  const r = el.getBoundingClientRect();
  const rects = [...el.getClientRects()].map(c => [c.width, c.height]);
  return {index: Number(el.dataset.gateTab), left: r.left, top: r.top, right: r.right,
          bottom: r.bottom, rects, inMain: !!el.closest('main'),
          width: innerWidth, height: innerHeight};
}
"""


@dataclass
class Load:
    """What went wrong while a page loaded: console errors, uncaught exceptions, failed fetches."""

    problems: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        """Record the page's errors from now on."""

        def console(message: ConsoleMessage) -> None:
            if message.type == "error":
                self.problems.append(f"console error: {message.text}")

        def failed(request: Request) -> None:
            self.problems.append(f"request failed: {request.url} ({request.failure})")

        def response(answer: Response) -> None:
            if answer.status >= 400:
                self.problems.append(f"HTTP {answer.status}: {answer.url}")

        page.on("console", console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught: {error}"))
        page.on("requestfailed", failed)
        page.on("response", response)


def axe_violations(page: Page, tags: list[str] = WCAG_21_AA) -> list[str]:
    """axe-core's violations on the page as it is now, one line per rule and element."""
    results = _AXE.run(page, options={"runOnly": {"type": "tag", "values": tags}})
    lines = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']}: {target}"
            )
    return lines


def sideways_overflow(page: Page) -> list[str]:
    """Why the page scrolls or is cut off sideways at its current width; empty when it fits."""
    found: dict[str, Any] = page.evaluate(_STICKING_OUT)
    problems = [str(e) for e in found["elements"]]
    if found["scroll"] > 0:
        problems.insert(0, f"scrolls sideways by {found['scroll']}px")
    return problems


# Times of day drawn on more than one line ("2:00 / PM"): each value is one piece of text. A
# time in Arabic is drawn in several boxes on one line (its digits and its letters run in
# opposite directions), so lines are told apart by where their boxes stand.
_BROKEN_TIMES = """
() => [...document.querySelectorAll('time[datetime*="T"], .tt-axis span')]
  .filter(el => el.checkVisibility() && (el.matches('time')
    ? new Set([...el.getClientRects()].map(r => Math.round(r.bottom))).size > 1
    : el.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(el).lineHeight)))
  .map(el => el.closest('[id]')?.id + ': ' + el.textContent.trim())
"""


def broken_times(page: Page) -> list[str]:
    """Times of day broken over two lines, where they are."""
    return [str(line) for line in page.evaluate(_BROKEN_TIMES)]


def clipped_text(page: Page) -> list[str]:
    """Elements that cut off part of their text."""
    return [str(line) for line in page.evaluate(_CLIPPED)]


def tabbable(page: Page) -> list[dict[str, str]]:
    """Mark and list every element Tab can reach, in document order."""
    return list(page.evaluate(_TABBABLE))


def positive_tabindex(page: Page) -> list[str]:
    """Elements that jump the tab order with tabindex > 0."""
    return [str(x) for x in page.evaluate(_POSITIVE_TABINDEX)]


def focused(page: Page) -> dict[str, Any] | None:
    """Where the element with focus is, if it is one that `tabbable` marked."""
    found: dict[str, Any] | None = page.evaluate(_FOCUSED)
    return found


def focus_change(page: Page, box: dict[str, Any]) -> float:
    """How much of the focused element's look changes, with 3:1 contrast, when it loses focus.

    Returns the changed area divided by the element's perimeter, in CSS pixels: WCAG's focus
    appearance asks for at least the area of a 2 px thick perimeter, that is 2.0 or more. The
    element is first scrolled to the middle of the window: Tab may leave it at an edge, where
    part of its ring would be outside the screenshot.
    """
    page.evaluate("() => document.activeElement.scrollIntoView({block: 'center'})")
    box = focused(page) or box
    pad = 8
    left, top = max(0.0, box["left"] - pad), max(0.0, box["top"] - pad)
    clip = {
        "x": left,
        "y": top,
        "width": min(box["width"], box["right"] + pad) - left,
        "height": min(box["height"], box["bottom"] + pad) - top,
    }
    with_focus = _pixels(page.screenshot(clip=clip))
    page.evaluate("() => { window.gateFocus = document.activeElement; gateFocus.blur(); }")
    without = _pixels(page.screenshot(clip=clip))
    page.evaluate("() => gateFocus.focus()")  # the next Tab continues from this element
    changed = sum(1 for a, b in zip(with_focus, without, strict=True) if _contrast(a, b) >= 3.0)
    perimeter = sum(2 * (w + h) for w, h in box["rects"]) or 1.0
    return float(changed / perimeter)


def _pixels(png: bytes) -> list[tuple[int, int, int]]:
    raw = Image.open(io.BytesIO(png)).convert("RGB").tobytes()
    return [(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, len(raw), 3)]


@lru_cache(maxsize=4096)
def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    if a == b:
        return 1.0
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
