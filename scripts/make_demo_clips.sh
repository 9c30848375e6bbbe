#!/usr/bin/env bash
# Regenerate the demo clips the offline simulator serves (one per aspect ratio).
# Needs ffmpeg with libx264 and the DejaVu fonts; the output is committed under resources/demo.
set -euo pipefail
cd "$(dirname "$0")/.."
font=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
while read -r name w h c0 c1; do
  short=$(( w < h ? w : h )); big=$(( short / 7 )); small=$(( short / 12 ))
  ffmpeg -nostdin -loglevel error -y -f lavfi -i "gradients=s=${w}x${h}:c0=${c0}:c1=${c1}:x0=0:y0=0:x1=${w}:y1=${h}:speed=0.03:rate=12" \
    -f lavfi -i "sine=frequency=330:sample_rate=22050" -t 3 \
    -vf "drawtext=fontfile=${font}:text='ReelDesk':fontcolor=white@0.95:fontsize=${big}:x=(w-text_w)/2:y=h/2-text_h:shadowx=1:shadowy=1,drawtext=fontfile=${font}:text='DEMO':fontcolor=white@0.8:fontsize=${small}:x=(w-text_w)/2:y=h/2+6,drawtext=fontfile=${font}:text='%{eif\:t*12\:d}':fontcolor=white@0.6:fontsize=${small}:x=8:y=h-text_h-6" \
    -c:v libx264 -profile:v baseline -pix_fmt yuv420p -crf 30 -preset veryslow -c:a aac -b:a 32k -ac 1 \
    -movflags +faststart "resources/demo/${name}.mp4"
done <<'LIST'
16x9 320 180 0x1d3557 0xe63946
4x3 240 180 0x264653 0xe9c46a
1x1 240 240 0x3a0ca3 0xf72585
3x4 180 240 0x03045e 0x00b4d8
9x16 180 320 0x2b2d42 0xef233c
2x3 180 270 0x283618 0xdda15e
3x2 270 180 0x370617 0xf48c06
21x9 420 180 0x14213d 0xfca311
LIST
ls -l resources/demo
