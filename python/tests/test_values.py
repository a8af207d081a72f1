"""Parse once per version: get() shares one read-only value per version; copy=True and thaw() give private ones;
get(SomeType) binds dataclasses and TypedDicts with the Java side's errors."""

import dataclasses
import enum
import json
import pickle
from typing import Dict, List, Literal, Optional, Tuple, TypedDict

import jsonmmap
from jsonmmap import JsonArray, JsonObject, Reader, SerializationError, Writer
from support import RegionTestCase

DOC = {"db": {"url": "postgres://db/app", "poolSize": 8, "replicas": ["r1", "r2"]}, "flags": [[1, 2], {"x": None}],
       "ratio": 0.5, "name": "ü"}


class PublishedDocTestCase(RegionTestCase):
    """Region "cfg" with DOC published: self.writer holds it, self.reader reads it."""

    def setUp(self):
        super().setUp()
        self.writer = Writer("cfg", self.dir)
        self.addCleanup(self.writer.close)
        self.writer.publish(DOC)
        self.reader = Reader("cfg", self.dir)
        self.addCleanup(self.reader.close)


class SharedReadOnlyValueTest(PublishedDocTestCase):

    def test_unchanged_get_returns_the_same_value_and_a_new_version_a_new_one(self):
        first = self.reader.get()
        self.assertIs(first, self.reader.get())
        self.assertEqual(DOC, first)
        self.writer.publish({"v": 2})
        second = self.reader.get()
        self.assertIsNot(first, second)
        self.assertEqual({"v": 2}, second)
        self.assertEqual(DOC, first, "a value handed out stays what it was")

    def test_no_caller_can_change_the_shared_value(self):
        value = self.reader.get()
        self.assertIsInstance(value, JsonObject)
        self.assertIsInstance(value["db"], JsonObject)
        self.assertIsInstance(value["db"]["replicas"], JsonArray)
        self.assertIsInstance(value["flags"][0], JsonArray)
        attempts = [
            lambda: value.__setitem__("db", 1),
            lambda: value.__delitem__("db"),
            lambda: value["db"].__setitem__("poolSize", 1),
            lambda: value["db"]["replicas"].__setitem__(0, "x"),
            lambda: value["db"]["replicas"].append("x"),
            lambda: value["flags"][1].update({"x": 1}),
            lambda: value.pop("db"),
            lambda: value.clear(),
            lambda: value.setdefault("new", 1),
        ]
        for attempt in attempts:
            with self.assertRaises((TypeError, AttributeError)):
                attempt()
        with self.assertRaises(AttributeError):
            value._tree = {}
        with self.assertRaises(AttributeError):
            value["db"]["replicas"]._tree = []
        # slices and iteration hand out views as well
        self.assertIsInstance(value["flags"][0:1][0], JsonArray)
        self.assertIsInstance(list(value["flags"])[1], JsonObject)
        self.assertEqual(DOC, self.reader.get())

    def test_views_behave_as_mappings_and_sequences(self):
        value = self.reader.get()
        self.assertEqual(["db", "flags", "ratio", "name"], list(value))
        self.assertEqual(4, len(value))
        self.assertIn("db", value)
        self.assertEqual("ü", value.get("name"))
        self.assertIsNone(value.get("missing"))
        self.assertEqual(DOC["db"], value["db"])
        self.assertEqual(DOC["db"], dict(value["db"]))
        self.assertEqual(["r1", "r2"], value["db"]["replicas"])
        self.assertEqual(("r1", "r2"), value["db"]["replicas"])
        self.assertIn("r2", value["db"]["replicas"])
        self.assertEqual(1, value["db"]["replicas"].index("r2"))
        self.assertEqual(["r2", "r1"], list(reversed(value["db"]["replicas"])))
        self.assertEqual("postgres://db/app", {**value}["db"]["url"])
        self.assertNotEqual(value, {"db": 1})
        with self.assertRaises(TypeError):
            hash(value)

    def test_copy_true_and_thaw_give_private_mutable_values(self):
        mine = self.reader.get(copy=True)
        self.assertIs(type(mine), dict)
        self.assertIs(type(mine["db"]["replicas"]), list)
        mine["db"]["replicas"].append("r3")
        self.assertIsNot(mine, self.reader.get(copy=True))
        self.assertEqual(DOC, self.reader.get(copy=True))
        thawed = jsonmmap.thaw(self.reader.get())
        thawed["flags"][0].append(3)
        self.assertEqual(DOC, self.reader.get())
        self.assertEqual(DOC, self.reader.snapshot(copy=True).value)

    def test_views_serialize_with_to_json_and_pickle_as_plain_values(self):
        value = self.reader.get()
        self.assertEqual(json.dumps(DOC), json.dumps(value, default=jsonmmap.to_json))
        with self.assertRaises(TypeError):
            json.dumps(value)
        self.assertEqual(DOC, pickle.loads(pickle.dumps(value)))

    def test_snapshot_value_is_the_shared_view(self):
        snap = self.reader.snapshot()
        self.assertIs(snap.value, self.reader.get())
        self.assertEqual((1, 1, 0), (snap.version, snap.epoch, snap.tag))

    def test_scalars_and_null_documents(self):
        for doc in (0, "x", None, True, [], {}):
            self.writer.publish(doc)
            self.assertEqual(doc, self.reader.get(default="nothing"))


# ------------------------------------------------------------------------------------------------- typed


@dataclasses.dataclass(frozen=True)
class Db:
    url: str
    poolSize: int
    replicas: Tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Config:
    db: Db
    ratio: float
    name: str = "none"
    level: Optional[Literal["low", "high"]] = None


@dataclasses.dataclass
class MutableConfig:
    db: Dict[str, object]
    flags: List[object]


class DbDict(TypedDict):
    url: str
    poolSize: int


class Color(enum.Enum):
    RED = "red"


class TypedReadTest(PublishedDocTestCase):

    def test_frozen_dataclasses_are_bound_once_per_version_and_shared(self):
        config = self.reader.get(Config)
        self.assertEqual(Config(Db("postgres://db/app", 8, ("r1", "r2")), 0.5, "ü"), config)
        self.assertIs(config, self.reader.get(Config))
        self.writer.publish({**DOC, "ratio": 1})
        again = self.reader.get(Config)
        self.assertEqual(1.0, again.ratio)
        self.assertIsNot(config, again)

    def test_mutable_types_are_built_for_each_call(self):
        a = self.reader.get(MutableConfig)
        b = self.reader.get(MutableConfig)
        self.assertIsNot(a, b)
        a.db["poolSize"] = 1
        a.flags.append("mine")
        self.assertEqual(8, self.reader.get(MutableConfig).db["poolSize"])
        self.assertEqual(DOC, self.reader.get())
        plain = self.reader.get(Dict[str, object])
        plain["db"]["poolSize"] = 0
        self.assertIs(type(plain["db"]["replicas"]), list)
        self.assertEqual(8, self.reader.get()["db"]["poolSize"])

    def test_typed_dicts_check_their_required_keys(self):
        self.writer.publish({"url": "u", "poolSize": 2, "extra": True})
        self.assertEqual({"url": "u", "poolSize": 2}, self.reader.get(DbDict))
        self.writer.publish({"url": "u"})
        with self.assertRaises(SerializationError) as caught:
            self.reader.get(DbDict)
        self.assertEqual("/poolSize", caught.exception.path)
        self.assertIn("missing required key 'poolSize' of DbDict", str(caught.exception))

    def test_missing_field_is_reported_with_its_json_pointer(self):
        self.writer.publish({"db": {"url": "u"}, "ratio": 1})
        with self.assertRaises(SerializationError) as caught:
            self.reader.get(Config)
        self.assertEqual("/db/poolSize", caught.exception.path)
        self.assertIn("region 'cfg' version 2 does not fit Config: /db/poolSize: missing required field 'poolSize'"
                      " of Db", str(caught.exception))
        self.assertIsInstance(caught.exception, ValueError)
        self.assertIsInstance(caught.exception, TypeError)

    def test_type_mismatch_is_reported_with_its_json_pointer(self):
        cases = [
            ({"db": {"url": "u", "poolSize": "8"}, "ratio": 1}, "/db/poolSize", 'expected an integer, found a string "8"'),
            ({"db": {"url": "u", "poolSize": True}, "ratio": 1}, "/db/poolSize", "expected an integer, found a boolean"),
            ({"db": {"url": "u", "poolSize": 1, "replicas": ["a", 2]}, "ratio": 1}, "/db/replicas/1",
             "expected a string, found a number 2"),
            ({"db": [], "ratio": 1}, "/db", "expected an object for Db, found an array"),
            ({"db": {"url": "u", "poolSize": 1}, "ratio": 1, "level": "mid"}, "/level", "expected"),
            ({"db": {"url": "u", "poolSize": 1}, "ratio": None}, "/ratio", "expected a number, found null"),
        ]
        for doc, path, words in cases:
            self.writer.publish(doc)
            with self.assertRaises(SerializationError, msg=repr(doc)) as caught:
                self.reader.get(Config)
            self.assertEqual(path, caught.exception.path, str(caught.exception))
            self.assertIn(words, str(caught.exception))

    def test_optional_literal_enum_and_containers(self):
        self.writer.publish({"db": {"url": "u", "poolSize": 1}, "ratio": 2, "level": "high"})
        self.assertEqual("high", self.reader.get(Config).level)
        self.assertEqual(2.0, self.reader.get(Config).ratio)
        self.writer.publish(["red", "red"])
        self.assertEqual([Color.RED, Color.RED], self.reader.get(List[Color]))
        self.assertEqual((Color.RED, Color.RED), self.reader.get(Tuple[Color, Color]))
        with self.assertRaises(SerializationError):
            self.reader.get(Tuple[Color])
        with self.assertRaises(TypeError):
            self.reader.get(complex)

    def test_nothing_published_gives_the_default(self):
        with Writer("empty", self.dir), Reader("empty", self.dir) as r:
            self.assertIsNone(r.get(Config))
            self.assertEqual("d", r.get(Config, default="d"))
