#!/usr/bin/python3
"""Prints 100,000+ realistic RPM version pairs "A<TAB>B" for the rpm differential test: real
AlmaLinux EVRs from the OSV dump (../shared/data/osv/AlmaLinux/all.zip, or $VIGIL_CORPUS), paired
with their neighbours in sorted order, with each other and with mutations that stress rpmvercmp:
epochs, missing and empty releases, '~' and '^', separators, leading zeros, long numbers, case."""
import json
import os
import random
import sys
import zipfile

PAIRS = 110_000


def real_versions():
    corpus = os.environ.get("VIGIL_CORPUS", "../shared")
    versions = set()
    with zipfile.ZipFile(os.path.join(corpus, "data/osv/AlmaLinux/all.zip")) as z:
        for name in sorted(z.namelist()):
            doc = json.loads(z.read(name))
            for affected in doc.get("affected", []):
                for r in affected.get("ranges", []):
                    for event in r.get("events", []):
                        versions.update(v for v in event.values() if isinstance(v, str))
                versions.update(affected.get("versions", []))
    return sorted(v for v in versions if v and "\t" not in v and "\n" not in v)


SNIPPETS = ["~rc1", "~beta2", "~", "~~", "^", "^git1", "^20240101git3e5f", "~rc1^git2", ".1", ".0",
            "a", "b", "_1", "+", ".", "-", "-1", "-0", "-", ".el9", ".el9_4", ".alma.1", ".module+el8.9.0+1234+abc",
            "p1", "rc", "0", "00", "\u00e9", "%", "0000000000000000000000000042", "99999999999999999999"]


def mutate(rng, v):
    kind = rng.randrange(14)
    if kind == 0:  # epoch changes
        body = v.split(":", 1)[1] if ":" in v and v.split(":", 1)[0].isdigit() else v
        return rng.choice(["", "0:", "1:", "01:", ":", "2:", "10:", "a:"]) + body
    if kind == 1:  # drop or empty the release
        head = v.rsplit("-", 1)[0]
        return head + rng.choice(["", "-", "-0", "-1"])
    if kind == 2:  # insert a snippet anywhere
        i = rng.randrange(len(v) + 1)
        return v[:i] + rng.choice(SNIPPETS) + v[i:]
    if kind == 3:  # append a snippet
        return v + rng.choice(SNIPPETS)
    if kind == 4:  # bump or lower a number
        digits = [i for i, c in enumerate(v) if c.isdigit()]
        if not digits:
            return v + "1"
        i = rng.choice(digits)
        return v[:i] + str((int(v[i]) + rng.choice([1, 9])) % 10) + v[i + 1:]
    if kind == 5:  # leading zeros
        digits = [i for i, c in enumerate(v) if c.isdigit() and (i == 0 or not v[i - 1].isdigit())]
        if not digits:
            return "0" + v
        i = rng.choice(digits)
        return v[:i] + "0" * rng.randint(1, 3) + v[i:]
    if kind == 6:  # swap a separator
        seps = [i for i, c in enumerate(v) if c in "._+"]
        if not seps:
            return v
        i = rng.choice(seps)
        return v[:i] + rng.choice("._+~^%") + v[i + 1:]
    if kind == 7:  # case
        return v.upper() if rng.random() < 0.5 else v.swapcase()
    if kind == 8:  # truncate
        return v[: rng.randrange(1, len(v) + 1)]
    if kind == 9:  # remove a character
        i = rng.randrange(len(v))
        return v[:i] + v[i + 1:]
    if kind == 10:  # duplicate a segment
        parts = v.split(".")
        i = rng.randrange(len(parts))
        return ".".join(parts[: i + 1] + parts[i:])
    if kind == 11:  # trailing separators
        return v + rng.choice([".", "..", "_", "-", "+"])
    if kind == 12:  # long numbers
        return v + "." + str(rng.randrange(10**25, 10**30))
    return v


def main():
    rng = random.Random(20240611)
    versions = real_versions()
    out = []
    while len(out) < PAIRS:
        i = rng.randrange(len(versions))
        a = versions[i]
        kind = rng.randrange(6)
        if kind == 0:
            b = versions[min(i + rng.randint(1, 3), len(versions) - 1)]  # nearly equal
        elif kind == 1:
            b = rng.choice(versions)
        elif kind == 2:
            b = a
        elif kind == 3:
            b = mutate(rng, a)
        elif kind == 4:
            a, b = mutate(rng, a), mutate(rng, a)
        else:
            b = mutate(rng, mutate(rng, a))
        if rng.random() < 0.5:
            a, b = b, a
        out.append(f"{a}\t{b}")
    sys.stdout.buffer.write(("\n".join(out) + "\n").encode("utf-8"))


if __name__ == "__main__":
    main()
