#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace Sandpiper::Worker {

// sandpiper-engine --fd N [--output-limit BYTES] [--role session|codeintel] [--preload MODULES]
//                  [--warm-completion]
//                  [--workspace DIR] [--read-only PATH]... [--memory-limit BYTES]
//                  [--cpu-limit S] [--processes N] [--open-files N] [--file-size BYTES]
//                  [--no-sandbox]
struct WorkerOptions
{
    static constexpr std::uint64_t DefaultOutputLimit = 10u * 1024u * 1024u;

    int socketFd = -1;
    std::uint64_t outputLimit = DefaultOutputLimit; // per execution, bytes of stdout + stderr
    std::string role = "session"; // or "codeintel": static code intelligence only, no user code
    // Warm jedi up (and black and flake8 for the codeintel role) while idle after the hello.
    bool warmCompletion = false;
    // Imported after the hello while no request waits, one module at a time.
    std::vector<std::string> preload;

    // The OS sandbox (engine/sandbox), entered before any thread and before Python starts.
    bool sandbox = true;
    std::string workspace;                  // read-write and the cwd; empty: the current directory
    std::vector<std::string> extraReadOnly; // besides the system's paths and the runtime package
    // Limits; nullopt: the policy's default (PolicyDefaults::defaultLimits()), 0: none.
    std::optional<std::uint64_t> memoryBytes;
    std::optional<std::uint64_t> cpuSeconds;
    std::optional<std::uint64_t> processes;
    std::optional<std::uint64_t> openFiles;
    std::optional<std::uint64_t> fileSizeBytes;

    // nullopt and a message for the user on wrong usage.
    static std::optional<WorkerOptions> parse(int argc,
                                              const char *const *argv,
                                              std::string *error);
    static std::string usage();
};

} // namespace Sandpiper::Worker
