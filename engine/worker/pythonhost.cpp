#include "pythonhost.h"

#include "namespacewatcher.h"

#include "interrupt.h"
#include "iothread.h"
#include "procfs.h"
#include "pycbor.h"

#include <pybind11/embed.h>

#include <QCborArray>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include <sys/resource.h>

namespace py = pybind11;

namespace Sandpiper::Worker {

namespace {

// This process and its descendants (subprocess, multiprocessing, a Dask cluster's workers):
// those waited for, and those still living. A process's time moves from the second to the
// first when it is waited for, so the difference over a run is what the run's processes used,
// however long a child lived before (counting only those waited for charged a Dask worker's
// whole life to the run that ended it).
double cpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    double seconds = double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
    rusage children{};
    if (getrusage(RUSAGE_CHILDREN, &children) == 0) {
        seconds += double(children.ru_utime.tv_sec) + double(children.ru_utime.tv_usec) / 1e6
                   + double(children.ru_stime.tv_sec) + double(children.ru_stime.tv_usec) / 1e6;
    }
    return seconds + ProcFs::livingDescendantsCpuSeconds();
}

QString textOf(py::handle value)
{
    if (!value || !PyUnicode_Check(value.ptr()))
        return {};
    return pythonToQString(value);
}

qint64 integerOf(py::handle value, qint64 fallback)
{
    if (!value || !PyLong_Check(value.ptr()) || PyBool_Check(value.ptr()))
        return fallback;
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(value.ptr(), &overflow);
    if (overflow || (v == -1 && PyErr_Occurred())) {
        PyErr_Clear();
        return fallback;
    }
    return v;
}

py::handle item(const py::dict &dict, const char *key)
{
    // Borrowed; nullptr when absent. PyDict_GetItemString never raises.
    return PyDict_GetItemString(dict.ptr(), key);
}

Protocol::ExecutionError errorFromDict(py::handle object)
{
    Protocol::ExecutionError error;
    if (!object || !PyDict_Check(object.ptr()))
        return error;
    const auto dict = py::reinterpret_borrow<py::dict>(object);
    error.type = textOf(item(dict, "type"));
    error.message = textOf(item(dict, "message"));
    error.line = int(integerOf(item(dict, "line"), -1));
    const py::handle lines = item(dict, "traceback");
    if (lines && PyList_Check(lines.ptr())) {
        for (const py::handle line : py::reinterpret_borrow<py::list>(lines))
            error.traceback.append(textOf(line));
    }
    return error;
}

// An exception that escaped the runtime itself (a bug there, or an interrupt that arrived
// just outside the cell's own try block).
Protocol::ExecutionError errorFromException(py::error_already_set &e)
{
    Protocol::ExecutionError error;
    error.type = pythonToQString(py::str(e.type().attr("__name__")));
    try {
        error.message = pythonToQString(py::str(e.value()));
        const py::object format = py::module_::import("traceback").attr("format_exception");
        for (const py::handle chunk : format(e.value()))
            error.traceback.append(
                    pythonToQString(chunk).split(QLatin1Char('\n'), Qt::SkipEmptyParts));
    } catch (py::error_already_set &) {
        PyErr_Clear();
    }
    return error;
}

} // namespace

class PythonHost::Private
{
public:
    explicit Private(IoThread *io)
        : io(io)
    {}

    void publish(const py::dict &data, const py::object &metadata);
    std::optional<Protocol::VariablesDiff> variablesDiff(const py::object &reply, quint64 id);

    IoThread *io;
    NamespaceWatcher watcher;
    py::object session;
    quint64 currentId = 0;
};

PythonHost::PythonHost(IoThread *io)
    : d(std::make_unique<Private>(io))
{}

// The engine ends with _exit() and never finalizes Python, so this does not run after it.
PythonHost::~PythonHost() = default;

namespace {

// An installed engine lives in <prefix>/lib/sandpiper beside its native modules, with the
// runtime in <prefix>/share/sandpiper/python; empty for an engine in a build tree, which uses
// the folders compiled in. The installed layout wins so that a package built on this machine
// never reads the checkout it was built from.
std::filesystem::path installedRuntimePath()
{
    std::error_code error;
    const auto folder = std::filesystem::read_symlink("/proc/self/exe", error).parent_path();
    const auto runtime = (folder / "../../share/sandpiper/python").lexically_normal();
    if (error || !std::filesystem::is_directory(runtime / "sandpiper_runtime", error))
        return {};
    return runtime;
}

} // namespace

std::string PythonHost::defaultRuntimePath()
{
    if (const char *path = std::getenv("SANDPIPER_RUNTIME_PATH"); path && *path)
        return path;
    if (const auto installed = installedRuntimePath(); !installed.empty())
        return installed.string();
    return SANDPIPER_RUNTIME_DIR;
}

std::string PythonHost::defaultNativePath()
{
    if (const char *path = std::getenv("SANDPIPER_NATIVE_PATH"); path && *path)
        return path;
    if (!installedRuntimePath().empty()) {
        std::error_code error;
        return std::filesystem::read_symlink("/proc/self/exe", error).parent_path().string();
    }
    return SANDPIPER_NATIVE_DIR;
}

bool PythonHost::initialize(const Config &config, std::string *error)
{
    PyPreConfig preconfig;
    PyPreConfig_InitIsolatedConfig(&preconfig);
    preconfig.utf8_mode = 1; // whatever the locale: UTF-8 for files and stdio
    PyStatus status = Py_PreInitialize(&preconfig);
    if (PyStatus_Exception(status)) {
        *error = std::string("Python pre-initialisation failed: ")
                 + (status.err_msg ? status.err_msg : "unknown error");
        return false;
    }

    // Isolated: no PYTHON* environment variables, no user site-packages, no cwd or script
    // folder on sys.path.
    PyConfig config_;
    PyConfig_InitIsolatedConfig(&config_);
    // Python's SIGINT handler (default_int_handler) must be registered for
    // PyErr_SetInterruptEx to raise KeyboardInterrupt; Interrupt::install() then puts the
    // engine's own OS-level handler in front of it. This also ignores SIGPIPE like python3.
    config_.install_signal_handlers = 1;
    config_.parse_argv = 0;
    config_.buffered_stdio = 1;
    // sys.executable is what subprocess and multiprocessing start: the real interpreter,
    // not this engine.
    status = PyConfig_SetBytesString(&config_, &config_.executable, SANDPIPER_PYTHON_EXECUTABLE);
    if (PyStatus_Exception(status)) {
        PyConfig_Clear(&config_);
        *error = "cannot configure Python";
        return false;
    }
    try {
        py::initialize_interpreter(&config_, 0, nullptr, false);
    } catch (const std::exception &e) {
        *error = std::string("Python initialisation failed: ") + e.what();
        return false;
    }

    try {
        const py::module_ sys = py::module_::import("sys");
        sys.attr("path").attr("insert")(0, config.runtimePath);
        if (!config.nativePath.empty())
            sys.attr("path").attr("append")(config.nativePath);
        // Text written by Python reaches the pipe at each newline (and at each flush).
        sys.attr("stdout").attr("reconfigure")(py::arg("line_buffering") = true);
        if (config.diagnosticFd >= 0) {
            py::module_::import("faulthandler")
                    .attr("enable")(py::arg("file") = config.diagnosticFd,
                                    py::arg("all_threads") = true);
        }
        const py::module_ runtime = py::module_::import("sandpiper_runtime");
        if (!config.session)
            return true;
        const py::object mainDict = py::module_::import("__main__").attr("__dict__");
        Private *p = d.get();
        const py::cpp_function publish(
                [p](const py::dict &data, const py::object &metadata) {
                    p->publish(data, metadata);
                },
                py::arg("data"),
                py::arg("metadata") = py::none());
        // Without a watcher every run's diff looks at every name: slower, still right.
        py::object touchedNames = py::none();
        if (d->watcher.watch(mainDict.ptr()))
            touchedNames = py::cpp_function([p] { return p->watcher.take(); });
        d->session = runtime.attr("Session")(py::arg("publish") = publish,
                                             py::arg("namespace") = mainDict,
                                             py::arg("touched_names") = touchedNames);
    } catch (py::error_already_set &e) {
        *error = std::string("cannot load sandpiper_runtime from '") + config.runtimePath
                 + "': " + e.what();
        return false;
    }
    return true;
}

Protocol::Hello PythonHost::hello()
{
    Protocol::Hello hello;
    try {
        const py::dict info = py::module_::import("sandpiper_runtime.session").attr("hello_info")();
        hello.pythonVersion = textOf(item(info, "python_version"));
        const py::handle libraries = item(info, "libraries");
        if (libraries && PyDict_Check(libraries.ptr())) {
            for (const auto &[name, version] : py::reinterpret_borrow<py::dict>(libraries))
                hello.libraries.insert(textOf(name), textOf(version));
        }
    } catch (py::error_already_set &e) {
        hello.pythonVersion = QString::fromUtf8(Py_GetVersion()).section(QLatin1Char(' '), 0, 0);
    }
    return hello;
}

void PythonHost::preload(const std::string &module)
{
    try {
        py::module_::import(module.c_str());
    } catch (py::error_already_set &e) {
        PySys_WriteStderr("sandpiper: could not preload %s: %s\n", module.c_str(), e.what());
    }
}

std::optional<Request> PythonHost::waitForRequest(RequestQueue &queue,
                                                  std::chrono::milliseconds timeout)
{
    py::gil_scoped_release release;
    return queue.pop(timeout);
}

Protocol::ExecutionResult PythonHost::execute(const Protocol::ExecuteRequest &request)
{
    Protocol::ExecutionResult result;
    result.id = request.id;
    d->currentId = request.id;

    const auto wallStart = std::chrono::steady_clock::now();
    const double cpuStart = cpuSeconds();
    Interrupt::beginExecution();
    try {
        const py::object reply = d->session.attr("execute")(
                request.code.toStdString(), request.cellName.toStdString(), request.silent);
        const auto dict = py::reinterpret_borrow<py::dict>(reply);
        const auto status = Protocol::executionStatusFromString(textOf(item(dict, "status")));
        result.status = status.value_or(Protocol::ExecutionStatus::Error);
        const py::handle error = item(dict, "error");
        if (error && error.ptr() != Py_None)
            result.error = errorFromDict(error);
    } catch (py::error_already_set &e) {
        result.status = e.matches(PyExc_KeyboardInterrupt) ? Protocol::ExecutionStatus::Interrupted
                                                           : Protocol::ExecutionStatus::Error;
        result.error = errorFromException(e);
    }
    Interrupt::endExecution();
    result.wallSeconds
            = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    result.cpuSeconds = cpuSeconds() - cpuStart;

    d->currentId = 0;
    return result;
}

bool PythonHost::sendVariables(quint64 id)
{
    std::optional<Protocol::VariablesDiff> diff;
    try {
        diff = d->variablesDiff(d->session.attr("variables_diff")(), id);
    } catch (py::error_already_set &e) {
        PyErr_Clear();
        PySys_WriteStderr("sandpiper: variable summaries failed: %s\n", e.what());
    }
    if (!diff)
        return false;
    d->io->sendFrame(diff->toCbor());
    return !diff->settled;
}

bool PythonHost::refreshVariables()
{
    try {
        const py::object reply = d->session.attr("refresh_variables")();
        if (reply.is_none())
            return true;
        if (const auto diff = d->variablesDiff(reply, 0))
            d->io->sendFrame(diff->toCbor());
    } catch (py::error_already_set &e) {
        PyErr_Clear();
        PySys_WriteStderr("sandpiper: variable refresh failed: %s\n", e.what());
    }
    return false;
}

void PythonHost::Private::publish(const py::dict &data, const py::object &metadata)
{
    Protocol::DisplayData display;
    display.id = currentId;
    for (const auto &[key, value] : data) {
        if (!PyUnicode_Check(key.ptr()))
            throw py::type_error("display data keys must be mime type strings");
        const QString mime = pythonToQString(key);
        if (PyUnicode_Check(value.ptr()) && mime != QLatin1StringView("image/png")) {
            display.data.insert(mime, pythonToQString(value));
        } else if (PyBytes_Check(value.ptr())) {
            display.data.insert(
                    mime,
                    QByteArray(PyBytes_AS_STRING(value.ptr()), PyBytes_GET_SIZE(value.ptr())));
        } else {
            throw py::type_error(("display data for '" + mime.toStdString()
                                  + "' must be str (or bytes for images)")
                                         .c_str());
        }
    }
    if (!metadata.is_none()) {
        QString error;
        const auto converted = pythonToCbor(metadata, &error);
        if (!converted || !converted->isMap())
            throw py::type_error(
                    ("display metadata must be a plain dict: " + error.toStdString()).c_str());
        display.metadata = converted->toMap();
    }
    const QCborMap frame = display.toCbor();
    {
        // Waits only when the client stops reading; other Python threads may run meanwhile.
        py::gil_scoped_release release;
        io->waitForRoom();
    }
    io->sendFrame(frame);
}

std::optional<Protocol::VariablesDiff> PythonHost::Private::variablesDiff(const py::object &reply,
                                                                          quint64 id)
{
    QString error;
    const auto converted = pythonToCbor(reply, &error);
    if (!converted || !converted->isMap())
        return std::nullopt;
    // Reuse the protocol's strict reader, so only valid summaries leave the engine.
    QCborMap body = converted->toMap();
    body.insert(QStringLiteral("type"), QString(Protocol::MessageType::Variables));
    body.insert(QStringLiteral("id"), qint64(id));
    auto diff = Protocol::VariablesDiff::fromCbor(body, &error);
    if (!diff)
        PySys_WriteStderr("sandpiper: invalid variable summaries: %s\n",
                          error.toUtf8().constData());
    return diff;
}

} // namespace Sandpiper::Worker
