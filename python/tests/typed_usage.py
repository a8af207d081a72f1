"""How an application uses the typed API: type-checked by CI with ``mypy --strict`` against the installed package
(its ``py.typed``), from this directory; never run (it would create regions)."""

import asyncio
from dataclasses import dataclass
from typing import Optional, TypedDict

import jsonmmap
from jsonmmap import JsonObject, Reader, Versioned, Writer


@dataclass(frozen=True)
class Config:
    url: str
    pool: int = 4


class ConfigDict(TypedDict):
    url: str


def follow(name: str) -> None:
    with Writer(name) as w:
        v: int = w.publish({"url": "x"})
    with Reader(name) as r:
        c: Config = r.get(Config)
        d: ConfigDict = r.get(ConfigDict)
        anything = r.get()
        mine = r.get(copy=True)
        snap: Optional[Versioned] = r.snapshot()
        for change in r.changes(timeout=1.0):
            print(change.version + v, change.value, c.pool, d["url"], anything, mine, snap)
        nv: Optional[int] = r.await_change(0, 1.0)
        print(nv)


async def afollow(r: Reader) -> None:
    async for change in r.achanges(timeout=1.0):
        print(change.version)


def main() -> None:
    try:
        follow("x")
        asyncio.run(afollow(Reader("x")))
    except jsonmmap.RegionNotFoundError as e:
        print(e.filename)
    except FileNotFoundError:
        pass
    o: JsonObject = jsonmmap.JsonObject({})
    print(o)
