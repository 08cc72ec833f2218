# Sourced by bin/vmledger and bin/test: picks a Java 21+ and exports JAVA_HOME.
#   vmledger_pick_java          a JDK (java and javac), to build from source: JAVA_HOME when new enough,
#                               otherwise the newest JDK under /usr/lib/jvm
#   vmledger_pick_java runtime  a Java runtime is enough (the distribution): JAVA_HOME when new enough,
#                               then the java on PATH, then the newest under /usr/lib/jvm

vmledger_java_major() {
    local v
    v="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')"
    echo "${v%%.*}"
}

vmledger_pick_java() {
    local need="${1:-jdk}"
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && (( $(vmledger_java_major "$JAVA_HOME") >= 21 )); then
        export JAVA_HOME
        return 0
    fi
    local best="" best_major=0 dir major on_path=""
    if [[ "$need" == runtime ]] && command -v java >/dev/null 2>&1; then
        on_path="$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.home/ {print $2; exit}')"
        if [[ -n "$on_path" && -x "$on_path/bin/java" ]] && (( $(vmledger_java_major "$on_path") >= 21 )); then
            export JAVA_HOME="$on_path"
            return 0
        fi
    fi
    for dir in /usr/lib/jvm/*/; do
        dir="${dir%/}"
        [[ -x "$dir/bin/java" ]] || continue
        [[ "$need" == runtime || -x "$dir/bin/javac" ]] || continue
        major="$(vmledger_java_major "$dir")"
        if [[ "$major" =~ ^[0-9]+$ ]] && (( major > best_major )); then
            best="$dir"
            best_major="$major"
        fi
    done
    if [[ -z "$best" ]] || (( best_major < 21 )); then
        local what="JDK" where="none under /usr/lib/jvm"
        if [[ "$need" == runtime ]]; then
            what="runtime"
            where="${on_path:+java on PATH is $on_path, }$where"
        fi
        echo "vmledger: no Java 21+ $what found (JAVA_HOME=${JAVA_HOME:-unset}, $where); install one (e.g. Temurin 21 or 25) or set JAVA_HOME" >&2
        return 1
    fi
    export JAVA_HOME="$best"
}

# Maven under JDK 25 warns about sun.misc.Unsafe use inside Maven itself; keep the output readable.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
