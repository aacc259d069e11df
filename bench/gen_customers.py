#!/usr/bin/env python3
"""Writes a synthetic customer-success export for `tailor derive`.

Deterministic for a given --seed. The export looks like a real CRM export:
aliased, mixed-case headers, a few spellings of the same niche or channel,
blank cells, churned accounts, money written as "$12,400". Niches and
channels are spelt several ways ("E-commerce", "ecommerce"). Most accounts
come from a few niche × channel groups full of happy customers; the rest
are spread thin and do less well.

Some accounts were referred by the example site's affiliates (`Referred
By` holds their code; `Customer ID` joins the commission export): most of
the partner-referral channel, a few of the rest. The referrals and the
commissions come from a second random stream, so the other columns are
the same with or without them. The story the sample tells `tailor
report`: Jane Doe's fintech referrals stay; Tom Becker's agency
(`cartwheel`) sends ecommerce accounts that churn within months, on a
rich commission; a few signups carry codes no affiliate has (`JANE20`,
`prya`, `spring-promo`); Marco Bianchi left the program and is still
referring; Dmitrii Sokolov has referred nobody yet.

    python3 bench/gen_customers.py --rows 400 --seed 7 \
        --commissions data/commissions.csv > data/customers.csv

    python3 bench/gen_customers.py --rows 400 --seed 7 > data/customers.csv
    python3 bench/gen_customers.py --rows 1000000 > /tmp/customers-1m.csv

With --locale de the same accounts are written as a German Excel writes
them: `;` between columns, "12.400,00 €" for money, "Aktiv"/"Gekündigt"
for a status (tailor reads it with `--locale de`, or from the values).

    python3 bench/gen_customers.py --rows 1000000 --locale de > /tmp/kunden-1m.csv
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
          "Support Tickets", "Upsell", "Status", "Pain Points", "Use Cases", "Owner", "Customer ID", "Referred By"]
# The example site's affiliates who refer each niche's accounts (codes).
REFERRERS = {
    "fintech": ["jane20", "jane20", "olga", "sukru-yildiz", "chen-wei"],
    "ecommerce": ["priya", "lucia-fernandez", "cartwheel"],
    "healthtech": ["aisha-bello", "elif-aydin"],
    "edtech": ["juergen-mueller", "ona-kazlauskaite"],
    "saas": ["sven", "zygimantas-simkus", "marco-bianchi"],
    "logistics": ["sven", "priya", "aisha-bello"],
}
# Signups whose code names no affiliate: a typo, a case slip, a campaign.
STRAYS = ["JANE20", "prya", "spring-promo"]
# Commission rate on the first year's ARR: the default deal, and the
# agency deal Tom Becker negotiated on the platform.
RATES = {"cartwheel": 0.45}
DEFAULT_RATE = 0.15
SYLLABLES = ["lum", "ka", "ri", "so", "ve", "ta", "no", "bri", "dex", "qua", "zen", "mo", "pi", "lo", "tra"]
SUFFIXES = ["ly", "io", "ify", " Labs", " Systems", " Health", " Pay", " Cloud", " Works", " GmbH", " Ltd"]


def name(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize() + rng.choice(SUFFIXES)


def blank(rng, value, p=0.04):
    return "" if rng.random() < p else value


def row(rng, refs, n):
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
    # From here on, only the second stream: the columns above are the same
    # with or without referrals.
    referred_by = ""
    if refs.random() < (0.85 if channel == "partner-referral" else 0.12):
        if refs.random() < 0.04:
            referred_by = refs.choice(STRAYS)
        elif niche == "ecommerce" and churned and refs.random() < 0.8:
            referred_by = "cartwheel"
        elif niche == "ecommerce" and not churned and refs.random() < 0.5:
            referred_by = refs.choice(["priya", "lucia-fernandez"])
        else:
            referred_by = refs.choice(REFERRERS[niche])
    drawn_churned = churned
    if referred_by == "cartwheel" and refs.random() < 0.7:
        churned = True
    if churned:
        # A churned account's lifetime value is what it paid before leaving.
        ltv = arr * refs.uniform(0.15, 0.6)
    customer_id = f"cus_{n:06d}"
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
        # The main stream draws a status exactly as it would without
        # referrals; an account churned by the second one overrides it.
        "Churned" if (status := "Churned" if drawn_churned else rng.choice(["Active", "active", ""])) and churned
        else status,
        "; ".join(rng.sample(pains, k)),
        "; ".join(rng.sample(uses, min(k, len(uses)))),
        rng.choice(["ana", "ben", "chloe", "dmitri", "elif"]),
        customer_id,
        referred_by,
    ], (customer_id, referred_by, arr)


USAGE_HEADER = ["Weekly Active Users", "Logins per Week", "Seats Used", "Seats Purchased", "Feature Adoption"]


def usage_values(rng):
    seats = rng.choice([5, 10, 25, 50, 100])
    used = rng.randint(1, seats)
    return [
        blank(rng, str(round(used * rng.uniform(0.5, 1.0)))),
        blank(rng, f"{rng.uniform(0, 40):.1f}"),
        blank(rng, str(used)),
        blank(rng, str(seats)),
        blank(rng, f"{rng.randint(5, 100)}%"),
    ]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=400)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--commissions", help="also write a commission export (Rewardful's columns) here")
    p.add_argument("--locale", choices=["en", "de"], default="en",
                   help="de: written as a German spreadsheet writes it")
    p.add_argument("--usage", action="store_true",
                   help="also write product-usage columns (active users, logins, seats, feature adoption), "
                        "from a stream of their own: the other columns are the same with or without them")
    args = p.parse_args()
    usage = random.Random(args.seed * 104729 + 3)
    rng = random.Random(args.seed)
    refs = random.Random(args.seed * 7919 + 1)
    german = args.locale == "de"
    w = csv.writer(sys.stdout, lineterminator="\n", delimiter=";" if german else ",")
    w.writerow((GERMAN_HEADER if german else HEADER) + (USAGE_HEADER if args.usage else []))
    referred = []
    for n in range(args.rows):
        values, account = row(rng, refs, n + 1)
        if german:
            values = in_german(values)
        if args.usage:
            values = values + usage_values(usage)
        w.writerow(values)
        if account[1] and account[1] not in STRAYS and account[1] != "marco-bianchi":
            referred.append(account)
    if args.commissions:
        write_commissions(args.commissions, referred, refs)


GERMAN_HEADER = ["Firmenname", "Branche", "Quelle", "NPS", "Gesundheit", "CSAT", "Kundenwert", "ARR",
                 "Tickets", "Erweiterung", "Status", "Herausforderungen", "Anwendungsfälle", "Betreuer",
                 "Kundennummer", "Empfohlen von"]
GERMAN_WORDS = {"Active": "Aktiv", "active": "aktiv", "Churned": "Gekündigt", "yes": "ja", "no": "nein"}


def in_german(values):
    """A row as German Excel writes it: money with a decimal comma, a
    thousands point and the euro sign; status and yes/no in German."""
    out = list(values)
    if out[6]:
        whole = int(out[6].lstrip("$").replace(",", ""))
        out[6] = f"{whole:,}".replace(",", ".") + ",00 €"
    for i in (9, 10):
        out[i] = GERMAN_WORDS.get(out[i], out[i])
    return out


def write_commissions(path, referred, refs):
    """One commission per referred account, as Rewardful's export has them:
    amount in cents, state, the customer's Stripe id, the affiliate's token.
    Some are voided (refunded sales); a few are still due or pending."""
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "created_at", "amount_cents", "currency", "state", "affiliate_token",
                    "referral_stripe_customer_id"])
        for i, (customer, code, arr) in enumerate(referred, start=1):
            rate = RATES.get(code, DEFAULT_RATE)
            state = refs.choices(["paid", "due", "pending", "voided"], [80, 8, 8, 4])[0]
            month = 1 + i % 12
            w.writerow([f"com_{i:05d}", f"2025-{month:02d}-{1 + i % 28:02d}", round(arr * rate * 100),
                        "USD", state, code, customer])


if __name__ == "__main__":
    main()
