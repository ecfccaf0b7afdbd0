#include "namespacewatcher.h"

namespace py = pybind11;

namespace Sandpiper::Worker {

namespace {
// The callback has no user data: one engine watches one namespace.
NamespaceWatcher *g_watcher = nullptr;
} // namespace

NamespaceWatcher::~NamespaceWatcher()
{
    // The engine ends with _exit() and never finalizes Python; nothing to undo then.
    if (g_watcher == this)
        g_watcher = nullptr;
}

bool NamespaceWatcher::watch(PyObject *dict)
{
    if (g_watcher || !dict || !PyDict_Check(dict))
        return false;
    m_watcherId = PyDict_AddWatcher(&NamespaceWatcher::onEvent);
    if (m_watcherId < 0) {
        PyErr_Clear();
        return false;
    }
    if (PyDict_Watch(m_watcherId, dict) < 0) {
        PyErr_Clear();
        PyDict_ClearWatcher(m_watcherId);
        m_watcherId = -1;
        return false;
    }
    m_touched = py::set();
    m_dict = dict;
    g_watcher = this;
    return true;
}

int NamespaceWatcher::onEvent(PyDict_WatchEvent event, PyObject *dict, PyObject *key, PyObject *)
{
    NamespaceWatcher *self = g_watcher;
    if (!self || dict != self->m_dict)
        return 0;
    switch (event) {
    case PyDict_EVENT_ADDED:
    case PyDict_EVENT_MODIFIED:
    case PyDict_EVENT_DELETED:
        self->record(key);
        break;
    case PyDict_EVENT_CLONED:
    case PyDict_EVENT_CLEARED:
    case PyDict_EVENT_DEALLOCATED:
        self->m_unknown = true;
        break;
    }
    return 0;
}

void NamespaceWatcher::record(PyObject *key)
{
    if (m_unknown || !key)
        return;
    for (PyObject *recent : m_recent) {
        if (recent == key)
            return;
    }
    // Keeps the error state of the write that called us: an exception may be set already.
    PyObject *type = nullptr, *value = nullptr, *traceback = nullptr;
    PyErr_Fetch(&type, &value, &traceback);
    const Py_ssize_t before = PySet_GET_SIZE(m_touched.ptr());
    if (PySet_Add(m_touched.ptr(), key) < 0) {
        PyErr_Clear();
        m_unknown = true;
    } else if (PySet_GET_SIZE(m_touched.ptr()) > before) {
        // Only a key the set now holds is remembered by address: that reference keeps the
        // address its own until take(). An equal key made on the fly is not added, is freed
        // after the write, and its address soon belongs to another name.
        m_recent[m_nextRecent] = key;
        m_nextRecent = (m_nextRecent + 1) % RecentSize;
    }
    PyErr_Restore(type, value, traceback);
}

py::object NamespaceWatcher::take()
{
    py::object result = m_unknown ? py::object(py::none()) : py::object(m_touched);
    m_touched = py::set();
    m_unknown = false;
    std::fill(std::begin(m_recent), std::end(m_recent), nullptr);
    m_nextRecent = 0;
    return result;
}

} // namespace Sandpiper::Worker
