#!/usr/bin/env python3
"""export-idx-folders.py IMAGES.gz LABELS.gz OUT [PER_CLASS]: an IDX image set (MNIST,
Fashion-MNIST) as a folder of class folders of PNG files (OUT/class03/00042.png), the
first PER_CLASS images of each label (default 300), for measuring the folder dataset on
it (augmentation with and without).  Write OUT outside the repository (/tmp)."""
import gzip
import os
import struct
import sys
import zlib


def png(path, w, h, rows):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    raw = b"".join(b"\0" + r for r in rows)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def main():
    images_path, labels_path, out = sys.argv[1:4]
    per_class = int(sys.argv[4]) if len(sys.argv) > 4 else 300
    images = gzip.open(images_path).read()
    labels = gzip.open(labels_path).read()
    magic, n, h, w = struct.unpack(">IIII", images[:16])
    if magic != 2051 or struct.unpack(">II", labels[:8]) != (2049, n):
        sys.exit("%s, %s: not a matching IDX image and label file" % (images_path, labels_path))
    count = {}
    for i in range(n):
        label = labels[8 + i]
        if count.get(label, 0) >= per_class:
            continue
        count[label] = count.get(label, 0) + 1
        folder = os.path.join(out, "class%02d" % label)
        os.makedirs(folder, exist_ok=True)
        start = 16 + i * h * w
        rows = [images[start + y * w:start + (y + 1) * w] for y in range(h)]
        png(os.path.join(folder, "%05d.png" % i), w, h, rows)
    print("%d classes, %d images in %s" % (len(count), sum(count.values()), out))


if __name__ == "__main__":
    main()
