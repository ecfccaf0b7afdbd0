"""The members of variables for the Variables dock, read on the side thread.

members_reply() answers an "expand" request: a window of the members of a variable, or of a
member of one reached by a path of steps, each as a summary like the variables list shows.
It runs while code may run on the main thread, so no user code runs here: containers are read
through the methods of their builtin base (dict.items, list.__getitem__), objects through their
instance dict and slots found without looking up attributes, and everything is named and
previewed with the safe texts of dataview. A class whose metaclass changes how classes are read
(a __name__ property, a __getattribute__) is named through type's own descriptors.

The members of a value, in a stable order, named as code would write the access:
- a dict (or a subclass): its entries in insertion order, [key] with the key's repr when it is
  a str, int, float, bool, None, bytes or a tuple of those (cut past NAME_CHARS), else
  [<TypeName>];
- a list or tuple (or a subclass): [0], [1], ...;
- a pandas DataFrame (not a user subclass): its columns by position, ['label'] (the repr of a
  str, int, float or bool label, else its text), each a Series;
- a module: its public names, sorted, as .name;
- another object whose class is not a builtin one (user classes, library objects): the names
  of its instance dict and its set slots that do not start with "__", sorted, as .name;
- anything else (text, numbers, arrays, Series, sets, functions, classes): none.
"""

import itertools
import sys
import types

from . import dataview, variables
from .dataview import PageError

MAX_MEMBERS = 500  # the protocol's MaxMembers
MAX_PATH = 32  # MaxMemberDepth
# The most characters (UTF-16 code units, as the window counts them) of a key or attribute in a
# member's name, which holds at most MaxMemberNameChars (256) with its brackets.
NAME_CHARS = 200
SCAN_MEMBERS = 100_000  # the most members looked at for a member that moved
PREVIEW_ITEMS = 8
PREVIEW_ENTRIES = 6
CHANGED = "the object changed while it was read (code is running); try again"

_MISSING = object()
_CLASS_NAME = type.__dict__["__name__"]
_CLASS_MODULE = type.__dict__["__module__"]
_CLASS_MRO = type.__dict__["__mro__"]
_CLASS_DICT = type.__dict__["__dict__"]
_CLASS_FLAGS = type.__dict__["__flags__"]
_HEAP_TYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: a class made by a class statement
_MODULE_DICT = types.ModuleType.__dict__["__dict__"]
# A metaclass defining one of these runs its code when a class's name or module is read, or
# when the class is compared with another (type(x) in (str, int)).
_CLASS_HOOKS = ("__getattribute__", "__getattr__", "__eq__", "__ne__", "__hash__")
_CLASS_TEXTS = ("__name__", "__module__", "__mro__", "__dict__")
_KEY_TYPES = (str, int, float, bool, type(None), bytes)
_LABEL_TYPES = (str, int, float, bool)
_SCALARS = (str, bytes, int, float, complex, bool, type(None))
_SIZED = (dict, list, tuple, set, frozenset)
_CELL_MODULES = ("numpy", "pandas", "datetime", "decimal")
# Classes whose objects have no members (a DataFrame here is one of a user subclass, whose
# columns would be read through its own methods).
_NOT_EXPANDED = (
    ("pandas", "Series"),
    ("pandas", "Index"),
    ("pandas", "DataFrame"),
    ("numpy", "ndarray"),
    ("numpy", "generic"),
    # Their attributes compute: the data viewer reads them a partition at a time instead.
    ("dask.dataframe.core", "DataFrame"),
    ("dask.dataframe.core", "Series"),
    ("dask.array.core", "Array"),
)
_MAX_TUPLE_DEPTH = 8


# --- Classes, read without their metaclass ------------------------------------------------------


def _mro(cls):
    return _CLASS_MRO.__get__(cls) or (cls,)


def _own_dict(cls):
    """A class's own namespace (a mappingproxy), whatever its metaclass says __dict__ is."""
    return _CLASS_DICT.__get__(cls)


def _class_name(cls):
    return _CLASS_NAME.__get__(cls)


def _class_module(cls):
    module = _CLASS_MODULE.__get__(cls)
    return module if type(module) is str else ""


def _plain_class(cls):
    """True when reading cls.__name__ and cls.__module__ the usual way runs no code: its
    metaclass redefines neither, nor attribute lookup, and its module is text."""
    meta = type(cls)
    if meta is not type:
        for base in _mro(meta):
            if base is type or base is object:
                continue
            own = _own_dict(base)
            if any(hook in own for hook in _CLASS_HOOKS):
                return False
            if any(type(own.get(name, "")) is not str for name in _CLASS_TEXTS):
                return False
    return type(_own_dict(cls).get("__module__", "")) is str


def _exactly(cls, classes):
    """cls is one of classes, compared by identity (== could call its metaclass)."""
    for other in classes:
        if cls is other:
            return True
    return False


def _ordinary(value):
    """True when dataview's texts (which read the class's name and module) may see value."""
    return _plain_class(type(value))


def _type_name(value):
    """dataview._type_name, also for classes whose metaclass redefines reading them."""
    if _ordinary(value):
        return dataview._type_name(value)
    return "<%s>" % _class_name(type(value))


def _top_module(value):
    if _ordinary(value):
        return dataview._top_module(value)
    return _class_module(type(value)).split(".")[0]


def _library_class(module, name):
    cls = variables._module_type(module, name)
    return cls if isinstance(cls, type) else None


def _is(value, module, name):
    """isinstance by the value's own class: its __class__ is never asked."""
    cls = _library_class(module, name)
    return cls is not None and issubclass(type(value), cls)


def _sized_base(value):
    """The builtin container class value is read through (dict, list, ...), or None."""
    cls = type(value)
    for base in _SIZED:
        if issubclass(cls, base):
            return base
    deque = _library_class("collections", "deque")
    if deque is not None and issubclass(cls, deque):
        return deque
    return None


def _builtin_class(cls):
    """A class of the interpreter itself (int, list, function...), not one made in Python."""
    return (
        _class_module(cls) == "builtins" and not _CLASS_FLAGS.__get__(cls) & _HEAP_TYPE
    )


# --- Names ----------------------------------------------------------------------------------


def _bounded(text, limit=NAME_CHARS):
    """text cut to at most limit UTF-16 code units (as the window counts), "\u2026" ending a
    cut."""
    if len(text) <= limit // 2:
        return text
    units = 0
    fit = 0  # the characters that fit in limit - 1 units, before the "\u2026"
    for i, char in enumerate(text):
        units += 2 if char > "\uffff" else 1
        if units <= limit - 1:
            fit = i + 1
        elif units > limit:
            return text[:fit] + "\u2026"
    return text


def _scalar_text(value):
    """The repr of a value of an exact builtin scalar type, text and bytes cut first."""
    cls = type(value)
    if cls is str or cls is bytes:
        return repr(value[: variables.REPR_LIMIT + 1])
    if cls is int:
        try:
            return repr(value)
        except ValueError:  # past sys.get_int_max_str_digits()
            return "<int of %d bits>" % int.bit_length(value)
    return repr(value)


def _tuple_text(key, depth=0):
    """The repr of a tuple of plain keys, stopped once past NAME_CHARS; None when a part is
    not a plain key."""
    if depth > _MAX_TUPLE_DEPTH:
        return None
    parts = []
    length = 0
    for part in key:
        if _exactly(type(part), _KEY_TYPES):
            text = _scalar_text(part)
        elif type(part) is tuple:
            text = _tuple_text(part, depth + 1)
            if text is None:
                return None
        else:
            return None
        parts.append(text)
        length += len(text) + 2
        if length > NAME_CHARS:
            return "(" + ", ".join(parts) + ", \u2026"
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def key_name(key):
    """A dict entry's member name: "[" + the key's repr or "<TypeName>" + "]"."""
    text = None
    if _exactly(type(key), _KEY_TYPES):
        text = _scalar_text(key)
    elif type(key) is tuple:
        text = _tuple_text(key)
    if text is None:
        text = _type_name(key)
    return "[%s]" % _bounded(text)


def _label(value):
    """dataview.label, also for labels whose class's metaclass redefines reading it."""
    if type(value) is tuple:
        return dataview._text(" / ".join(_label(part) for part in value))
    if not _ordinary(value):
        return _type_name(value)
    return dataview.label(value)


def column_name(label):
    """A DataFrame column's member name: ['a'], [3], or [its label's text]."""
    if _exactly(type(label), _LABEL_TYPES):
        return "[%s]" % _bounded(_scalar_text(label))
    return "[%s]" % _bounded(_label(label))


def _attribute_name(name):
    return "." + _bounded(name)


# --- Members --------------------------------------------------------------------------------


class Members:
    """The members of one value: len() of them, a window of (name, value) pairs by position
    without reading the others (members[a:b], window()), the names alone (names()), and
    iteration one pair at a time. None here; a subclass for each kind of value."""

    total = 0

    def __len__(self):
        return self.total

    def window(self, start, stop):
        return []

    def names(self, start, stop):
        return [name for name, _ in self.window(start, stop)]

    def __iter__(self):
        for start in range(0, self.total, 1000):
            yield from self.window(start, start + 1000)

    def __getitem__(self, index):
        if type(index) is slice:
            start, stop, step = index.indices(self.total)
            if step != 1:
                raise ValueError("members are read in windows, without a step")
            return self.window(start, max(start, stop))
        position = index + self.total if index < 0 else index
        pairs = self.window(position, position + 1) if position >= 0 else []
        if not pairs:
            raise IndexError("no member %d" % index)
        return pairs[0]


class _DictMembers(Members):
    def __init__(self, mapping):
        self._mapping = mapping
        self.total = dict.__len__(mapping)

    def window(self, start, stop):
        # One C call takes the items, so the dict cannot change in between.
        items = list(itertools.islice(dict.items(self._mapping), start, stop))
        return [(key_name(key), value) for key, value in items]

    def names(self, start, stop):
        keys = list(itertools.islice(dict.keys(self._mapping), start, stop))
        return [key_name(key) for key in keys]

    def __iter__(self):
        for key, value in dict.items(self._mapping):
            yield key_name(key), value


class _SequenceMembers(Members):
    def __init__(self, sequence, base):
        self._sequence = sequence
        self._base = base
        self.total = base.__len__(sequence)

    def window(self, start, stop):
        items = self._base.__getitem__(self._sequence, slice(start, stop))
        return [("[%d]" % (start + i), item) for i, item in enumerate(items)]

    def names(self, start, stop):
        stop = min(stop, self._base.__len__(self._sequence))
        return ["[%d]" % i for i in range(start, stop)]


class _FrameMembers(Members):
    def __init__(self, frame):
        self._frame = frame
        self._columns = frame.columns
        self.total = len(self._columns)

    def window(self, start, stop):
        stop = min(stop, self.total)
        labels = self._columns[start:stop].tolist()
        iloc = self._frame.iloc
        return [
            (column_name(label), iloc[:, start + i]) for i, label in enumerate(labels)
        ]

    def names(self, start, stop):
        return [column_name(label) for label in self._columns[start:stop].tolist()]


class _ListedMembers(Members):
    """Members found all at once (a module's or an object's, sorted by name)."""

    def __init__(self, pairs):
        self._pairs = pairs
        self.total = len(pairs)

    def window(self, start, stop):
        return self._pairs[start:stop]


def _module_attributes(module):
    """(name, value) of the module's public names, unsorted, read from its namespace."""
    namespace = _MODULE_DICT.__get__(module)
    if not issubclass(type(namespace), dict):
        return
    for name, member in dict.items(dict.copy(namespace)):
        if type(name) is str and not name.startswith("_"):
            yield name, member


def _first(pair):
    return pair[0]


def _attributes(value):
    """(name, value) of the object's set slots and instance dict entries, unsorted, found
    without attribute lookup: names that are text and do not start with "__"."""
    cls = type(value)
    seen = set()
    instance_dict = _MISSING
    for base in _mro(cls):
        own = _own_dict(base)
        if instance_dict is _MISSING and "__dict__" in own:
            descriptor = own["__dict__"]
            instance_dict = None
            # A class statement makes a getset; a builtin type may have a member instead.
            if type(descriptor) is types.GetSetDescriptorType or (
                type(descriptor) is types.MemberDescriptorType
            ):
                try:
                    instance_dict = descriptor.__get__(value, cls)
                except (AttributeError, TypeError):
                    pass
        for name, member in list(own.items()):
            if (
                type(member) is types.MemberDescriptorType
                and type(name) is str
                and not name.startswith("__")
                and name not in seen
            ):
                try:
                    slot = types.MemberDescriptorType.__get__(member, value, cls)
                except (AttributeError, TypeError):  # unset, or not this object's
                    continue
                seen.add(name)
                yield name, slot
    if instance_dict is not None and instance_dict is not _MISSING:
        if issubclass(type(instance_dict), dict):
            for name, member in dict.items(dict.copy(instance_dict)):
                if type(name) is str and not name.startswith("__") and name not in seen:
                    seen.add(name)
                    yield name, member


def _kind_of(value):
    """How value's members are read: dict, list, tuple, "frame", "module", "object" or None."""
    cls = type(value)
    for base in (dict, list, tuple):
        if issubclass(cls, base):
            return base
    if issubclass(cls, types.ModuleType):
        return "module"
    if issubclass(cls, type):
        return None
    if _is(value, "pandas", "DataFrame") and _top_module(value) in (
        dataview._TABLE_MODULES
    ):
        return "frame"
    if any(_is(value, module, name) for module, name in _NOT_EXPANDED):
        return None
    if _top_module(value) == "builtins":
        return None
    return "object"


def members(value):
    """The Members of value (see the module's docstring for what they are)."""
    kind = _kind_of(value)
    if kind is dict:
        return _DictMembers(value)
    if kind is list or kind is tuple:
        return _SequenceMembers(value, kind)
    if kind == "frame":
        return _FrameMembers(value)
    if kind == "module" or kind == "object":
        found = _module_attributes(value) if kind == "module" else _attributes(value)
        return _ListedMembers(
            [(_attribute_name(name), item) for name, item in sorted(found, key=_first)]
        )
    return Members()


def expandable(value):
    """True when value has a member, without enumerating them all."""
    kind = _kind_of(value)
    if kind is dict or kind is list or kind is tuple:
        return kind.__len__(value) > 0
    if kind == "frame":
        return len(value.columns) > 0
    if kind == "module":
        return next(_module_attributes(value), None) is not None
    if kind == "object":
        return next(_attributes(value), None) is not None
    return False


# --- Paths ----------------------------------------------------------------------------------


def _step(step):
    """(at, name) of a path step {"at": position, "name": member name}."""
    if type(step) is dict:
        at, name = step.get("at"), step.get("name")
        if type(at) is int and at >= 0 and type(name) is str:
            return at, name
    raise PageError('a step of a path is {"at": a position, "name": a member\'s name}')


def _member(found, at, name):
    """The value of the member named name, at position at or, if it moved, near it."""
    if at < found.total:
        pairs = found.window(at, at + 1)
        if pairs and pairs[0][0] == name:
            return pairs[0][1]
    start = max(0, min(at, found.total) - SCAN_MEMBERS // 2)
    stop = min(found.total, start + SCAN_MEMBERS)
    names = found.names(start, stop)
    if name not in names:
        return _MISSING
    position = start + names.index(name)
    pairs = found.window(position, position + 1)
    if not pairs or pairs[0][0] != name:
        raise RuntimeError("the member moved while it was read")
    return pairs[0][1]


def resolve(value, path, name=""):
    """The member that path leads to from value, the variable called name (for messages):
    each step {"at", "name"} takes the member at that position if it has that name, else the
    member of that name among the SCAN_MEMBERS around it. PageError when a member is gone
    ("d['a'] has no member [3] any more") or the path is not one."""
    path = path or []
    if type(path) is not list:
        raise PageError("a path is a list of steps")
    if len(path) > MAX_PATH:
        raise PageError(
            "a path has at most %d steps; this one has %d" % (MAX_PATH, len(path))
        )
    expression = name
    for step in path:
        at, step_name = _step(step)
        member = _member(members(value), at, step_name)
        if member is _MISSING:
            raise PageError(
                "%s has no member %s any more"
                % (expression or "the variable", step_name)
            )
        value = member
        expression += step_name
    return value


# --- Summaries ------------------------------------------------------------------------------


def _cell_text(value):
    """A numpy, pandas, datetime or decimal value as dataview.cell shows it."""
    shown = dataview.cell(value)
    if shown is None:
        return dataview._text(value)  # NaN, NaT, NA: what they print as
    if issubclass(type(shown), str):  # numpy's str_ comes as itself
        text = str.__str__(shown)
        return repr(text) if issubclass(type(value), str) else text
    return repr(shown)


def _cell_like(value):
    """True for the values of libraries that dataview.cell shows by their text: numpy and
    pandas scalars, dates, times, decimals."""
    module = _top_module(value)
    if module not in _CELL_MODULES:
        return False
    if module == "numpy":
        return _is(value, "numpy", "generic")
    if module == "pandas":
        return _class_module(type(value)).startswith("pandas._libs")
    return True


def _item_text(value):
    """A short safe text of an item inside a preview."""
    cls = type(value)
    if _exactly(cls, _SCALARS):
        return _scalar_text(value)
    base = _sized_base(value)
    if base is not None:
        return "<%s of %d>" % (_class_name(cls), base.__len__(value))
    if _ordinary(value) and _cell_like(value):
        return _cell_text(value)
    return _type_name(value)


def _items_preview(items, more):
    return ", ".join(_item_text(item) for item in items) + (", \u2026" if more else "")


def _container_preview(value, base):
    """Python syntax for the first items of a builtin container (or one of a subclass)."""
    if base is dict:
        entries = list(itertools.islice(dict.items(value), PREVIEW_ENTRIES + 1))
        text = ", ".join(
            "%s: %s" % (_item_text(key), _item_text(item))
            for key, item in entries[:PREVIEW_ENTRIES]
        )
        if len(entries) > PREVIEW_ENTRIES:
            text += ", \u2026"
        return "{%s}" % text
    if base is list or base is tuple:
        items = base.__getitem__(value, slice(0, PREVIEW_ITEMS + 1))
    else:
        items = list(itertools.islice(base.__iter__(value), PREVIEW_ITEMS + 1))
    more = len(items) > PREVIEW_ITEMS
    text = _items_preview(items[:PREVIEW_ITEMS], more)
    if base is list:
        return "[%s]" % text
    if base is tuple:
        return "(%s)" % (text + "," if len(items) == 1 else text)
    if base is set or base is frozenset:
        if not items:
            return "%s()" % base.__name__
        return "{%s}" % text if base is set else "frozenset({%s})" % text
    return "%s([%s])" % (base.__name__, text)


def _frame_preview(frame):
    columns = frame.columns
    shown = [_label(label) for label in columns[:30].tolist()]
    text = "columns: " + ", ".join(shown)
    if len(columns) > len(shown):
        text += ", \u2026 (+%d)" % (len(columns) - len(shown))
    return text


def _preview(value, kind, library):
    cls = type(value)
    if _exactly(cls, _SCALARS):
        return _scalar_text(value)
    if cls is range:
        return repr(value)
    base = _sized_base(value)
    if base is not None:
        return _container_preview(value, base)
    if library and kind == "dataframe":
        return _frame_preview(value)
    if library and kind == "series":
        if _is(value, "pandas", "Index"):
            head = value[: PREVIEW_ITEMS + 1].tolist()
        else:
            head = value.iloc[: PREVIEW_ITEMS + 1].tolist()
        return _items_preview(head[:PREVIEW_ITEMS], len(head) > PREVIEW_ITEMS)
    if library and kind == "array":
        head = list(value.flat[: PREVIEW_ITEMS + 1])
        return "[%s]" % _items_preview(head[:PREVIEW_ITEMS], len(head) > PREVIEW_ITEMS)
    return _item_text(value)


def _shape(value, kind, library):
    if kind in ("dataframe", "series", "array"):
        return [int(n) for n in value.shape] if library else []
    base = _sized_base(value)
    if base is not None:
        return [base.__len__(value)]
    if type(value) is range:
        return [range.__len__(value)]
    return []


def _frame_bytes(frame):
    """frame.memory_usage(index=True, deep=False).sum(), a block at a time: memory_usage()
    builds a Series indexed by the column labels, which hashes them (a user class's
    __hash__), and reads every column on its own (seconds for 10^5 of them)."""
    try:
        blocks = frame._mgr.blocks
    except AttributeError:  # pandas changed its internals: the slow way still works
        return int(frame.memory_usage(index=True, deep=False).sum())
    total = int(frame.index.memory_usage(deep=False))
    for block in blocks:
        values = block.values
        usage = getattr(
            values, "memory_usage", None
        )  # a Categorical counts its categories
        total += int(usage(deep=False)) if usage is not None else int(values.nbytes)
    return total


def _bytes(value, kind, library):
    if library and kind == "array":
        return int(value.nbytes)
    if library and kind == "dataframe":
        return _frame_bytes(value)
    if library and kind == "series":
        if _is(value, "pandas", "Index"):
            return int(value.memory_usage(deep=False))
        return int(value.memory_usage(index=True, deep=False))
    if _builtin_class(type(value)):
        return int(sys.getsizeof(value))
    return -1


def summary(name, value):
    """The fields of the protocol's VariableSummary for a member, and "expandable"; read
    without running user code, and never raising: what fails is left as it starts."""
    fields = variables.blank_summary(name)
    try:
        fields["type"] = variables.one_line(
            _class_name(type(value)), variables.TYPE_LIMIT
        )
        fields["repr"] = _type_name(value)
    except Exception:
        pass
    try:
        fields["expandable"] = bool(expandable(value))
    except Exception:
        pass
    try:
        if not _ordinary(value):
            return fields
    except Exception:
        return fields
    library = False
    try:
        fields["kind"] = kind = variables._kind(value)
        library = _top_module(value) in dataview._TABLE_MODULES
        fields["shape"] = _shape(value, kind, library)
        if library and kind in ("dataframe", "series", "array"):
            fields["dtypes"] = variables.one_line(variables._dtypes(value, kind))
    except Exception:
        pass
    try:
        fields["bytes"] = _bytes(value, fields["kind"], library)
    except Exception:
        pass
    try:
        fields["repr"] = variables.one_line(_preview(value, fields["kind"], library))
    except Exception:
        pass
    return fields


# --- Requests -------------------------------------------------------------------------------


def _error_fields(message):
    return {
        "error": dataview._text(message),
        "total": 0,
        "start": 0,
        "members": [],
    }


def members_reply(namespace, request):
    """The "members" reply to an "expand" request; an error reply instead of raising."""
    reply = {"type": "members", "id": request.get("id", 0)}
    try:
        name = request["name"]
        value = resolve(dataview.lookup(namespace, name), request.get("path"), name)
        found = members(value)
        total = len(found)
        start = min(max(0, int(request.get("start", 0))), total)
        count = max(0, min(int(request.get("count", MAX_MEMBERS)), MAX_MEMBERS))
        pairs = found.window(start, min(start + count, total))
        reply.update(
            {
                "error": "",
                "total": total,
                "start": start,
                "members": [summary(member, item) for member, item in pairs],
            }
        )
    except PageError as error:
        reply.update(_error_fields(str(error)))
    except (RuntimeError, IndexError):
        reply.update(_error_fields(CHANGED))
    except Exception as error:
        reply.update(_error_fields("%s: %s" % (type(error).__name__, error)))
    return reply
