#!/usr/bin/python3
"""Differential oracle for RPM versions: rpm's own EVR parser (rpm.ver, i.e. parseEVR) and
rpm.labelCompare (rpmvercmp on epoch, version, release; a missing release sorts first), from
python3-rpm. Reads "A<TAB>B" lines on stdin, prints "<", "=", ">" or "error" per line."""
import sys

import rpm


def evr(text):
    v = rpm.ver(text)
    return (v.e or "0", v.v, v.r)


def main():
    out = []
    for raw in sys.stdin.buffer:
        # rpmvercmp is ASCII-only, so decoding bytes as Latin-1 keeps every ordering intact.
        a, b = raw.rstrip(b"\n").decode("latin-1").split("\t")
        try:
            c = rpm.labelCompare(evr(a), evr(b))
        except ValueError:  # an empty version or an embedded NUL
            out.append("error")
            continue
        out.append("<" if c < 0 else ">" if c > 0 else "=")
    sys.stdout.write("\n".join(out) + "\n" if out else "")


if __name__ == "__main__":
    main()
