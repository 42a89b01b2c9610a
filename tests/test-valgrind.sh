#!/bin/sh
# valgrind memcheck on the CLI: a short MAML run through training, validation,
# checkpoint and test, then `eval` of its checkpoint, must report no errors and no
# definitely or indirectly lost memory.  Usage: test-valgrind.sh VALGRIND CLI WORKDIR
set -u
VALGRIND=$1 CLI=$2 WORK=$3
rm -rf "$WORK"; mkdir -p "$WORK" || exit 1
vg="$VALGRIND --quiet --leak-check=full --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect --error-exitcode=9"
$vg "$CLI" train -a maml --set iterations=2 --set filters=8 --set eval-every=2 \
    --set val-episodes=2 --set checkpoint-every=1 --test-episodes 2 -t 1 -q -o "$WORK/run" \
    || { echo "FAIL valgrind: train (exit $?)"; exit 1; }
echo "ok   valgrind: train, validate, checkpoint, test"
$vg "$CLI" eval "$WORK/run/checkpoint.mwc" --episodes 2 -t 1 > /dev/null \
    || { echo "FAIL valgrind: eval (exit $?)"; exit 1; }
echo "ok   valgrind: eval"
