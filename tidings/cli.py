"""The `tidings` command line."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from functools import partial
from importlib.metadata import version
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer

from tidings.budget import ARTICLE_SECONDS, failure_reason
from tidings.events.policy import policy_for
from tidings.ingest import Problem, is_url, parse_date, read_inputs
from tidings.language import foreign
from tidings.model import Article
from tidings.options import (
    AddressOpt,
    ArticleSecondsOpt,
    DateOpt,
    Engine,
    EngineOpt,
    StatementsOpt,
    WorkersOpt,
)
from tidings.progress import RunMeter
from tidings.torchless import keep_torch_from_thinc

if TYPE_CHECKING:
    from tidings.pipeline import Extractor

keep_torch_from_thinc()  # a second of every command's start-up, where torch is installed

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="News about politics and armed conflict in, coded PLOVER events out.")

# Exit codes besides 0 (every input read and coded): some records skipped, each named on
# stderr, the rest done; a usage error, or nothing at all could be read.
EXIT_SKIPPED, EXIT_USAGE = 3, 2


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"tidings {version('tidings')}")
        raise typer.Exit()


@app.callback()
def main(_version: Annotated[bool, typer.Option(
        "--version", callback=_show_version, is_eager=True,
        help="Print the version and exit.")] = False) -> None:
    """News about politics and armed conflict in, coded PLOVER events out.

    Exit codes: 0 all read and coded; 3 some records skipped (each named on stderr), the
    rest done; 2 a usage error or nothing readable."""
    log = logging.getLogger("tidings")  # what a first run builds, and warnings: on stderr
    if not log.handlers:
        log.addHandler(logging.StreamHandler(sys.stderr))
        log.setLevel(logging.INFO)
        log.propagate = False


class Casing(StrEnum):
    lower = "lower"
    upper = "upper"


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"


def date_option(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as error:
        raise typer.BadParameter(f"expected YYYY-MM-DD, got {value!r} ({error})") from None


InputsArg = Annotated[list[str], typer.Argument(
    help=".txt, .html, .jsonl files, directories, URLs, or - for stdin.")]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="jsonl or json.")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write here, not stdout.")]


class ArticleReader:
    """Reads articles, reports problems on stderr as they come, and counts them.

    Inputs that do not exist are named at once, before any model loads; with none left
    the command ends there (exit 2)."""

    def __init__(self, inputs: list[str], default: date | None, meter: RunMeter) -> None:
        """``meter`` shows the run's progress and sums it up in :meth:`finish`."""
        self.default = default
        self.meter = meter
        self.articles = self.skipped = 0
        self.inputs = []
        for item in inputs:
            if item == "-" or is_url(item) or Path(item).exists():
                self.inputs.append(item)
            else:
                self.skip(Problem(item, "no such file or directory"))
        if not self.inputs:
            self.finish()

    def skip(self, problem: Problem) -> None:
        self.skipped += 1
        typer.echo(f"tidings: skipped {problem}", err=True)

    def failed(self, article: Article, error: Exception) -> None:
        """An article read but not coded (a bug to report, or over its budget): named,
        counted, left out."""
        self.rejected(article, failure_reason(error))

    def rejected(self, article: Article, reason: str) -> None:
        """An article read but not coded or stored: named, counted, left out (it was read:
        a run whose every article is left out so ends with 3, not 2)."""
        title = f" ({article.title[:60]!r})" if article.title else ""
        self.skip(Problem(f"article {article.id}{title}", reason[:300]))

    def __iter__(self) -> Iterator[Article]:
        for item in read_inputs(self.inputs, self.default):
            if isinstance(item, Article):
                self.articles += 1
                if language := foreign(item.text):
                    title = f" ({item.title[:60]!r})" if item.title else ""
                    typer.echo(f"tidings: warning article {item.id}{title} is written in "
                               f"{language.name} ({language.code}): tidings reads English "
                               "only, so it yields no events", err=True)
                yield item
            elif item.skipped:
                self.skip(item)
            else:
                typer.echo(f"tidings: warning {item}", err=True)

    def finish(self) -> None:
        """Say what was skipped, and exit 2 when nothing at all could be read, 3 when some
        records were skipped."""
        self.meter.close()
        if self.articles:
            typer.echo(self.meter.summary(self.skipped), err=True)
        if self.skipped:
            typer.echo(f"tidings: {self.skipped} input record(s) skipped", err=True)
        if self.articles == 0:
            typer.echo("tidings: no article could be read", err=True)
            raise typer.Exit(EXIT_USAGE)
        if self.skipped:
            raise typer.Exit(EXIT_SKIPPED)


def _write_records(records: Iterator[dict], output_format: OutputFormat, out: IO[str]) -> None:
    if output_format is OutputFormat.jsonl:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        json.dump(list(records), out, ensure_ascii=False, indent=2)
        out.write("\n")


def _emit(records: Iterator[dict], output_format: OutputFormat, output: Path | None) -> None:
    if output is None:
        _write_records(records, output_format, sys.stdout)
        return
    with output.open("w", encoding="utf-8") as handle:
        _write_records(records, output_format, handle)


@app.command()
def extract(inputs: InputsArg, output_format: FormatOpt = OutputFormat.jsonl,
            output: OutputOpt = None, published: DateOpt = None,
            workers: WorkersOpt = None, engine: EngineOpt = Engine.local,
            address: AddressOpt = None, article_seconds: ArticleSecondsOpt = ARTICLE_SECONDS,
            statements: StatementsOpt = False) -> None:
    """Extract coded PLOVER events, one JSON record per event."""
    reader = ArticleReader(inputs, date_option(published),
                           RunMeter("coded", live=_live(output)))
    with extractor(workers, engine, address, article_seconds, statements) as pipeline:
        _emit(_records(pipeline.extract_many(reader, on_failure=reader.failed), reader.meter),
              output_format, output)
    reader.finish()


def _live(output: Path | None) -> bool:
    """A live progress line, unless records go to the terminal it would be drawn on."""
    return output is not None or not sys.stdout.isatty()


def _records(coded: Iterator[tuple[Article, list]], meter: RunMeter) -> Iterator[dict]:
    for _, events in coded:
        meter.add(1, len(events))
        yield from (event.to_dict() for event in events)


@contextmanager
def extractor(workers: int | None, engine: Engine = Engine.local, address: str | None = None,
              article_seconds: float = ARTICLE_SECONDS, statements: bool = False
              ) -> Iterator[Extractor]:
    """One pipeline in this process, a pool of ``workers`` processes (default: every core),
    or Ray actors (default: every CPU of the cluster); each article within a budget of
    ``article_seconds`` CPU seconds (0: none); public statements recorded if asked."""
    budget = article_seconds or None
    policy = policy_for(statements)
    from tidings.parallel import WorkerPool, default_workers

    if engine is Engine.ray:
        from tidings.ray_pool import RayPool

        try:
            pool = RayPool(workers, address, budget, policy)
        except RuntimeError as error:
            typer.echo(f"tidings: {error}", err=True)
            raise typer.Exit(EXIT_USAGE) from None
        with pool:
            yield pool
        return
    if address is not None:
        raise typer.BadParameter("--address needs --engine ray")
    workers = workers or default_workers()
    if workers == 1:
        from tidings.pipeline import Pipeline

        yield Pipeline(policy, article_seconds=budget)
        return
    with WorkerPool(workers, budget, policy) as pool:
        yield pool


@app.command()
def geoparse(inputs: InputsArg, output_format: FormatOpt = OutputFormat.jsonl,
             output: OutputOpt = None, published: DateOpt = None,
             workers: WorkersOpt = None, engine: EngineOpt = Engine.local,
             address: AddressOpt = None, article_seconds: ArticleSecondsOpt = ARTICLE_SECONDS
             ) -> None:
    """Every toponym of each article, with coordinates: one JSON record per article."""
    from dataclasses import asdict

    reader = ArticleReader(inputs, date_option(published),
                           RunMeter("geoparsed", "place", live=_live(output)))

    def records(found: Iterator[tuple[Article, list]]) -> Iterator[dict]:
        for article, places in found:
            reader.meter.add(1, len(places))
            yield {"article_id": article.id, "places": [asdict(p) for p in places]}

    with extractor(workers, engine, address, article_seconds) as pipeline:
        _emit(records(pipeline.places_many(reader, on_failure=reader.failed)), output_format,
              output)
    reader.finish()


@app.command("eval")
def evaluate(
    dataset: Annotated[str, typer.Argument(
        help="plv_train, petr2_gsr_validation, conflibert_cameo_train, case2021_task2_even, "
             "event_location_dev, lgl, or all.")],
    json_path: Annotated[Path | None, typer.Option("--json", help="Write figures here.")] = None,
    errors: Annotated[int, typer.Option("--errors", help="Show the N worst errors.")] = 0,
    limit: Annotated[int | None, typer.Option("--limit", help="Score the first N rows.")] = None,
    data_dir: Annotated[Path | None, typer.Option(
        "--data-dir", help="Folder holding dev/ and reference/ (default ../shared/datasets)."
    )] = None,
    lexicon_only: Annotated[bool, typer.Option(
        "--lexicon-only", help="Score the trigger lexicon without the event coder.")] = False,
    casing: Annotated[Casing | None, typer.Option(
        "--casing", help="Read the texts all lower or all upper case (as some feeds "
                         "deliver news), to measure what casing costs.")] = None,
    workers: WorkersOpt = None,
    statements: StatementsOpt = False,
) -> None:
    """Score the pipeline on gold data (docs/ACCURACY.md).

    A set the event coder trained on is scored 5-fold cross-validated: each sentence is
    read by the fold model (made by tidings train) whose training left it out.
    """
    from tidings.evaluate import resolve_data_dir, run_cli

    if lexicon_only and statements:
        raise typer.BadParameter("--statements needs the event coder, which --lexicon-only "
                                 "leaves out")
    where = resolve_data_dir(data_dir)
    try:
        if not where.is_dir():
            raise FileNotFoundError(2, "no such directory", str(where))
        from tidings.parallel import default_workers

        policy = None if lexicon_only else policy_for(statements)
        raise typer.Exit(run_cli(dataset, json_path, errors, limit, data_dir, policy,
                                 casing and casing.value, workers or default_workers()))
    except FileNotFoundError as error:
        typer.echo(f"tidings: no gold data at {error.filename} (give --data-dir FOLDER or "
                   "set TIDINGS_DATA; docs/ACCURACY.md says where the data comes from)",
                   err=True)
        raise typer.Exit(EXIT_USAGE) from None


class TrainedModel(StrEnum):
    event_coder = "event-coder"
    geo_ranker = "geo-ranker"
    toponym_promoter = "toponym-promoter"
    event_place_chooser = "event-place-chooser"
    event_place_encoder_chooser = "event-place-encoder-chooser"


@app.command()
def train(
    model: Annotated[TrainedModel, typer.Option(
        "--model", help="Which model: the event coder (needs the train extra and torch, "
                        "~40 min), or one of the geoparser's (numpy and scipy, 1-2 min "
                        "each; fit the geo ranker before the toponym promoter, which reads "
                        "with its fold models).")
    ] = TrainedModel.event_coder,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Where to save the model (replaced if it exists): a folder for "
                               "the event coder, a .json file for the others.")
    ] = None,
    ship: Annotated[bool, typer.Option(
        "--ship", help="Save over the model shipped in the package instead of --output.")
    ] = False,
    data_dir: Annotated[Path | None, typer.Option(
        "--data-dir", help="Folder holding dev/ with the gold *train* sets "
                           "(default ../shared/datasets or $TIDINGS_DATA).")] = None,
    sets: Annotated[list[str] | None, typer.Option(
        "--set", help="Event coder: gold training sets to use (repeatable); default: "
                      "plv_train, conflibert_cameo_train, case2021_task2_even. 'none' for "
                      "our own only.")
    ] = None,
    own: Annotated[list[Path] | None, typer.Option(
        "--own", help="Event coder: JSONL of {\"text\", \"labels\": [PLOVER types]} to "
                      "train on instead of the project's own sentences (repeatable).")] = None,
    folds: Annotated[bool, typer.Option(
        "--folds/--no-folds", help="First train the 5 cross-validation models that "
                                   "calibrate the model and that tidings eval scores with.")
    ] = True,
    seed: Annotated[int, typer.Option(help="Random seed; same data and seed, same model.")] = 0,
    epochs: Annotated[int | None, typer.Option(help="Epochs (default: the card's).")] = None,
    silver_roles: Annotated[bool, typer.Option(
        "--silver-roles", help="Event coder, an experiment (docs/models.md): a sentence's "
                               "other events learn the parties their own clause names.")
    ] = False,
) -> None:
    """Train a shipped model (docs/models.md); the shipped one is replaced only with --ship.
    The event coder needs the train extra: pip install -e ".\\[train]" torch==2.13.0

    Examples: tidings train --output my_coder   (then TIDINGS_CODER=my_coder tidings extract)
    tidings train --model geo-ranker -o ranker.json   (then TIDINGS_GEO_RANKER=ranker.json)
    tidings train --model event-place-chooser -o chooser.json
    (then TIDINGS_EVENT_PLACE_CHOOSER=chooser.json; likewise TIDINGS_TOPONYM_PROMOTER and,
    for the event-place-encoder-chooser, TIDINGS_EVENT_PLACE_ENCODER_CHOOSER)
    """
    from tidings.evaluate import resolve_data_dir

    if not (ship or output):
        output = Path("event_coder" if model is TrainedModel.event_coder
                      else f"{model.value.replace('-', '_')}.json")
    try:
        if model is not TrainedModel.event_coder:
            _train_choice_model(model, output, ship, resolve_data_dir(data_dir), folds)
            return
        from tidings.training import MODEL_DIR, train_coder
        from tidings.training.data import GOLD_SETS

        chosen = [] if sets == ["none"] else (sets or list(GOLD_SETS))
        train_coder(MODEL_DIR if ship else output,
                    resolve_data_dir(data_dir) if chosen else None, chosen, own, folds, seed,
                    epochs, silver_roles=silver_roles)
    except (ValueError, FileNotFoundError) as error:
        typer.echo(f"tidings train: {error}", err=True)
        raise typer.Exit(2) from None


def _train_choice_model(model: TrainedModel, output: Path | None, ship: bool, data_dir: Path,
                        folds: bool) -> None:
    """Fit one of the geoparser's linear choice models (numpy and scipy) and save it."""
    from tidings.evaluate import data_file
    from tidings.pipeline import Pipeline

    if model is TrainedModel.geo_ranker:
        from tidings.geo.ranker import RANKER_FILE as shipped
        from tidings.training.geo_ranker import GOLD_SET
        from tidings.training.geo_ranker import train_ranker as fitted
    elif model is TrainedModel.toponym_promoter:
        from tidings.geo.resolve import PROMOTER_FILE as shipped
        from tidings.training.toponym_promoter import GOLD_SET
        from tidings.training.toponym_promoter import train_promoter as fitted
    elif model is TrainedModel.event_place_chooser:
        from tidings.geo.locate import LOCATOR_FILE as shipped
        from tidings.training.event_places import GOLD_SET
        from tidings.training.event_places import train_chooser as fitted
    else:
        from tidings.geo.locate import ENCODED_LOCATOR_FILE as shipped
        from tidings.training.event_places import GOLD_SET, train_chooser

        fitted = partial(train_chooser, encoder=True)
    source = data_file(data_dir, "dev", f"{GOLD_SET}.jsonl")
    if not source.exists():
        raise FileNotFoundError(f"no {source}: the {model.value} is fitted on {GOLD_SET}.jsonl "
                                "(give --data-dir)")
    trained = fitted(source, Pipeline(policy=None).nlp, folds)
    target = shipped if ship else output
    trained.save(target)
    figures = trained.meta.get("cross_validated", {})
    score = figures.get("choice_accuracy") or figures.get("accuracy")
    typer.echo(f"saved {target}" + (f"; 5-fold accuracy {score}" if figures else ""))


from tidings.commands_actors import actors  # noqa: E402
from tidings.commands_store import register  # noqa: E402  (its commands need `app`)

register(app)
app.add_typer(actors, name="actors")

if __name__ == "__main__":
    app()
