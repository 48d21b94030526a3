"""Load benchmark over the REST channel: prints turn latency, throughput, errors and
the Rasa server's peak memory, for our running stack and for a bare Rasa bot.

    make bench                                # starts the stack itself, writes results/bench.json
    . scripts/env.sh && make run &            # or: our stack, in another terminal
    python bench/load.py [--url http://localhost:5005] [--users 20] [--seconds 30] [--json FILE]

    # two Rasa servers (RASA_SERVERS=2, see docs/operations.md): each conversation's
    # turns alternate between them, as behind a round-robin load balancer
    python bench/load.py --url http://localhost:5005 --url http://localhost:5006

Our stack is whatever answers at --url (start it with `make run`), or, with --start,
the whole stack on free ports with the trained model, as the tests start it. The
baseline is Rasa's own starter bot (`rasa init`, the moodbot),
which this script trains once into bench/.moodbot and serves on a free port.
Model load (server start to ready) is measured for both by starting the model on
a free port. Targets (2 cores): FAQ p95 <= 150 ms at 1 user; >= 40 turns/s at 20
users with 0 errors.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
MOODBOT = ROOT / "bench" / ".moodbot"

# Realistic multi-turn conversations: (kind, message). Case lookups use the demo case.
OUR_SCRIPTS: Tuple[Tuple[Tuple[str, str], ...], ...] = (
    (
        ("chat", "hoi"),
        ("faq", "wat is spoor 2?"),
        ("faq", "en hoe lang duurt dat?"),
        ("faq", "wie betaalt het traject eigenlijk"),
        ("faq", "klopt het dat spoor 2 ontslag betekent?"),
    ),
    (
        ("chat", "ik ben werkgever"),
        ("faq", "wanneer moet de probleemanalyse klaar zijn"),
        ("faq", "wat is een loonsanctie"),
        ("faq", "en wat als we te laat zijn?"),
    ),
    (
        ("case", "in welke fase zit mijn traject?"),
        ("case", "RI-2026-0001"),
        ("case", "482913"),
        ("case", "en wat is de volgende stap?"),
    ),
    (
        ("calendar", "ik ben sinds 12 januari 2026 ziek, wat zijn mijn termijnen?"),
        ("faq", "wat gebeurt er na 104 weken?"),
    ),
)
MOODBOT_SCRIPTS = (
    (("chat", "hello"), ("chat", "I am sad"), ("chat", "yes"), ("chat", "bye")),
    (("chat", "hi there"), ("chat", "I am great"), ("chat", "are you a bot?")),
)


@dataclass
class Result:
    latencies: Dict[str, List[float]] = field(default_factory=dict)
    errors: int = 0
    turns: int = 0
    seconds: float = 0.0

    def add(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)
        self.turns += 1

    def all(self) -> List[float]:
        return [x for values in self.latencies.values() for x in values]


def percentile(values: Sequence[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def conversation(session: aiohttp.ClientSession, urls: Sequence[str], script, result: Result) -> None:
    """One conversation; with several servers its turns go to them in turn."""
    sender = uuid.uuid4().hex
    first = random.randrange(len(urls))
    for turn, (kind, text) in enumerate(script):
        url = urls[(first + turn) % len(urls)]
        start = time.perf_counter()
        try:
            async with session.post(
                f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}
            ) as response:
                body = await response.json()
                if response.status != 200 or not body:
                    result.errors += 1
                    continue
        except (aiohttp.ClientError, asyncio.TimeoutError):
            result.errors += 1
            continue
        result.add(kind, time.perf_counter() - start)


async def run_load(urls: Sequence[str], scripts, users: int, seconds: float) -> Result:
    """`users` conversations at a time, each a random script, for `seconds`."""
    result = Result()
    deadline = time.perf_counter() + seconds
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(timeout=timeout) as session:

        async def user_loop() -> None:
            while time.perf_counter() < deadline:
                await conversation(session, urls, random.choice(scripts), result)

        start = time.perf_counter()
        await asyncio.gather(*(user_loop() for _ in range(users)))
        result.seconds = time.perf_counter() - start
    return result


def rasa_pid(port: int) -> Optional[int]:
    """The `rasa run` process serving `port` (not the action server)."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        words = [a.decode(errors="replace") for a in args]
        if "run" in words and "actions" not in words and any("rasa" in w for w in words[:3]) and str(port) in words:
            return int(proc.name)
    return None


def peak_memory_mb(pids: Sequence[Optional[int]]) -> float:
    """The highest peak resident memory among the Rasa server processes."""
    peaks = []
    for pid in pids:
        if pid is None:
            continue
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return max(peaks) if peaks else float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_rasa(model: Path, cwd: Path, extra: Sequence[str] = ()) -> Tuple[subprocess.Popen, int, float]:
    """Starts `rasa run` with `model`; returns the process, its port and the load time."""
    import requests

    port = free_port()
    start = time.perf_counter()
    process = subprocess.Popen(
        ["rasa", "run", "--enable-api", "--interface", "127.0.0.1", "--port", str(port), "--model", str(model), *extra],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    while time.perf_counter() - start < 300:
        if process.poll() is not None:
            raise SystemExit(f"rasa run stopped while loading {model}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/status", timeout=2).ok:
                return process, port, time.perf_counter() - start
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    process.kill()
    raise SystemExit(f"{model} did not load within 300 s")


def moodbot_model() -> Path:
    model = MOODBOT / "models" / "moodbot.tar.gz"
    if not model.exists():
        shutil.rmtree(MOODBOT, ignore_errors=True)
        MOODBOT.mkdir(parents=True)  # rasa init wants the folder to exist
        subprocess.run(
            ["rasa", "init", "--no-prompt", "--init-dir", str(MOODBOT)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for old in (MOODBOT / "models").glob("*.tar.gz"):
            old.rename(model)
    return model


def measure(
    name: str,
    urls: Sequence[str],
    scripts,
    pids: Sequence[Optional[int]],
    users: int,
    seconds: float,
    focus: Optional[str],
) -> dict:
    """`focus`: the kind of turn the 1-user columns report (None: every turn)."""
    single = asyncio.run(run_load(urls, scripts, 1, seconds / 2))
    loaded = asyncio.run(run_load(urls, scripts, users, seconds))
    faq = single.latencies.get(focus, []) if focus else single.all()
    return {
        "name": name,
        "faq_p50": percentile(faq, 50) * 1000,
        "faq_p95": percentile(faq, 95) * 1000,
        "faq_p99": percentile(faq, 99) * 1000,
        "single_all_p95": percentile(single.all(), 95) * 1000,
        "loaded_p50": percentile(loaded.all(), 50) * 1000,
        "loaded_p95": percentile(loaded.all(), 95) * 1000,
        "loaded_p99": percentile(loaded.all(), 99) * 1000,
        "turns_per_s": loaded.turns / loaded.seconds if loaded.seconds else 0.0,
        "errors": single.errors + loaded.errors,
        "peak_mb": peak_memory_mb(pids),
        "by_kind": {
            kind: by_kind(single.latencies.get(kind, []), loaded.latencies.get(kind, []))
            for kind in sorted(set(single.latencies) | set(loaded.latencies))
        },
    }


def by_kind(single: Sequence[float], loaded: Sequence[float]) -> dict:
    """p50 and p95 (ms) of one kind of turn at 1 user and under load, with the counts."""
    return {
        "turns_1": len(single),
        "p50_1": percentile(single, 50) * 1000,
        "p95_1": percentile(single, 95) * 1000,
        "turns_n": len(loaded),
        "p50_n": percentile(loaded, 50) * 1000,
        "p95_n": percentile(loaded, 95) * 1000,
    }


def machine() -> dict:
    return {
        "cores": len(os.sched_getaffinity(0)),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def summary(ours: dict, baseline: dict, users: int, seconds: float) -> dict:
    """Everything a run measured, with the ratios to the moodbot, for comparing runs."""
    base_kind = baseline["by_kind"].get("chat") or {}
    ratios_by_kind = {
        kind: {
            column: (row[column] / base_kind[column]) if base_kind.get(column) else None
            for column in ("p50_1", "p95_1", "p50_n", "p95_n")
        }
        for kind, row in ours["by_kind"].items()
    }
    return {
        "machine": machine(),
        "users": users,
        "seconds": seconds,
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "spoorwijzer": ours,
        "moodbot": baseline,
        "ratio": {
            "faq_p95_1_user": ours["faq_p95"] / baseline["faq_p95"],
            "p95_loaded": ours["loaded_p95"] / baseline["loaded_p95"],
            "turns_per_s": ours["turns_per_s"] / baseline["turns_per_s"],
            "load_s": ours["load_s"] / baseline["load_s"],
        },
        "ratio_by_kind": ratios_by_kind,
    }


@contextlib.contextmanager
def started_stack(model: Path):
    """The whole stack (scripts/run.sh) on free ports, as the tests start it."""
    sys.path.insert(0, str(ROOT))
    from tests.servers import running_stack

    with tempfile.TemporaryDirectory() as workdir, running_stack(model, Path(workdir)) as stack:
        yield stack.base, int(stack.env["RASA_PORT"])


@contextlib.contextmanager
def started_scaled_stack(model: Path):
    """PostgreSQL, Redis, two Rasa servers and nginx, as tests/test_scale_out.py starts them.
    Yields the two servers' addresses (the load alternates between them) and nginx's."""
    sys.path.insert(0, str(ROOT))
    from tests.servers import running_scaled_stack

    with tempfile.TemporaryDirectory() as workdir, running_scaled_stack(model, Path(workdir)) as stack:
        yield list(stack.servers), stack.public


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--url",
        action="append",
        dest="urls",
        help="a Rasa server (or the load balancer in front); give it once per server "
        "to spread each conversation's turns over them (default: "
        "http://localhost:$RASA_PORT)",
    )
    parser.add_argument(
        "--rasa-port",
        action="append",
        type=int,
        dest="rasa_ports",
        help="port of a Rasa server, for its peak memory (default: the ports of --url)",
    )
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--model", default=str(ROOT / "models" / "spoorwijzer.tar.gz"))
    parser.add_argument(
        "--start", action="store_true", help="start our whole stack on free ports with --model (instead of --url)"
    )
    parser.add_argument(
        "--scaled",
        action="store_true",
        help="start PostgreSQL, Redis, two Rasa servers and nginx, and measure the "
        "two servers (and, on one more line, nginx in front of them)",
    )
    parser.add_argument("--json", type=Path, help="also write the whole summary here")
    args = parser.parse_args()
    random.seed(2406)

    with contextlib.ExitStack() as stack:
        if args.start:
            base, port = stack.enter_context(started_stack(Path(args.model)))
            args.urls, args.rasa_ports = [base], [port]
        if args.scaled:
            args.urls, public = stack.enter_context(started_scaled_stack(Path(args.model)))
            args.rasa_ports = None
        ours = measure_ours(args)
        if args.scaled:
            through_nginx = measure(
                "Spoorwijzer (2 servers, via nginx)", [public], OUR_SCRIPTS, [], args.users, args.seconds, focus="faq"
            )
            print(
                f"via nginx: {through_nginx['turns_per_s']:.1f} turns/s, "
                f"{args.users}-user p95 {through_nginx['loaded_p95']:.0f} ms, "
                f"FAQ p95 {through_nginx['faq_p95']:.0f} ms, errors {through_nginx['errors']}"
            )
    return compare_with_moodbot(ours, args)


def measure_ours(args: argparse.Namespace) -> dict:
    urls = args.urls or [f"http://localhost:{os.environ.get('RASA_PORT', '5005')}"]
    ports = args.rasa_ports or [int(url.rsplit(":", 1)[1].split("/")[0]) for url in urls]
    pids = [rasa_pid(port) for port in ports]
    servers = sum(pid is not None for pid in pids)
    return measure(
        f"Spoorwijzer ({servers} server{'s' if servers != 1 else ''})",
        urls,
        OUR_SCRIPTS,
        pids,
        args.users,
        args.seconds,
        focus="faq",
    )


def compare_with_moodbot(ours: dict, args: argparse.Namespace) -> int:
    """Measures the moodbot and both models' load times, then prints (and writes) it all."""
    mood, mood_port, mood_load = start_rasa(moodbot_model(), MOODBOT)
    try:
        baseline = measure(
            "moodbot (1 server)",
            [f"http://127.0.0.1:{mood_port}"],
            MOODBOT_SCRIPTS,
            [mood.pid],
            args.users,
            args.seconds,
            focus=None,
        )
    finally:
        mood.terminate()
        mood.wait(timeout=60)
    ours_process, _, ours_load = start_rasa(Path(args.model), ROOT)
    ours_process.terminate()
    ours_process.wait(timeout=60)
    ours["load_s"], baseline["load_s"] = ours_load, mood_load

    print(
        f"{'':24} {'FAQ p50':>8} {'FAQ p95':>8} {'FAQ p99':>8} {f'{args.users}u p50':>8} "
        f"{f'{args.users}u p95':>8} {f'{args.users}u p99':>8} {'turns/s':>8} {'errors':>6} "
        f"{'peak MB':>8} {'load s':>7}"
    )
    for row in (ours, baseline):
        print(
            f"{row['name']:24} {row['faq_p50']:8.0f} {row['faq_p95']:8.0f} {row['faq_p99']:8.0f} "
            f"{row['loaded_p50']:8.0f} {row['loaded_p95']:8.0f} {row['loaded_p99']:8.0f} "
            f"{row['turns_per_s']:8.1f} {row['errors']:6d} {row['peak_mb']:8.0f} {row['load_s']:7.1f}"
        )
    print(
        f"ratio to the baseline: FAQ p95 x{ours['faq_p95'] / baseline['faq_p95']:.2f}, "
        f"{args.users}-user p95 x{ours['loaded_p95'] / baseline['loaded_p95']:.2f}, "
        f"turns/s x{ours['turns_per_s'] / baseline['turns_per_s']:.2f}"
    )
    result = summary(ours, baseline, args.users, args.seconds)
    print(
        f"\nper kind of turn (ms; in brackets: x the moodbot's turns)  {'1u p50':>14} {'1u p95':>14} "
        f"{f'{args.users}u p50':>14} {f'{args.users}u p95':>14}"
    )
    for kind, row in ours["by_kind"].items():
        ratio = result["ratio_by_kind"][kind]
        cells = " ".join(
            f"{row[c]:7.0f} (x{ratio[c]:.2f})" if ratio[c] else f"{row[c]:14.0f}"
            for c in ("p50_1", "p95_1", "p50_n", "p95_n")
        )
        print(f"  {kind:54} {cells}")
    print(
        f"(FAQ = knowledge questions at 1 user, every turn for the moodbot; {args.users}u = "
        f"{args.users} concurrent conversations; {result['machine']['cores']} cores)"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2, default=float), encoding="utf-8")
        print(f"summary written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
