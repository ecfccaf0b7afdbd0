#include "workeroptions.h"

#include <charconv>
#include <cstring>
#include <string_view>

namespace Sandpiper::Worker {

namespace {

template<typename T>
bool parseNumber(std::string_view text, T *out)
{
    if (text.empty())
        return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
    return ec == std::errc() && end == text.data() + text.size();
}

bool isModuleName(std::string_view name)
{
    bool atStart = true;
    for (const char c : name) {
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        const bool digit = c >= '0' && c <= '9';
        if (c == '.') {
            if (atStart)
                return false;
            atStart = true;
        } else if (letter || (digit && !atStart)) {
            atStart = false;
        } else {
            return false;
        }
    }
    return !atStart;
}

std::optional<std::uint64_t> *limitFor(WorkerOptions &options, std::string_view name)
{
    if (name == "--memory-limit")
        return &options.memoryBytes;
    if (name == "--cpu-limit")
        return &options.cpuSeconds;
    if (name == "--processes")
        return &options.processes;
    if (name == "--open-files")
        return &options.openFiles;
    if (name == "--file-size")
        return &options.fileSizeBytes;
    return nullptr;
}

} // namespace

std::string WorkerOptions::usage()
{
    return "usage: sandpiper-engine --fd N [--output-limit BYTES] [--role session|codeintel]\n"
           "                        [--warm-completion]\n"
           "                        [--preload MODULE,...] [--workspace DIR] [--read-only PATH]\n"
           "                        [--memory-limit BYTES] [--cpu-limit S] [--processes N]\n"
           "                        [--open-files N] [--file-size BYTES] [--no-sandbox]\n"
           "  --fd N                connected socket for the framed protocol (required)\n"
           "  --output-limit BYTES  stdout+stderr cap per execution (default 10485760)\n"
           "  --role session        a Python session (the default)\n"
           "  --role codeintel       static code intelligence only (completion, black,\n"
           "                        flake8): no user code, no namespace\n"
           "  --warm-completion     prepare completion for pandas and numpy while idle\n"
           "  --preload MODULES     comma-separated modules imported while idle after the\n"
           "                        hello (e.g. numpy,pandas,matplotlib.pyplot)\n"
           "  --workspace DIR       the session's read-write folder and working directory\n"
           "                        (default: the current directory)\n"
           "  --read-only PATH      also visible, read-only, in the sandbox (repeatable)\n"
           "  --memory-limit BYTES  RLIMIT_DATA and the size of private /tmp (0: none;\n"
           "                        default min(4 GiB, half of RAM))\n"
           "  --cpu-limit S         RLIMIT_CPU for the whole session (default 0: none)\n"
           "  --processes N         processes and threads (default 256)\n"
           "  --open-files N        RLIMIT_NOFILE (default 1024)\n"
           "  --file-size BYTES     RLIMIT_FSIZE, the largest file written (default 1 GiB)\n"
           "  --no-sandbox          run without the OS sandbox and without these limits\n";
}

std::optional<WorkerOptions> WorkerOptions::parse(int argc,
                                                  const char *const *argv,
                                                  std::string *error)
{
    WorkerOptions options;
    bool haveFd = false;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        std::string_view value;
        std::string_view name = arg;
        bool inlineValue = false;
        if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
            name = arg.substr(0, eq);
            value = arg.substr(eq + 1);
            inlineValue = true;
        }
        const auto takeValue = [&]() -> bool {
            if (inlineValue)
                return true;
            if (i + 1 >= argc) {
                *error = std::string(name) + " needs a value";
                return false;
            }
            value = argv[++i];
            return true;
        };
        if (name == "--fd") {
            if (!takeValue())
                return std::nullopt;
            if (!parseNumber(value, &options.socketFd) || options.socketFd < 0) {
                *error = "--fd needs a file descriptor number, got '" + std::string(value) + "'";
                return std::nullopt;
            }
            haveFd = true;
        } else if (name == "--output-limit") {
            if (!takeValue())
                return std::nullopt;
            if (!parseNumber(value, &options.outputLimit) || options.outputLimit == 0) {
                *error = "--output-limit needs a positive number of bytes, got '"
                         + std::string(value) + "'";
                return std::nullopt;
            }
        } else if (name == "--no-sandbox") {
            if (inlineValue) {
                *error = "--no-sandbox takes no value";
                return std::nullopt;
            }
            options.sandbox = false;
        } else if (name == "--workspace" || name == "--read-only") {
            if (!takeValue())
                return std::nullopt;
            if (value.empty() || value.find('\0') != std::string_view::npos) {
                *error = std::string(name) + " needs a path";
                return std::nullopt;
            }
            if (name == "--workspace")
                options.workspace = value;
            else
                options.extraReadOnly.emplace_back(value);
        } else if (std::optional<std::uint64_t> *limit = limitFor(options, name)) {
            if (!takeValue())
                return std::nullopt;
            std::uint64_t number = 0;
            if (!parseNumber(value, &number)) {
                *error = std::string(name) + " needs a whole number (0: no limit), got '"
                         + std::string(value) + "'";
                return std::nullopt;
            }
            *limit = number;
        } else if (name == "--role") {
            if (!takeValue())
                return std::nullopt;
            if (value != "session" && value != "codeintel") {
                *error = "unsupported role '" + std::string(value)
                         + "' (supported: session, codeintel)";
                return std::nullopt;
            }
            options.role = value;
        } else if (name == "--warm-completion") {
            if (inlineValue) {
                *error = "--warm-completion takes no value";
                return std::nullopt;
            }
            options.warmCompletion = true;
        } else if (name == "--preload") {
            if (!takeValue())
                return std::nullopt;
            options.preload.clear();
            std::string_view rest = value;
            while (!rest.empty()) {
                const auto comma = rest.find(',');
                const std::string_view module = rest.substr(0, comma);
                rest = comma == std::string_view::npos ? std::string_view()
                                                       : rest.substr(comma + 1);
                if (module.empty())
                    continue;
                if (!isModuleName(module)) {
                    *error = "--preload: '" + std::string(module) + "' is not a module name";
                    return std::nullopt;
                }
                options.preload.emplace_back(module);
            }
        } else {
            *error = "unknown argument '" + std::string(arg) + "'";
            return std::nullopt;
        }
    }
    if (!haveFd) {
        *error = "--fd is required";
        return std::nullopt;
    }
    return options;
}

} // namespace Sandpiper::Worker
