#!/usr/bin/env python3
"""Writes a synthetic customer-success export for `tailor derive`.

Deterministic for a given --seed. The export looks like a real CRM export:
aliased, mixed-case headers, a few spellings of the same niche or channel,
blank cells, churned accounts, money written as "$12,400". Niches and
channels are spelt several ways ("E-commerce", "ecommerce"). Most accounts
come from a few niche × channel groups full of happy customers; the rest
are spread thin and do less well.

    python3 bench/gen_customers.py --rows 400 --seed 7 > data/customers.csv
    python3 bench/gen_customers.py --rows 1000000 > /tmp/customers-1m.csv
"""
import argparse
import csv
import random
import sys

# niche: (spellings, pain points, use cases)
NICHES = {
    "fintech": (["Fintech", "fintech", "FinTech"], ["churn", "onboarding", "reporting", "compliance"],
                ["health scores", "churn prediction", "revenue dashboards"]),
    "ecommerce": (["Ecommerce", "E-commerce", "ecommerce"], ["reporting", "client retention", "attribution"],
                  ["client dashboards", "automated reports", "cohort analysis"]),
    "healthtech": (["Healthtech", "HealthTech", "health-tech"], ["adoption", "compliance", "renewals"],
                   ["usage analytics", "renewal forecasting", "health scores"]),
    "edtech": (["Edtech", "EdTech", "Ed-Tech"], ["seasonal churn", "onboarding", "engagement"],
               ["cohort analysis", "onboarding playbooks", "usage analytics"]),
    "saas": (["SaaS", "saas"], ["expansion", "churn", "forecasting"],
             ["expansion signals", "health scores", "renewal forecasting"]),
    "logistics": (["Logistics", "logistics"], ["reporting", "data silos", "churn"],
                  ["revenue dashboards", "automated reports"]),
}
CHANNELS = {
    "organic-search": ["Organic Search", "organic search", "organic-search"],
    "partner-referral": ["Partner Referral", "partner referral", "Partner-Referral"],
    "events": ["Events", "events"],
    "community": ["Community", "community"],
    "paid-social": ["Paid Social", "paid social"],
    "outbound": ["Outbound", "outbound"],
}
# The groups whose customers do well: the segments derive should find.
STRONG = {("fintech", "organic-search"), ("ecommerce", "partner-referral"), ("healthtech", "events"),
          ("edtech", "community"), ("saas", "paid-social")}
HEADER = ["Account Name", "Industry", "Lead Source", "NPS", "Health Score", "CSAT", "Lifetime Value", "ARR",
          "Support Tickets", "Upsell", "Status", "Pain Points", "Use Cases", "Owner"]
SYLLABLES = ["lum", "ka", "ri", "so", "ve", "ta", "no", "bri", "dex", "qua", "zen", "mo", "pi", "lo", "tra"]
SUFFIXES = ["ly", "io", "ify", " Labs", " Systems", " Health", " Pay", " Cloud", " Works", " GmbH", " Ltd"]


def name(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize() + rng.choice(SUFFIXES)


def blank(rng, value, p=0.04):
    return "" if rng.random() < p else value


def row(rng):
    # Most accounts come through the channels that work for their niche.
    if rng.random() < 0.55:
        niche, channel = rng.choice(sorted(STRONG))
    else:
        niche = rng.choice(list(NICHES))
        channel = rng.choice(list(CHANNELS))
    spellings, pains, uses = NICHES[niche]
    strong = (niche, channel) in STRONG
    nps = max(0, min(10, round(rng.gauss(8.6 if strong else 6.0, 1.6))))
    health = max(0, min(100, round(rng.gauss(78 if strong else 58, 14))))
    tickets = max(0, round(rng.gauss(2 if strong else 4, 2)))
    arr = rng.choice([1200, 2400, 4800, 9600, 14400, 24000]) * (1.3 if strong else 1.0)
    ltv = arr * rng.uniform(1.5, 4.5)
    churned = rng.random() < (0.08 if strong else 0.22)
    k = rng.randint(1, 2)
    return [
        name(rng),
        blank(rng, rng.choice(spellings), 0.02),
        blank(rng, rng.choice(CHANNELS[channel]), 0.02),
        blank(rng, str(nps), 0.08),
        blank(rng, str(health)),
        blank(rng, str(rng.randint(1, 5)), 0.2),
        blank(rng, f"${ltv:,.0f}"),
        blank(rng, f"{arr:.0f}"),
        blank(rng, str(tickets)),
        rng.choice(["yes", "no", "no", ""]),
        "Churned" if churned else rng.choice(["Active", "active", ""]),
        "; ".join(rng.sample(pains, k)),
        "; ".join(rng.sample(uses, min(k, len(uses)))),
        rng.choice(["ana", "ben", "chloe", "dmitri", "elif"]),
    ]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=400)
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args()
    rng = random.Random(args.seed)
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(HEADER)
    for _ in range(args.rows):
        w.writerow(row(rng))


if __name__ == "__main__":
    main()
