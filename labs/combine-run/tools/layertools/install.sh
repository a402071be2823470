#!/bin/sh
# layertools offline installer.
# Like apk or apt-get, it first fills a download cache (the package index and the packages,
# about 3 MB), then installs from it. The cache is only needed while installing:
# delete /var/cache/layertools in the same RUN, or its bytes stay in your image for good.
set -e
src=$(cd "$(dirname "$0")" && pwd)
cache=/var/cache/layertools
mkdir -p "$cache/packages" /usr/local/bin

echo "layertools: fetching the package index into $cache"
yes "layertools-index 1.0 lt-hello lt-sum sha256:0f4c8a5e3b7d9e1f2a6c4b8d0e2f4a6c8b0d2e4f6a8c0e2b" | head -c 1048576 > "$cache/APKINDEX"
for p in lt-hello lt-sum; do
  echo "layertools: fetching $p.pkg"
  { cat "$src/bin/$p"; yes "# $p payload: manual pages, locales and debug symbols nobody needs at run time" | head -c 1048576; } > "$cache/packages/$p.pkg"
done

for p in lt-hello lt-sum; do
  echo "layertools: installing $p"
  ln -sf "$src/bin/$p" "/usr/local/bin/$p"
done
echo "layertools: done (the download cache in $cache can go now)"
