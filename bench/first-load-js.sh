#!/usr/bin/env bash
# From the shared project tools (tools/first-load-js.sh), copied unchanged below this header: the
# agreed measure of the marketplace's JavaScript budget.
# Prints the gzip bytes of the JavaScript that a page's HTML loads before any interaction.
# usage: first-load-js.sh URL
url="$1"; origin=$(printf '%s' "$url" | sed -E 's#(https?://[^/]+).*#\1#')
tot=0
for s in $(curl -fsS "$url" | grep -oE '<script[^>]*src="[^"]+"' | sed -E 's/.*src="([^"]+)"/\1/' | sort -u); do
  case "$s" in http*) u="$s";; *) u="$origin$s";; esac
  b=$(curl -fsS "$u" | gzip -9 -c | wc -c); tot=$((tot + b))
done
echo "$tot"
