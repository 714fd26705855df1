# Sourced by ./mvnw: makes JAVA_HOME point at a JDK 25 or newer, so that the build
# works on machines whose default java is older. Order: JAVA_HOME if it is new enough,
# then the JDKs installed under the usual folders, newest first.
ember_java_feature() {
  # prints the feature release (17, 25, ...) of the JDK in folder $1, or nothing
  [ -x "$1/bin/javac" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null
}
ember_find_jdk() {
  if [ -n "${JAVA_HOME-}" ]; then
    v=$(ember_java_feature "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then return 0; fi
  fi
  best=""; best_v=0
  set +f   # the wrapper runs with globbing off
  for d in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$d" ] || continue
    v=$(ember_java_feature "$d")
    if [ -n "$v" ] && [ "$v" -ge 25 ] && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  set -f
  if [ -z "$best" ]; then
    echo "Ember needs JDK 25 or newer: install one (for example Temurin 25 under /usr/lib/jvm) or set JAVA_HOME to it." >&2
    exit 1
  fi
  JAVA_HOME="$best"; export JAVA_HOME
}
ember_find_jdk
