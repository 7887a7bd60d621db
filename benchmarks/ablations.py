"""How the event coder and the trigger lexicon should decide together, measured.

Each dev set is parsed and read by the lexicon once; then every variant applies its
:class:`~tidings.events.coder.Policy` to the same lexicon events. Sets the coder trained
on are read through its fold models (each sentence by the model that did not see it), as
``tidings eval`` does; petr2, never trained on, through the shipped model. Variants:

- ``lexicon``: the lexicon alone (no coder); ``shipped``: the shipped policy;
- ``coder``: the coder decides every type: it re-types and drops every lexicon event, and
  adds an event wherever its top type is not "no event" (the lexicon only proposes where);
- ``add P``: the lexicon's events as they are; the coder adds events at probability P;
- ``add P, retype R``: and re-types a lexicon event when its own top type reaches R;
- ``..., veto V``: and drops a lexicon event it reads as no event at V;
- ``..., acled A``: and gives the ACLED sub-event type when it reaches A;
- ``..., weigh``: and an event's confidence (which picks a sentence's main event) is the
  parse's times the coder's probability for its type;
- ``shipped, vouches for nothing`` / ``at 0.8``: an added event needs a coded doer in the
  parse, or the coder that sure (the shipped policy vouches from 0.5, as it adds);
- ``shipped, roles by rules`` / ``by model``: sources and targets settled by the dependency
  rules alone, or by the coder's role head alone (``shipped`` weighs both: roles.py);
- ``shipped, adds at P``: the bar for adding an event (and vouching for it) moved from the
  shipped 0.5 (``benchmarks/added_events.py`` reads what it adds to real news);
  ``re-types`` / ``drops at any probability``: those bars at 0.

Usage: python benchmarks/ablations.py [--limit N] (docs/event-types.md quotes it)
"""

from __future__ import annotations

import argparse

from tidings.evaluate import (
    data_file,
    honest_pipeline,
    load_cameo2plover,
    markdown_table,
    read_jsonl,
    resolve_data_dir,
    score_case2021,
    score_conflibert,
    score_petr2,
    score_plv,
    to_article,
)
from tidings.events.policy import Policy
from tidings.pipeline import Pipeline

VARIANTS: dict[str, Policy | None] = {
    "lexicon": None,
    "shipped": Policy(),
    "coder": Policy(add=0.0, retype=0.0, aside_retype=0.0, veto=0.0, acled=0.0),
    "add 0.8": Policy(add=0.8),
    "add 0.5": Policy(add=0.5),
    "add 0.5, retype 0.9": Policy(add=0.5, retype=0.9),
    "add 0.5, retype 0.7": Policy(add=0.5, retype=0.7),
    "add 0.5, retype 0.5": Policy(add=0.5, retype=0.5),
    "add 0.5, retype 0.7, veto 0.9": Policy(add=0.5, retype=0.7, veto=0.9),
    "add 0.5, retype 0.7, veto 0.7": Policy(add=0.5, retype=0.7, veto=0.7),
    "add 0.5, retype 0.7, veto 0.9, acled 0.5": Policy(add=0.5, retype=0.7, veto=0.9,
                                                       acled=0.5),
    "add 0.5, retype 0.7, veto 0.9, acled 0.8": Policy(add=0.5, retype=0.7, veto=0.9,
                                                       acled=0.8),
    "add 0.5, retype 0.7, veto 0.9, weigh": Policy(add=0.5, retype=0.7, veto=0.9,
                                                   weigh=True),
    "coder, weigh": Policy(add=0.0, retype=0.0, aside_retype=0.0, veto=0.0, acled=0.0,
                           weigh=True),
    "add 0.5, retype 0, veto 0.5, acled 0.5, weigh": Policy(add=0.5, retype=0.0, veto=0.5,
                                                            acled=0.5, weigh=True),
    "add 0.5, retype 0.5, veto 0.9, acled 0.5, weigh": Policy(add=0.5, retype=0.5, veto=0.9,
                                                              acled=0.5, weigh=True),
    "add 0.3, retype 0, veto 0, acled 0.5, weigh": Policy(add=0.3, retype=0.0, veto=0.0,
                                                          acled=0.5, weigh=True),
    "shipped, vouches for nothing": Policy(vouch=None),
    "shipped, vouches at 0.8": Policy(vouch=0.8),
    "shipped, roles by rules": Policy(roles="rules"),
    "shipped, roles by model": Policy(roles="model"),
    "shipped, asides re-typed as other events": Policy(aside_retype=0.0),
    "shipped, adds at 0.4": Policy(add=0.4, vouch=0.4),
    "shipped, adds at 0.3": Policy(add=0.3, vouch=0.3),
    "shipped, adds at 0.3, vouches at 0.5": Policy(add=0.3, vouch=0.5),
    "shipped, adds at 0.2": Policy(add=0.2, vouch=0.2),
    "shipped, adds any type but no event": Policy(add=0.0, vouch=0.0),
    "shipped, re-types at any probability": Policy(retype=0.0),
    "shipped, drops at any probability": Policy(veto=0.0),
    "shipped, statements at 0.5": Policy(statements=0.5),
    "shipped, statements at 0.7": Policy(statements=0.7),
    "shipped, statements at 0.9 (--statements)": Policy(statements=0.9),
}
FIGURES = {"plv_train": ("macro_f1", "S_text_match", "T_text_match"),
           "conflibert_cameo_train": ("macro_f1", "S_span_f1", "T_span_f1"),
           "case2021_task2_even": ("recall", "false_event_rate", "acled_sub_event_accuracy"),
           "petr2_gsr_validation": ("f1", "actor_country_acc", "recipient_country_acc",
                                    "dyad_f1")}
SHORT = {"plv_train": "plv", "conflibert_cameo_train": "conflibert",
         "case2021_task2_even": "case", "petr2_gsr_validation": "petr2"}


def run(limit: int | None = None, variants: dict[str, Policy | None] = VARIANTS,
        sets: list[str] | None = None) -> list[dict]:
    data = resolve_data_dir()
    cameo2plover = load_cameo2plover(data_file(data, "reference", "CAMEO2PLOVER-2021.txt"))
    scorers = {"plv_train": score_plv, "conflibert_cameo_train": score_conflibert,
               "case2021_task2_even": score_case2021,
               "petr2_gsr_validation": lambda r, p: score_petr2(r, p, cameo2plover)}
    shipped = Pipeline()
    table: dict[str, dict] = {name: {"variant": name} for name in variants}
    for name in sets or FIGURES:
        keys = FIGURES[name]
        rows = read_jsonl(data_file(data, "dev", f"{name}.jsonl"), limit)
        pipe, setting = honest_pipeline(name, shipped)
        print(f"{name}: {len(rows)} rows; coder {setting}", flush=True)
        articles = [to_article(r) for r in rows]
        read = [(doc, *pipe.lexicon_events(doc, article))
                for doc, article in zip(pipe.nlp.pipe(a.text for a in articles), articles,
                                        strict=True)]
        for variant, policy in variants.items():
            pipe.policy = policy
            preds = [pipe.coded(doc, list(events), context) for doc, events, context in read]
            figures = scorers[name](rows, preds).figures
            table[variant] |= {f"{SHORT[name]} {k}": figures[k] for k in keys}
        pipe.policy = shipped.policy
    return list(table.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="rows per dataset")
    parser.add_argument("--only", default="", help="variant names separated by semicolons")
    parser.add_argument("--sets", default="", help="dev sets separated by commas (default all)")
    args = parser.parse_args()
    names = [n.strip() for n in args.only.split(";") if n.strip()]
    variants = {n: VARIANTS[n] for n in names} if names else VARIANTS
    sets = [n.strip() for n in args.sets.split(",") if n.strip()] or list(FIGURES)
    print(markdown_table(run(args.limit, variants, sets)))


if __name__ == "__main__":
    main()
