#!/usr/bin/env python3
"""Writes a synthetic tailor site for benchmarks, and optionally an
equivalent Hugo site (the same pages, comparable templates and Markdown).

    python3 bench/gen_site.py --affiliates 10000 --out /tmp/site-10k [--hugo /tmp/hugo-10k]

50 segments, 200 case studies (a few paragraphs of Markdown each), the
given number of affiliates split between affiliates.yaml and
affiliates.csv. Deterministic.
"""
import argparse
import csv
import os
import random
import shutil

NICHES = ["fintech", "ecommerce", "healthtech", "edtech", "saas", "logistics", "proptech", "legaltech", "hrtech", "martech"]
CHANNELS = ["organic-search", "partner-referral", "events", "community", "paid-social"]
PAINS = ["churn", "onboarding", "reporting", "compliance", "adoption", "expansion", "attribution", "renewals"]
USES = ["health-scores", "churn-prediction", "dashboards", "automated-reports", "cohort-analysis", "usage-analytics", "playbooks"]
WORDS = ("customer success team account usage signal churn renewal revenue dashboard cohort weekly score "
         "health product adoption onboarding support ticket quarter growth retention expansion data warehouse").split()


def para(rng, n=60):
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--affiliates", type=int, default=10000)
    p.add_argument("--segments", type=int, default=50)
    p.add_argument("--case-studies", type=int, default=200)
    p.add_argument("--out", required=True)
    p.add_argument("--hugo")
    p.add_argument("--theme", default=os.path.join(os.path.dirname(__file__), "..", "themes"))
    args = p.parse_args()
    rng = random.Random(42)
    out = args.out
    shutil.rmtree(out, ignore_errors=True)
    write(f"{out}/tailor.yaml", """site:
  name: Bench Analytics
  base_url: https://partners.bench.example
  signup_url: https://app.bench.example/signup
tracking:
  product_hosts: [app.bench.example, bench.example]
incentive:
  referrer: { label: "$200 credit per referred customer", value: 200 }
  referred: { label: "First month free", value: 99 }
  cap: "up to 12 referrals a year"
""")
    shutil.copytree(args.theme, f"{out}/themes")
    segments = []
    for i in range(args.segments):
        niche, channel = NICHES[i % len(NICHES)], CHANNELS[(i // len(NICHES)) % len(CHANNELS)]
        sid = f"{niche}-{channel}-{i}"
        segments.append(sid)
        pains, uses = rng.sample(PAINS, 2), rng.sample(USES, 2)
        write(f"{out}/segments/{sid}.yaml", f"""name: {niche} teams from {channel} {i}
niche: {niche}
channel: {channel}
pain_points: [{", ".join(pains)}]
use_cases: [{", ".join(uses)}]
headline: Stop losing {niche} customers you already won ({i})
subheadline: {para(rng, 25)}
body: |
  {para(rng)}

  {para(rng)} [Start a free trial](https://app.bench.example/signup?plan=growth).
""")
    cases = []
    for i in range(args.case_studies):
        niche = NICHES[i % len(NICHES)]
        channel = rng.choice(CHANNELS)
        slug = f"customer-{i}"
        cases.append((slug, niche, channel))
        body = "\n\n".join([para(rng), "## The challenge", para(rng), "## What they did", para(rng),
                            f"See the [dashboard](https://app.bench.example/dashboards/{i}).", "## The result", para(rng)])
        write(f"{out}/content/case-studies/{slug}.md", f"""---
title: How Customer {i} cut churn by {10 + i % 40}%
customer: Customer {i}
niche: {niche}
channel: {channel}
pain_points: [{", ".join(rng.sample(PAINS, 2))}]
use_cases: [{", ".join(rng.sample(USES, 2))}]
metrics:
  - {{ label: churn, value: "-{10 + i % 40}%" }}
  - {{ label: net revenue retention, value: "{100 + i % 30}%" }}
quote: {{ text: "{para(rng, 20)}", author: "Person {i}", role: "VP Customer Success" }}
date: 2024-{1 + i % 12:02d}-{1 + i % 28:02d}
---
{body}
""")
    write(f"{out}/content/pages/terms.md", f"---\ntitle: Terms\n---\n{para(rng)}\n\n{para(rng)}\n")
    half = args.affiliates // 2
    with open(f"{out}/affiliates.yaml", "w", encoding="utf-8") as f:
        for i in range(half):
            f.write(f"- name: Affiliate Person {i}\n  company: Company {i}\n  segment: {segments[i % len(segments)]}\n"
                    f"  message: {para(rng, 18)}\n")
    with open(f"{out}/affiliates.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name", "company", "segment", "message"])
        for i in range(half, args.affiliates):
            w.writerow([f"Affiliate Person {i}", f"Company {i}", segments[i % len(segments)], para(rng, 18)])

    if args.hugo:
        hugo_site(args, segments, cases, rng)


def hugo_site(args, segments, cases, rng):
    """The same pages for Hugo: one content file per page, a layout per kind
    comparable to the default theme (same sections, a loop over case-study
    cards, Markdown bodies)."""
    h = args.hugo
    shutil.rmtree(h, ignore_errors=True)
    write(f"{h}/hugo.toml", 'baseURL = "https://partners.bench.example/"\ntitle = "Bench Analytics"\n'
          'disableKinds = ["taxonomy", "term", "RSS"]\n[markup.goldmark.renderer]\nunsafe = true\n')
    base = open(os.path.join(args.theme, "default/templates/base.html"), encoding="utf-8").read()
    layout = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · Bench Analytics</title>
<meta name="description" content="{{ .Params.description }}"><link rel="canonical" href="{{ .Permalink }}">
<meta property="og:title" content="{{ .Title }}"><meta property="og:url" content="{{ .Permalink }}">
<link rel="stylesheet" href="/assets/site.css"></head><body>
{{ with .Params.affiliate }}<aside class="disclosure"><p>{{ . }} is a partner and may earn a reward.</p></aside>{{ end }}
<header><a href="/">Bench Analytics</a> <a href="https://app.bench.example/signup?ref={{ .Params.code }}&utm_source={{ .Params.source }}&utm_content=nav">Start free</a></header>
<main><section class="hero"><p class="eyebrow">{{ .Params.eyebrow }}</p><h1>{{ .Title }}</h1><p>{{ .Params.subheadline }}</p>
{{ with .Params.message }}<figure class="note"><blockquote><p>{{ . }}</p></blockquote></figure>{{ end }}
<a class="button" href="https://app.bench.example/signup?ref={{ .Params.code }}&utm_source={{ .Params.source }}&utm_content=hero">First month free</a></section>
<section class="topics"><ul>{{ range .Params.pains }}<li>{{ . }}</li>{{ end }}</ul><ul>{{ range .Params.uses }}<li>{{ . }}</li>{{ end }}</ul></section>
<section class="prose">{{ .Content }}</section>
<section class="stories">{{ range .Params.cases }}{{ with site.GetPage (printf "/customers/%s" .) }}<article class="case-card"><p>{{ .Params.customer }}</p>
<h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3><dl>{{ range .Params.metrics }}<div><dt>{{ .label }}</dt><dd>{{ .value }}</dd></div>{{ end }}</dl>
<p>{{ .Summary }}</p><figure><blockquote>{{ .Params.quote.text }}</blockquote><figcaption>{{ .Params.quote.author }}</figcaption></figure></article>{{ end }}{{ end }}</section>
<section class="offer"><p>First month free</p><p>$200 credit per referred customer</p><a href="https://app.bench.example/signup?ref={{ .Params.code }}&utm_content=offer">Claim</a></section>
</main><footer><a href="/terms/">Terms</a> <a href="https://app.bench.example/signup?ref={{ .Params.code }}&utm_content=footer">Create an account</a></footer></body></html>
"""
    write(f"{h}/layouts/_default/single.html", layout)
    write(f"{h}/layouts/_default/list.html", layout)
    write(f"{h}/layouts/index.html", layout)
    write(f"{h}/static/assets/site.css", "body{font-family:system-ui}")
    write(f"{h}/content/_index.md", "---\ntitle: Partner program\n---\nWelcome.\n")
    seg_cases = {}
    for sid in segments:
        niche = sid.split("-")[0]
        seg_cases[sid] = [c[0] for c in cases if c[1] == niche][:3]
    for (slug, niche, channel) in cases:
        src = open(f"{args.out}/content/case-studies/{slug}.md", encoding="utf-8").read()
        write(f"{h}/content/customers/{slug}.md", src)
    for sid in segments:
        seg = open(f"{args.out}/segments/{sid}.yaml", encoding="utf-8").read()
        body = seg.split("body: |\n", 1)[1].replace("\n  ", "\n").strip()
        write(f"{h}/content/for/{sid}.md", f"---\ntitle: Segment {sid}\nsubheadline: A segment page\nsource: {sid}\n"
              f"pains: [churn, onboarding]\nuses: [dashboards]\ncases: [{', '.join(seg_cases[sid])}]\n---\n{body}\n")
    for i in range(args.affiliates):
        sid = segments[i % len(segments)]
        write(f"{h}/content/a/affiliate-person-{i}.md",
              f"---\ntitle: Affiliate page {i}\nurl: /affiliate-person-{i}/\naffiliate: Affiliate Person {i}\ncode: affiliate-person-{i}\n"
              f"source: affiliate-person-{i}\nmessage: {para(rng, 18)}\neyebrow: Recommended by Affiliate Person {i}\n"
              f"subheadline: A segment page\npains: [churn, onboarding]\nuses: [dashboards]\ncases: [{', '.join(seg_cases[sid])}]\n---\n"
              f"{para(rng)}\n\n{para(rng)} [Start a free trial](https://app.bench.example/signup?plan=growth).\n")
    write(f"{h}/content/terms.md", f"---\ntitle: Terms\n---\n{para(rng)}\n")


if __name__ == "__main__":
    main()
