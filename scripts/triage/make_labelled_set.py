#!/usr/bin/env python3
"""Writes the triage labelled set (Tests/RapportCoreTests/Fixtures/triage/{train,heldout}.jsonl) and the
shipped copy of the training part (Sources/Rapport/Resources/Triage/train.jsonl).

Every message is assembled from hand-written customer sentences, and its labels are the union of what
went into it: a core sentence carries the kind, the complaint category or topic and the base sentiment;
a style fragment shows its communication style; urgency and warmth fragments raise or lower urgency and
make a neutral message positive. Messages without any style fragment are the "no style" messages.

The two parts never share a sentence: training messages are built only from scripts/triage/train_sentences.py
and held-out messages only from scripts/triage/heldout_sentences.py, which was written separately with
different wording (and different products) for the same kinds of situations. The held-out part is only
measured, never tuned against; tuning uses `rapport bench triage --folds 5`, cross-validation on the
training part. For that, training message i is built only from the sentences whose position in their
list leaves the same remainder modulo 5 as i, so the five folds (line number modulo 5) share no sentence.

Labelling rules (what an agent would label):
- complaints and outages are negative, praise is positive, other messages neutral;
- a neutral message turns negative when it shows a hostile style (demanding, skeptic, impatient,
  high_maintenance), and positive when it ends with a warm fragment instead;
- urgency is high for outages, impatient or demanding customers and explicit urgency; low when the
  customer says there is no rush; normal otherwise.
"""
import json
import os
import random

import heldout_sentences
import train_sentences

FOLDS = 5
KINDS = {
    "product_defect": "complaint", "service_failure": "complaint", "over_promise": "complaint",
    "misleading_marketing": "complaint", "customer_error": "complaint", "product_dissatisfaction": "complaint",
    "rudeness": "complaint", "discrimination": "complaint", "price_exploitation": "complaint",
    "slow_response": "complaint", "advice": "question", "usage_question": "question", "order_tracking": "question",
    "payment": "question", "return_refund": "request", "maintenance": "request", "outage": "incident",
    "praise": "feedback",
}
CORE_TYPES = list(KINDS)
STYLE_NAMES = list(train_sentences.STYLES)
HOSTILE = {"demanding", "skeptic", "impatient", "high_maintenance"}
# Praise rarely comes with a complaint's attitude; these are the styles it does come with.
PRAISE_STYLES = ["chatty", "loyalist", "decision_maker", "analytical"]
CLASHES = [{"chatty", "impatient"}, {"decision_maker", "indecisive"}]
GREETINGS = ["Hi,", "Hello,", "Good morning,", "Dear team,", "hey", "Hi there,", "Good afternoon,", "", "", "", ""]
SIGNOFFS = ["Thanks", "Regards, Jan", "Best, Priya", "Kind regards\nMrs. Okafor", "thx", "", "", "Cheers, Tom",
            "Greetings from Porto, Ana", "Mfg, Dieter", "Sent from my phone", "", "Best wishes, Sam"]


def typo(rng, text):
    """Swaps two letters in one word, as hurried customers do."""
    words = text.split(" ")
    i = rng.randrange(len(words))
    w = words[i]
    if len(w) > 4 and w.isalpha():
        j = rng.randrange(1, len(w) - 2)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


def make(rng, source, core_type, styles, fold):
    def pick(items):
        if fold is not None:
            items = [t for i, t in enumerate(items) if i % FOLDS == fold] or items
        return rng.choice(items)

    kind = KINDS[core_type]
    category = core_type if kind == "complaint" else None
    topic = None if category else ("maintenance" if core_type == "outage" else core_type)
    sentiment = {"complaint": "negative", "incident": "negative", "feedback": "positive"}.get(kind, "neutral")
    body = pick(source.CORES[core_type]).replace("{p}", rng.choice(source.PRODUCTS))
    body = body[0].upper() + body[1:]
    before, after = [], []
    for style in styles:
        fragment = pick(source.STYLES[style])
        leading = fragment.endswith((",", ":")) or (style in ("chatty", "loyalist") and rng.random() < 0.75) \
            or rng.random() < 0.2
        (before if leading else after).append(fragment)
    urgency = "high" if kind == "incident" or {"impatient", "demanding"} & set(styles) else "normal"
    roll = rng.random()
    if roll < 0.12:
        after.append(rng.choice(source.URGENT))
        urgency = "high"
    elif roll < 0.24 and urgency != "high":
        after.append(rng.choice(source.RELAXED))
        urgency = "low"
    if sentiment == "neutral":
        if HOSTILE & set(styles):
            sentiment = "negative"
        elif rng.random() < 0.2:
            after.append(rng.choice(source.WARM))
            sentiment = "positive"
    text = " ".join(before + [body] + after)
    if styles or rng.random() < 0.6:
        greeting, signoff = rng.choice(GREETINGS), rng.choice(SIGNOFFS)
        if greeting:
            text = greeting + rng.choice([" ", "\n"]) + text
        if signoff:
            text += "\n" + signoff
    if rng.random() < 0.2:
        text = typo(rng, text)
    if rng.random() < 0.08:
        text = text.lower()
    return {"text": text, "styles": sorted(styles), "sentiment": sentiment, "urgency": urgency,
            "kind": kind, "category": category, "topic": topic}


def choose_styles(rng, index, core_type):
    roll = rng.random()
    pool = PRAISE_STYLES if core_type == "praise" else STYLE_NAMES
    if roll < 0.35:
        return []
    styles = {pool[(index * 7 + index // len(CORE_TYPES)) % len(pool)]}
    if roll > 0.85:
        styles.add(rng.choice(pool))
    if any(clash <= styles for clash in CLASHES):
        styles = set(list(sorted(styles))[:1])
    return sorted(styles)


def build(source, count, seed, folded, seen):
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        core_type = CORE_TYPES[index % len(CORE_TYPES)]
        fold = index % FOLDS if folded else None
        while True:
            record = make(rng, source, core_type, choose_styles(rng, index, core_type), fold)
            if record["text"] not in seen:
                break
        seen.add(record["text"])
        rows.append(record)
    return rows


def main():
    seen = set()
    train = build(train_sentences, 1440, 20261202, True, seen)
    heldout = build(heldout_sentences, 240, 7, False, seen)
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    for path, rows in [("Tests/RapportCoreTests/Fixtures/triage/train.jsonl", train),
                       ("Tests/RapportCoreTests/Fixtures/triage/heldout.jsonl", heldout),
                       ("Sources/Rapport/Resources/Triage/train.jsonl", train)]:
        os.makedirs(os.path.dirname(os.path.join(root, path)), exist_ok=True)
        with open(os.path.join(root, path), "w") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(train)} training and {len(heldout)} held-out messages")


if __name__ == "__main__":
    main()
