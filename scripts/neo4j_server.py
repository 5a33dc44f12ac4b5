#!/usr/bin/env python3
"""A real Neo4j Community 5.26 server for tests, development and benchmarks.

Fetches the server's jars from Maven Central with Maven (``scripts/neo4j/pom.xml``),
starts it with Bolt on 127.0.0.1 on a free port, waits until the driver connects,
and stops it cleanly. Everything it downloads or writes lives in ``--home``
(default ``.neo4j/`` at the repository root, git-ignored)::

    python scripts/neo4j_server.py install            # mvn dependency:copy-dependencies
    python scripts/neo4j_server.py start              # prints the bolt URI
    python scripts/neo4j_server.py status
    python scripts/neo4j_server.py import exports/neo4j-import   # server must be stopped
    python scripts/neo4j_server.py stop

``start`` writes ``state.json`` in the home folder (uri, user, password, pid, port).
The module depends on the standard library and the ``neo4j`` driver only, so the
test-suite can import it (``tests/conftest.py``) without importing ``kg``.

>>> cfg = neo4j_conf(port=7999, heap="512m", pagecache="256m")
>>> "server.bolt.listen_address=127.0.0.1:7999" in cfg
True
>>> "dbms.usage_report.enabled=false" in cfg
True
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = [
    "DEFAULT_HOME",
    "DEFAULT_PASSWORD",
    "DEFAULT_USER",
    "NEO4J_VERSION",
    "POM",
    "Neo4jServerError",
    "ServerState",
    "ensure_running",
    "free_port",
    "import_csv",
    "install",
    "is_installed",
    "neo4j_conf",
    "start",
    "status",
    "stop",
]

log = logging.getLogger("neo4j_server")

ROOT = Path(__file__).resolve().parent.parent
POM = Path(__file__).resolve().parent / "neo4j" / "pom.xml"
DEFAULT_HOME = ROOT / ".neo4j"
DEFAULT_USER = "neo4j"
DEFAULT_PASSWORD = "kg-test-password"
NEO4J_VERSION = "5.26"
SERVER_MAIN = "org.neo4j.server.CommunityEntryPoint"
ADMIN_MAIN = "org.neo4j.cli.AdminTool"

#: JVM flags of Neo4j's own launcher that matter on Java 17.
JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
)


class Neo4jServerError(RuntimeError):
    """The test server cannot be installed, started, stopped or imported into."""


@dataclass
class ServerState:
    """What ``start`` wrote to ``state.json``: how to reach the running server."""

    uri: str
    user: str
    password: str
    port: int
    pid: int
    home: str

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password)


def _lib(home: Path) -> Path:
    return home / "lib"


def _state_file(home: Path) -> Path:
    return home / "state.json"


def is_installed(home: str | Path = DEFAULT_HOME) -> bool:
    """True when the server's jars are in ``home/lib``."""
    lib = _lib(Path(home))
    return lib.is_dir() and any(lib.glob("neo4j-5.26*.jar"))


def install(home: str | Path = DEFAULT_HOME, *, force: bool = False) -> Path:
    """Copy the jars of ``scripts/neo4j/pom.xml`` into ``home/lib`` with Maven; returns the folder."""
    home = Path(home).resolve()
    lib = _lib(home)
    if is_installed(home) and not force:
        return lib
    for tool in ("java", "mvn"):
        if shutil.which(tool) is None:
            raise Neo4jServerError(
                f"`{tool}` not found: the Neo4j test server needs JDK 17 and Maven 3.8 "
                "(Debian: apt-get install openjdk-17-jdk-headless maven)"
            )
    tmp = home / "lib.partial"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    cmd = [
        "mvn",
        "-q",
        "-B",
        "-f",
        str(POM),
        "dependency:copy-dependencies",
        f"-DoutputDirectory={tmp}",
        "-DincludeScope=runtime",
    ]
    log.info("fetching Neo4j %s from Maven Central: %s", NEO4J_VERSION, " ".join(cmd))
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        tail = (proc.stdout + proc.stderr).strip().splitlines()[-5:]
        raise Neo4jServerError("mvn could not fetch Neo4j: " + " | ".join(tail))
    shutil.rmtree(lib, ignore_errors=True)
    tmp.rename(lib)
    return lib


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def neo4j_conf(*, port: int, heap: str = "512m", pagecache: str = "256m", auth: bool = True) -> str:
    """The ``neo4j.conf`` of the test server: Bolt on loopback only, nothing that calls out."""
    lines = [
        "# written by scripts/neo4j_server.py; rewritten at every start",
        "server.default_listen_address=127.0.0.1",
        "server.default_advertised_address=127.0.0.1",
        "server.bolt.enabled=true",
        f"server.bolt.listen_address=127.0.0.1:{port}",
        f"server.bolt.advertised_address=127.0.0.1:{port}",
        "server.bolt.tls_level=DISABLED",
        "server.http.enabled=false",
        "server.https.enabled=false",
        f"server.memory.heap.initial_size={heap}",
        f"server.memory.heap.max_size={heap}",
        f"server.memory.pagecache.size={pagecache}",
        "dbms.usage_report.enabled=false",
        "dbms.security.auth_enabled=" + ("true" if auth else "false"),
        "dbms.security.auth_max_failed_attempts=0",  # tests try wrong passwords on purpose
        "db.tx_log.rotation.retention_policy=2 files",
        "server.logs.gc.enabled=false",
    ]
    return "\n".join(lines) + "\n"


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["NEO4J_HOME"] = str(home)
    env["NEO4J_CONF"] = str(home / "conf")
    return env


def _classpath(home: Path, lib: Path | None) -> str:
    lib = lib or _lib(home)
    if not any(lib.glob("neo4j-5.26*.jar")):
        raise Neo4jServerError(
            f"Neo4j is not installed in {lib}: run `python scripts/neo4j_server.py install`"
        )
    return str(lib / "*")


def _java(heap: str) -> list[str]:
    java = shutil.which("java")
    if java is None:
        raise Neo4jServerError("`java` not found: the Neo4j test server needs JDK 17")
    return [java, f"-Xms{heap}", f"-Xmx{heap}", *JVM_FLAGS]


def _admin(home: Path, lib: Path | None, *args: str) -> subprocess.CompletedProcess:
    cmd = [*_java("512m"), "-cp", _classpath(home, lib), ADMIN_MAIN, *args]
    log.debug("running %s", " ".join(cmd))
    return subprocess.run(cmd, env=_env(home), capture_output=True, text=True, check=False)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie child of ours counts as dead
    with contextlib.suppress(ChildProcessError, OSError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def status(home: str | Path = DEFAULT_HOME) -> ServerState | None:
    """The state of the server of ``home`` if its process is alive, else None."""
    path = _state_file(Path(home).resolve())
    try:
        state = ServerState(**json.loads(path.read_text()))
    except (OSError, ValueError, TypeError):
        return None
    return state if _pid_alive(state.pid) else None


def _wait_bolt(state: ServerState, proc: subprocess.Popen, timeout: float) -> None:
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, ServiceUnavailable

    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise Neo4jServerError(
                f"Neo4j exited with code {proc.returncode} while starting; "
                f"see {state.home}/logs/neo4j.log and console.log"
            )
        try:
            with GraphDatabase.driver(state.uri, auth=state.auth, connection_timeout=2.0) as driver:
                driver.verify_connectivity()
                driver.execute_query("RETURN 1", database_="neo4j")
            return
        except AuthError as err:
            raise Neo4jServerError(
                f"Neo4j at {state.uri} refuses the password: {state.home} was first started "
                "with another one; stop it and delete its data/ folder (or use --fresh)"
            ) from err
        except (ServiceUnavailable, OSError) as err:
            last = err
        except Exception as err:  # database not yet available, etc.
            last = err
        time.sleep(0.5)
    raise Neo4jServerError(f"Neo4j did not answer on {state.uri} within {timeout:.0f}s ({last})")


def start(
    home: str | Path = DEFAULT_HOME,
    *,
    password: str = DEFAULT_PASSWORD,
    user: str = DEFAULT_USER,
    port: int | None = None,
    heap: str = "512m",
    pagecache: str = "256m",
    lib: str | Path | None = None,
    fresh: bool = False,
    timeout: float = 120.0,
) -> ServerState:
    """Start the server of ``home`` (jars from ``lib``, default ``home/lib``) and wait for Bolt.

    If it already runs, returns its state. ``fresh`` deletes its databases first.
    An empty ``password`` turns authentication off.
    """
    home = Path(home).resolve()
    lib_dir = Path(lib).resolve() if lib else None
    running = status(home)
    if running is not None:
        return running
    classpath = _classpath(home, lib_dir)
    if fresh:
        shutil.rmtree(home / "data", ignore_errors=True)
    for sub in ("conf", "data", "logs", "run", "import", "plugins"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    (home / "conf" / "neo4j.conf").write_text(
        neo4j_conf(port=port, heap=heap, pagecache=pagecache, auth=bool(password))
    )
    if password and not (home / "data" / "dbms").exists():
        proc = _admin(home, lib_dir, "dbms", "set-initial-password", password)
        if proc.returncode != 0:
            raise Neo4jServerError(f"cannot set the initial password: {proc.stderr.strip()}")
    console = (home / "logs" / "console.log").open("ab")
    cmd = [
        *_java(heap),
        "-cp",
        classpath,
        SERVER_MAIN,
        f"--home-dir={home}",
        f"--config-dir={home / 'conf'}",
    ]
    log.info("starting Neo4j on 127.0.0.1:%d (home %s)", port, home)
    proc = subprocess.Popen(
        cmd,
        env=_env(home),
        stdout=console,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        cwd=home,
    )
    console.close()
    state = ServerState(
        uri=f"bolt://127.0.0.1:{port}",
        user=user,
        password=password,
        port=port,
        pid=proc.pid,
        home=str(home),
    )
    _state_file(home).write_text(json.dumps(asdict(state), indent=2) + "\n")
    try:
        _wait_bolt(state, proc, timeout)
    except BaseException:
        _terminate(proc.pid, 30.0)
        _state_file(home).unlink(missing_ok=True)
        raise
    log.info("Neo4j answers on %s", state.uri)
    return state


def _terminate(pid: int, timeout: float) -> bool:
    """SIGTERM, wait up to ``timeout`` seconds, then SIGKILL; True if it stopped on SIGTERM."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return True
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _pid_alive(pid):
            return True
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    while _pid_alive(pid):
        time.sleep(0.1)
    return False


def stop(home: str | Path = DEFAULT_HOME, *, timeout: float = 60.0) -> bool:
    """Stop the server of ``home`` cleanly (SIGTERM, then wait); False if it was not running."""
    home = Path(home).resolve()
    state = status(home)
    if state is None:
        _state_file(home).unlink(missing_ok=True)
        return False
    clean = _terminate(state.pid, timeout)
    if not clean:
        log.warning("Neo4j (pid %d) did not stop within %.0fs and was killed", state.pid, timeout)
    _state_file(home).unlink(missing_ok=True)
    return True


def import_csv(
    csv_dir: str | Path,
    home: str | Path = DEFAULT_HOME,
    *,
    database: str = "neo4j",
    lib: str | Path | None = None,
) -> str:
    """Run ``neo4j-admin database import full`` on the CSVs of ``csv_dir`` (server stopped).

    Reads the command's arguments from ``csv_dir/import.args`` (one per line, file
    names relative to ``csv_dir``) as written by ``kg build``; replaces ``database``.
    Returns the tool's output.
    """
    home = Path(home).resolve()
    csv_dir = Path(csv_dir).resolve()
    if status(home) is not None:
        raise Neo4jServerError(f"stop the server of {home} before importing into it")
    args_file = csv_dir / "import.args"
    try:
        lines = [ln.strip() for ln in args_file.read_text(encoding="utf-8").splitlines()]
    except OSError as err:
        raise Neo4jServerError(f"{args_file}: {err.strerror}; run `kg build` first") from err
    args = []
    for line in lines:
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        if sep and name in ("--nodes", "--relationships"):
            value = str(csv_dir / value)
        args.append(f"{name}{sep}{value}")
    for sub in ("conf", "data", "logs"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    conf = home / "conf" / "neo4j.conf"
    if not conf.exists():
        conf.write_text(neo4j_conf(port=free_port()))
    lib_dir = Path(lib).resolve() if lib else None
    proc = _admin(
        home,
        lib_dir,
        "database",
        "import",
        "full",
        database,
        "--overwrite-destination=true",
        f"--report-file={home / 'logs' / 'import.report'}",
        *args,
    )
    if proc.returncode != 0:
        tail = (proc.stdout + proc.stderr).strip().splitlines()[-8:]
        raise Neo4jServerError("neo4j-admin database import failed: " + " | ".join(tail))
    return proc.stdout


def ensure_running(
    home: str | Path = DEFAULT_HOME,
    *,
    password: str = DEFAULT_PASSWORD,
    lib: str | Path | None = None,
    **kwargs,
) -> tuple[ServerState, bool]:
    """Install if needed and start; returns the state and whether this call started it."""
    running = status(home)
    if running is not None:
        return running, False
    install(Path(lib).parent if lib is not None else home)
    return start(home, password=password, lib=lib, **kwargs), True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "command", choices=("install", "start", "stop", "status", "import", "restart")
    )
    parser.add_argument("csv_dir", nargs="?", help="for `import`: the neo4j-import/ folder")
    parser.add_argument("--home", type=Path, default=DEFAULT_HOME, help="default: .neo4j/")
    parser.add_argument("--password", default=os.environ.get("NEO4J_PASSWORD", DEFAULT_PASSWORD))
    parser.add_argument("--port", type=int, default=None, help="default: a free port")
    parser.add_argument("--heap", default="512m")
    parser.add_argument("--pagecache", default="256m")
    parser.add_argument("--database", default="neo4j")
    parser.add_argument("--fresh", action="store_true", help="delete the databases first")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        if args.command == "install":
            print(install(args.home))
        elif args.command in ("start", "restart"):
            if args.command == "restart":
                stop(args.home)
            install(args.home)
            state = start(
                args.home,
                password=args.password,
                port=args.port,
                heap=args.heap,
                pagecache=args.pagecache,
                fresh=args.fresh,
                timeout=args.timeout,
            )
            print(state.uri)
        elif args.command == "stop":
            print("stopped" if stop(args.home) else "not running")
        elif args.command == "status":
            state = status(args.home)
            print(json.dumps(asdict(state)) if state else "not running")
            return 0 if state else 1
        elif args.command == "import":
            if not args.csv_dir:
                parser.error("import needs the CSV folder (e.g. exports/neo4j-import)")
            print(import_csv(args.csv_dir, args.home, database=args.database))
    except Neo4jServerError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
