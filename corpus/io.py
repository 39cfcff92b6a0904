"""Reading text files strictly, and writing files atomically."""
import codecs
import os
import tempfile
from pathlib import Path
from typing import Union

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
