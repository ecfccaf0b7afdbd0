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

} // namespace

std::string WorkerOptions::usage()
{
    return "usage: sandpiper-engine --fd N [--output-limit BYTES] [--role session]\n"
           "                        [--preload MODULE,...]\n"
           "  --fd N                connected socket for the framed protocol (required)\n"
           "  --output-limit BYTES  stdout+stderr cap per execution (default 10485760)\n"
           "  --role session        a Python session (the only role so far)\n"
           "  --preload MODULES     comma-separated modules imported while idle after the\n"
           "                        hello (e.g. numpy,pandas,matplotlib.pyplot)\n";
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
        } else if (name == "--role") {
            if (!takeValue())
                return std::nullopt;
            if (value != "session") {
                *error = "unsupported role '" + std::string(value) + "' (supported: session)";
                return std::nullopt;
            }
            options.role = value;
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
