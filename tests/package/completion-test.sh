#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The bash completion of `accueil` (packaging/bash-completion/accueil), sourced in a bash
# without bash-completion's helpers: `accueil cen` completes to central, `accueil central `
# lists its commands, options complete per command.
# With the `accueil` program as second argument, every command and option its --help lists, at
# every level, must also complete: a new command cannot be forgotten here.
# Usage: completion-test.sh [COMPLETION_FILE [ACCUEIL]]
set -euo pipefail
file=${1:-$(dirname "$0")/../../packaging/bash-completion/accueil}
program=${2:-}
# shellcheck source=/dev/null
source "$file"
failures=0

# complete LINE: COMPREPLY for the command line LINE (the cursor at its end).
complete_line() {
    local line=$1
    read -r -a COMP_WORDS <<<"$line"
    [[ $line == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE=$line
    COMP_POINT=${#line}
    COMPREPLY=()
    _accueil accueil "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}

expect() {
    local line=$1 want=$2 got
    got=$(complete_line "$line")
    if [ "$got" = "$want" ]; then
        echo "ok   '$line' -> $got"
    else
        echo "FAIL '$line' -> '$got', expected '$want'" >&2
        failures=$((failures + 1))
    fi
}

[ "$(complete -p accueil)" = "complete -F _accueil accueil" ] || {
    echo "FAIL: no completion registered for accueil" >&2
    exit 1
}
expect "accueil cen" "central"
expect "accueil central " "backup freeze import init kiosk new-epoch photos purge report restore serve user"
expect "accueil central backup --f" "--force"
expect "accueil central user " "add list password remove"
expect "accueil central user add --role " "admin viewer"
expect "accueil central --config c.toml user add --r" "--role"
expect "accueil central photos " "import remove"
expect "accueil photos " "import"
expect "accueil central kiosk " "add list revoke"
expect "accueil central --config c.toml kiosk a" "add"
expect "accueil central report --f" "--format --from"
expect "accueil central report --format " "csv json pdf xlsx"
expect "accueil central report --l" "--lang"
expect "accueil central report --lang " "en fr"
expect "accueil central freeze --o" "--out-dir"
expect "accueil staff " "add check list remove"
expect "accueil badge issue --out-" "--out-dir"
expect "accueil badge issue --all --pdf b.pdf --size " "A5 A6 A7"
expect "accueil badge issue --c" "--config --crop-marks"
expect "accueil sync --n" "--nightly"
expect "accueil report --format " "csv json"
expect "accueil checkin --method c" "camera"
expect "accueil checkin --direction " "in out"
expect "accueil report --a" "--at"
expect "accueil indico " "pull push"
expect "accueil --v" "--version"
expect "accueil d" "demo-data doctor"
expect "accueil hold " "clear set"
expect "accueil walkin --gender f" "female"
# walk PATH...: the commands and options `accueil PATH --help` lists complete after `accueil
# PATH`; then each of its commands in turn.
walk() {
    local help commands options want got c
    help=$("$program" "$@" --help)
    commands=$(printf '%s\n' "$help" | sed -n '/^Subcommands:/,/^$/p' |
        sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p' | sort | tr '\n' ' ' | sed 's/ $//')
    options=$(printf '%s\n' "$help" | sed -n '/^Options:/,/^$/p' |
        grep -o -- '--[a-z][a-z-]*' | sort -u | tr '\n' ' ' | sed 's/ $//')
    for want in $options; do
        got=" $(complete_line "accueil${*:+ $*} --") "
        if [[ $got != *" $want "* ]]; then
            echo "FAIL 'accueil${*:+ $*} --' does not offer $want (accueil $* --help lists it)" >&2
            failures=$((failures + 1))
        fi
    done
    if [ -n "$commands" ]; then
        got=$(complete_line "accueil${*:+ $*} ")
        if [ "$got" = "$commands" ]; then
            echo "ok   'accueil${*:+ $*} ' -> $got (as --help)"
        else
            echo "FAIL 'accueil${*:+ $*} ' -> '$got', --help lists '$commands'" >&2
            failures=$((failures + 1))
        fi
        for c in $commands; do
            walk "$@" "$c"
        done
    fi
}
if [ -n "$program" ]; then
    walk
fi

if ((failures)); then
    echo "$failures completion checks failed" >&2
    exit 1
fi
echo "bash completion: every check passed"
