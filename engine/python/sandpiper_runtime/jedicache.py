"""What jedi 0.19 would otherwise work out again at every request.

- Class members. jedi lists a class's members by walking every name used anywhere in
  the class's module and keeping those defined in the class, for each class of the MRO
  of each inferred value, at every completion: `values.` (a numpy array) walked 37,000
  names of numpy's stubs. For a class in a library module, seen from another module,
  the list depends on the class alone (flow checks and private-name mangling only
  matter from inside the module), so it is kept per class node in the inference state.
- Library inference. Each jedi.Script gets a new InferenceState, so pandas and numpy
  are inferred again for every static request. The code-intelligence engine keeps one
  (SharedStates) across requests for the same project. Before each request it forgets
  the modules that are not libraries (the user's files change), and it starts afresh
  when its memo grows large.

Both give jedi's own answers: tests compare them with plain jedi.Script's.
"""

import os

# Memo entries (all of jedi's memoised functions together) after which a shared state
# is dropped: a few hundred are added per request.
MAX_MEMO_ENTRIES = 300_000
# Projects whose shared state is kept.
MAX_PROJECTS = 2

_CLASS_NAMES = "sandpiper.class_names"  # the key of the class-member memo


def _library_roots():
    import site  # here: the engine's start does not need these
    import sysconfig

    roots = set()
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        path = sysconfig.get_paths().get(key)
        if path:
            roots.add(path)
    try:
        roots.update(site.getsitepackages())
    except AttributeError:  # a virtual environment's old site module
        pass
    import jedi

    roots.add(os.path.dirname(jedi.__file__))  # its typeshed stubs
    return tuple(os.path.join(os.path.realpath(r), "") for r in roots if r)


_roots = None


def is_library_path(path):
    global _roots
    if path is None:
        return False
    if _roots is None:
        _roots = _library_roots()
    return os.path.realpath(str(path)).startswith(_roots)


def install():
    """Puts the class-member memo into jedi's ClassFilter (once)."""
    try:
        from jedi.inference.value.klass import ClassFilter
    except ImportError:
        return
    if getattr(ClassFilter.values, "_sandpiper_memo", False):
        return
    compute = ClassFilter.values

    def values(self):
        key = _class_names_key(self)
        if key is None:
            return compute(self)
        memo = self._node_context.inference_state.memoize_cache.setdefault(
            _CLASS_NAMES, {}
        )
        names = memo.get(key)
        if names is None:
            names = memo[key] = [n.tree_name for n in compute(self)]
        return self._convert_names(names)

    values._sandpiper_memo = True
    ClassFilter.values = values


def _class_names_key(class_filter):
    """The memo's key for a ClassFilter, or None when its answer may depend on where
    the completion happens or on text that changes."""
    f = class_filter
    if f._parso_cache_node is None:
        return None  # a tree parso does not keep: it may not be the same next time
    module = f._parser_scope.get_root_node()
    origin = f._origin_scope
    if origin is not None and origin.get_root_node() is module:
        return None
    if not is_library_path(f._node_context.get_root_context().py__file__()):
        return None
    return (type(f), f._parser_scope, f._until_position)


class SharedStates:
    """jedi InferenceStates shared by the static requests of a project, for the
    MAX_PROJECTS projects asked about last (editors on files of two projects do not make
    each other start afresh)."""

    def __init__(self):
        self._states = {}  # project folder: state, the most recently used last

    def adopt(self, script):
        """Gives script its project's shared state, or makes its own the shared one."""
        key = str(script._inference_state.project.path)
        state = self._states.pop(key, None)
        if state is None or _memo_entries(state) > MAX_MEMO_ENTRIES:
            while len(self._states) >= MAX_PROJECTS:
                del self._states[next(iter(self._states))]
            self._states[key] = script._inference_state
            return script
        self._states[key] = state
        _forget_user_modules(state)
        state.script_path = script.path
        state.analysis = []
        state.inferred_element_counts = {}
        state.dynamic_params_depth = 0
        state.reset_recursion_limitations()
        script._inference_state = state
        return script

    def state_of(self, project_path):
        return self._states.get(str(project_path))


def _memo_entries(state):
    return sum(len(memo) for memo in state.memoize_cache.values())


def _forget_user_modules(state):
    """Modules from the user's folders are read again: they may have changed."""
    cache = state.module_cache._name_cache
    for names, values in list(cache.items()):
        if any(_is_user_module(v) for v in values):
            del cache[names]
    stubs = state.stub_module_cache
    for names, value in list(stubs.items()):
        if value is not None and _is_user_module(value):
            del stubs[names]


def _is_user_module(value):
    try:
        path = value.py__file__()
    except Exception:
        return True
    return path is not None and not is_library_path(path)
