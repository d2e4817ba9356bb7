#!/usr/bin/python3
"""Render MNIST-like digits (white on black, 32x32, uint8) from the fonts of Debian packages.

Usage (Debian's python with PIL and numpy):

    /usr/bin/python3 scripts/data/render_digits.py --count 50000 --seed 0 --out .data/digits-50k.npz

Writes --out as .npz (compressed: `images`, uint8 [N,32,32], and `labels`, uint8 [N], the digit
0..9 each image shows, for class-conditional training) or .npy (images only), and next to it
<out stem>-sheet.png: the first 100 digits as a 10x10 contact sheet, scaled 3x, for a person
to look at. The labels cost no randomness: the same --seed gives the same images as before.

Each digit: a random font from the Latin text families of fonts-dejavu-core,
fonts-freefont-ttf, fonts-liberation, fonts-noto-core and fonts-urw-base35 (fonts whose digits
are missing or drawn as .notdef boxes are dropped at start-up), a random stroke width (fattens
the glyph, as MNIST's pen strokes are thick), a rotation in +-15 degrees, a small shear and
aspect change, a size that puts the longer side at 16..22 px (MNIST fits its digits in 20x20),
centred by centre of mass as MNIST does, plus a random offset of up to 2 px, and sometimes a
slight blur. The same --seed gives the same bytes.
"""
import argparse
import os
import re
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

sys.dont_write_bytecode = True

SIZE = 32
FONT_ROOT = "/usr/share/fonts"
# Latin text families only; the many Noto script fonts and the symbol fonts are skipped by name,
# then every remaining font must draw ten distinct, non-empty digits.
FAMILIES = re.compile(
    r"^(DejaVu(Sans|Serif)|Free(Sans|Serif|Mono)|Liberation|NotoSans-|NotoSerif-|NotoSansDisplay-|"
    r"NotoSerifDisplay-|C059-|NimbusMonoPS-|NimbusRoman-|NimbusSans|P052-|URWBookman-|URWGothic-|Z003-)"
)
RENDER_PX = 64  # glyphs are drawn large, then transformed and shrunk once (clean anti-aliasing)


def fail(msg):
    print(f"render_digits: error: {msg}", file=sys.stderr)
    sys.exit(2)


def find_fonts(root):
    paths = []
    for d, _, files in os.walk(root):
        for f in files:
            if f.lower().endswith((".ttf", ".otf")) and FAMILIES.match(f) and "ExtraLight" not in f:
                paths.append(os.path.join(d, f))
    return sorted(paths, key=os.path.basename)


def glyph(font, ch, stroke=0):
    """The character drawn white on black, cropped to its ink; None when nothing is drawn."""
    pad = 8 + stroke
    l, t, r, b = font.getbbox(ch, stroke_width=stroke)
    img = Image.new("L", (r - l + 2 * pad, b - t + 2 * pad), 0)
    ImageDraw.Draw(img).text((pad - l, pad - t), ch, fill=255, font=font, stroke_width=stroke, stroke_fill=255)
    box = img.getbbox()
    return img.crop(box) if box else None


def usable(font):
    """Ten distinct non-empty digits, none identical to the .notdef glyph of a private-use code."""
    seen = set()
    notdef = glyph(font, "\ue000")
    notdef = notdef.tobytes() if notdef else None
    for ch in "0123456789":
        g = glyph(font, ch)
        if g is None or g.size[0] < 2 or g.size[1] < 8:
            return False
        key = (g.size, g.tobytes())
        if key in seen or g.tobytes() == notdef:
            return False
        seen.add(key)
    return True


def place(ink, rng):
    """Paste a small glyph into SIZE x SIZE with its centre of mass at the centre +- 2 px."""
    a = np.asarray(ink, dtype=np.float64)
    h, w = a.shape
    total = a.sum()
    cy = (a.sum(axis=1) * np.arange(h)).sum() / total
    cx = (a.sum(axis=0) * np.arange(w)).sum() / total
    dy, dx = rng.uniform(-2, 2, size=2)
    top = int(round(SIZE / 2 - 0.5 - cy + dy))
    left = int(round(SIZE / 2 - 0.5 - cx + dx))
    # Keep the whole glyph inside the frame (a 1 px margin), even after the offset.
    top = min(max(top, 1), SIZE - 1 - h)
    left = min(max(left, 1), SIZE - 1 - w)
    out = Image.new("L", (SIZE, SIZE), 0)
    out.paste(ink, (left, top))
    return out


def render_one(fonts, rng):
    """(uint8 [32,32] image, the digit 0..9 it shows)."""
    label = int(rng.integers(10))
    digit = str(label)
    path = fonts[rng.integers(len(fonts))]
    font = ImageFont.truetype(path, RENDER_PX)
    # MNIST's pen strokes are thick: fatten regular faces by 0..4 px at 64 px, bold ones by at most
    # 2 (more closes their counters into blobs).
    stroke = int(rng.choice([0, 1, 1, 2, 2, 3, 3, 4]))
    if re.search(r"Bold|Demi|Black", os.path.basename(path)):
        stroke = min(stroke, 2)
    g = glyph(font, digit, stroke)
    angle = rng.uniform(-15, 15)
    shear = rng.uniform(-0.15, 0.15)
    w, h = g.size
    # Shear as an affine map about the glyph's centre (room added so nothing is cut).
    room = int(abs(shear) * h) + 4
    canvas = Image.new("L", (w + 2 * room, h + 2 * room), 0)
    canvas.paste(g, (room, room))
    cw, ch = canvas.size
    canvas = canvas.transform((cw, ch), Image.Transform.AFFINE, (1, shear, -shear * ch / 2, 0, 1, 0),
                              resample=Image.Resampling.BICUBIC)
    canvas = canvas.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    canvas = canvas.crop(canvas.getbbox())
    # Longer side 16..22 px; width also scaled by 0.8..1.15 (narrow and wide hands).
    target = rng.uniform(16, 22)
    aspect = rng.uniform(0.8, 1.15)
    w, h = canvas.size
    s = target / max(h, w * aspect)
    nw, nh = max(1, round(w * s * aspect)), max(1, round(h * s))
    nw, nh = min(nw, SIZE - 4), min(nh, SIZE - 4)
    small = canvas.resize((nw, nh), Image.Resampling.LANCZOS)
    img = place(small, rng)
    if rng.random() < 0.3:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.7)))
    a = np.asarray(img, dtype=np.float32)
    # Strokes as bright as MNIST's: the brightest 1% of ink saturates at 255.
    peak = np.percentile(a[a > 0], 99) if (a > 0).any() else 255.0
    return np.clip(a * (255.0 / max(peak, 1.0)), 0, 255).round().astype(np.uint8), label


def contact_sheet(images, path, scale=3):
    n = min(100, len(images))
    cols = 10
    rows = (n + cols - 1) // cols
    sheet = np.zeros((rows * (SIZE + 2), cols * (SIZE + 2)), dtype=np.uint8) + 64
    for i in range(n):
        r, c = divmod(i, cols)
        sheet[r * (SIZE + 2) + 1:r * (SIZE + 2) + 1 + SIZE, c * (SIZE + 2) + 1:c * (SIZE + 2) + 1 + SIZE] = images[i]
    img = Image.fromarray(sheet)
    img = img.resize((img.width * scale, img.height * scale), Image.Resampling.NEAREST)
    img.save(path)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--count", type=int, default=50000, help="number of digits (default 50000)")
    p.add_argument("--seed", type=int, default=0, help="RNG seed (default 0)")
    p.add_argument("--out", required=True, help="output .npz (compressed) or .npy")
    p.add_argument("--fonts", default=FONT_ROOT, help=f"font folder (default {FONT_ROOT})")
    a = p.parse_args()
    if a.count < 1:
        fail(f"--count: must be at least 1, got {a.count}")
    if not a.out.endswith((".npz", ".npy")):
        fail(f"--out: {a.out}: must end in .npz or .npy")
    fonts = [f for f in find_fonts(a.fonts) if usable(ImageFont.truetype(f, RENDER_PX))]
    if not fonts:
        fail(f"--fonts: {a.fonts}: no usable Latin fonts (install fonts-dejavu-core fonts-liberation ...)")
    print(f"{len(fonts)} fonts: {', '.join(os.path.splitext(os.path.basename(f))[0] for f in fonts)}")

    rng = np.random.default_rng(a.seed)
    images = np.empty((a.count, SIZE, SIZE), dtype=np.uint8)
    labels = np.empty((a.count,), dtype=np.uint8)
    for i in range(a.count):
        images[i], labels[i] = render_one(fonts, rng)
        if (i + 1) % 5000 == 0:
            print(f"  {i + 1}/{a.count}", flush=True)

    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    tmp = a.out + ".tmp" + os.path.splitext(a.out)[1]
    if a.out.endswith(".npz"):
        np.savez_compressed(tmp, images=images, labels=labels)
    else:
        np.save(tmp, images)
    os.replace(tmp, a.out)
    sheet = os.path.splitext(a.out)[0] + "-sheet.png"
    contact_sheet(images, sheet)
    print(f"wrote {a.out} ({os.path.getsize(a.out)} bytes, uint8 {list(images.shape)}), mean {images.mean():.1f}, "
          f"labels per digit {np.bincount(labels, minlength=10).tolist()}; "
          f"sheet {sheet}")


if __name__ == "__main__":
    main()
