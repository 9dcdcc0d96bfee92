"""JUnit XML next to the page: one testsuite per shown run, one testcase per program row."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from conformance.files import write_atomically
from conformance.runs import Run, total_counts

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text with the characters XML 1.0 cannot hold replaced by U+FFFD."""
    return _XML_INVALID.sub("\ufffd", text)


def failure_text(row: dict[str, Any]) -> str:
    """The body of a failure: the diff as JSON, then the repro script."""
    parts = [json.dumps(row.get("diff"), sort_keys=True, ensure_ascii=False, indent=1)]
    if row.get("repro"):
        parts.append(str(row["repro"]))
    return xml_text("\n\n".join(parts))


def testcase(row: dict[str, Any], version: str) -> ET.Element:
    """The testcase of one program row: failure for diverge, error for broken, skipped for xfail."""
    case = ET.Element(
        "testcase",
        classname=xml_text(f"tf-{version}.{row['family']}"),
        name=xml_text(row["program_id"]),
        time=f"{float(row.get('duration_s') or 0):.3f}",
    )
    status = row["status"]
    if status == "diverge":
        summary = (row.get("diff") or {}).get("summary") or "diverges from TF"
        ET.SubElement(case, "failure", message=xml_text(str(summary)), type="diverge").text = failure_text(row)
    elif status == "broken":
        reason = row.get("reason") or "broken"
        ET.SubElement(case, "error", message=xml_text(str(reason)), type="broken").text = xml_text(str(reason))
    elif status == "xfail":
        ET.SubElement(case, "skipped", message=xml_text(str(row.get("reason") or "xfail")))
    return case


def testsuite(run: Run) -> ET.Element:
    """The testsuite of one run, with its metadata as properties."""
    totals = run.totals
    suite = ET.Element(
        "testsuite",
        name=xml_text(f"tf-{run.tf_version}"),
        tests=str(totals["programs"]),
        failures=str(totals["diverge"]),
        errors=str(totals["broken"] + (1 if run.status == "broken" else 0)),
        skipped=str(totals["xfail"]),
        time=f"{run.duration_s:.3f}",
        timestamp=xml_text(run.started),
    )
    properties = ET.SubElement(suite, "properties")
    for key in ("run_id", "tf_version", "model_version", "python", "hypothesis", "seed", "profile"):
        ET.SubElement(properties, "property", name=key, value=xml_text(str(run.start.get(key, ""))))
    ET.SubElement(properties, "property", name="status", value=run.status)
    if run.status == "broken":
        error_case = ET.SubElement(suite, "testcase", classname=f"tf-{run.tf_version}", name="run")
        ET.SubElement(error_case, "error", message=xml_text(str(run.reason or "run broken")), type="broken")
    for row in sorted(run.programs, key=lambda r: (r["family"], r["program_id"], r["status"])):
        suite.append(testcase(row, run.tf_version))
    return suite


def junit_xml(runs: list[Run]) -> bytes:
    """The whole JUnit document for the shown runs."""
    totals = total_counts(run.totals for run in runs)
    root = ET.Element(
        "testsuites",
        name="tf-scope-conformance",
        tests=str(totals["programs"]),
        failures=str(totals["diverge"]),
        errors=str(totals["broken"]),
    )
    root.extend(testsuite(run) for run in runs)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write_junit(path: Path, runs: list[Run]) -> None:
    """Write the JUnit XML file atomically, like the page."""
    write_atomically(path, junit_xml(runs))
