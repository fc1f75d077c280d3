#!/usr/bin/env python3
"""Prints realistic RubyGems version pairs "A<TAB>B" for the Gem::Version differential test.

Versions look like real gem releases (rails' 7.0.4.3, 1.0.0.pre.rc.1, 2.0.0.beta2, 0.9.8a,
1.0.0-rc1 ...) and are then mutated where Gem::Version is subtle: zero padding before and after
the first letters, '-' (read as ".pre."), case, leading zeros, huge numbers, white space and the
malformed spellings Gem::Version.correct? rejects. Deterministic (fixed seed)."""
import random

rng = random.Random(20240611)

PRE = ["pre", "rc", "beta", "alpha", "a", "b", "dev", "RC", "Beta", "ALPHA", "preview", "racecar",
       "x", "z", "gamma", "p", "final", "A", "B", "Z", "snapshot", "master"]


def number():
    r = rng.random()
    if r < 0.6:
        return str(rng.randint(0, 9))
    if r < 0.85:
        return str(rng.randint(10, 40))
    if r < 0.9:
        return "0" + str(rng.randint(0, 9))
    if r < 0.95:
        return str(rng.randint(2000, 2025)) + "%02d%02d" % (rng.randint(1, 12), rng.randint(1, 28))
    return str(rng.randint(10**15, 10**30))


def version():
    v = ".".join(number() for _ in range(rng.choice([1, 2, 3, 3, 3, 3, 4, 4, 5])))
    r = rng.random()
    if r < 0.45:
        return v
    pre = rng.choice(PRE)
    form = rng.randint(0, 6)
    if form == 0:
        return v + "." + pre
    if form == 1:
        return v + "." + pre + number()
    if form == 2:
        return v + "." + pre + "." + number()
    if form == 3:
        return v + ".pre." + rng.choice(PRE) + "." + number()
    if form == 4:
        return v + "-" + pre + rng.choice(["", number(), "." + number()])
    if form == 5:
        return v + rng.choice(["a", "b", "c", "p1", "rc1", "beta2"])
    return v + "." + number() + "." + pre + "." + number() + rng.choice(["", ".0", ".1"])


def mutate(v):
    for _ in range(rng.randint(1, 3)):
        op = rng.randint(0, 11)
        if op == 0:
            v = v.upper() if rng.random() < 0.5 else v.lower()
        elif op == 1:
            v += rng.choice([".0", ".0.0", ".0.a", ".a", ".a.0", ".0.1", "-0", "-a", ".pre", "-pre"])
        elif op == 2:
            i = v.rfind(".")
            if i > 0:
                v = v[:i] + "-" + v[i + 1:] if rng.random() < 0.5 else v[:i]
        elif op == 3:
            digits = [i for i, c in enumerate(v) if c.isdigit()]
            if digits:
                i = rng.choice(digits)
                v = v[:i] + str((int(v[i]) + rng.choice([1, -1])) % 10) + v[i + 1:]
        elif op == 4:
            digits = [i for i, c in enumerate(v) if c.isdigit() and (i == 0 or not v[i - 1].isdigit())]
            if digits:
                i = rng.choice(digits)
                v = v[:i] + "0" * rng.randint(1, 2) + v[i:]
        elif op == 5:
            v = rng.choice([" ", "  ", "\v", "\r", "\f", ""]) + v + rng.choice([" ", "\r", "\v", "", ""])
        elif op == 6 and v:
            i = rng.randrange(len(v))
            v = v[:i] + v[i + 1:]
        elif op == 7:
            i = rng.randrange(len(v) + 1)
            v = v[:i] + rng.choice([".", "-", "..", "_", "+", " ", "a", "Z", "0", "--", "-.", ".-"]) + v[i:]
        elif op == 8:
            v = v.replace(".", "-", 1) if rng.random() < 0.5 else v.replace("-", ".", 1)
        elif op == 9:
            v = v.rstrip(".0") or v
        elif op == 10:
            v = rng.choice(["", "v", "=", "0.", "1a", "0"]) + v
        else:
            v = v[: rng.randrange(len(v) + 1)]
    return v


def main():
    out = []
    pool = [version() for _ in range(3000)]
    while len(out) < 110000:
        r = rng.random()
        a = rng.choice(pool) if rng.random() < 0.5 else version()
        if r < 0.5:
            b = mutate(a)
        elif r < 0.6:
            b = a
        elif r < 0.75:
            a, b = mutate(a), mutate(mutate(a))
        else:
            b = rng.choice(pool) if rng.random() < 0.5 else version()
        if "\t" in a + b or "\n" in a + b:
            continue
        out.append(a + "\t" + b)
    print("\n".join(out))


main()
