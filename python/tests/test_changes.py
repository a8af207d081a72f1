"""Changes as a stream: changes() and achanges() yield the current version, then the latest after each change,
conflated, never going backwards, and end on timeout or on a deleted region."""

import asyncio
import threading
import time

import jsonmmap
from jsonmmap import Reader, Writer
from support import RegionTestCase


class ChangesTest(RegionTestCase):

    def test_changes_yields_the_current_version_then_each_new_one(self):
        with Writer("cfg", self.dir) as w, Reader("cfg", self.dir) as r:
            w.publish({"n": 1})
            seen = []
            published = threading.Event()

            def publish_later():
                published.wait(10)
                for n in range(2, 5):
                    time.sleep(0.02)
                    w.publish({"n": n})

            t = threading.Thread(target=publish_later)
            t.start()
            try:
                for change in r.changes(timeout=5):
                    seen.append((change.version, change.value["n"]))
                    published.set()
                    if change.version == 4:
                        break
            finally:
                t.join(10)
            self.assertEqual([(1, 1), (2, 2), (3, 3), (4, 4)], seen)

    def test_changes_are_conflated_and_end_on_the_latest(self):
        with Writer("cfg", self.dir) as w, Reader("cfg", self.dir) as r:
            w.publish(1)
            stream = r.changes(timeout=0.3)
            self.assertEqual(1, next(stream).value)
            for n in range(2, 50):
                w.publish(n)
            rest = [c.version for c in stream]
            self.assertEqual([49], rest, "versions published while the consumer was busy are skipped")

    def test_changes_since_skips_what_the_caller_has_and_times_out_quietly(self):
        with Writer("cfg", self.dir) as w, Reader("cfg", self.dir) as r:
            w.publish("a")
            w.publish("b")
            start = time.monotonic()
            self.assertEqual([], list(r.changes(timeout=0.2, since=2)))
            self.assertGreaterEqual(time.monotonic() - start, 0.2)
            self.assertEqual(["b"], [c.value for c in r.changes(timeout=0.05, since=1)])

    def test_changes_with_a_type_and_copy(self):
        with Writer("cfg", self.dir) as w, Reader("cfg", self.dir) as r:
            w.publish({"a": [1]})
            change = next(r.changes(copy=True))
            change.value["a"].append(2)
            self.assertEqual({"a": [1]}, r.get())
            self.assertEqual({"a": [1]}, next(r.changes(cls=dict)).value)

    def test_a_deleted_region_ends_the_stream_with_region_replaced(self):
        w = Writer("cfg", self.dir)
        w.publish(1)
        w.close()
        with Reader("cfg", self.dir) as r:
            stream = r.changes()
            self.assertEqual(1, next(stream).version)
            jsonmmap.delete("cfg", self.dir)
            with self.assertRaises(jsonmmap.RegionReplacedError):
                next(stream)


class AsyncChangesTest(RegionTestCase):

    def test_achanges_follows_a_writer_without_blocking_the_event_loop(self):
        async def scenario(reader, writer):
            seen = []
            ticks = 0

            async def ticker():
                nonlocal ticks
                while True:
                    await asyncio.sleep(0.001)
                    ticks += 1

            async def publisher():
                for n in range(2, 6):
                    await asyncio.sleep(0.03)
                    writer.publish({"n": n})

            tick = asyncio.ensure_future(ticker())
            pub = asyncio.ensure_future(publisher())
            async for change in reader.achanges(timeout=5, max_poll=0.005):
                seen.append(change.value["n"])
                if change.version == 5:
                    break
            await pub
            tick.cancel()
            return seen, ticks

        with Writer("cfg", self.dir) as w, Reader("cfg", self.dir) as r:
            w.publish({"n": 1})
            seen, ticks = asyncio.run(scenario(r, w))
        self.assertEqual([1, 2, 3, 4, 5], seen)
        self.assertGreater(ticks, 20, "the event loop kept running while achanges waited")

    def test_achanges_times_out_and_reports_a_deleted_region(self):
        async def drain(reader, **kw):
            return [c.version async for c in reader.achanges(**kw)]

        with Writer("cfg", self.dir) as w:
            w.publish(1)
        with Reader("cfg", self.dir) as r:
            self.assertEqual([1], asyncio.run(drain(r, timeout=0.1)))
            self.assertEqual([], asyncio.run(drain(r, timeout=0.1, since=1)))
            jsonmmap.delete("cfg", self.dir)
            with self.assertRaises(jsonmmap.RegionReplacedError):
                asyncio.run(drain(r, timeout=1, since=1))
