#!/usr/bin/env bash
# Builds the vcsim launcher (tools/vcsim/main.go) into tools/vcsim/bin/vcsim-launcher, in GOPATH mode, from
# Debian's packages golang-go and golang-github-vmware-govmomi-dev (govmomi 0.24.2):
#   apt-get install -y golang-go golang-github-vmware-govmomi-dev
# Exits non-zero with a message when either is missing. Skips the build when the binary is newer than main.go.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/bin/vcsim-launcher"
gocode="${VCSIM_GOCODE:-/usr/share/gocode}"

if ! command -v go >/dev/null 2>&1; then
    echo "tools/vcsim/build.sh: 'go' not found; install it with: apt-get install -y golang-go golang-github-vmware-govmomi-dev" >&2
    exit 2
fi
if [ ! -d "$gocode/src/github.com/vmware/govmomi/simulator" ]; then
    echo "tools/vcsim/build.sh: govmomi sources not found under $gocode; install them with: apt-get install -y golang-github-vmware-govmomi-dev" >&2
    exit 2
fi

if [ -x "$out" ] && [ "$out" -nt "$here/main.go" ] && [ "$out" -nt "$here/build.sh" ]; then
    exit 0
fi

mkdir -p "$here/bin"
export GO111MODULE=off
export GOPATH="$gocode"
export GOFLAGS=
# A writable build cache even where HOME is unset or read-only.
export GOCACHE="${GOCACHE:-$here/bin/.gocache}"
cd "$here"
go build -o "$out.tmp" main.go
mv -f "$out.tmp" "$out"
echo "tools/vcsim/build.sh: built $out ($(go version | awk '{print $3}'))"
