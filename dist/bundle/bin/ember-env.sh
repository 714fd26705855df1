# Sourced by the ember-* launchers beside it: the bundled Java, Ember's JVM flags and the CUDA library folders.
# More JVM options: EMBER_JAVA_OPTS, e.g. EMBER_JAVA_OPTS="-Xmx32g -Dember.threads=8".
ember_home=$(cd "$(dirname "$0")/.." && pwd)

# NVIDIA's pip wheels (the CUDA libraries PyTorch uses) put them in <site-packages>/nvidia/<part>/lib:
# cu13/lib holds cuBLAS, cudnn/lib cuDNN. Also /usr/local/cuda/lib64 when there is one.
ember_cuda_folders() {
  {
    python3 -c 'import site, sysconfig; print(sysconfig.get_paths()["purelib"]); print(*site.getsitepackages(), sep="\n")' 2>/dev/null
    ls -d /usr/local/lib/python3*/dist-packages /usr/local/lib/python3*/site-packages /usr/lib/python3/dist-packages 2>/dev/null
  } | while IFS= read -r site; do
    for lib in "$site"/nvidia/*/lib; do
      if [ -d "$lib" ]; then echo "$lib"; fi
    done
  done
  if [ -d /usr/local/cuda/lib64 ]; then echo /usr/local/cuda/lib64; fi
}

if [ -z "${EMBER_CUDA_LIBRARY_PATH-}" ]; then
  EMBER_CUDA_LIBRARY_PATH=$(ember_cuda_folders | awk '!seen[$0]++' | paste -sd: -)
fi
if [ -n "$EMBER_CUDA_LIBRARY_PATH" ]; then
  export EMBER_CUDA_LIBRARY_PATH
  # libcudnn.so.9 opens its parts (libcudnn_ops.so.9, ...) by name, so their folder must be on the loader's path
  LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$EMBER_CUDA_LIBRARY_PATH"
  export LD_LIBRARY_PATH
fi

# ember_java MAIN-CLASS ARGS...: runs a main class of lib/ with the bundled runtime; never returns
ember_java() {
  # EMBER_JAVA_OPTS is split into words on purpose: one option per word
  # shellcheck disable=SC2086
  exec "$ember_home/runtime/bin/java" -Xss8m --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    ${EMBER_JAVA_OPTS-} -cp "$ember_home/lib/*" "$@"
}
