#!/bin/sh
# test-cli-i18n.sh CLI: the command-line front end speaks Chinese with LANGUAGE=zh_CN
# and English with LANGUAGE=en, from the uninstalled catalogues (MW_LOCALE_DIR, set
# by meson with LC_ALL=C.UTF-8: gettext honours LANGUAGE there, as the UI tests rely
# on).  The expected text is copied from po/zh_CN.po, so a missing or broken
# translation fails here.  Whatever the language, the files a run writes stay the
# same: English keys and comments, numbers with a decimal point.
set -u
cli=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# expect FILE TEXT WHAT: FILE contains TEXT.
expect () {
  if grep -F -q -- "$2" "$1"; then
    echo "ok: $3"
  else
    echo "FAIL: $3: no '$2' in:"
    sed 's/^/    /' "$1"
    failures=$((failures + 1))
  fi
}

# run NAME WANTED-STATUS ARGS...: the CLI's stdout and stderr in $tmp/NAME.
run () {
  name=$1 want=$2
  shift 2
  "$cli" "$@" >"$tmp/$name" 2>&1
  got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL: $name: exit status $got, expected $want"
    failures=$((failures + 1))
  fi
}

# A few iterations on a small glyph set, one thread: a second or two.
tiny="--threads 1 --set iterations=3 --set eval-every=2 --set val-episodes=4
      --set test-episodes=10 --set meta-batch=2 --set glyph-classes=20 --set glyph-samples=8"

for lang in zh_CN en; do
  export LANGUAGE=$lang
  run list-$lang 0 list
  run ways-$lang 2 train --set ways=1
  run key-$lang 2 train --set wayz=3
  # shellcheck disable=SC2086 # $tiny is a list of words
  run train-$lang 0 train $tiny -o "$tmp/run-$lang"
done

# Algorithm descriptions and names, in Chinese and in English.
expect "$tmp/list-zh_CN" "模型无关元学习：学习一个初始化参数" "list: MAML's description in Chinese"
expect "$tmp/list-zh_CN" "protonet  原型网络" "list: the Prototypical Networks title in Chinese"
expect "$tmp/list-zh_CN" "设置（--set 键=值），以下为 MAML 的默认值：" "list: the settings heading in Chinese"
expect "$tmp/list-zh_CN" "#N：每个测试片段的类别数" "list: setting descriptions in Chinese"
expect "$tmp/list-en" "Model-agnostic meta-learning: learns an initialisation" "list: MAML's description in English"
expect "$tmp/list-en" "protonet  Prototypical Networks" "list: the Prototypical Networks title in English"

# Bad settings: the message is translated and still names the setting.
expect "$tmp/ways-zh_CN" "train: ways（N）至少为 2（当前为 1）" "ways=1 in Chinese"
expect "$tmp/ways-en" "train: ways (N) must be at least 2 (it is 1)" "ways=1 in English"
expect "$tmp/key-zh_CN" "train: 未知设置“wayz”" "an unknown setting in Chinese"
expect "$tmp/key-en" "train: unknown setting 'wayz'" "an unknown setting in English"

# Progress lines and the result table.
expect "$tmp/train-zh_CN" "迭代 3/3（100.0%）损失 " "train: the progress line in Chinese"
expect "$tmp/train-zh_CN" "已训练 3 次迭代，用时 " "train: the training summary in Chinese"
expect "$tmp/train-zh_CN" "测试：10 个片段，5 类 1 样本，每类 5 个查询样本，" "train: the test heading in Chinese"
expect "$tmp/train-zh_CN" "适应步  准确率 ± 95% 置信区间   损失 ± 95% 置信区间" "train: the table's columns in Chinese"
expect "$tmp/train-en" "iteration 3/3 (100.0%) loss " "train: the progress line in English"
expect "$tmp/train-en" "Trained 3 iterations in " "train: the training summary in English"
expect "$tmp/train-en" "Test: 10 episodes, 5-way 1-shot, 5 queries per class, " "train: the test heading in English"
expect "$tmp/train-en" "step    accuracy ± 95% CI       loss ± 95% CI" "train: the table's columns in English"

# The files keep their English keys and comments in both languages.
for lang in zh_CN en; do
  expect "$tmp/run-$lang/experiment.ini" "#N: classes per test episode" "$lang: experiment.ini comments in English"
  expect "$tmp/run-$lang/metrics.csv" "iteration,tasks,seconds,train_loss" "$lang: metrics.csv header"
  expect "$tmp/run-$lang/result.json" '"train_seconds": ' "$lang: result.json keys"
done

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all checks passed"
