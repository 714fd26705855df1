#!/bin/sh
# Builds the self-contained bundle; ./mvnw -Pdist package runs it after copying the runtime jars to JARS.
#   assemble.sh JDK JARS OUT
# OUT/runtime  a jlink image of JDK with only the modules Ember, JUnit and JMH use
# OUT/lib      the jars of JARS but jcuda's natives jar, whose driver-API library goes to OUT/lib/native unpacked
# OUT/bin, OUT/README.txt from bundle/; then OUT.tar.gz. Fails if OUT is over 60 MB, naming its biggest parts.
set -eu
[ "$#" -eq 3 ] || { echo "usage: assemble.sh JDK JARS OUT" >&2; exit 2; }
jdk=$1 jars=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
limit_mb=60

rm -rf "$out" "$out.tar.gz"
mkdir -p "$out/lib"

# java.logging: Ember's and jcuda's notices; java.management and jdk.unsupported: JMH; jdk.zipfs: JUnit's
# search of a package inside a jar. Not java.desktop (AWT, 19 MB more): History.plot cannot draw in the
# bundle, and the example skips its curves.png.
"$jdk/bin/jlink" --add-modules java.base,jdk.incubator.vector,java.logging,java.management,jdk.unsupported,jdk.zipfs \
  --strip-debug --no-header-files --no-man-pages --compress zip-9 --output "$out/runtime" 2>&1 |
  grep -v 'Using incubator modules' || true
# libjvm.so keeps a 5 MB symbol table that only names JVM frames in crash logs; its exported symbols stay.
if command -v strip >/dev/null; then
  strip --strip-unneeded "$out/runtime/lib/server/libjvm.so"
else
  echo "assemble.sh: no strip command (binutils), so libjvm.so keeps its 5 MB symbol table" >&2
fi

# jcuda's natives jar holds four libraries (26 MB, 24 of them the PTX compiler); the driver API needs only
# libJCudaDriver. It ships unpacked in lib/native, which the launchers put on java.library.path: jcuda's LibUtils
# tries System.loadLibrary first, and only without it copies the library out of the jar into java.io.tmpdir, which
# fails where /tmp is mounted noexec. No natives jar is shipped, so that copy can never happen.
for jar in "$jars"/*.jar; do
  case "$jar" in
    */jcuda-natives-*) natives=$jar ;;
    *) cp "$jar" "$out/lib/" ;;
  esac
done
platform=${natives##*/jcuda-natives-}   # 12.6.0-linux-x86_64.jar
platform=${platform%.jar}
driver=lib/libJCudaDriver-$platform.so
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && "$jdk/bin/jar" xf "$natives" "$driver")
[ -f "$tmp/$driver" ] || { echo "assemble.sh: $natives has no $driver" >&2; exit 1; }
mkdir -p "$out/lib/native"
cp "$tmp/$driver" "$out/lib/native/"

# the dependency plugin only adds to JARS: emptied here, a jar from an earlier build cannot linger in lib/
rm -rf "$jars"
cp -R "$here/bundle/." "$out/"
chmod +x "$out"/bin/ember-*

kib=$(du -sk "$out" | cut -f1)
if [ $((kib * 1024)) -gt $((limit_mb * 1000000)) ]; then
  echo "assemble.sh: the bundle is $((kib / 1024)) MiB, over the limit of $limit_mb MB. Its biggest parts (KiB):" >&2
  (cd "$out" && du -sk runtime lib && find . -type f -exec du -k {} + | sort -rn | head -8) >&2
  exit 1
fi
tar -czf "$out.tar.gz" -C "$(dirname "$out")" "$(basename "$out")"
echo "Ember bundle: $out ($((kib / 1024)) MiB; runtime $(du -sk "$out/runtime" | cut -f1) KiB, lib $(du -sk "$out/lib" | cut -f1) KiB), $out.tar.gz"
