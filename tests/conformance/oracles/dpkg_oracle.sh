#!/bin/sh
# Compiles dpkg_oracle.c against libdpkg (package libdpkg-dev) in a temporary directory and runs
# it on stdin. Run from the source tree.
set -e
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cc -O2 -o "$dir/dpkg_oracle" tests/conformance/oracles/dpkg_oracle.c $(pkg-config --cflags --libs libdpkg)
"$dir/dpkg_oracle"
