# Sourced by the ember-* launchers beside it: the bundled Java, Ember's JVM flags and the CUDA library folders.
# More JVM options: EMBER_JAVA_OPTS, e.g. EMBER_JAVA_OPTS="-Xmx32g -Dember.threads=8".
ember_home=$(cd "$(dirname "$0")/.." && pwd)

# The CUDA library folders come from the list the Java side searches (dev.ember.cuda.LibraryFolders prints those that
# hold cuBLAS, cuDNN or nvrtc: EMBER_CUDA_LIBRARY_PATH's first, then the active conda or virtual environment, the
# user's and the system's Python wheels, conda, /usr/local/cuda), so the two cannot disagree. Ember opens every
# library it knows of by full path from there; LD_LIBRARY_PATH is for anything those open by name beyond them.
ember_cuda_folders=$("$ember_home/runtime/bin/java" -Xshare:auto -XX:TieredStopAtLevel=1 -cp "$ember_home/lib/*" \
  dev.ember.cuda.LibraryFolders 2>/dev/null | paste -sd: -)
if [ -n "$ember_cuda_folders" ]; then
  LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$ember_cuda_folders"
  export LD_LIBRARY_PATH
fi

# ember_java MAIN-CLASS ARGS...: runs a main class of lib/ with the bundled runtime; never returns.
# java.library.path holds jcuda's driver library, unpacked at assembly: loaded from there, jcuda never copies it into
# java.io.tmpdir, where a noexec /tmp would stop it loading and Ember would fall back to the CPU.
ember_java() {
  # EMBER_JAVA_OPTS is split into words on purpose: one option per word
  # shellcheck disable=SC2086
  exec "$ember_home/runtime/bin/java" -Xss8m --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    "-Djava.library.path=$ember_home/lib/native" ${EMBER_JAVA_OPTS-} -cp "$ember_home/lib/*" "$@"
}
