"""Download the UN Security Council Consolidated List from its official address, where the network allows.

The download lands in a temporary file beside the target and is validated as a list before it
replaces anything, so a failed or partial download never leaves a broken list behind.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from compliance.designations.lists import DesignationList, load_list
from compliance.errors import ComplianceError, InputFileError

OFFICIAL_XML_URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
TIMEOUT_SECONDS = 30
MAX_BYTES = 64 * 2**20


def fetch_official_list(folder: str | Path, url: str = OFFICIAL_XML_URL) -> DesignationList:
    """Download the consolidated list into folder/consolidated.xml and return it, validated."""
    target = Path(folder) / "consolidated.xml"
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".consolidated.", suffix=".xml.part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            try:
                with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
                    received = 0
                    while chunk := response.read(1 << 16):
                        received += len(chunk)
                        if received > MAX_BYTES:
                            raise ComplianceError(f"the download from {url} is larger than {MAX_BYTES >> 20} MB")
                        out.write(chunk)
            except (TimeoutError, urllib.error.URLError, OSError) as exc:
                reason = getattr(exc, "reason", None) or exc
                raise ComplianceError(
                    f"cannot download the UN list from {url} ({reason}); this machine may be offline. "
                    "Load a copy saved from that address with File > Designation lists instead."
                ) from None
        try:
            loaded = load_list(tmp)
        except InputFileError as exc:
            raise ComplianceError(f"the file downloaded from {url} is not a usable list: {exc.message}") from None
        os.replace(tmp, target)
        return dataclasses.replace(loaded, path=str(target))
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
