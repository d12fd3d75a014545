# Sourced by bin/reflow-gateway and .ci/run: selects a JDK >= 21 and exports JAVA_HOME and PATH.
#
#   . build-config/find-jdk.sh && reflow_find_jdk [DIR...]
#
# JAVA_HOME wins when it holds a JDK >= 21; otherwise the newest JDK >= 21 among the DIRs given, or
# the standard install places (Debian/Ubuntu, RPM distributions, Docker images, SDKMAN!, macOS).
# Returns 1 with a message on stderr naming what it looked for when there is none.

reflow_jdk_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    awk -F'= ' '/java.specification.version/ {split($2, v, "."); print v[1]; exit}'
}

reflow_is_jdk21() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  local major
  major=$(reflow_jdk_major "$1")
  [ -n "$major" ] && [ "$major" -ge 21 ]
}

reflow_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && reflow_is_jdk21 "$JAVA_HOME"; then
    export PATH="$JAVA_HOME/bin:$PATH"
    return 0
  fi
  local roots=("$@")
  if [ ${#roots[@]} -eq 0 ]; then
    roots=(/usr/lib/jvm /usr/java /opt/java /opt/jdk "$HOME/.sdkman/candidates/java"
      /Library/Java/JavaVirtualMachines)
  fi
  local best="" best_major=0 root candidate major
  for root in "${roots[@]}"; do
    for candidate in "$root"/* "$root"/*/Contents/Home; do
      reflow_is_jdk21 "$candidate" || continue
      major=$(reflow_jdk_major "$candidate")
      if [ "$major" -gt "$best_major" ]; then
        best=$candidate
        best_major=$major
      fi
    done
  done
  if [ -z "$best" ]; then
    echo "no JDK 21 or newer found: JAVA_HOME is ${JAVA_HOME:-unset} and none is under ${roots[*]};" \
      "install one (Helidon 4 needs Java 21+) or set JAVA_HOME to it" >&2
    return 1
  fi
  export JAVA_HOME=$best
  export PATH="$JAVA_HOME/bin:$PATH"
}
