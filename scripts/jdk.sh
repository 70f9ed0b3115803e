# Sourced by the scripts: exports JAVA_HOME pointing at a JDK >= 25.
# Order: $JAVA_HOME if new enough, else the newest JDK >= 25 under /usr/lib/jvm (or $VECTORPROP_JVM_DIR).

vp_java_major() { # prints the feature version of the java binary $1, or 0
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1 | cut -d. -f1
}

vp_find_jdk() {
  local need=25 best="" best_v=0 v dir
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(vp_java_major "$JAVA_HOME/bin/java"); v=${v:-0}
    if [ "$v" -ge "$need" ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  for dir in "${VECTORPROP_JVM_DIR:-/usr/lib/jvm}"/*; do
    [ -x "$dir/bin/javac" ] || continue
    v=$(vp_java_major "$dir/bin/java"); v=${v:-0}
    if [ "$v" -ge "$need" ] && [ "$v" -gt "$best_v" ]; then best="$dir"; best_v=$v; fi
  done
  if [ -z "$best" ]; then
    echo "vectorprop needs a JDK >= $need: JAVA_HOME (${JAVA_HOME:-unset}) is older or unset and none was" \
         "found in ${VECTORPROP_JVM_DIR:-/usr/lib/jvm}. Install one (e.g. Temurin 25) and set JAVA_HOME." >&2
    return 1
  fi
  echo "$best"
}

JAVA_HOME=$(vp_find_jdk) || exit 1
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
