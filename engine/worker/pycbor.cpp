#include "pycbor.h"

#include <QCborArray>
#include <QCborMap>

namespace py = pybind11;

namespace Sandpiper::Worker {

QString pythonToQString(py::handle text)
{
    Py_ssize_t size = 0;
    if (const char *utf8 = PyUnicode_AsUTF8AndSize(text.ptr(), &size))
        return QString::fromUtf8(utf8, size);
    PyErr_Clear();
    // Lone surrogates have no UTF-8 form.
    PyObject *bytes = PyUnicode_AsEncodedString(text.ptr(), "utf-8", "replace");
    if (!bytes) {
        PyErr_Clear();
        return QString();
    }
    const QString result = QString::fromUtf8(PyBytes_AS_STRING(bytes), PyBytes_GET_SIZE(bytes));
    Py_DECREF(bytes);
    return result;
}

namespace {

std::optional<QCborValue> convert(py::handle object, QString *error, int depth)
{
    if (depth < 0) {
        *error = QStringLiteral("nested too deeply");
        return std::nullopt;
    }
    PyObject *o = object.ptr();
    if (o == Py_None)
        return QCborValue(QCborValue::Null);
    if (PyBool_Check(o))
        return QCborValue(o == Py_True);
    if (PyLong_Check(o)) {
        int overflow = 0;
        const long long value = PyLong_AsLongLongAndOverflow(o, &overflow);
        if (overflow == 0 && !(value == -1 && PyErr_Occurred()))
            return QCborValue(qint64(value));
        PyErr_Clear();
        const double approx = PyLong_AsDouble(o);
        if (approx == -1.0 && PyErr_Occurred()) {
            PyErr_Clear();
            *error = QStringLiteral("integer too large");
            return std::nullopt;
        }
        return QCborValue(approx);
    }
    if (PyFloat_Check(o))
        return QCborValue(PyFloat_AS_DOUBLE(o));
    if (PyUnicode_Check(o))
        return QCborValue(pythonToQString(object));
    if (PyBytes_Check(o))
        return QCborValue(QByteArray(PyBytes_AS_STRING(o), PyBytes_GET_SIZE(o)));
    if (PyByteArray_Check(o))
        return QCborValue(QByteArray(PyByteArray_AS_STRING(o), PyByteArray_GET_SIZE(o)));
    if (PyDict_Check(o)) {
        QCborMap map;
        PyObject *key = nullptr;
        PyObject *value = nullptr;
        Py_ssize_t pos = 0;
        while (PyDict_Next(o, &pos, &key, &value)) {
            auto k = convert(key, error, depth - 1);
            if (!k)
                return std::nullopt;
            auto v = convert(value, error, depth - 1);
            if (!v)
                return std::nullopt;
            map.insert(*k, *v);
        }
        return QCborValue(map);
    }
    if (PyList_Check(o) || PyTuple_Check(o)) {
        QCborArray array;
        const py::sequence sequence = py::reinterpret_borrow<py::sequence>(object);
        for (const py::handle item : sequence) {
            auto v = convert(item, error, depth - 1);
            if (!v)
                return std::nullopt;
            array.append(*v);
        }
        return QCborValue(array);
    }
    *error = QStringLiteral("unsupported type '%1'").arg(QString::fromUtf8(Py_TYPE(o)->tp_name));
    return std::nullopt;
}

} // namespace

std::optional<QCborValue> pythonToCbor(py::handle object, QString *error, int maxDepth)
{
    return convert(object, error, maxDepth);
}

} // namespace Sandpiper::Worker
