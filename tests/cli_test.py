"""What the CLI test scripts share: one line per check and the list of those that
failed, and a small gray PNG writer (no imaging library needed).

Each script prints "ok   NAME" or "FAIL NAME: DETAIL" per check and exits 1 when
`failures` is not empty."""
import struct
import zlib

failures = []


def check(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else ": " + detail), flush=True)
    if not ok:
        failures.append(name)


def gray_png(path, w=28, h=28, seed=0):
    """Writes an 8-bit gray PNG whose pixels depend on seed; returns its bytes."""
    raw = b"".join(b"\0" + bytes(((x * 7 + y * 3 + seed * 11) % 256) for x in range(w))
                   for y in range(h))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(data)
    return data
