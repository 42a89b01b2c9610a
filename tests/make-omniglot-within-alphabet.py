#!/usr/bin/env python3
"""Within-alphabet N-way 1-shot tasks from Omniglot's evaluation alphabets, as PNG folders.

The protocol of Lake et al.'s one-shot classification runs: each task takes N characters
of one alphabet, and two drawers; the first drawer's image of each character is its one
support image, the second drawer's its one query.  Roles are fixed, so the task is the
same for every learner.  Task t uses alphabet t (in sorted order, wrapping), so 20 tasks
visit each of the 20 evaluation alphabets once.

The images are the zip's PNG files byte for byte (black ink on white paper), laid out as
OUT/tasks/TASK/CLASS/support.png and OUT/tasks/TASK/CLASS/query.png, the layout
`make-tasks OUT/tasks` reads.
OUT/roles.tsv lists, per row, task, class folder, the character ("Alphabet/characterNN"),
and the zip entries used as support and query, so a test can score the same images
through the Omniglot loader.

Usage: make-omniglot-within-alphabet.py OMNIGLOT_DIR OUT [--tasks 20] [--ways 20] [--seed 1]
"""
import argparse
import os
import random
import sys
import zipfile


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("omniglot_dir")
    ap.add_argument("out")
    ap.add_argument("--tasks", type=int, default=20)
    ap.add_argument("--ways", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()

    zpath = os.path.join(a.omniglot_dir, "images_evaluation.zip")
    z = zipfile.ZipFile(zpath)
    chars = {}
    for name in sorted(z.namelist()):
        parts = name.split("/")
        if len(parts) == 4 and parts[3].endswith(".png"):
            chars.setdefault((parts[1], parts[2]), []).append(name)
    alphabets = sorted({al for al, _ in chars})
    if not alphabets:
        sys.exit("%s: no images" % zpath)
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    rows = []
    for t in range(a.tasks):
        alphabet = alphabets[t % len(alphabets)]
        names = sorted(c for al, c in chars if al == alphabet)
        if len(names) < a.ways:
            sys.exit("alphabet %s has %d characters, fewer than %d ways"
                     % (alphabet, len(names), a.ways))
        picked = rng.sample(names, a.ways)
        # Two drawers for the whole task, as in the original runs.
        drawers = rng.sample(range(20), 2)
        task = "task%02d" % (t + 1)
        for c, character in enumerate(picked):
            files = chars[(alphabet, character)]
            # File names are NNNN_DD.png: DD is the drawer.
            by_drawer = {int(f.rsplit("_", 1)[1][:2]) - 1: f for f in files}
            support, query = by_drawer[drawers[0]], by_drawer[drawers[1]]
            folder = os.path.join(a.out, "tasks", task, "class%02d" % (c + 1))
            os.makedirs(folder, exist_ok=True)
            for role, entry in (("support", support), ("query", query)):
                with open(os.path.join(folder, role + ".png"), "wb") as f:
                    f.write(z.read(entry))
            rows.append((task, "class%02d" % (c + 1), "%s/%s" % (alphabet, character),
                         support, query))
    with open(os.path.join(a.out, "roles.tsv"), "w") as f:
        f.write("task\tclass\tcharacter\tsupport\tquery\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print("%d tasks of %d ways in %s" % (a.tasks, a.ways, a.out))


if __name__ == "__main__":
    main()
