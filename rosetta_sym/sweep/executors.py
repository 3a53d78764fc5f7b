"""Executors of chunk tasks: local threads, a local Dask cluster, or a Dask scheduler.

Each executor yields :class:`ChunkResult` objects as chunks finish, in
completion order; the runner stores each one at once.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

from rosetta_sym.sweep.chunks import Chunk, ChunkResult
from rosetta_sym.sweep.context import SweepContext
from rosetta_sym.sweep.worker import run_chunk

__all__ = ["DaskExecutor", "ThreadExecutor", "dask_available", "import_distributed"]

logger = logging.getLogger(__name__)


def dask_available() -> bool:
    """Return whether dask.distributed can be imported."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def import_distributed():
    """Import dask.distributed, or raise ImportError saying how to install it."""
    try:
        import distributed
    except ImportError:
        raise ImportError(
            "running on Dask needs dask.distributed; install it with "
            "pip install 'rosetta_sym[distributed]', or run without --scheduler "
            "to use local threads"
        ) from None
    return distributed


class ThreadExecutor:
    """Run chunk tasks in a pool of threads of this process.

    Numba's parallel loops release the GIL, so one thread already uses every
    core; more threads only help when measures (Python code) dominate.
    """

    def __init__(self, workers: int = 1) -> None:
        self.workers = max(int(workers), 1)

    @property
    def n_workers(self) -> int:
        """Number of threads."""
        return self.workers

    def run(
        self, context: SweepContext, chunks: Sequence[Chunk]
    ) -> Iterator[ChunkResult]:
        """Yield the result of each chunk as it finishes."""
        with ThreadPoolExecutor(
            self.workers, thread_name_prefix="rosetta-sweep"
        ) as pool:
            pending = {pool.submit(run_chunk, context, chunk) for chunk in chunks}
            try:
                while pending:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        yield future.result()
            finally:
                for future in pending:
                    future.cancel()

    def close(self) -> None:
        """Nothing to release."""


def _share(context: SweepContext) -> SweepContext:
    return context


class DaskExecutor:
    """Run chunk tasks on a Dask cluster.

    Parameters
    ----------
    client : distributed.Client
    retries : int
        Times Dask runs a chunk task again after it raised. A task whose worker
        died is moved to another worker by the scheduler (up to the scheduler's
        ``allowed-failures``, 3 by default).
    owns_client : bool
        Close the client (and its local cluster) in :meth:`close`.
    """

    def __init__(self, client, retries: int = 3, owns_client: bool = False) -> None:
        self.client = client
        self.retries = retries
        self.owns_client = owns_client

    @classmethod
    def local(cls, n_workers: int | None = None, retries: int = 3) -> DaskExecutor:
        """Start a LocalCluster of worker processes, one thread each."""
        distributed = import_distributed()
        n_workers = n_workers or os.cpu_count() or 1
        cluster = distributed.LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.WARNING,
        )
        client = distributed.Client(cluster)
        logger.info("started a local Dask cluster with %d worker processes", n_workers)
        return cls(client, retries, owns_client=True)

    @classmethod
    def connect(
        cls, address: str, retries: int = 3, timeout: float = 30.0
    ) -> DaskExecutor:
        """Connect to a running Dask scheduler at ``address`` (``tcp://host:port``)."""
        distributed = import_distributed()
        try:
            client = distributed.Client(address, timeout=timeout)
        except OSError as error:
            raise OSError(
                f"cannot reach the Dask scheduler at {address!r}: {error}; start one "
                "with `dask scheduler` and check the address"
            ) from None
        logger.info("connected to the Dask scheduler at %s", address)
        return cls(client, retries, owns_client=True)

    @property
    def n_workers(self) -> int:
        """Number of workers currently connected (at least 1)."""
        return max(len(self.client.scheduler_info().get("workers", {})), 1)

    def run(
        self, context: SweepContext, chunks: Sequence[Chunk]
    ) -> Iterator[ChunkResult]:
        """Yield the result of each chunk as it finishes, in completion order."""
        distributed = import_distributed()
        # The context is the result of a task, not scattered data: when the
        # worker holding it dies, the scheduler computes it again from the
        # task, where scattered data would be lost with the worker.
        prefix = f"rosetta-sweep-{context.model_hash[:8]}-{uuid.uuid4().hex[:8]}"
        shared = self.client.submit(_share, context, key=f"{prefix}-context")
        futures = [
            self.client.submit(
                run_chunk,
                shared,
                chunk,
                key=f"{prefix}-chunk-{chunk.index}",
                retries=self.retries,
            )
            for chunk in chunks
        ]
        try:
            for future in distributed.as_completed(futures):
                if future.status == "error":
                    logger.error(
                        "chunk task %s failed: %s", future.key, future.exception()
                    )
                yield future.result()
                future.release()
        finally:
            self.client.cancel([f for f in futures if not f.done()])
            shared.release()

    def close(self) -> None:
        """Close the client and, for a local cluster, stop its workers."""
        if not self.owns_client:
            return
        cluster = self.client.cluster
        self.client.close()
        if cluster is not None:
            cluster.close()
