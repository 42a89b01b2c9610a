#!/bin/sh
# Data-parallel meta-training: `mpirun -np 2 … train --mpi` must end with the same
# parameters, bit for bit, as one process with the same seed and meta-batch, for an
# uneven split (5 tasks over 2 processes) and for second-order MAML; the second
# process stays silent; Reptile is refused with a reason.
# Usage: test-mpi.sh MPIRUN CLI COMPARE WORKDIR
set -u
MPIRUN=$1 CLI=$2 COMPARE=$3 WORK=$4
rm -rf "$WORK" && mkdir -p "$WORK" || exit 1
fail=0
common="--set iterations=4 --set eval-every=2 --set val-episodes=4 --set filters=16 --no-test"

check () {   # name algorithm meta-batch
  name=$1; shift
  "$CLI" train $common "$@" -t 1 -q -o "$WORK/$name-one" > "$WORK/$name-one.log" 2>&1 ||
    { echo "FAIL $name: one process failed"; cat "$WORK/$name-one.log"; fail=1; return; }
  "$MPIRUN" -np 2 --oversubscribe "$CLI" train --mpi $common "$@" -o "$WORK/$name-two" \
      > "$WORK/$name-two.log" 2>&1 ||
    { echo "FAIL $name: mpirun -np 2 failed"; cat "$WORK/$name-two.log"; fail=1; return; }
  if "$COMPARE" "$WORK/$name-one/checkpoint.mwc" "$WORK/$name-two/checkpoint.mwc"; then
    echo "ok $name: same parameters with 1 and 2 processes"
  else
    echo "FAIL $name: parameters differ"; fail=1
  fi
  # Same losses and validation in the metrics (the seconds column differs).
  if [ "$(cut -d, -f1,2,4- "$WORK/$name-one/metrics.csv")" = "$(cut -d, -f1,2,4- "$WORK/$name-two/metrics.csv")" ]; then
    echo "ok $name: same metrics"
  else
    echo "FAIL $name: metrics differ"; fail=1
  fi
  # Only process 0 reports.
  if [ "$(grep -c '^Loading data' "$WORK/$name-two.log")" = 1 ] &&
     [ "$(grep -c '^Trained 4 iterations' "$WORK/$name-two.log")" = 1 ]; then
    echo "ok $name: one process reports"
  else
    echo "FAIL $name: expected one report under mpirun:"; cat "$WORK/$name-two.log"; fail=1
  fi
}

check fomaml-5tasks -a fomaml --set meta-batch=5
check maml-3tasks -a maml --set meta-batch=3
check protonet-2episodes -a protonet --set meta-batch=2 --set batch-norm=batch

"$MPIRUN" -np 2 --oversubscribe "$CLI" train --mpi -a reptile $common -o "$WORK/reptile" \
    > "$WORK/reptile.log" 2>&1
rc=$?
if [ $rc -ne 0 ] && grep -q "cannot be split across processes" "$WORK/reptile.log"; then
  echo "ok reptile: refused with a reason"
else
  echo "FAIL reptile: rc $rc, output:"; cat "$WORK/reptile.log"; fail=1
fi
exit $fail
