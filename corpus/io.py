"""Reading text files strictly, and writing files atomically."""
import codecs
import contextlib
import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Iterator, Union

from .errors import Errors, InputError

ENCODINGS = ("utf-8", "auto", "gb18030", "big5")
_CODEC = {"gb18030": "gb18030", "big5": "cp950"}  # cp950: Big5 as Windows writes it
_NAME = {"gb18030": "GB18030", "big5": "Big5"}

# The 300 most frequent characters of the seed reports, in simplified and traditional
# form. Real report text decoded with the right codec has about two thirds of its
# characters in this set; text decoded with the wrong one (Big5 read as GB18030 or the
# reverse) about 3%. `auto` decoding chooses by it and refuses when neither looks right.
_COMMON = frozenset(
    "的工大推展市力成一和中業人政进高生加作治发提企家区城等制产合理设持改目增实重民保行服以能上造地社實动完平务"
    "設升入面管心三產创用動深主省项度年發公体文水基代效施要進創快村區江会項整开范国量资元技體安有通级開不融共在为"
    "点程系落務科域事投府路集强法國好色批定出育革机引活示商质精源境打現個品优部态是善长位金现个分性方环級坚資特防"
    "续各道明交标會立智強规四型山向小更经十點率步支居長策研昆院外放群接做领優式堅河苏同才农突局本下先功总园五質港"
    "信農统規二健委美控污州督构联干為標任機園解到求旅镇收格抓態期教划学模康培辦聚导亿济表我口查湖流决值老空件物关"
    "意第億利招萬及乡万學自置对列指促达积专综台运准办吴比範爲環續經羣領蘇總統構聯幹鎮劃導濟決關鄉對達積專綜臺運準吳")
PLAUSIBLE = 0.1  # least share of common characters for a decoding to count as Chinese text
_MIN_JUDGED = 20  # fewer ideographs than this: too short to judge, the likelier decoding wins


def common_share(text: str):
    """(share of the text's ideographs that are common report characters, number of ideographs).

    Private-use and extension-A characters count as ideographs: wrong decodings produce them.
    """
    n = hits = 0
    for ch in text:
        if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\ue000" <= ch <= "\uf8ff":
            n += 1
            hits += ch in _COMMON
    return (hits / n if n else 0.0), n


def _decode_legacy(data: bytes, path, first_error: UnicodeDecodeError) -> str:
    """GB18030 or Big5 (cp950, else Big5-HKSCS), whichever gives Chinese text; refuses when
    neither does. Everyday Chinese prose has 20-45% common characters, reports 60-75%."""
    found = {}
    for name, codecs_ in (("gb18030", ("gb18030",)), ("big5", ("cp950", "big5hkscs"))):
        for codec in codecs_:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            found[name] = (text, *common_share(text))
            break
    how = [f"UTF-8 fails at byte {first_error.start} ({first_error.reason})"]
    if not found:
        raise InputError(Errors.E005.format(path=path, found=", ".join(how + ["GB18030 and Big5 do not decode"])))
    best = max(found, key=lambda k: found[k][1])  # ties keep GB18030, the mainland encoding
    text, share, n = found[best]
    if n >= _MIN_JUDGED and share < PLAUSIBLE:
        how += [f"{_NAME[k]} gives {found[k][1]:.0%} common characters" for k in found]
        how += [f"{_NAME[k]} does not decode" for k in _NAME if k not in found]
        raise InputError(Errors.E005.format(path=path, found=", ".join(how)))
    return text

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes, path: Union[str, Path] = "<bytes>", encoding: str = "utf-8") -> str:
    """Decode a report's bytes, refusing empty, binary and mis-encoded input.

    data (bytes): the file's content.
    path (str): named in error messages.
    encoding (str): "utf-8" (BOMs honoured); "auto": UTF-8, else GB18030 or Big5, whichever
        gives Chinese text (refused when neither does); "gb18030" or "big5": that codec.
    RETURNS (str): the decoded text.
    """
    if encoding not in ENCODINGS:
        raise InputError(Errors.E006.format(found=encoding, allowed=", ".join(ENCODINGS)))
    if not data:
        raise InputError(Errors.E001.format(path=path))
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as e:
                raise InputError(Errors.E002.format(path=path, pos=e.start, reason=e.reason)) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(Errors.E003.format(path=path, pos=nul))
    if encoding in _CODEC:
        try:
            return data.decode(_CODEC[encoding])
        except UnicodeDecodeError as e:
            raise InputError(Errors.E008.format(path=path, pos=e.start, reason=e.reason, encoding=encoding)) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        if encoding == "auto":
            return _decode_legacy(data, path, e)
        raise InputError(Errors.E002.format(path=path, pos=e.start, reason=e.reason)) from None


def read_bytes(path: Union[str, Path]) -> bytes:
    """A file's bytes; an unreadable file raises InputError naming it."""
    try:
        return Path(path).read_bytes()
    except OSError as e:
        raise InputError(Errors.E004.format(path=path, reason=e.strerror or e)) from None


def read_text(path: Union[str, Path], encoding: str = "utf-8") -> str:
    """Read a text file with `decode_bytes`' checks; errors name the file."""
    return decode_bytes(read_bytes(path), path=path, encoding=encoding)


def write_atomic(path: Union[str, Path], content: Union[str, bytes]) -> None:
    """Write a file via a temporary file in the same folder and a rename.

    A crash leaves either the old file or the new one, never a partial write. The file
    keeps the mode of the one it replaces; a new file gets 0666 less the umask.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _target_mode(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)  # mkstemp makes 0600; the file gets what a plain open() would give
        with os.fdopen(fd, "wb") as f:
            f.write(content.encode("utf-8") if isinstance(content, str) else content)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_folder(path: Union[str, Path]) -> Iterator[Path]:
    """Build a folder in a temporary sibling and swap it in when the block ends.

    A crash or Ctrl-C inside the block leaves `path` as it was: never a half-written
    model. The old folder is moved aside before the swap and removed after it.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.tmp-"))
    os.chmod(tmp, 0o755)  # mkdtemp makes it private; a model folder is meant to be shared
    try:
        yield tmp
        old = None
        if path.exists():
            old = path.parent / f".{path.name}.old-{os.getpid()}"
            os.replace(path, old)
        os.replace(tmp, path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
def _target_mode(path: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
