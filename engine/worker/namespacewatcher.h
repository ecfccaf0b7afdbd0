#pragma once

#include <pybind11/pybind11.h>

namespace Sandpiper::Worker {

// Records which names of a namespace dict were bound, rebound or deleted, through a CPython
// dict watcher, so that a run's variable diff looks only at those names instead of at every
// name the session holds. Every write to the dict calls it: the fast path (a name recorded
// since the last take) is a few pointer compares.
//
// GIL rule: every method is called with the GIL held; the callback runs on the thread that
// writes the dict, which holds the GIL too.
class NamespaceWatcher
{
public:
    NamespaceWatcher() = default;
    ~NamespaceWatcher();

    NamespaceWatcher(const NamespaceWatcher &) = delete;
    NamespaceWatcher &operator=(const NamespaceWatcher &) = delete;

    // false when the interpreter has no free dict watcher; the diff then looks at every name.
    bool watch(PyObject *dict);

    // The names touched since the last call, as a set of str; None when that is unknown
    // (the dict was cleared or replaced wholesale, or recording failed).
    pybind11::object take();

private:
    static int onEvent(PyDict_WatchEvent event, PyObject *dict, PyObject *key, PyObject *value);
    void record(PyObject *key);

    static constexpr int RecentSize = 8;
    int m_watcherId = -1;
    PyObject *m_dict = nullptr;
    pybind11::object m_touched; // a set, made in watch() once Python runs
    bool m_unknown = false;
    // Names the set took since the last take(), checked by identity before the set: a loop
    // that writes the same globals over and over costs a few compares per write.
    PyObject *m_recent[RecentSize] = {};
    int m_nextRecent = 0;
};

} // namespace Sandpiper::Worker
