#!/usr/bin/env bash
# Writes a small tagged music library of synthesised tones (no recorded music, nothing to license):
# MP3 at 128 kbps (lame) and Ogg Vorbis (oggenc), with title, artist, album, genre and track tags,
# plus one file without tags, for the demo (./cic serve --music-dir DIR) and the streaming benchmark.
#
#   bench/scripts/make-music-library.sh DIR [SECONDS_PER_TRACK]      (default: 30 s)
#
# Needs the Debian packages sox, lame and vorbis-tools.
set -euo pipefail

DIR="${1:?usage: make-music-library.sh DIR [SECONDS_PER_TRACK]}"
SECS="${2:-30}"
for tool in sox lame oggenc; do
  command -v "$tool" >/dev/null 2>&1 || { echo "make-music-library: $tool not found: apt-get install -y sox lame vorbis-tools" >&2; exit 1; }
done
[[ "$SECS" =~ ^[0-9]+$ && "$SECS" -ge 1 ]] || { echo "make-music-library: SECONDS_PER_TRACK must be a whole number >= 1" >&2; exit 1; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# artist|album|genre|track|title|frequency|format
TRACKS=(
  "The Sine Waves|Pure Tones|Jazz|1|Blue Hertz|220|mp3"
  "The Sine Waves|Pure Tones|Jazz|2|Four Forty|440|mp3"
  "The Sine Waves|Pure Tones|Jazz|3|Concert Pitch Blues|466|mp3"
  "The Sine Waves|Pure Tones|Jazz|4|Late Night Oscillator|523|ogg"
  "Nyquist and the Samplers|Aliasing|Rock|1|Fold Back|330|mp3"
  "Nyquist and the Samplers|Aliasing|Rock|2|Half the Rate|392|mp3"
  "Nyquist and the Samplers|Aliasing|Rock|3|Zero Crossing|294|ogg"
  "Fourier Quartet|Harmonic Series|Classical|1|Fundamental|262|mp3"
  "Fourier Quartet|Harmonic Series|Classical|2|Second Partial|524|mp3"
  "Fourier Quartet|Harmonic Series|Classical|3|Overtone Suite|786|ogg"
)

mkdir -p "$DIR"
for t in "${TRACKS[@]}"; do
  IFS='|' read -r artist album genre no title hz format <<<"$t"
  folder="$DIR/$artist/$album"
  mkdir -p "$folder"
  wav="$TMP/tone.wav"
  sox -q -n -r 44100 -c 2 -b 16 "$wav" synth "$SECS" sine "$hz" tremolo 3 30 fade 0.2 "$SECS" 0.5
  out="$folder/$(printf '%02d' "$no") $title.$format"
  if [[ $format == mp3 ]]; then
    lame --quiet -b 128 --add-id3v2 --tt "$title" --ta "$artist" --tl "$album" --tg "$genre" --tn "$no" "$wav" "$out"
  else
    oggenc -Q -q 3 -t "$title" -a "$artist" -l "$album" -G "$genre" -N "$no" -o "$out" "$wav"
  fi
done
# A file without tags: the library indexes it by its name ("Artist - Title").
sox -q -n -r 44100 -c 2 -b 16 "$TMP/untagged.wav" synth "$SECS" sine 349 fade 0.2 "$SECS" 0.5
lame --quiet -b 128 "$TMP/untagged.wav" "$DIR/Anonymous Generator - Untitled Tone.mp3"

echo "make-music-library: $(find "$DIR" -type f \( -name '*.mp3' -o -name '*.ogg' \) | wc -l) files in $DIR" >&2
