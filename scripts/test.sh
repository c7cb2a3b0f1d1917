#!/usr/bin/env bash
# The whole test suite, on a fresh Debian machine: starts (or installs) the servers the tests need,
# then builds and runs every test with ./mvnw verify. Needs a JDK 21 or newer (JAVA_HOME, or one
# under /usr/lib/jvm). Fails when any test fails; no test is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME")" -lt 21 ] 2>/dev/null; then
  for candidate in /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME=$candidate
      break
    fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME")" -lt 21 ] 2>/dev/null; then
  echo "test: Tributary needs a JDK 21 or newer. Install one and set JAVA_HOME to it." >&2
  exit 1
fi
echo "test: using JDK $(java_major "$JAVA_HOME") at $JAVA_HOME" >&2

eval "$(scripts/services.sh)"

exec ./mvnw -B -ntp verify "$@"
