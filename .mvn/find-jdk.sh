# Finds a JDK whose major version is at least HEALTHSCORE_MIN_JAVA (default 21) and exports JAVA_HOME.
# Sourced (POSIX sh) by ./mvnw, ./healthscore and .ci/run. Order: $JAVA_HOME, the javac on PATH,
# then the JDKs installed in the usual places; the newest suitable one wins among the installed ones.
# Returns non-zero with a message naming what was found when nothing is new enough.

hs_java_major() {
  # "17.0.15", "21", "25.0.1" or "1.8.0_392" -> 17, 21, 25, 1
  # A broken or foreign-architecture JDK must not abort a caller running under 'set -e -o pipefail'.
  { "$1" -version 2>&1 || :; } | sed -n 's/.* version "\([0-9][0-9]*\).*/\1/p' | head -n 1
}

hs_select_jdk() {
  hs_min=${HEALTHSCORE_MIN_JAVA:-21}
  hs_seen=""
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    hs_v=$(hs_java_major "$JAVA_HOME/bin/java")
    if [ "${hs_v:-0}" -ge "$hs_min" ]; then
      export JAVA_HOME
      return 0
    fi
    hs_seen="$hs_seen $JAVA_HOME (Java ${hs_v:-?})"
  fi
  hs_best="" hs_best_v=0
  hs_path_javac=$(command -v javac 2>/dev/null || true)
  if [ -n "$hs_path_javac" ]; then
    hs_path_home=$(dirname "$(dirname "$(readlink -f "$hs_path_javac")")")
    hs_candidates="$hs_path_home"
  else
    hs_candidates=""
  fi
  # mvnw runs with 'set -f'; globbing is needed to list installed JDKs.
  case $- in *f*) hs_restore_f=1; set +f ;; *) hs_restore_f=0 ;; esac
  for hs_dir in /usr/lib/jvm/* /usr/java/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home \
                "${HOME-}"/.sdkman/candidates/java/* "${HOME-}"/.jdks/*; do
    [ -x "$hs_dir/bin/javac" ] && hs_candidates="$hs_candidates
$hs_dir"
  done
  [ "$hs_restore_f" = 1 ] && set -f
  hs_old_ifs=$IFS
  IFS='
'
  for hs_dir in $hs_candidates; do
    [ -n "$hs_dir" ] || continue
    hs_v=$(hs_java_major "$hs_dir/bin/java")
    if [ "${hs_v:-0}" -ge "$hs_min" ] && [ "$hs_v" -gt "$hs_best_v" ]; then
      hs_best=$hs_dir hs_best_v=$hs_v
    elif [ "${hs_v:-0}" -lt "$hs_min" ]; then
      hs_seen="$hs_seen $hs_dir (Java ${hs_v:-?})"
    fi
  done
  IFS=$hs_old_ifs
  if [ -n "$hs_best" ]; then
    if [ -n "${JAVA_HOME-}" ] && [ "$JAVA_HOME" != "$hs_best" ]; then
      echo "JAVA_HOME ($JAVA_HOME) is not a JDK $hs_min or newer; using $hs_best (Java $hs_best_v) instead." >&2
    fi
    JAVA_HOME=$hs_best
    export JAVA_HOME
    return 0
  fi
  echo "healthscore needs a JDK $hs_min or newer; found none." >&2
  [ -n "$hs_seen" ] && echo "Looked at:$hs_seen" >&2
  echo "Install one (e.g. Temurin 21) and set JAVA_HOME to it." >&2
  return 1
}
