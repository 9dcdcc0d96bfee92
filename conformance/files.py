"""Reading and writing the tool's JSON and JSONL files: one reader each, one atomic writer.

The policy for a torn line (docs/formats.md, "Reading JSONL"): a JSONL file's last line without its final
newline that is not a whole JSON object is *torn*: a writer was killed in the middle of appending it. The reader
drops it and says so (`JsonlFile.torn_tail`); a caller shows that as a note, never as an error. Any other bad
line is BadInput naming file and line. A file that is only ever written whole (`write_atomically`) cannot be
torn, so for it (`whole=True`) an unterminated last line is BadInput too.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.errors import BadInput

Row = dict[str, Any]


@dataclass(frozen=True)
class JsonlFile:
    """The JSON objects of a JSONL file with their line numbers, and the number of a torn last line it dropped."""

    path: Path
    numbered: list[tuple[int, Row]]
    torn_tail: int | None = None

    @property
    def rows(self) -> list[Row]:
        """The objects alone, in file order."""
        return [value for _, value in self.numbered]


def _no_constant(name: str) -> Any:
    """Reject NaN and Infinity: they are not JSON."""
    raise ValueError(f"{name} is not JSON")


#: one decoder for every line (json.loads with an option builds a new one per call)
_DECODER = json.JSONDecoder(parse_constant=_no_constant)


def decode_json(raw: bytes) -> Any:
    """One JSON value from UTF-8 bytes; a ValueError says what is wrong in the words BadInput uses."""
    try:
        return _DECODER.decode(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError("not UTF-8") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON ({error.msg} at column {error.colno})") from None
    except ValueError as error:
        raise ValueError(f"not valid JSON ({error})") from None


def _decode_object(raw: bytes) -> Row:
    """One JSONL line as a JSON object (ValueError otherwise)."""
    value = decode_json(raw)
    if not isinstance(value, dict):
        raise ValueError(f"expected a JSON object, got {type(value).__name__}")
    return value


def read_bytes(path: Path) -> bytes:
    """A file's content; BadInput naming the file when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise BadInput(path, f"cannot read ({error.strerror})") from None


def read_jsonl(path: Path, whole: bool = False) -> JsonlFile:
    """Every non-blank line of a JSONL file as a JSON object, by the torn-line policy of this module's docstring.

    `whole`: the file is only written whole (atomically), so an unterminated last line is BadInput, not torn.
    """
    lines = read_bytes(path).split(b"\n")
    unterminated = lines[-1] != b""
    if not unterminated:
        lines.pop()
    numbered: list[tuple[int, Row]] = []
    torn: int | None = None
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        last_unterminated = unterminated and number == len(lines)
        if last_unterminated and whole:
            raise BadInput(path, "truncated (the last line has no newline)", number)
        try:
            numbered.append((number, _decode_object(raw)))
        except ValueError as problem:
            if not last_unterminated:
                raise BadInput(path, str(problem), number) from None
            torn = number
    return JsonlFile(path, numbered, torn)


def read_json(path: Path) -> Any:
    """The one JSON value of a file; BadInput naming the file and line when it is not JSON."""
    content = read_bytes(path)
    try:
        return json.loads(content.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise BadInput(path, "not UTF-8", 1) from None
    except json.JSONDecodeError as error:
        raise BadInput(path, f"not valid JSON ({error.msg} at column {error.colno})", error.lineno) from None
    except ValueError as error:
        raise BadInput(path, f"not valid JSON ({error})") from None


def write_atomically(path: Path, content: str | bytes, durable: bool = False) -> None:
    """Replace a file through a temporary file in its directory: readers, and a writer killed meanwhile, see the
    old content or the new, never half. `durable` also syncs it to disk first (it survives a power cut)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)  # mkstemp's file is private; these files are shared
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
