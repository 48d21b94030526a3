"""Debian packages the tests need (PostgreSQL, Chromium), installed on demand."""

from __future__ import annotations

import os
import shutil
import subprocess


def install(package: str) -> None:
    """apt-get install, when we may (root with apt-get); refreshes the index once if needed."""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = ["apt-get", "install", "-y", "-q", package]
    if subprocess.run(command, env=env, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True)
        subprocess.run(command, env=env, capture_output=True)
