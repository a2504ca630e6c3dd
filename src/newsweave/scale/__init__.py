"""Running newsweave at scale: the executors that run the pipeline's maps, here or on Dask."""

from newsweave.scale.executor import (
    DaskExecutor,
    Executor,
    SerialExecutor,
    chunked,
    executor_for,
)

__all__ = ["DaskExecutor", "Executor", "SerialExecutor", "chunked", "executor_for"]
