#!/usr/bin/python3
"""Prints 100,000+ realistic Debian version pairs "A<TAB>B" for the dpkg differential test: real
versions from /var/lib/dpkg/status (package versions and the versions in dependency fields), paired
with their neighbours in sorted order, with each other and with mutations that stress dpkg's rules:
epochs (signed, huge, empty), '~', revisions (last hyphen, empty), leading zeros, long numbers,
letters vs punctuation, characters dpkg only warns about, blanks."""
import random
import re
import sys

PAIRS = 110_000
FALLBACK = ["1.0", "1:2.36-9+deb12u4", "2.7.4+reloaded2-13+deb9u1", "1.2.3-1~deb7u1", "0.9.8zh-1ubuntu1"]


def real_versions():
    versions = set(FALLBACK)
    try:
        with open("/var/lib/dpkg/status", encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        text = ""
    versions.update(re.findall(r"^Version: (\S+)$", text, re.M))
    versions.update(re.findall(r"\((?:<<|<=|=|>=|>>) ([^)\s]+)\)", text))
    return sorted(versions)


SNIPPETS = ["~", "~~", "~rc1", "~beta", "~bpo12+1", "~deb12u1", "+b1", "+deb12u1", "+dfsg", "+really", "ubuntu1",
            ".0", ".1", "a", "A", "Z", "z", "-1", "-0", "-", ":", "+", ".", "_", "%", "@", "\u00e9", "\u00ff",
            "0", "00", "000000000000000000000000000007", "123456789012345678901234567890", "build1"]


def mutate(rng, v):
    if not v:  # an earlier mutation may delete everything; indexing needs a character
        return rng.choice("0123456789")
    kind = rng.randrange(15)
    if kind == 0:  # epochs
        body = v.split(":", 1)[1] if ":" in v else v
        return rng.choice(["", "0:", "1:", "01:", "2:", "+1:", "-0:", "-1:", "2147483647:", "2147483648:",
                           "99999999999:", ":", "a:", "1a:"]) + body
    if kind == 1:  # revisions
        head = v.rsplit("-", 1)[0]
        return head + rng.choice(["", "-", "-0", "-1", "-00", "-1~", "-a", "-1-2"])
    if kind == 2:
        i = rng.randrange(len(v) + 1)
        return v[:i] + rng.choice(SNIPPETS) + v[i:]
    if kind == 3:
        return v + rng.choice(SNIPPETS)
    if kind == 4:  # bump or lower a digit
        digits = [i for i, c in enumerate(v) if c.isdigit()]
        if not digits:
            return v + "1"
        i = rng.choice(digits)
        return v[:i] + str((int(v[i]) + rng.choice([1, 9])) % 10) + v[i + 1:]
    if kind == 5:  # leading zeros
        starts = [i for i, c in enumerate(v) if c.isdigit() and (i == 0 or not v[i - 1].isdigit())]
        if not starts:
            return "0" + v
        i = rng.choice(starts)
        return v[:i] + "0" * rng.randint(1, 3) + v[i:]
    if kind == 6:  # swap a separator
        seps = [i for i, c in enumerate(v) if c in ".+~-"]
        if not seps:
            return v
        i = rng.choice(seps)
        return v[:i] + rng.choice(".+~-:_") + v[i + 1:]
    if kind == 7:
        return v.upper() if rng.random() < 0.5 else v.swapcase()
    if kind == 8:
        return v[: rng.randrange(1, len(v) + 1)]
    if kind == 9:
        i = rng.randrange(len(v))
        return v[:i] + v[i + 1:]
    if kind == 10:  # blanks: trimmed at the ends, an error inside
        return rng.choice([" " + v, v + " ", "\t" + v, v[:1] + " " + v[1:], "  " + v + "\t"])
    if kind == 11:  # upstream not starting with a digit (a dpkg warning, still compared)
        return rng.choice(["v", "a", "~", "+", "."]) + v
    if kind == 12:
        return v + "." + str(rng.randrange(10**25, 10**30))
    if kind == 13:  # trailing tildes and zeros
        return v + rng.choice(["~", ".0", "0", "~0", "-0"])
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
            b = versions[min(i + rng.randint(1, 3), len(versions) - 1)]
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
    # Latin-1 for some pairs and UTF-8 for the rest, so that both kinds of high bytes occur.
    data = "\n".join(out) + "\n"
    half = len(data) // 2
    cut = data.index("\n", half) + 1
    sys.stdout.buffer.write(data[:cut].encode("latin-1", errors="replace") + data[cut:].encode("utf-8"))


if __name__ == "__main__":
    main()
