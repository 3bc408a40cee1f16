"""Parse untrusted bytes in a child process with memory and time limits.

The loader already rejects the known resource attacks before building anything, but an upload
is parsed by libyaml and CPython code that a hostile file may still find a way to crash or
stall. Parsing it in a separate process bounds the damage: if the child segfaults, runs out of
memory or time, the server gets a clear problem for that file and keeps serving every session.

The child is ``python -m dashboard.io.sandbox``; it reads the file's bytes on stdin and writes the
pickled :class:`~dashboard.core.loader.Chronology` on stdout. Only this module's own code writes
that pickle.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from dataclasses import dataclass

from ..core.loader import Chronology
from ..core.problems import Problem
from .importers import load_any

__all__ = ["SandboxLimits", "parse_bytes", "parse_sandboxed"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SandboxLimits:
    """Limits for one parse: wall-clock seconds, CPU seconds and address space in MB."""

    timeout: float = 30.0
    cpu_seconds: int = 30
    memory_mb: int = 1024
    max_bytes: int = 5 * 1024 * 1024


def parse_bytes(data: bytes, *, file: str, max_bytes: int) -> Chronology:
    """Parse in this process: YAML, CSV or TimelineJS JSON (format from the name and content)."""
    return load_any(data, file=file, max_bytes=max_bytes)


def _failed(file: str, message: str, hint: str) -> Chronology:
    return Chronology(problems=[Problem(file, 0, 0, message, hint)], files=[file])


def _limit(cpu_seconds: int, memory_mb: int) -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    size = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (size, size))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def parse_sandboxed(data: bytes, *, file: str, limits: SandboxLimits | None = None) -> Chronology:
    """Parse ``data`` (named ``file``) in a child process under ``limits``. Never raises."""
    limits = limits or SandboxLimits()
    if len(data) > limits.max_bytes:
        return _failed(
            file,
            f"the file is {len(data):,} bytes, over the upload limit of {limits.max_bytes:,} bytes",
            "split it, or open it locally with `streamlit run app.py -- PATH`",
        )
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "SYSTEMROOT")}
    env["PYTHONHASHSEED"] = "0"
    # the child applies its own limits first thing (no preexec_fn: unsafe in a threaded server)
    cmd = [
        sys.executable, "-m", "dashboard.io.sandbox", file, str(limits.max_bytes),
        str(limits.cpu_seconds), str(limits.memory_mb),
    ]  # fmt: skip
    try:
        proc = subprocess.run(
            cmd,
            input=data,
            capture_output=True,
            timeout=limits.timeout,
            env=env,
            cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
            check=False,
        )
    except subprocess.TimeoutExpired:
        return _failed(
            file,
            f"reading the file took longer than {limits.timeout:.0f} s and was stopped",
            "check the file for deeply nested or repeated structures; a chronology reads in well under a second",
        )
    except OSError as exc:
        return _failed(file, f"the file could not be read: {exc.strerror}", "try again")
    if proc.returncode != 0 or not proc.stdout:
        if proc.returncode < 0:
            what = f"the parser was stopped by signal {-proc.returncode}"
        else:
            what = f"the parser failed (exit status {proc.returncode})"
        return _failed(
            file,
            f"{what} while reading this file (memory limit {limits.memory_mb} MB, CPU limit {limits.cpu_seconds} s)",
            "the file is too large or too deeply structured to read safely; simplify it",
        )
    try:
        result = pickle.loads(proc.stdout)  # noqa: S301 - written by our own child process
    except Exception:
        return _failed(file, "the parser returned an unreadable result", "try again")
    if not isinstance(result, Chronology):
        return _failed(file, "the parser returned an unexpected result", "try again")
    return result


def _child(argv: list[str]) -> int:  # pragma: no cover - runs in the child
    file = argv[0] if argv else "<upload>"
    max_bytes = int(argv[1]) if len(argv) > 1 else 5 * 1024 * 1024
    cpu_seconds = int(argv[2]) if len(argv) > 2 else 30
    memory_mb = int(argv[3]) if len(argv) > 3 else 1024
    _limit(cpu_seconds, memory_mb)
    data = sys.stdin.buffer.read(max_bytes + 1)
    chron = parse_bytes(data, file=file, max_bytes=max_bytes)
    sys.stdout.buffer.write(pickle.dumps(chron, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_child(sys.argv[1:]))
