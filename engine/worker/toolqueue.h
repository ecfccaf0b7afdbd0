#pragma once

#include <QCborMap>
#include <QString>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace Sandpiper::Worker {

// A code-intelligence request (complete, signature, inspect, format, lint) as validated by the
// IO thread, on its way to the tool thread.
struct ToolRequest
{
    QString type;
    quint64 id = 0;
    QCborMap body;
};

// Hands tool requests from the IO thread to the tool thread. Unlike executions they can be
// taken back: a request cancelled before it started is removed and answered at once.
class ToolQueue
{
public:
    void push(ToolRequest request)
    {
        {
            std::lock_guard lock(m_mutex);
            m_items.push_back(std::move(request));
        }
        m_ready.notify_one();
    }

    // The next request, or nullopt after the timeout. The caller must not hold the GIL.
    std::optional<ToolRequest> pop(std::chrono::milliseconds timeout)
    {
        std::unique_lock lock(m_mutex);
        if (!m_ready.wait_for(lock, timeout, [this] { return !m_items.empty(); }))
            return std::nullopt;
        ToolRequest request = std::move(m_items.front());
        m_items.pop_front();
        return request;
    }

    // Removes the request with this id if it has not been taken yet.
    std::optional<ToolRequest> take(quint64 id)
    {
        std::lock_guard lock(m_mutex);
        for (auto it = m_items.begin(); it != m_items.end(); ++it) {
            if (it->id == id) {
                ToolRequest request = std::move(*it);
                m_items.erase(it);
                return request;
            }
        }
        return std::nullopt;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<ToolRequest> m_items;
};

} // namespace Sandpiper::Worker
