"""The TF versions of the matrix, as data, and how a requested version resolves against the registry."""

from __future__ import annotations

import functools
import importlib.util
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from packaging.version import InvalidVersion, Version

# The newest patch of every minor release from 2.12 to 2.21: the default matrix.
MATRIX_VERSIONS: tuple[str, ...] = (
    "2.12.1",
    "2.13.1",
    "2.14.1",
    "2.15.1",
    "2.16.2",
    "2.17.1",
    "2.18.1",
    "2.19.1",
    "2.20.0",
    "2.21.0",
)
NIGHTLY = "nightly"
TF_PACKAGE = "tensorflow-cpu"
NIGHTLY_PACKAGES: tuple[str, ...] = ("tf-nightly", "tf-nightly-cpu")
REGISTRY_TIMEOUT_S = 180
PYTHON_TAG = f"{sys.version_info.major}.{sys.version_info.minor}"

_RELEASE = re.compile(r"^\d+\.\d+\.\d+$")
_SAFE_LABEL = re.compile(r"[^A-Za-z0-9._+-]")
_OFFLINE_HINTS = ("Retrying", "Could not fetch", "connection", "Connection", "timed out")

# A registry look-up: the versions a package has there, or None when the registry could not be asked.
RegistryLookup = Callable[[str], "list[str] | None"]


class UnknownVersion(ValueError):
    """A requested TF version that is malformed or that the registry does not serve."""


@dataclass(frozen=True)
class TFRelease:
    """One matrix entry resolved to an installable distribution."""

    label: str
    package: str
    version: str

    @property
    def requirement(self) -> str:
        """The pinned requirement to install, e.g. tensorflow-cpu==2.21.0."""
        return f"{self.package}=={self.version}"

    @property
    def prerelease(self) -> bool:
        """Whether the pinned version is a pre-release (tf-nightly dev builds are)."""
        return Version(self.version).is_prerelease


def parse_versions(text: str) -> list[str]:
    """Split a TF_VERSIONS string ("2.12.1 2.21.0", commas allowed) into labels, order kept, duplicates dropped."""
    labels = [part for part in re.split(r"[\s,]+", text.strip()) if part]
    return list(dict.fromkeys(labels))


def is_release(label: str) -> bool:
    """Whether a label looks like a TF release number X.Y.Z."""
    return bool(_RELEASE.match(label))


def file_label(label: str) -> str:
    """A label made safe to use in a file or directory name."""
    return _SAFE_LABEL.sub("_", label) or "_"


def pip_command() -> list[str]:
    """How to run pip: this interpreter's pip, else python3's."""
    if importlib.util.find_spec("pip") is not None:
        return [sys.executable, "-m", "pip"]
    return [shutil.which("python3") or "python3", "-m", "pip"]


def parse_pip_index(stdout: str) -> list[str]:
    """The versions listed by `pip index versions` ("Available versions: a, b, ...")."""
    for line in stdout.splitlines():
        if line.startswith("Available versions:"):
            return [v.strip() for v in line.split(":", 1)[1].split(",") if v.strip()]
    return []


@functools.cache
def registry_versions(package: str) -> list[str] | None:
    """The versions the registry serves for a package (pre-releases included), or None if it can't be asked."""
    cmd = [*pip_command(), "index", "versions", "--pre", "--disable-pip-version-check", package]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=REGISTRY_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if proc.returncode == 0:
        return parse_pip_index(proc.stdout)
    if "No module named pip" in proc.stderr or any(h in proc.stderr for h in _OFFLINE_HINTS):
        return None
    return []


def newest(versions: Sequence[str]) -> str | None:
    """The highest PEP 440 version of a list, ignoring entries that don't parse."""
    parsed = []
    for v in versions:
        try:
            parsed.append((Version(v), v))
        except InvalidVersion:
            continue
    return max(parsed)[1] if parsed else None


def resolve_release(label: str, lookup: RegistryLookup = registry_versions) -> TFRelease:
    """A release number checked against the registry's tensorflow-cpu releases (trusted if it can't be asked)."""
    if not is_release(label):
        raise UnknownVersion(f"unknown TF version {label!r}: expected X.Y.Z (e.g. 2.21.0) or {NIGHTLY!r}")
    served = lookup(TF_PACKAGE)
    if served is not None and label not in served:
        raise UnknownVersion(
            f"unknown TF version {label!r}: the registry has no {TF_PACKAGE}=={label} for Python {PYTHON_TAG}"
        )
    return TFRelease(label=label, package=TF_PACKAGE, version=label)


def resolve_nightly(lookup: RegistryLookup = registry_versions) -> TFRelease:
    """The newest nightly build among tf-nightly and tf-nightly-cpu."""
    candidates: list[tuple[Version, str, str]] = []
    for package in NIGHTLY_PACKAGES:
        version = newest(lookup(package) or [])
        if version is not None:
            candidates.append((Version(version), package, version))
    if not candidates:
        raise UnknownVersion(f"unknown TF version {NIGHTLY!r}: the registry serves none of {', '.join(NIGHTLY_PACKAGES)}")
    _, package, version = max(candidates)
    return TFRelease(label=NIGHTLY, package=package, version=version)


def resolve(label: str, lookup: RegistryLookup = registry_versions) -> TFRelease:
    """A matrix label ("2.21.0" or "nightly") resolved to the distribution to install."""
    if label == NIGHTLY:
        return resolve_nightly(lookup)
    return resolve_release(label, lookup)


def default_labels(lookup: RegistryLookup = registry_versions) -> list[str]:
    """The default matrix: every MATRIX_VERSIONS entry, plus nightly when the registry serves it."""
    try:
        resolve_nightly(lookup)
    except UnknownVersion:
        return list(MATRIX_VERSIONS)
    return [*MATRIX_VERSIONS, NIGHTLY]
