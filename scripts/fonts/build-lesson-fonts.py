#!/usr/bin/python3
"""Build the self-hosted lesson fonts in public/fonts/ from Debian's fonts-nanum.

Needs: apt-get install -y fonts-nanum python3-fonttools python3-brotli
Run:   /usr/bin/python3 scripts/fonts/build-lesson-fonts.py

- layerlab-mono.woff2: Nanum Gothic Coding, subset, with the box-drawing and block glyphs
  (U+2500-259F) narrowed to one column (500/1000 em) so that ASCII, box drawing = 1 column and
  Hangul = 2 columns: diagrams drawn for a terminal line up. Their vertical strokes are also
  stretched 0.3 em beyond the em box so they join from line to line at line-height 1.5.
- layerlab-sans-{400,700}.woff2: Nanum Gothic Regular/Bold, subset (Latin, punctuation, Hangul).

The Nanum fonts are OFL-1.1 with Reserved Font Names, so the modified fonts are renamed
("LayerLab Mono", "LayerLab Sans"); see public/fonts/OFL.txt.
"""
import os
import sys
from fontTools.ttLib import TTFont
from fontTools import subset
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.basePen import AbstractPen

SRC = '/usr/share/fonts/truetype/nanum'
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'public', 'fonts')

RANGES = [
    (0x0020, 0x007E), (0x00A0, 0x00FF), (0x2000, 0x206F), (0x20A9, 0x20AC), (0x2100, 0x214F),
    (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2300, 0x23FF), (0x2460, 0x24FF), (0x2500, 0x259F),
    (0x25A0, 0x25FF), (0x2600, 0x26FF), (0x2700, 0x27BF), (0x3000, 0x303F), (0x1100, 0x11FF),
    (0x3130, 0x318F), (0x3200, 0x32FF), (0xA960, 0xA97F), (0xAC00, 0xD7A3), (0xD7B0, 0xD7FF),
    (0xFF00, 0xFFEF),
]
UNICODES = [c for lo, hi in RANGES for c in range(lo, hi + 1)]


def rename(font: TTFont, family: str, style: str) -> None:
    name = font['name']
    full = f'{family} {style}' if style != 'Regular' else family
    ps = f"{family.replace(' ', '')}-{style}"
    for rec in list(name.names):
        if rec.nameID in (1, 2, 3, 4, 6, 16, 17, 18):
            name.removeNames(nameID=rec.nameID)
    for nid, value in ((1, family), (2, style), (3, f'{ps};layerlab'), (4, full), (6, ps)):
        name.setName(value, nid, 3, 1, 0x409)
        name.setName(value, nid, 1, 0, 0)
    desc = ('Modified (subset; box drawing narrowed) from Nanum fonts by NAVER, '
            'SIL Open Font License 1.1. Not the original Nanum font.')
    name.setName(desc, 10, 3, 1, 0x409)


def subset_font(font: TTFont) -> None:
    opts = subset.Options()
    opts.hinting = False
    opts.drop_tables += ['TSI0', 'TSI1', 'TSI2', 'TSI3', 'TSI5', 'kern']
    opts.name_IDs = ['*']
    opts.name_languages = ['*']
    opts.notdef_outline = True
    opts.layout_features = ['*']
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=UNICODES)
    sub.subset(font)


class StretchEdgesPen(AbstractPen):
    """Moves points on the em box's top/bottom edge outwards, so vertical strokes reach the
    neighbouring line at a line-height of up to 1 + 2 * extra / upm."""

    def __init__(self, out, bottom: int, top: int, extra: int):
        self.out, self.bottom, self.top, self.extra = out, bottom, top, extra

    def _map(self, pt):
        x, y = pt
        if y <= self.bottom:
            y -= self.extra
        elif y >= self.top:
            y += self.extra
        return (x, y)

    def moveTo(self, pt):
        self.out.moveTo(self._map(pt))

    def lineTo(self, pt):
        self.out.lineTo(self._map(pt))

    def curveTo(self, *pts):
        self.out.curveTo(*[self._map(p) for p in pts])

    def qCurveTo(self, *pts):
        self.out.qCurveTo(*[p if p is None else self._map(p) for p in pts])

    def closePath(self):
        self.out.closePath()

    def endPath(self):
        self.out.endPath()

    def addComponent(self, name, transform):
        self.out.addComponent(name, transform)


# Vertical box strokes are stretched so they join at the lesson pages' code line-height (1.5):
# half-leading 0.25 em each side; 0.3 em leaves a small overlap.
STRETCH = 300


def narrow_box_drawing(font: TTFont, cell: int) -> int:
    cmap = font.getBestCmap()
    glyf = font['glyf']
    hmtx = font['hmtx']
    done = 0
    seen = set()
    for cp in range(0x2500, 0x25A0):
        gname = cmap.get(cp)
        if gname is None or gname in seen:
            continue
        seen.add(gname)
        adv, _ = hmtx[gname]
        factor = cell / adv
        pen = TTGlyphPen(font.getGlyphSet())
        hhea = font['hhea']
        stretch = StretchEdgesPen(pen, hhea.descent, hhea.ascent, STRETCH) if cp < 0x2580 else pen
        font.getGlyphSet()[gname].draw(TransformPen(stretch, (factor, 0, 0, 1, 0, 0)))
        g = pen.glyph()
        glyf[gname] = g
        g.recalcBounds(glyf)
        hmtx[gname] = (cell, g.xMin if g.numberOfContours else 0)
        done += 1
    return done


def build(src: str, out: str, family: str, style: str, mono: bool) -> None:
    font = TTFont(os.path.join(SRC, src))
    subset_font(font)
    if mono:
        n = narrow_box_drawing(font, 500)
        print(f'{out}: narrowed {n} box-drawing glyphs to 500 units')
    rename(font, family, style)
    font.flavor = 'woff2'
    path = os.path.join(OUT, out)
    font.save(path)
    print(f'{path}: {os.path.getsize(path)} bytes')


if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    build('NanumGothicCoding.ttf', 'layerlab-mono.woff2', 'LayerLab Mono', 'Regular', True)
    build('NanumGothic.ttf', 'layerlab-sans-400.woff2', 'LayerLab Sans', 'Regular', False)
    build('NanumGothicBold.ttf', 'layerlab-sans-700.woff2', 'LayerLab Sans', 'Bold', False)
    sys.exit(0)
