#!/usr/bin/env bash
# Set up, build, and run every test: GoogleTest unit tests and the lit suite,
# all through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
ctest --test-dir build --output-on-failure -j2
