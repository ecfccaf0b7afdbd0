"""The members of variables, as the side thread answers "expand" requests."""

import collections
import datetime
import decimal
import itertools
import sys
import threading
import time
import types
import unittest

import helpers  # noqa: F401  (puts sandpiper_runtime on the path)
import numpy as np
import pandas as pd

from sandpiper_runtime import dataview, holding, members, side, tableview, variables


def expand(namespace, name, path=None, start=0, count=100):
    body = {"type": "expand", "id": 11, "name": name, "start": start, "count": count}
    if path is not None:
        body["path"] = path
    return members.members_reply(namespace, body)


def names(value):
    return [name for name, _ in members.members(value)]


def step(at, name):
    return {"at": at, "name": name}


# --- Hostile classes: every method that would run user code records the call -------------------

CALLS = []
ARMED = [False]


def record(what):
    if ARMED[0]:
        CALLS.append(what)
        raise AssertionError("user code ran: " + what)


class HostileMeta(type):
    """A metaclass that redefines how its classes are read."""

    @property
    def __dict__(cls):
        record("metaclass __dict__")
        return {}

    @property
    def __name__(cls):
        record("metaclass __name__")
        return "Spoofed"

    @property
    def __mro__(cls):
        record("metaclass __mro__")
        return (object,)

    def __getattr__(cls, name):
        record("metaclass __getattr__ " + name)
        raise AttributeError(name)

    def __eq__(cls, other):
        record("metaclass __eq__")
        return cls is other

    def __hash__(cls):
        record("metaclass __hash__")
        return id(cls)


class Hostile(metaclass=HostileMeta):
    """An object whose every hook records that it ran."""

    def __init__(self):
        self.value = 1
        self.items = [1, 2, 3]
        self._private = "p"
        self.__mangled = "m"
        self.__dunder__ = "hidden"

    def __repr__(self):
        record("__repr__")
        return "Hostile()"

    def __str__(self):
        record("__str__")
        return "Hostile"

    def __len__(self):
        record("__len__")
        return 1

    def __iter__(self):
        record("__iter__")
        return iter(())

    def __getitem__(self, key):
        record("__getitem__")

    def __getattr__(self, name):
        record("__getattr__ " + name)
        raise AttributeError(name)

    def __getattribute__(self, name):
        record("__getattribute__ " + name)
        return object.__getattribute__(self, name)

    def __eq__(self, other):
        record("__eq__")
        return self is other

    def __hash__(self):
        record("__hash__")
        return id(self)

    def __bool__(self):
        record("__bool__")
        return True

    def __sizeof__(self):
        record("__sizeof__")
        return 0

    @property
    def prop(self):
        record("property")
        return 1

    @property
    def __class__(self):
        record("__class__")
        return dict


class WithDict:
    pass


class DictProperty(WithDict):
    """Its __dict__ is a property; its slots are still read, without it."""

    __slots__ = ("slot", "unset")

    def __init__(self):
        self.slot = "s"
        self.hidden = "h"

    @property
    def __dict__(self):
        record("__dict__ property")
        return {"fake": 1}


class HostileDict(dict):
    def __len__(self):
        record("dict __len__")
        return 0

    def __iter__(self):
        record("dict __iter__")
        return iter(())

    def __getitem__(self, key):
        record("dict __getitem__")

    def items(self):
        record("dict items")
        return []

    def keys(self):
        record("dict keys")
        return []

    def __repr__(self):
        record("dict __repr__")
        return "{}"


class HostileList(list):
    def __len__(self):
        record("list __len__")
        return 0

    def __getitem__(self, index):
        record("list __getitem__")

    def __iter__(self):
        record("list __iter__")
        return iter(())

    def __repr__(self):
        record("list __repr__")
        return "[]"


class HostileTuple(tuple):
    def __len__(self):
        record("tuple __len__")
        return 0

    def __getitem__(self, index):
        record("tuple __getitem__")


class Key:
    """A dict key or column label of a user class."""

    def __hash__(self):
        record("Key __hash__")
        return 7

    def __eq__(self, other):
        record("Key __eq__")
        return self is other

    def __repr__(self):
        record("Key __repr__")
        return "Key()"


class Pretender:
    """An ordinary class whose objects say they are DataFrames."""

    def __init__(self):
        self.x = 1

    @property
    def __class__(self):
        record("Pretender __class__")
        return pd.DataFrame

    def __getattribute__(self, name):
        record("Pretender __getattribute__ " + name)
        return object.__getattribute__(self, name)

    def __repr__(self):
        record("Pretender __repr__")
        return "Pretender()"


class Record:
    def __init__(self, frame):
        self.frame = frame
        self.label = "r"


class Slotted:
    __slots__ = ("b", "a", "unset", "__weakref__")

    def __init__(self):
        self.b = 2
        self.a = 1


class Armed:
    """Arms the hostile hooks for a with block; fails the test if any ran."""

    def __init__(self, test):
        self.test = test

    def __enter__(self):
        CALLS.clear()
        ARMED[0] = True
        return self

    def __exit__(self, *exc):
        ARMED[0] = False
        self.test.assertEqual(CALLS, [], "user code ran")
        return False


class NamesTest(unittest.TestCase):
    def test_dict_entries_in_insertion_order(self):
        key = Key()
        mapping = {
            "a": 1,
            2: 2,
            2.5: 3,
            None: 4,
            b"x": 5,
            (1, "y"): 6,
            ("t",): 7,
            True: 8,
            (1, key): 10,
        }
        mapping[key] = 9
        with Armed(self):
            self.assertEqual(
                names(mapping),
                [
                    "['a']",
                    "[2]",
                    "[2.5]",
                    "[None]",
                    "[b'x']",
                    "[(1, 'y')]",
                    "[('t',)]",
                    "[True]",
                    "[<tuple>]",
                    "[<Key>]",
                ],
            )
            self.assertEqual([v for _, v in members.members(mapping)][-1], 9)

    def test_long_keys_are_cut(self):
        mapping = {"k" * 500: 1, 10**5000: 2, ("x" * 300, 1): 3, "\U0001f600" * 300: 4}
        texts = names(mapping)
        self.assertEqual(texts[0], "['" + "k" * 198 + "\u2026]")
        self.assertEqual(texts[1], "[<int of 16610 bits>]")
        self.assertTrue(texts[2].startswith("[('xxx") and texts[2].endswith("\u2026]"))
        for text in texts:  # within the protocol's MaxMemberNameChars, in UTF-16 units
            self.assertLessEqual(len(text.encode("utf-16-le")) // 2, 202)

    def test_lists_and_tuples_by_position(self):
        self.assertEqual(names([5, 6, 7]), ["[0]", "[1]", "[2]"])
        self.assertEqual(names(("a",)), ["[0]"])
        self.assertEqual(
            members.members(list(range(10)))[3:5], [("[3]", 3), ("[4]", 4)]
        )

    def test_subclasses_are_read_through_their_base(self):
        hostile_dict = HostileDict(a=1, b=2)
        hostile_list = HostileList([1, 2, 3])
        hostile_tuple = HostileTuple((4, 5))
        with Armed(self):
            self.assertEqual(names(hostile_dict), ["['a']", "['b']"])
            self.assertEqual(
                members.members(hostile_list)[1:3], [("[1]", 2), ("[2]", 3)]
            )
            self.assertEqual(
                list(members.members(hostile_tuple)), [("[0]", 4), ("[1]", 5)]
            )
            self.assertEqual(
                [
                    members.expandable(v)
                    for v in (hostile_dict, hostile_list, hostile_tuple)
                ],
                [True, True, True],
            )

    def test_dataframe_columns_by_position(self):
        frame = pd.DataFrame(
            [[1, 2, 3, 4, 5]], columns=["a", 3, 2.5, True, pd.Timestamp("2024-01-01")]
        )
        self.assertEqual(
            names(frame), ["['a']", "[3]", "[2.5]", "[True]", "[2024-01-01 00:00:00]"]
        )
        column = members.members(frame)[1][1]
        self.assertIsInstance(column, pd.Series)
        self.assertEqual(column.tolist(), [2])
        levels = pd.DataFrame(
            [[1, 2]], columns=pd.MultiIndex.from_tuples([("x", 1), ("x", 2)])
        )
        self.assertEqual(names(levels), ["[x / 1]", "[x / 2]"])
        twice = pd.DataFrame([[1, 2]], columns=["a", "a"])  # duplicates, by position
        self.assertEqual([v.tolist() for _, v in members.members(twice)], [[1], [2]])
        key = Key()
        labelled = pd.DataFrame([[1, 2]], columns=[key, "b"])
        with Armed(self):
            self.assertEqual(names(labelled), ["[<Key>]", "['b']"])
            reply = expand({"f": labelled}, "f")
            self.assertEqual(reply["error"], "")
            self.assertEqual(
                [m["name"] for m in reply["members"]], ["[<Key>]", "['b']"]
            )
            self.assertEqual(
                expand({"f": {"x": labelled}}, "f")["members"][0]["shape"], [1, 2]
            )

    def test_dataframe_subclass_from_user_code_has_none(self):
        class MyFrame(pd.DataFrame):
            def __getitem__(self, key):
                record("frame __getitem__")
                return super().__getitem__(key)

            def __len__(self):
                record("frame __len__")
                return super().__len__()

        frame = MyFrame({"a": [1]})
        with Armed(self):
            self.assertEqual(names(frame), [])
            self.assertFalse(members.expandable(frame))

    def test_module_public_names_sorted(self):
        module = types.ModuleType("mod")
        module.zeta = 1
        module.alpha = [1]
        module._private = 2
        vars(module)[3] = "not a name"
        found = list(members.members(module))
        self.assertEqual(found, [(".alpha", [1]), (".zeta", 1)])
        self.assertEqual(
            names(np)[:3], sorted("." + n for n in vars(np) if n[0] != "_")[:3]
        )

    def test_object_attributes_and_slots_sorted(self):
        record_ = Record(pd.DataFrame({"a": [1]}))
        vars(record_)[1] = "not a name"
        self.assertEqual(names(record_), [".frame", ".label"])
        self.assertEqual(list(members.members(Slotted())), [(".a", 1), (".b", 2)])
        hostile = Hostile()
        with Armed(self):
            self.assertEqual(
                names(hostile), ["._Hostile__mangled", "._private", ".items", ".value"]
            )
        with Armed(self):
            self.assertEqual(names(DictProperty()), [".slot"])
        namespace = types.SimpleNamespace(y=1, x=2)
        self.assertEqual(names(namespace), [".x", ".y"])

    def test_values_without_members(self):
        def function():
            pass

        for value in (
            "text",
            b"bytes",
            1,
            1.5,
            None,
            {1, 2},
            frozenset([1]),
            np.arange(3),
            np.float64(1.5),
            pd.Series([1, 2]),
            pd.Index([1, 2]),
            function,
            Record,
            Hostile,
            object(),
            range(3),
            iter([1]),
        ):
            with self.subTest(value=type(value).__name__):
                self.assertEqual(names(value), [])
                self.assertFalse(members.expandable(value))
                reply = expand({"v": value}, "v")
                self.assertEqual((reply["error"], reply["total"]), ("", 0))


class WindowTest(unittest.TestCase):
    def test_reply_fields_and_windows(self):
        namespace = {"l": list(range(10))}
        reply = expand(namespace, "l", start=2, count=3)
        self.assertEqual(
            set(reply), {"type", "id", "error", "total", "start", "members"}
        )
        self.assertEqual((reply["type"], reply["id"]), ("members", 11))
        self.assertEqual((reply["total"], reply["start"]), (10, 2))
        self.assertEqual([m["name"] for m in reply["members"]], ["[2]", "[3]", "[4]"])
        self.assertEqual(
            set(reply["members"][0]),
            {"name", "type", "kind", "shape", "dtypes", "bytes", "repr", "expandable"},
        )
        end = expand(namespace, "l", start=8, count=5)
        self.assertEqual([m["name"] for m in end["members"]], ["[8]", "[9]"])
        past = expand(namespace, "l", start=50, count=5)
        self.assertEqual((past["error"], past["start"], past["members"]), ("", 10, []))

    def test_count_is_bounded(self):
        reply = expand({"l": list(range(2000))}, "l", start=0, count=5000)
        self.assertEqual(len(reply["members"]), members.MAX_MEMBERS)

    def test_a_dict_of_a_million_keys_answers_near_its_end(self):
        big = {"k%d" % i: i for i in range(1_000_000)}
        reply = expand({"big": big}, "big", start=999_990, count=20)
        self.assertEqual((reply["error"], reply["total"]), ("", 1_000_000))
        self.assertEqual(reply["start"], 999_990)
        self.assertEqual(
            [m["name"] for m in reply["members"]],
            ["['k%d']" % i for i in range(999_990, 1_000_000)],
        )
        self.assertEqual(reply["members"][-1]["repr"], "999999")
        # A path into it, and a member that moved there, cost a window too.
        self.assertEqual(
            members.resolve(big, [step(999_999, "['k999999']")], "big"), 999_999
        )
        del big["k0"]
        self.assertEqual(
            members.resolve(big, [step(999_999, "['k999999']")], "big"), 999_999
        )

    def test_missing_variable_and_no_namespace(self):
        self.assertIn("no variable named nope", expand({}, "nope")["error"])
        none = expand(None, "x")
        self.assertIn("no session variables", none["error"])
        self.assertEqual((none["total"], none["start"], none["members"]), (0, 0, []))


class PathTest(unittest.TestCase):
    def setUp(self):
        self.frame = pd.DataFrame({"a": [1, 2], "b": [3.5, 4.5]})
        self.data = {"rows": [Record(self.frame)], "other": 1}
        self.namespace = {"d": self.data}

    def path(self):
        return [
            step(0, "['rows']"),
            step(0, "[0]"),
            step(0, ".frame"),
            step(1, "['b']"),
        ]

    def test_dict_list_attribute_column(self):
        column = members.resolve(self.data, self.path(), "d")
        self.assertEqual(column.tolist(), [3.5, 4.5])
        reply = expand(self.namespace, "d", self.path()[:3])
        self.assertEqual(reply["total"], 2)
        self.assertEqual(
            [(m["name"], m["kind"], m["shape"]) for m in reply["members"]],
            [("['a']", "series", [2]), ("['b']", "series", [2])],
        )
        self.assertEqual(members.resolve(self.data, []), self.data)
        self.assertIs(members.resolve(self.data, None), self.data)

    def test_a_member_that_moved_is_found_by_name(self):
        self.data.pop("rows")
        self.data["rows"] = [Record(self.frame)]  # now second
        column = members.resolve(self.data, self.path(), "d")
        self.assertEqual(column.tolist(), [3.5, 4.5])
        self.frame.insert(0, "new", [0, 0])  # 'b' is at 2 now
        self.assertEqual(
            members.resolve(self.data, self.path(), "d").tolist(), [3.5, 4.5]
        )

    def test_a_gone_member_says_where(self):
        self.data["rows"][0] = 5
        with self.assertRaises(dataview.PageError) as raised:
            members.resolve(self.data, self.path(), "d")
        self.assertEqual(
            str(raised.exception), "d['rows'][0] has no member .frame any more"
        )
        self.data["rows"].clear()
        reply = expand(self.namespace, "d", self.path())
        self.assertEqual(reply["error"], "d['rows'] has no member [0] any more")
        self.assertEqual((reply["total"], reply["members"]), (0, []))
        del self.data["rows"]
        self.assertIn(
            "d has no member ['rows']",
            expand(self.namespace, "d", self.path())["error"],
        )

    def test_bad_paths(self):
        deep = [step(0, "[0]")] * (members.MAX_PATH + 1)
        self.assertIn("at most 32 steps", expand(self.namespace, "d", deep)["error"])
        self.assertIn(
            "a step of a path", expand(self.namespace, "d", [{"at": -1}])["error"]
        )
        self.assertIn(
            "a path is a list", expand(self.namespace, "d", "['rows']")["error"]
        )
        # 32 steps are fine.
        nested = []
        value = nested
        for _ in range(members.MAX_PATH):
            inner = []
            value.append(inner)
            value = inner
        value.append("bottom")
        reply = expand({"n": nested}, "n", [step(0, "[0]")] * members.MAX_PATH)
        self.assertEqual(reply["members"][0]["repr"], "'bottom'")


class HostileTest(unittest.TestCase):
    def test_nothing_of_user_classes_runs(self):
        hostile = Hostile()
        key = Key()
        mapping = HostileDict()
        dict.__setitem__(mapping, key, hostile)
        dict.__setitem__(mapping, "h", hostile)
        dict.__setitem__(mapping, "list", HostileList([hostile, key, 1]))
        dict.__setitem__(mapping, "slots", DictProperty())
        dict.__setitem__(mapping, "frame", pd.DataFrame({"o": [hostile, key]}))
        dict.__setitem__(mapping, "class", Hostile)
        dict.__setitem__(mapping, "array", np.array([hostile, 1], dtype=object))
        dict.__setitem__(mapping, "pretender", Pretender())
        namespace = {"m": mapping}
        # The hooks are live: arming them catches a call.
        ARMED[0] = True
        try:
            with self.assertRaises(AssertionError):
                repr(hostile)
            with self.assertRaises(AssertionError):
                isinstance(hostile, list)  # asks __class__
            with self.assertRaises(AssertionError):
                Hostile.__name__
        finally:
            ARMED[0] = False
            CALLS.clear()
        with Armed(self):
            top = expand(namespace, "m")
            self.assertEqual(top["error"], "")
            shown = {m["name"]: m for m in top["members"]}
            self.assertEqual(
                list(shown),
                [
                    "[<Key>]",
                    "['h']",
                    "['list']",
                    "['slots']",
                    "['frame']",
                    "['class']",
                    "['array']",
                    "['pretender']",
                ],
            )
            self.assertEqual(shown["[<Key>]"]["type"], "Hostile")
            self.assertEqual(shown["[<Key>]"]["repr"], "<Hostile>")
            self.assertEqual(shown["[<Key>]"]["kind"], "object")
            self.assertTrue(shown["[<Key>]"]["expandable"])
            self.assertEqual(shown["['list']"]["repr"], "[<Hostile>, <Key>, 1]")
            self.assertEqual(shown["['list']"]["shape"], [3])
            self.assertEqual(shown["['list']"]["type"], "HostileList")
            self.assertEqual(shown["['class']"]["repr"], "<HostileMeta>")
            self.assertFalse(shown["['class']"]["expandable"])
            self.assertEqual(shown["['array']"]["repr"], "[<Hostile>, 1]")
            self.assertTrue(shown["['slots']"]["expandable"])
            self.assertEqual(
                [
                    shown["['pretender']"][f]
                    for f in ("type", "kind", "repr", "expandable")
                ],
                ["Pretender", "object", "<Pretender>", True],
            )
            inside = expand(namespace, "m", [step(1, "['h']")])
            self.assertEqual(
                [m["name"] for m in inside["members"]],
                ["._Hostile__mangled", "._private", ".items", ".value"],
            )
            self.assertEqual(inside["members"][2]["repr"], "[1, 2, 3]")
            self.assertEqual(
                expand(namespace, "m", [step(0, "[<Key>]"), step(3, ".value")])[
                    "error"
                ],
                "",
            )
            self.assertIs(members.resolve(mapping, [step(0, "[<Key>]")], "m"), hostile)
            self.assertEqual(
                [
                    m["name"]
                    for m in expand(namespace, "m", [step(3, "['slots']")])["members"]
                ],
                [".slot"],
            )
            column = expand(namespace, "m", [step(4, "['frame']")])["members"][0]
            self.assertEqual(column["repr"], "<Hostile>, <Key>")
            self.assertEqual(members.summary("h", hostile)["repr"], "<Hostile>")
            self.assertEqual(members.summary("k", key)["repr"], "<Key>")
            for value in (hostile, key, mapping, Hostile, DictProperty()):
                members.expandable(value)
                members.summary("x", value)
                list(members.members(value))
            # Moved members are looked for by name, comparing names only.
            self.assertIs(members.resolve(mapping, [step(5, "['h']")], "m"), hostile)
            with self.assertRaises(dataview.PageError):
                members.resolve(mapping, [step(0, "['gone']")], "m")

    def test_summaries_never_raise(self):
        original = members.expandable

        def broken(value):
            raise ValueError("broken")

        members.expandable = broken
        try:
            fields = members.summary("x", [1, 2])
        finally:
            members.expandable = original
        self.assertEqual(fields["expandable"], False)
        self.assertEqual(fields["repr"], "[1, 2]")


class ExpandableTest(unittest.TestCase):
    def test_each_kind(self):
        module = types.ModuleType("m")
        private = types.ModuleType("p")
        private._x = 1

        class Dunder:
            def __init__(self):
                self.__x__ = 1

        cases = [
            ({"a": 1}, True),
            ({}, False),
            ([0], True),
            ([], False),
            ((0,), True),
            ((), False),
            (pd.DataFrame({"a": []}), True),
            (pd.DataFrame(), False),
            (module, True),
            (private, False),
            (Record(None), True),
            (Dunder(), False),
            (Slotted(), True),
            (object(), False),
            (3, False),
        ]
        module.x = 1
        for value, expected in cases:
            with self.subTest(value=type(value).__name__):
                self.assertIs(members.expandable(value), expected)
                self.assertIs(members.summary("v", value)["expandable"], expected)

    def test_variables_summaries_say_it(self):
        self.assertTrue(variables.summarize("l", [1])["expandable"])
        self.assertFalse(variables.summarize("l", [])["expandable"])
        self.assertTrue(variables.summarize("r", Record(1))["expandable"])
        self.assertFalse(variables.summarize("n", 5)["expandable"])
        self.assertFalse(variables._unsummarised("n", [1])["expandable"])

        class Guard:
            def call(self, func, *args):
                if func is members.expandable:
                    raise RuntimeError("no")
                return func(*args)

        self.assertFalse(variables.summarize("l", [1], Guard())["expandable"])
        tracker = variables.Tracker()
        diff = tracker.diff({"d": {"a": 1}, "e": {}})
        shown = {s["name"]: s["expandable"] for s in diff["changed"]}
        self.assertEqual(shown, {"d": True, "e": False})


class SummaryTest(unittest.TestCase):
    def summary(self, value):
        return members.summary("[0]", value)

    def test_tables(self):
        frame = pd.DataFrame({"a": [1, 2], "s": ["x", "y"]})
        fields = self.summary(frame)
        self.assertEqual(
            (fields["type"], fields["kind"], fields["shape"]),
            ("DataFrame", "dataframe", [2, 2]),
        )
        self.assertEqual(fields["dtypes"], "int64, object (2 columns)")
        self.assertEqual(
            fields["bytes"], int(frame.memory_usage(index=True, deep=False).sum())
        )
        self.assertEqual(fields["repr"], "columns: a, s")
        series = pd.Series(np.arange(20.0), name="n")
        fields = self.summary(series)
        self.assertEqual((fields["kind"], fields["shape"]), ("series", [20]))
        self.assertEqual(fields["dtypes"], "float64")
        self.assertEqual(
            fields["bytes"], int(series.memory_usage(index=True, deep=False))
        )
        self.assertEqual(
            fields["repr"], "0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, \u2026"
        )
        array = np.arange(6).reshape(2, 3)
        fields = self.summary(array)
        self.assertEqual(
            (fields["kind"], fields["shape"], fields["dtypes"], fields["bytes"]),
            ("array", [2, 3], "int64", 48),
        )
        self.assertEqual(fields["repr"], "[0, 1, 2, 3, 4, 5]")
        dates = self.summary(pd.Series(pd.to_datetime(["2024-01-02", None])))
        self.assertEqual(dates["repr"], "2024-01-02T00:00:00, NaT")
        self.assertFalse(dates["expandable"])

    def test_containers(self):
        fields = self.summary(list(range(10)))
        self.assertEqual(fields["repr"], "[0, 1, 2, 3, 4, 5, 6, 7, \u2026]")
        self.assertEqual((fields["kind"], fields["shape"]), ("collection", [10]))
        self.assertEqual(fields["bytes"], sys.getsizeof(list(range(10))))
        entries = {k: v for k, v in zip("abcdefg", range(7))}
        entries["b"] = [1, 2, 3]
        self.assertEqual(
            self.summary(entries)["repr"],
            "{'a': 0, 'b': <list of 3>, 'c': 2, 'd': 3, 'e': 4, 'f': 5, \u2026}",
        )
        self.assertEqual(self.summary((1,))["repr"], "(1,)")
        self.assertEqual(self.summary(())["repr"], "()")
        self.assertEqual(self.summary({3})["repr"], "{3}")
        self.assertEqual(self.summary(set())["repr"], "set()")
        self.assertEqual(self.summary(frozenset([2]))["repr"], "frozenset({2})")
        self.assertEqual(self.summary(collections.deque([1]))["repr"], "deque([1])")
        self.assertEqual(
            self.summary([{"a": 1}, (1, 2)])["repr"], "[<dict of 1>, <tuple of 2>]"
        )
        self.assertEqual(self.summary(["a\nb"])["repr"], "['a\\nb']")

    def test_scalars(self):
        cases = [
            (5, "5", "scalar"),
            ("x" * 500, "'" + "x" * 198 + "\u2026", "scalar"),
            (b"ab", "b'ab'", "scalar"),
            (None, "None", "scalar"),
            (float("nan"), "nan", "scalar"),
            (np.int64(3), "3", "scalar"),
            (np.float64("nan"), "nan", "scalar"),
            (pd.Timestamp("2024-01-01 10:00"), "2024-01-01T10:00:00", "object"),
            (pd.NaT, "NaT", "object"),
            (datetime.date(2024, 5, 6), "2024-05-06", "scalar"),
            (decimal.Decimal("1.25"), "1.25", "scalar"),
            (np.str_("s"), "'s'", "scalar"),
            (10**5000, "<int of 16610 bits>", "scalar"),
            (Record(1), "<Record>", "object"),
            (len, "<builtin_function_or_method>", "object"),
        ]
        for value, text, kind in cases:
            with self.subTest(value=type(value).__name__):
                fields = self.summary(value)
                self.assertEqual((fields["repr"], fields["kind"]), (text, kind))
        self.assertEqual(self.summary(5)["bytes"], (5).__sizeof__())
        self.assertEqual(self.summary(Record(1))["bytes"], -1)
        self.assertEqual(self.summary(np.int64(3))["bytes"], -1)
        self.assertEqual(len(self.summary("x" * 500)["repr"]), variables.REPR_LIMIT)


class HoldPathTest(unittest.TestCase):
    def setUp(self):
        self.frame = pd.DataFrame({"a": [3, 1, 2]})
        self.data = {"x": 0, "frame": self.frame}
        self.side = side.SideRequests({"d": self.data})
        self.path = [step(1, "['frame']")]

    def page(self, hold=5, follow=False, path=None, **extra):
        body = {
            "type": "page",
            "id": 7,
            "name": "d",
            "path": self.path if path is None else path,
            "rowStart": 0,
            "rowCount": 10,
            "columnStart": 0,
            "columnCount": 10,
            "hold": hold,
            "follow": follow,
        }
        body.update(extra)
        return self.side.handle(body)

    def test_a_member_is_paged_held_and_rebound(self):
        first = self.page()
        self.assertEqual((first["error"], first["rows"]), ("", [[3], [1], [2]]))
        self.assertNotIn("rebound", self.page())
        self.data["frame"] = pd.DataFrame({"a": [9]})  # replaced
        kept = self.page()
        self.assertEqual((kept["rows"], kept.get("rebound")), ([[3], [1], [2]], True))
        self.assertEqual(self.page(hold=0)["rows"], [[9]])  # no hold: what it is now
        followed = self.page(follow=True)
        self.assertEqual((followed["rows"], followed.get("rebound")), ([[9]], None))
        del self.data["frame"]  # deleted
        gone = self.page()
        self.assertEqual((gone["rows"], gone.get("rebound")), ([[9]], True))
        self.assertIn(
            "d has no member ['frame'] any more", self.page(follow=True)["error"]
        )
        self.data["frame"] = self.frame
        self.data.pop("x")  # moved to position 0: still found, and the same object
        self.assertEqual(self.page(follow=True)["rows"], [[3], [1], [2]])
        self.assertNotIn("rebound", self.page())

    def test_holds_alone(self):
        holds = holding.Holds()
        request = {"name": "d", "path": self.path, "hold": 1}
        value, rebound = holds.source({"d": self.data}, request)
        self.assertIs(value, self.frame)
        self.assertFalse(rebound)
        self.data["frame"] = self.frame.copy()
        self.assertEqual(holds.source({"d": self.data}, request)[1], True)
        self.data["frame"] = self.frame
        self.assertEqual(holds.source({"d": self.data}, request)[1], False)
        self.assertEqual(holds.source({}, request)[1], True)
        self.assertIs(
            holds.source({"d": self.data}, {"name": "d", "path": self.path})[0],
            self.frame,
        )

    def test_summarize_and_find_through_a_path(self):
        summary = self.side.handle(
            {"type": "summarize", "id": 3, "name": "d", "column": 0, "path": self.path}
        )
        self.assertEqual((summary["error"], summary["rows"]), ("", 3))
        found = self.side.handle(
            {
                "type": "find",
                "id": 4,
                "name": "d",
                "path": self.path,
                "text": "2",
                "start": 0,
                "count": 3,
                "backward": False,
                "matchCase": False,
            }
        )
        self.assertEqual((found["error"], found["found"], found["row"]), ("", True, 2))
        column = self.side.handle(
            {
                "type": "summarize",
                "id": 3,
                "name": "d",
                "column": 0,
                "path": self.path + [step(0, "['a']")],
            }
        )
        self.assertEqual((column["error"], column["rows"]), ("", 3))
        missing = self.side.handle(
            {
                "type": "summarize",
                "id": 3,
                "name": "d",
                "column": 0,
                "path": [step(0, "['no']")],
            }
        )
        self.assertIn("d has no member ['no'] any more", missing["error"])

    def test_views_of_different_members_are_apart(self):
        self.data["same"] = self.frame  # one object by two paths
        sort = [{"column": 0, "ascending": True}]
        one = self.page(hold=0, sort=sort)
        other = self.page(hold=0, sort=sort, path=[step(2, "['same']")])
        self.assertEqual(one["rows"], [[1], [2], [3]])
        self.assertEqual(other["rows"], [[1], [2], [3]])
        self.assertEqual(len(self.side.views), 2)
        views = tableview.Views()
        plain = views.view_of({"name": "d", "sort": sort})
        first = views.view_of({"name": "d", "sort": sort, "path": self.path})
        second = views.view_of(
            {"name": "d", "sort": sort, "path": [step(2, "['same']")]}
        )
        self.assertEqual(len({plain.name, first.name, second.name}), 3)

    def test_expand_goes_through_the_side_requests(self):
        reply = self.side.handle(
            {"type": "expand", "id": 9, "name": "d", "start": 0, "count": 10}
        )
        self.assertEqual(
            (reply["type"], reply["id"], reply["total"]), ("members", 9, 2)
        )
        self.assertEqual([m["name"] for m in reply["members"]], ["['x']", "['frame']"])


class MutationTest(unittest.TestCase):
    def test_a_dict_changing_while_read_gives_an_error_reply(self):
        data = {"a": 1, "b": 2, "c": 3}
        real = itertools.islice

        def changing(iterable, *window):
            iterator = iter(iterable)
            first = next(iterator)
            data["d"] = 4  # code on the main thread adds a key meanwhile
            return real(itertools.chain([first], iterator), *window)

        members.itertools.islice = changing
        try:
            reply = expand({"data": data}, "data")
        finally:
            members.itertools.islice = real
        self.assertEqual(reply["error"], members.CHANGED)
        self.assertEqual((reply["total"], reply["start"], reply["members"]), (0, 0, []))
        self.assertEqual(expand({"data": data}, "data")["total"], 4)

    def test_columns_going_while_read_give_an_error_reply(self):
        frame = pd.DataFrame({"a": [1], "b": [2], "c": [3]})
        real = members._FrameMembers.window

        def shrinking(self, start, stop):
            labels = self._columns
            del frame["c"]
            self._columns = labels  # the labels read before the column went
            return real(self, start, stop)

        members._FrameMembers.window = shrinking
        try:
            reply = expand({"f": frame}, "f")
        finally:
            members._FrameMembers.window = real
        self.assertEqual(reply["error"], members.CHANGED)

    def test_a_changing_dict_never_breaks_a_reply(self):
        data = {i: i for i in range(1000)}
        stop = threading.Event()

        def change():
            i = 1000
            while not stop.is_set():
                data[i] = i
                data.pop(i - 1000, None)
                i += 1

        thread = threading.Thread(target=change)
        thread.start()
        try:
            deadline = time.monotonic() + 0.5
            while time.monotonic() < deadline:
                reply = expand({"data": data}, "data", start=400, count=200)
                self.assertIn(reply["error"], ("", members.CHANGED))
                if not reply["error"]:
                    self.assertLessEqual(len(reply["members"]), 200)
                    self.assertLessEqual(reply["start"], reply["total"])
        finally:
            stop.set()
            thread.join()


if __name__ == "__main__":
    unittest.main()
