#!/usr/bin/env bash
# Makes the demo world's three short lesson videos (slides with captions, 480x270, H.264 baseline
# for old phones, no sound) and a poster frame for each, into src/server/demo/media/. The results
# are committed (about 30 KB each), so neither setup nor the tests need ffmpeg; run this again only
# to change them. Needs Debian's ffmpeg and fonts-dejavu.
set -euo pipefail
cd "$(dirname "$0")/../src/server/demo/media"
font=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
bold=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf

# make NAME TITLE "CAPTION 1" "CAPTION 2" "CAPTION 3" "CAPTION 4": four six-second scenes, one
# highlighted box per scene after the first.
make() {
  local name=$1 title=$2
  shift 2
  local boxes="drawbox=x=150:y=60:w=180:h=120:color=0x333333:t=fill"
  local colours=(0x2fbf4f 0xf2c14e 0xd8362b)
  for i in 0 1 2; do
    local x=$((175 + i * 50))
    boxes+=",drawbox=x=$x:y=105:w=30:h=30:color=${colours[$i]}@0.25:t=fill"
    boxes+=",drawbox=x=$x:y=105:w=30:h=30:color=${colours[$i]}:t=fill:enable='between(t,$((6 + i * 6)),$((12 + i * 6)))'"
  done
  local text="drawtext=fontfile=$bold:text='$title':x=(w-tw)/2:y=20:fontsize=22:fontcolor=white"
  local i=0
  for caption in "$@"; do
    text+=",drawtext=fontfile=$font:text='$caption':x=(w-tw)/2:y=210:fontsize=17:fontcolor=white:enable='between(t,$((i * 6)),$((i * 6 + 6)))'"
    i=$((i + 1))
  done
  ffmpeg -y -loglevel error -f lavfi -i "color=c=0x1f5130:s=480x270:r=12:d=24" -vf "$boxes,$text" \
    -c:v libx264 -profile:v baseline -level 3.0 -pix_fmt yuv420p -crf 32 -movflags +faststart -an "$name.mp4"
  ffmpeg -y -loglevel error -ss 7 -i "$name.mp4" -frames:v 1 -q:v 6 "$name.jpg"
}

make charge-controller-lights "Reading the lights" \
  "Switch nothing yet. Look first." "Green\: the panel is charging." "Yellow\: half full. Use less tonight." "Red\: low or overload. Loads off."
make hermetic-storage "Storing grain safely" \
  "Dry grain snaps between the teeth." "Step 1\: fill the inner bag full." "Step 2\: press the air out, tie it." "Step 3\: off the floor, away from walls."
make cash-book "A simple cash book" \
  "One line for every sale or payment." "Column 1\: money in." "Column 2\: money out." "At closing\: count the cash."
ls -l ./*.mp4 ./*.jpg
