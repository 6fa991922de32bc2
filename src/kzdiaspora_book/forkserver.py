"""Start each page's kernel by forking a process that has already imported the heavy modules.

A fresh IPython kernel spends most of a short page's time starting: Python imports ipykernel
and IPython, then the page's first cell imports pandas, altair and the like. The runner
instead starts one *server* per build, which imports the kernel machinery and the modules
listed in ``papermill_preload`` once, and forks it for every page. Each page still runs in
its own new process, with its own working directory, environment, kernel and namespace;
what it shares with the other pages is only the state those modules had right after being
imported (before any page ran). Modules are imported in the server with the runner's
environment, before any page variable is set, so list only modules whose import does not
depend on the page (third-party libraries, not the book's own code).

How a kernel is started (Linux; elsewhere kernels start the usual way):

1. jupyter_client runs ``python -m kzdiaspora_book.forkserver launch -f <connection file>``
   (the manager of :func:`kernel_manager_class` puts it in place of ``python -m ipykernel_launcher``);
2. that small *launcher* asks the server, over a Unix socket named by ``$BOOK_KERNEL_SERVER``,
   to fork a kernel with its command-line arguments, working directory and environment;
3. the launcher then stands for the kernel towards jupyter_client: it passes signals on
   (interrupt, terminate) and exits when the kernel exits; the kernel exits when the
   launcher is killed.
"""

from __future__ import annotations

import importlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid
from functools import lru_cache

SERVER_ENV = "BOOK_KERNEL_SERVER"
#: The modules the server imports besides the preload list: the kernel itself.
KERNEL_MODULES = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger", "IPython", "sqlite3")
_START_TIMEOUT = 60


def available() -> bool:
    """Forking kernels needs fork() and pidfd (Linux 5.3+)."""
    if sys.platform != "linux" or not hasattr(os, "pidfd_open"):
        return False
    try:
        os.close(os.pidfd_open(os.getpid()))
    except OSError:
        return False
    return True


class KernelServer:
    """The server process, for the duration of a ``with`` block; ``path`` is its socket."""

    def __init__(self, preload=()):
        self.preload = list(preload)

    def __enter__(self) -> "KernelServer":
        self._dir = tempfile.mkdtemp(prefix="book-kernels-")  # private to this user (mode 0700)
        if len(self._dir) > 80:  # a Unix socket's path is limited to about 100 bytes
            os.rmdir(self._dir)
            self._dir = tempfile.mkdtemp(prefix="book-kernels-", dir="/tmp")
        self.path = os.path.join(self._dir, "server")
        self._proc = subprocess.Popen(
            [sys.executable, "-m", __name__, "serve", self.path, str(os.getpid()), *self.preload],
            stdin=subprocess.DEVNULL,
        )
        return self

    def __exit__(self, *exc) -> None:
        self._proc.terminate()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        for name in os.listdir(self._dir):
            os.unlink(os.path.join(self._dir, name))
        os.rmdir(self._dir)


@lru_cache(maxsize=None)
def kernel_manager_class():
    """The jupyter_client kernel manager of the book's pages (built on demand: the launcher must
    stay light). With ``$BOOK_KERNEL_SERVER`` set, it starts this interpreter's IPython kernel by
    forking it from that server, over Unix sockets beside the server's; otherwise the usual way.
    Either way it does not interrupt a kernel it shuts down (see :meth:`_async_interrupt_kernel`)."""
    # imported here: the launcher imports this module, and it must start fast
    from jupyter_client.manager import AsyncKernelManager

    class PageKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            server = os.environ.get(SERVER_ENV)
            if server:  # talk over Unix sockets beside the server's: no TCP port is opened
                kwargs.setdefault("transport", "ipc")
                kwargs.setdefault("ip", os.path.join(os.path.dirname(server), f"kernel-{uuid.uuid4().hex[:12]}"))
            super().__init__(**kwargs)

        def format_kernel_cmd(self, extra_arguments=None):
            cmd = super().format_kernel_cmd(extra_arguments)
            ours = bool(cmd) and os.path.realpath(cmd[0]) == os.path.realpath(sys.executable)
            if ours and cmd[1:3] == ["-m", "ipykernel_launcher"] and os.environ.get(SERVER_ENV):
                return [sys.executable, "-m", __name__, "launch", *cmd[3:]]
            return cmd

        async def _async_interrupt_kernel(self) -> None:
            """No interrupt while shutting down. jupyter_client sends SIGINT before it shuts a kernel
            down (jupyter/jupyter_client#620). papermill shuts a page's kernel down as soon as the
            reply to its last request (kernel_info) arrives, while the kernel may still be in that
            request's handler, where SIGINT raises KeyboardInterrupt: the kernel then logs
            "KeyboardInterrupt caught in kernel." into the build's output. A page's kernel is shut
            down only once its notebook is complete, so there is nothing to interrupt."""
            if self.shutting_down:
                return
            await super()._async_interrupt_kernel()

    return PageKernelManager


def _read_line(conn: socket.socket) -> bytes:
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed")
        data += chunk
    return data


# --- the server -------------------------------------------------------------------------


def serve(path: str, runner_pid: int, preload: list[str]) -> None:
    try:
        runner = os.pidfd_open(runner_pid)  # when the runner ends, so does the server
    except ProcessLookupError:
        return
    # debugpy (imported with ipykernel's debugger) warns on stderr about frozen modules
    # unless told not to; each kernel gets its own environment from its launcher anyway.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    for name in KERNEL_MODULES:
        importlib.import_module(name)
    for name in preload:
        try:
            importlib.import_module(name)
        except ImportError as exc:  # the pages will import it themselves (or fail there, clearly)
            print(f"kernel server: not preloading {name}: {exc}", file=sys.stderr)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path + ".new")
    listener.listen(64)
    os.rename(path + ".new", path)  # clients see the socket only once it accepts connections
    while True:
        _reap()
        ready, _, _ = select.select([listener, runner], [], [], 0.5)
        if runner in ready:
            return
        if not ready:
            continue
        conn, _ = listener.accept()
        with conn:
            request = json.loads(_read_line(conn))
            pid = os.fork()
            if pid == 0:
                listener.close()
                conn.close()
                _kernel(request)  # never returns
            conn.sendall(f"{pid}\n".encode())


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _kernel(request: dict) -> None:
    """In the forked child: become the kernel the launcher asked for."""
    code = 1
    try:
        os.setsid()
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.path[0] = request["cwd"]  # as for `python -m ipykernel_launcher` started there
        sys.argv = ["ipykernel_launcher", *request["argv"]]
        if os.environ.get("JPY_PARENT_PID"):
            # ipykernel reads this variable when it is imported, which was in the server
            sys.argv.append(f"--IPKernelApp.parent_handle={os.environ['JPY_PARENT_PID']}")
        if "numpy" in sys.modules:  # its global random state would be the same in every page
            sys.modules["numpy"].random.seed()
        _exit_with(request["launcher"])
        # imported by the server already (KERNEL_MODULES): here it costs nothing
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _exit_with(pid: int) -> None:
    """End this process when process ``pid`` (the launcher) ends."""
    fd = os.pidfd_open(pid)

    def watch():
        select.select([fd], [], [])
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="launcher-watch").start()


# --- the launcher -----------------------------------------------------------------------


def launch(argv: list[str]) -> int:
    path = os.environ[SERVER_ENV]
    deadline = time.monotonic() + _START_TIMEOUT
    while True:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            conn.connect(path)
            break
        except (FileNotFoundError, ConnectionRefusedError):
            conn.close()
            if time.monotonic() > deadline:
                print(f"kernel server at {path} did not start", file=sys.stderr)
                return 1
            time.sleep(0.02)
    with conn:
        conn.sendall(
            json.dumps({"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ), "launcher": os.getpid()}).encode()
            + b"\n"
        )
        pid = int(_read_line(conn))
    kernel = os.pidfd_open(pid)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2):
        signal.signal(sig, lambda signum, frame: signal.pidfd_send_signal(kernel, signum))
    select.select([kernel], [], [])  # returns when the kernel has exited
    return 0


def main(argv: list[str]) -> int:
    if argv[0] == "serve":
        serve(argv[1], int(argv[2]), argv[3:])
        return 0
    if argv[0] == "launch":
        return launch(argv[1:])
    raise SystemExit(f"usage: python -m {__name__} serve SOCKET RUNNER-PID [MODULE...] | launch KERNEL-ARGS...")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
