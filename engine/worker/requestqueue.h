#pragma once

#include "request.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace Sandpiper::Worker {

// Hands requests of one lane (see request.h) from the IO thread to the thread that serves
// them, in arrival order. A request not yet taken can be taken back (cancelled).
class RequestQueue
{
public:
    void push(Request request)
    {
        {
            std::lock_guard lock(m_mutex);
            m_items.push_back(std::move(request));
        }
        m_ready.notify_one();
    }

    bool empty()
    {
        std::lock_guard lock(m_mutex);
        return m_items.empty();
    }

    // The next request, or nullopt after the timeout. The caller must not hold the GIL.
    std::optional<Request> pop(std::chrono::milliseconds timeout)
    {
        std::unique_lock lock(m_mutex);
        if (!m_ready.wait_for(lock, timeout, [this] { return !m_items.empty(); }))
            return std::nullopt;
        Request request = std::move(m_items.front());
        m_items.pop_front();
        return request;
    }

    // Removes the request with this id if it has not been taken yet.
    std::optional<Request> take(quint64 id)
    {
        std::lock_guard lock(m_mutex);
        for (auto it = m_items.begin(); it != m_items.end(); ++it) {
            if (it->id == id) {
                Request request = std::move(*it);
                m_items.erase(it);
                return request;
            }
        }
        return std::nullopt;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<Request> m_items;
};

} // namespace Sandpiper::Worker
