"""Simulation results: recorded samples, their names and the run's metadata."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["SimulationResult"]


@dataclasses.dataclass
class SimulationResult:
    """Recorded samples of one run.

    Attributes
    ----------
    time : ndarray (n_samples,)
        Sample times in model time units.
    data : ndarray (n_samples, n_nodes, n_variables)
        Recorded states or outputs.
    variables : tuple of str
        Names of the recorded states or outputs, in the order of the last axis.
    metadata : dict
        Model name and hash, parameters, dt, method, seed, connectome identity,
        coupling, delays, recording mode; JSON-serialisable values.
    """

    time: np.ndarray
    data: np.ndarray
    variables: tuple[str, ...]
    metadata: dict[str, Any] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        self.variables = tuple(self.variables)
        if self.data.ndim != 3 or self.data.shape[0] != self.time.shape[0]:
            raise ValueError(
                f"data of shape {self.data.shape} does not match {self.time.shape[0]} "
                "sample times; expected (n_samples, n_nodes, n_variables)"
            )
        if self.data.shape[2] != len(self.variables):
            raise ValueError(
                f"data has {self.data.shape[2]} variables but {len(self.variables)} "
                "names were given"
            )

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return int(self.data.shape[1])

    def __getitem__(self, name: str) -> np.ndarray:
        """Return the samples of variable ``name``, shape (n_samples, n_nodes)."""
        try:
            return self.data[:, :, self.variables.index(name)]
        except ValueError:
            raise KeyError(
                f"{name!r} was not recorded (recorded: {', '.join(self.variables)})"
            ) from None

    def save(self, path: str | Path) -> Path:
        """Write the result to ``.npz``, or to NetCDF when the suffix is ``.nc``.

        NetCDF needs xarray (and a NetCDF backend such as h5netcdf or netCDF4).
        """
        path = Path(path)
        if path.suffix == ".nc":
            self.to_xarray().to_netcdf(path)
            return path
        if path.suffix != ".npz":
            path = path.with_suffix(path.suffix + ".npz")
        np.savez_compressed(
            path,
            time=self.time,
            data=self.data,
            variables=np.array(self.variables, dtype=str),
            metadata=np.array(json.dumps(self.metadata, sort_keys=True)),
        )
        return path

    @classmethod
    def load(cls, path: str | Path) -> SimulationResult:
        """Read a result written by :meth:`save` (``.npz`` or ``.nc``)."""
        path = Path(path)
        if path.suffix == ".nc":
            import xarray

            dataset = xarray.load_dataset(path)
            metadata = json.loads(dataset.attrs.get("metadata", "{}"))
            return cls(
                time=dataset["time"].values,
                data=dataset["data"].values,
                variables=tuple(str(v) for v in dataset["variable"].values),
                metadata=metadata,
            )
        with np.load(path, allow_pickle=False) as archive:
            return cls(
                time=archive["time"],
                data=archive["data"],
                variables=tuple(str(v) for v in archive["variables"]),
                metadata=json.loads(str(archive["metadata"])),
            )

    def to_xarray(self):
        """Return an ``xarray.Dataset`` with dims (time, node, variable)."""
        try:
            import xarray
        except ImportError:
            raise ImportError(
                "NetCDF output needs xarray: pip install 'rosetta_sym[distributed]', "
                "or save to .npz"
            ) from None
        labels = self.metadata.get("node_labels") or [
            f"node{i}" for i in range(self.n_nodes)
        ]
        return xarray.Dataset(
            {"data": (("time", "node", "variable"), self.data)},
            coords={
                "time": self.time,
                "node": list(labels),
                "variable": list(self.variables),
            },
            attrs={"metadata": json.dumps(self.metadata, sort_keys=True)},
        )
