#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Draws the app icons of the Teams app package from code, so they can be rebuilt and reviewed:
 *   appPackage/color.png    192x192, white plug on the accent colour (the full-colour icon)
 *   appPackage/outline.png   32x32, white plug on transparent (the outline icon: white and
 *                            fully transparent pixels only, as Teams requires)
 *
 * Usage: node scripts/make-icons.js [--out <dir>]     (default: appPackage/)
 */
const fs = require('node:fs');
const path = require('node:path');
const { PNG } = require('pngjs');

/** Must match "accentColor" in appPackage/manifest.json (a test checks it). */
const ACCENT = '#0F6CBD';
const COLOR_SIZE = 192;
const OUTLINE_SIZE = 32;
/** Sub-pixel samples per axis (coverage estimate for anti-aliasing and for the outline threshold). */
const SAMPLES = 4;

/**
 * The glyph, a power plug (the connector), in unit coordinates: x to the right, y downwards, both 0..1.
 * @param {number} x
 * @param {number} y
 * @returns {boolean}
 */
function insidePlug(x, y) {
  // Coordinates are multiples of 1/32 so that the 32x32 outline icon has crisp edges.
  const u = 1 / 32;
  const inRect = (
    /** @type {number} */ x0,
    /** @type {number} */ x1,
    /** @type {number} */ y0,
    /** @type {number} */ y1,
  ) => x >= x0 * u && x <= x1 * u && y >= y0 * u && y <= y1 * u;
  // Two prongs.
  if (inRect(11, 14, 4, 11) || inRect(18, 21, 4, 11)) return true;
  // The head: a rounded rectangle.
  const r = 1.5 * u;
  const [hx0, hx1, hy0, hy1] = [8 * u, 24 * u, 10 * u, 18 * u];
  if (x >= hx0 && x <= hx1 && y >= hy0 && y <= hy1) {
    const cx = Math.min(Math.max(x, hx0 + r), hx1 - r);
    const cy = Math.min(Math.max(y, hy0 + r), hy1 - r);
    if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) return true;
  }
  // The neck: a trapezoid narrowing from the head to the cable.
  if (y >= hy1 && y <= 22 * u) {
    const t = (y - hy1) / (22 * u - hy1);
    const half = (8 + (2 - 8) * t) * u;
    if (Math.abs(x - 0.5) <= half) return true;
  }
  // The cable.
  return inRect(14, 18, 22, 28);
}

/**
 * Fraction of the pixel (px, py) of a size x size image covered by the glyph.
 * @param {number} px
 * @param {number} py
 * @param {number} size
 */
function coverage(px, py, size) {
  let hits = 0;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      if (insidePlug((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size)) hits++;
    }
  }
  return hits / (SAMPLES * SAMPLES);
}

/** @param {string} hex */
function rgb(hex) {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
}

/** The 192x192 colour icon: opaque accent background, anti-aliased white glyph. */
function renderColor() {
  const png = new PNG({ width: COLOR_SIZE, height: COLOR_SIZE, colorType: 6 });
  const [br, bg, bb] = rgb(ACCENT);
  for (let y = 0; y < COLOR_SIZE; y++) {
    for (let x = 0; x < COLOR_SIZE; x++) {
      const c = coverage(x, y, COLOR_SIZE);
      const i = (y * COLOR_SIZE + x) * 4;
      png.data[i] = Math.round(br + (255 - br) * c);
      png.data[i + 1] = Math.round(bg + (255 - bg) * c);
      png.data[i + 2] = Math.round(bb + (255 - bb) * c);
      png.data[i + 3] = 255;
    }
  }
  return png;
}

/** The 32x32 outline icon: every pixel is either opaque white or fully transparent. */
function renderOutline() {
  const png = new PNG({ width: OUTLINE_SIZE, height: OUTLINE_SIZE, colorType: 6 });
  for (let y = 0; y < OUTLINE_SIZE; y++) {
    for (let x = 0; x < OUTLINE_SIZE; x++) {
      const on = coverage(x, y, OUTLINE_SIZE) >= 0.5;
      const i = (y * OUTLINE_SIZE + x) * 4;
      png.data[i] = on ? 255 : 0;
      png.data[i + 1] = on ? 255 : 0;
      png.data[i + 2] = on ? 255 : 0;
      png.data[i + 3] = on ? 255 : 0;
    }
  }
  return png;
}

/** Both icons, decoded (RGBA pixel data in `.data`). */
function renderIcons() {
  return { color: renderColor(), outline: renderOutline() };
}

/** @param {string[]} argv */
function main(argv) {
  const outIndex = argv.indexOf('--out');
  const outDir = path.resolve(
    outIndex >= 0 && argv[outIndex + 1] ? argv[outIndex + 1] : path.join(__dirname, '..', 'appPackage'),
  );
  fs.mkdirSync(outDir, { recursive: true });
  const { color, outline } = renderIcons();
  fs.writeFileSync(path.join(outDir, 'color.png'), PNG.sync.write(color, { colorType: 6 }));
  fs.writeFileSync(path.join(outDir, 'outline.png'), PNG.sync.write(outline, { colorType: 6 }));
  process.stdout.write(
    `Wrote ${path.join(outDir, 'color.png')} (${COLOR_SIZE}x${COLOR_SIZE}) and ${path.join(outDir, 'outline.png')} (${OUTLINE_SIZE}x${OUTLINE_SIZE}).\n`,
  );
}

module.exports = { renderIcons, insidePlug, ACCENT, COLOR_SIZE, OUTLINE_SIZE };

if (require.main === module) main(process.argv.slice(2));
