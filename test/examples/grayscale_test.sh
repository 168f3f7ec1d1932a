#!/usr/bin/env bash
# grayscale under `wisp run` must produce exactly what the same Rust program
# built natively produces, for a JPEG, a PNG and a GIF generated here.
# Usage: grayscale_test.sh WISP GRAYSCALE_WASM GRAYSCALE_NATIVE
set -euo pipefail
wisp=$1 wasm=$2 native=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A photo-like input: a gradient with noise, so the encoders see real detail.
convert -size 320x200 gradient:tomato-steelblue -attenuate 0.6 +noise Gaussian -seed 7 "$work/src.png"
convert "$work/src.png" -quality 85 "$work/photo.jpg"
convert "$work/src.png" "$work/photo.png"
convert "$work/src.png" -colors 64 "$work/photo.gif"

for img in photo.jpg photo.png photo.gif; do
  "$native" < "$work/$img" > "$work/$img.ref"
  "$wisp" run "$wasm" < "$work/$img" > "$work/$img.out"
  if ! cmp -s "$work/$img.ref" "$work/$img.out"; then
    echo "FAIL $img: wisp output differs from the native reference ($(stat -c%s "$work/$img.out") vs $(stat -c%s "$work/$img.ref") bytes)"
    exit 1
  fi
  format=$(identify -format '%m %[colorspace]' "$work/$img.out")
  echo "ok $img -> $format, $(stat -c%s "$work/$img.out") bytes"
done

# GIF stays GIF; everything else becomes PNG; the output really is gray.
[ "$(identify -format '%m' "$work/photo.gif.out" | head -c3)" = GIF ] || { echo "FAIL gif output is not GIF"; exit 1; }
[ "$(identify -format '%m' "$work/photo.jpg.out")" = PNG ] || { echo "FAIL jpeg output is not PNG"; exit 1; }
colors=$(convert "$work/photo.png.out" -colorspace sRGB -format '%[fx:maxima.r-minima.r>0 && abs(mean.r-mean.g)<0.001 && abs(mean.g-mean.b)<0.001]' info:)
[ "$colors" = 1 ] || { echo "FAIL png output is not grayscale"; exit 1; }

# A non-image is refused with a message and a non-zero exit, not a trap.
if echo "not an image" | "$wisp" run "$wasm" > "$work/bad.out" 2> "$work/bad.err"; then
  echo "FAIL garbage input accepted"; exit 1
fi
grep -q "unrecognised image" "$work/bad.err" || { echo "FAIL no message for garbage input"; cat "$work/bad.err"; exit 1; }
echo "grayscale: all formats match the native reference"
