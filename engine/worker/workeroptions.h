#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace Sandpiper::Worker {

// sandpiper-engine --fd N [--output-limit BYTES] [--role session] [--preload MODULES]
struct WorkerOptions
{
    static constexpr std::uint64_t DefaultOutputLimit = 10u * 1024u * 1024u;

    int socketFd = -1;
    std::uint64_t outputLimit = DefaultOutputLimit; // per execution, bytes of stdout + stderr
    std::string role = "session";
    // Imported after the hello while no request waits, one module at a time.
    std::vector<std::string> preload;

    // nullopt and a message for the user on wrong usage.
    static std::optional<WorkerOptions> parse(int argc,
                                              const char *const *argv,
                                              std::string *error);
    static std::string usage();
};

} // namespace Sandpiper::Worker
