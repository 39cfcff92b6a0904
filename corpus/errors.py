"""One catalogue of the package's error and warning texts.

Every message says what was found and what is allowed, so that a user can fix the
input without reading the code. Codes are stable: tests match on them.
"""
import re


class Errors:
    # Reading files (E0xx)
    E001 = "{path}: file is empty (found 0 bytes, expected a UTF-8 text report)"
    E002 = ("{path}: file is not valid UTF-8 text (byte {pos}: {reason}); "
            "allowed: UTF-8, or UTF-8/UTF-16 with a BOM; pass --encoding auto (encoding='auto' "
            "in Python) to also try GB18030 and Big5")
    E003 = ("{path}: file looks binary (found a NUL byte at byte {pos}); allowed: a "
            "plain-text report")
    E004 = "{path}: cannot read file ({reason})"
    E005 = ("{path}: file reads as Chinese text in none of UTF-8, GB18030 and Big5 ({found}; "
            "report text has about 60%); allowed: UTF-8, UTF-16 with a BOM, GB18030/GBK or Big5; "
            "save it as UTF-8, or force a codec with --encoding gb18030 or --encoding big5")
    E008 = ("{path}: file is not valid {encoding} text (byte {pos}: {reason}); allowed with "
            "--encoding {encoding}: {encoding} only; --encoding auto tries UTF-8, GB18030 and Big5")
    E006 = "unknown encoding option {found!r}; allowed: {allowed}"
    E007 = "unknown export format {found!r}; allowed: {allowed}"
    # Command line (E03x)
    E030 = ("--format parquet needs --output FILE (found no --output; parquet is binary and is "
            "never written to stdout; allowed: --output facts.parquet, or --format csv/jsonl for stdout)")
    E031 = ("no input file found in {paths} ({skipped}); allowed: files ending in .txt or .md or "
            "without an extension, in the folders given or named directly; --verbose lists what was skipped")
    # Corpus metadata (E01x)
    E010 = "{path}:{line}: bad metadata record ({problem})"
    E011 = "unknown report id {found!r}; allowed: {allowed}"
    # Annotations (E1xx), reported by the validator as file:line: message
    E100 = "invalid JSON ({reason})"
    E101 = "missing field {field!r} (found fields {found})"
    E102 = "field {field!r} has wrong type (found {found}, allowed {allowed})"
    E103 = "entity {ent} offsets out of range (found {start}-{end}, allowed 0-{length})"
    E104 = "entity {ent} text does not match the paragraph (found {found!r} at {start}-{end}, text there is {actual!r})"
    E105 = "entity {ent} has unknown label (found {found!r}, allowed {allowed})"
    E106 = "entities {a} and {b} overlap (found {a_span} and {b_span}, allowed: no overlap or nesting)"
    E107 = "duplicate entity id (found {found!r} twice, allowed: unique ids)"
    E108 = "relation {rel} names an unknown entity (found {found!r}, allowed: ids of this record)"
    E109 = "relation {rel} has unknown type (found {found!r}, allowed {allowed})"
    E110 = ("relation {rel} has wrong endpoint labels (found {found}, allowed {allowed})")
    E111 = ("VALUE {ent} has {n} INDICATORs (found {found}); allowed: one, or several only "
            "when the VALUE is marked shared=true (one number applied to several indicators)")
    E112 = "VALUE {ent} attribute {attr} has bad value (found {found!r}, allowed {allowed})"
    E113 = "VALUE {ent}: direction must be null unless kind=change (found kind={kind!r}, direction={direction!r})"
    E114 = "VALUE {ent}: kind=change needs a direction (found direction=null, allowed up or down)"
    E115 = "attributes given for {ent}, which is not a VALUE (found label {label!r}, allowed: VALUE)"
    E116 = "VALUE {ent} has no attributes (found none, allowed: period, status, kind, direction)"
    E117 = "review has bad value (found {found!r}, allowed {allowed})"
    E118 = "duplicate relation {rel} (found twice, allowed once)"
    E119 = "paragraph offsets do not match the clean text of {report} (found {start}-{end}: {found!r}, clean text there is {actual!r})"
    E120 = "duplicate paragraph (found {report} #{index} twice, allowed once)"
    E121 = "VALUE {ent} has {n} UNITs (found {found}); allowed at most one"
    E122 = "no annotation records found in {path} (allowed: .jsonl files of paragraph records)"
    # Markup (E13x)
    E130 = "{where}: markup text differs from the clean text at char {pos} (markup gives {found!r}, clean text has {expected!r})"
    E131 = "{where}: malformed markup at char {pos} ({problem})"
    # Imports (E14x)
    E140 = "field {field} {problem}"  # prefixed by `file:line: record ID: `
    E141 = "{path} exists; refusing to overwrite annotations (pass overwrite=True / --overwrite)"
    # The pool of excerpts (E15x)
    E150 = ("{path}: pool folder not found or has no SOURCES.tsv; allowed: a folder with "
            "SOURCES.tsv and the pNNN.txt files at ../shared/pool beside the repository, or named by ${env}")
    E151 = ("{path}: clean text of {doc} differs from the text its annotations were made on "
            "(sha256 found {found}, annotations expect {expected}); the pool file or the "
            "cleaner changed, re-anchor the annotations before use")
    E152 = ("{path}:{line}: pool record for {doc} paragraph {index} does not match the clean "
            "text ({problem})")
    E153 = "{path}:{line}: bad indicator catalogue row ({problem})"
    E154 = "{path}:{line}: bad indicator-id mapping row ({problem})"
    E155 = "indicator memory maps {string!r} to {found!r}, which is not a catalogue id (allowed: a catalogue id or None)"
    E156 = "{path}:{line}: bad paragraph-part row ({problem})"
    # Models and configs (E2xx)
    E200 = "{path}: model folder is missing {what}"
    E201 = "{path}: weights file is truncated or corrupt ({reason})"
    E202 = ("{path}: model was written by format version {found}, this package reads "
            "version {allowed}; upgrade zh-indicators")
    E203 = "{path}: label set differs (found {found}, expected {allowed})"
    E204 = "config value {key} is {found!r}; allowed: {allowed}"
    E205 = "training data is empty (found 0 usable paragraphs in {paths})"
    E206 = "no such file or folder: {path}"
    E207 = "--holdout-city {found!r} is not a city of the data (allowed: {allowed})"
    E208 = "text must be str (found {found})"
    E209 = ("report year (--report-year; report_year in Python) must be a year between 1949 and 2100, "
            "or None (found {found!r})")
    E210 = ("no such config file: {path} (allowed: a .cfg file, or the name of a packaged config: "
            "{allowed})")
    E211 = ("{path}: this fold's kept pipeline was trained on other data or another config "
            "(found {found}, this run asks {asked}); allowed: a new --models folder, or the same data and config")
    # Distributed extraction (E3xx)
    E300 = ("{what} needs dask.distributed and pyarrow (found: {missing} missing); "
            "install them with: pip install 'zh-indicators[distributed]'")
    E301 = ("{path} exists and is not a fact dataset (found no dataset.json; allowed: a new or empty "
            "folder, or a dataset written by extract --scheduler)")
    E302 = ("{path}: dataset was written with {key}={found!r}, this run asks {key}={asked!r}; "
            "allowed: the same options (or a new output folder)")
    E303 = "cannot reach the Dask scheduler at {address!r} ({reason}); allowed: local or tcp://HOST:PORT"
    E304 = "--scheduler writes a Parquet dataset: {problem}"
    E305 = "{path}: not a fact dataset (found no dataset.json) written by extract --scheduler"


def _with_code(code: str, message: str) -> str:
    """The message with its code last: `file:line: problem [E001]` keeps the location first,
    where editors and grep read it."""
    return f"{message} [{code}]"


# every message carries its code, so that logs, users and tests can name it
for _code, _message in list(vars(Errors).items()):
    if re.fullmatch(r"E\d{3}", _code):
        setattr(Errors, _code, _with_code(_code, _message))


class ZhIndicatorsError(Exception):
    """Base class for the package's user-facing errors."""


class InputError(ZhIndicatorsError, ValueError):
    """Bad input file or text: the message names the file and the problem."""


class AnnotationError(ZhIndicatorsError, ValueError):
    """Annotation data that breaks the scheme; carries every problem found."""

    def __init__(self, problems):
        self.problems = list(problems)
        head = "\n".join(self.problems[:20])
        more = f"\n... and {len(self.problems) - 20} more" if len(self.problems) > 20 else ""
        super().__init__(f"{len(self.problems)} annotation problem(s):\n{head}{more}")


class ModelError(ZhIndicatorsError, ValueError):
    """A model folder or config that cannot be used as it is."""


class DependencyError(ZhIndicatorsError, ImportError):
    """An optional dependency that a feature needs is not installed."""
