"""Exact reference for CVSS v2 (cvss_differential_test): the v2 guide's equations (section 3.2)
evaluated in decimal arithmetic, so rounding ties are decided on the true value rather than on a
binary approximation. Reads one v2 vector per line on stdin; prints "<base> <temporal> <env>",
with "None" for a temporal/environmental score when no such metric is set to anything but ND.
Python standard library only."""
import sys
from decimal import Decimal as D, ROUND_HALF_UP

IMPACT = {"N": "0", "P": "0.275", "C": "0.660"}
REQUIREMENT = {"L": "0.5", "M": "1.0", "H": "1.51", "ND": "1.0"}
WEIGHTS = {
    "AV": {"L": "0.395", "A": "0.646", "N": "1.0"},
    "AC": {"H": "0.35", "M": "0.61", "L": "0.71"},
    "Au": {"M": "0.45", "S": "0.56", "N": "0.704"},
    "C": IMPACT, "I": IMPACT, "A": IMPACT,
    "E": {"U": "0.85", "POC": "0.9", "F": "0.95", "H": "1.0", "ND": "1.0"},
    "RL": {"OF": "0.87", "TF": "0.90", "W": "0.95", "U": "1.0", "ND": "1.0"},
    "RC": {"UC": "0.90", "UR": "0.95", "C": "1.0", "ND": "1.0"},
    "CDP": {"N": "0", "L": "0.1", "LM": "0.3", "MH": "0.4", "H": "0.5", "ND": "0"},
    "TD": {"N": "0", "L": "0.25", "M": "0.75", "H": "1.0", "ND": "1.0"},
    "CR": REQUIREMENT, "IR": REQUIREMENT, "AR": REQUIREMENT,
}


def round1(x):
    return x.quantize(D("0.1"), rounding=ROUND_HALF_UP)


def base_equation(impact, exploitability):
    f = D(0) if impact == 0 else D("1.176")
    return round1((D("0.6") * impact + D("0.4") * exploitability - D("1.5")) * f)


def score(vector):
    metrics = dict(part.split(":") for part in vector.strip("()").split("/"))
    w = lambda name: D(WEIGHTS[name][metrics.get(name, "ND")])
    defined = lambda names: any(metrics.get(n, "ND") != "ND" for n in names)
    exploitability = 20 * w("AV") * w("AC") * w("Au")
    impact = D("10.41") * (1 - (1 - w("C")) * (1 - w("I")) * (1 - w("A")))
    base = base_equation(impact, exploitability)
    temporal = round1(base * w("E") * w("RL") * w("RC"))
    adjusted_impact = min(D(10), D("10.41") * (1 - (1 - w("C") * w("CR")) *
                                               (1 - w("I") * w("IR")) * (1 - w("A") * w("AR"))))
    adjusted_temporal = round1(base_equation(adjusted_impact, exploitability) *
                               w("E") * w("RL") * w("RC"))
    # The adjusted base can be negative (CR/IR/AR:L); scores below 0 are reported as 0.
    env = max(D(0), round1((adjusted_temporal + (10 - adjusted_temporal) * w("CDP")) * w("TD")))
    fmt = lambda x: format(x.normalize(), "f") if x != 0 else "0"
    return " ".join([fmt(base),
                     fmt(temporal) if defined(["E", "RL", "RC"]) else "None",
                     fmt(env) if defined(["CDP", "TD", "CR", "IR", "AR"]) else "None"])


for line in sys.stdin:
    if line.strip():
        print(score(line.strip()))
