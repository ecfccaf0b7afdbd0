#include "sandbox.h"

#include <cstdio>

namespace Sandpiper::Sandbox {

namespace {

void appendJsonString(std::string &out, const std::string &text)
{
    out += '"';
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (u < 0x20 || u == 0x7f) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\u%04x", u);
                out += buffer;
            } else {
                out += c; // UTF-8 passes through unchanged
            }
        }
    }
    out += '"';
}

} // namespace

const PrimitiveStatus *Report::find(const std::string &name) const
{
    for (const PrimitiveStatus &primitive : primitives) {
        if (primitive.name == name)
            return &primitive;
    }
    return nullptr;
}

bool Report::fullyIsolated() const
{
    if (primitives.empty())
        return false;
    for (const PrimitiveStatus &primitive : primitives) {
        if (!primitive.active && primitive.name != "cgroup")
            return false;
    }
    return true;
}

std::string Report::toJson() const
{
    std::string out = "{\"fullyIsolated\":";
    out += fullyIsolated() ? "true" : "false";
    out += ",\"landlockAbi\":" + std::to_string(landlockAbi) + ",\"primitives\":[";
    bool first = true;
    for (const PrimitiveStatus &primitive : primitives) {
        if (!first)
            out += ',';
        first = false;
        out += "{\"name\":";
        appendJsonString(out, primitive.name);
        out += ",\"active\":";
        out += primitive.active ? "true" : "false";
        out += ",\"detail\":";
        appendJsonString(out, primitive.detail);
        out += '}';
    }
    out += "]}";
    return out;
}

} // namespace Sandpiper::Sandbox
