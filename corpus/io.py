"""Reading text files strictly, and writing files atomically."""
import codecs
import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator, Union

from .errors import Errors, InputError

ENCODINGS = ("utf-8", "auto")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes, path: Union[str, Path] = "<bytes>", encoding: str = "utf-8") -> str:
    """Decode a report's bytes, refusing empty, binary and mis-encoded input.

    data (bytes): the file's content.
    path (str): named in error messages.
    encoding (str): "utf-8" (BOMs honoured) or "auto" (also tries GB18030).
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
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        if encoding == "auto":
            try:
                return data.decode("gb18030")
            except UnicodeDecodeError:
                pass
        raise InputError(Errors.E002.format(path=path, pos=e.start, reason=e.reason)) from None


def read_text(path: Union[str, Path], encoding: str = "utf-8") -> str:
    """Read a text file with `decode_bytes`' checks; errors name the file."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise InputError(Errors.E004.format(path=path, reason=e.strerror or e)) from None
    return decode_bytes(data, path=path, encoding=encoding)


def write_atomic(path: Union[str, Path], content: Union[str, bytes]) -> None:
    """Write a file via a temporary file in the same folder and a rename.

    A crash leaves either the old file or the new one, never a partial write.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
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
