# Sourced by bin/vmledger and bin/test: picks a Java 21+ JDK and exports JAVA_HOME.
# JAVA_HOME wins when it is new enough; otherwise the newest JDK under /usr/lib/jvm.

vmledger_java_major() {
    local v
    v="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')"
    echo "${v%%.*}"
}

vmledger_pick_java() {
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && (( $(vmledger_java_major "$JAVA_HOME") >= 21 )); then
        export JAVA_HOME
        return 0
    fi
    local best="" best_major=0 dir major
    for dir in /usr/lib/jvm/*/; do
        dir="${dir%/}"
        [[ -x "$dir/bin/java" && -x "$dir/bin/javac" ]] || continue
        major="$(vmledger_java_major "$dir")"
        if [[ "$major" =~ ^[0-9]+$ ]] && (( major > best_major )); then
            best="$dir"
            best_major="$major"
        fi
    done
    if [[ -z "$best" ]] || (( best_major < 21 )); then
        echo "vmledger: no Java 21+ JDK found (JAVA_HOME=${JAVA_HOME:-unset}, none under /usr/lib/jvm); install one, e.g. Temurin 21 or 25" >&2
        return 1
    fi
    export JAVA_HOME="$best"
}

# Maven under JDK 25 warns about sun.misc.Unsafe use inside Maven itself; keep the output readable.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
