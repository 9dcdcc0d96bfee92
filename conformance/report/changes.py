"""TF's own behaviour changes across versions, from generated/tf-behaviour-changes.md, as simple blocks.

Only a small Markdown subset is understood (headings, bullets, tables, fenced code, paragraphs, `code`);
the template renders the blocks with autoescape, so the file can never inject markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_PATH = Path("generated/tf-behaviour-changes.md")

Inline = list[tuple[bool, str]]
BULLETS = ("- ", "* ")


@dataclass
class Block:
    """One block of the document: kind is h, p, ul, table or pre."""

    kind: str
    level: int = 0
    text: Inline = field(default_factory=list)
    items: list[Inline] = field(default_factory=list)
    rows: list[list[Inline]] = field(default_factory=list)
    raw: str = ""


def inline(text: str) -> Inline:
    """Split text on backticks into (is_code, text) runs."""
    parts = text.split("`")
    if len(parts) % 2 == 0:
        return [(False, text)]
    return [(i % 2 == 1, part) for i, part in enumerate(parts) if part]


def table_cells(line: str) -> list[Inline]:
    """The cells of one Markdown table line."""
    return [inline(cell.strip()) for cell in line.strip().strip("|").split("|")]


def is_rule(line: str) -> bool:
    """Whether a table line is the |---|---| separator."""
    return set(line.replace("|", "").replace(":", "").strip()) <= {"-", " "} and "-" in line


def parse_markdown(text: str) -> list[Block]:
    """Parse the supported Markdown subset into blocks."""
    blocks: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        i = _parse_block(lines, i, blocks)
    return blocks


def _parse_block(lines: list[str], i: int, blocks: list[Block]) -> int:
    """Parse the block starting at line i into blocks; return the next line index."""
    stripped = lines[i].strip()
    if not stripped:
        return i + 1
    if stripped.startswith("```"):
        return _parse_fence(lines, i, blocks)
    if stripped.startswith("#"):
        level = len(stripped) - len(stripped.lstrip("#"))
        blocks.append(Block("h", level=min(level, 4), text=inline(stripped.lstrip("#").strip())))
        return i + 1
    if stripped.startswith(BULLETS):
        return _parse_list(lines, i, blocks)
    if stripped.startswith("|"):
        return _parse_table(lines, i, blocks)
    return _parse_paragraph(lines, i, blocks)


def _parse_fence(lines: list[str], i: int, blocks: list[Block]) -> int:
    """A fenced code block, up to its closing fence (or the end)."""
    end = next((j for j in range(i + 1, len(lines)) if lines[j].strip().startswith("```")), len(lines))
    blocks.append(Block("pre", raw="\n".join(lines[i + 1 : end])))
    return end + 1


def _parse_list(lines: list[str], i: int, blocks: list[Block]) -> int:
    """Consecutive bullet lines as one list."""
    block = Block("ul")
    while i < len(lines) and lines[i].strip().startswith(BULLETS):
        block.items.append(inline(lines[i].strip()[2:]))
        i += 1
    blocks.append(block)
    return i


def _parse_table(lines: list[str], i: int, blocks: list[Block]) -> int:
    """Consecutive |-lines as one table, the first row its header, separator rows dropped."""
    block = Block("table")
    while i < len(lines) and lines[i].strip().startswith("|"):
        if not is_rule(lines[i]):
            block.rows.append(table_cells(lines[i]))
        i += 1
    blocks.append(block)
    return i


def _parse_paragraph(lines: list[str], i: int, blocks: list[Block]) -> int:
    """Consecutive plain lines as one paragraph."""
    paragraph = []
    while i < len(lines) and lines[i].strip() and not lines[i].strip().startswith(("#", "|", "```", *BULLETS)):
        paragraph.append(lines[i].strip())
        i += 1
    blocks.append(Block("p", text=inline(" ".join(paragraph))))
    return i


def load_changes(path: Path) -> list[Block] | None:
    """The behaviour-changes document as blocks, or None if it does not exist."""
    if not path.is_file():
        return None
    return parse_markdown(path.read_text(encoding="utf-8", errors="replace"))
