#!/bin/sh
# Reproduces the accuracy table of docs/ACCURACY.md: predicts every benchmark of
# the suite (eval/suite.txt, versions pinned in eval/go.mod), runs them with
# go test -bench -benchmem, and prints the report.
#
#   eval/run.sh                                  # predict, run (~10 min) and compare
#   eval/run.sh -save eval/testdata/measured-$(date -u +%F).txt
#   eval/run.sh -measured eval/testdata/measured-2026-11-22.txt   # reuse a saved run
#   eval/run.sh -format json
#
# Extra arguments are flags of perfcast validate; the profile is the calibrated
# host profile if there is one (see perfcast predict -help), else sapphirerapids.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
exec go run ./cmd/perfcast validate -C eval -benchtime 100ms "$@" $(grep -v '^#' eval/suite.txt)
