#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace Sandpiper::Worker {

// Hands requests from the IO thread to the main thread, which runs them one at a time.
template<typename T>
class RequestQueue
{
public:
    void push(T item)
    {
        {
            std::lock_guard lock(m_mutex);
            m_items.push_back(std::move(item));
        }
        m_ready.notify_one();
    }

    bool empty()
    {
        std::lock_guard lock(m_mutex);
        return m_items.empty();
    }

    // Blocks until an item is there. The caller must not hold the GIL.
    T pop()
    {
        std::unique_lock lock(m_mutex);
        m_ready.wait(lock, [this] { return !m_items.empty(); });
        T item = std::move(m_items.front());
        m_items.pop_front();
        return item;
    }

    // Like pop(), but gives up after timeout.
    std::optional<T> popFor(std::chrono::milliseconds timeout)
    {
        std::unique_lock lock(m_mutex);
        if (!m_ready.wait_for(lock, timeout, [this] { return !m_items.empty(); }))
            return std::nullopt;
        T item = std::move(m_items.front());
        m_items.pop_front();
        return item;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<T> m_items;
};

} // namespace Sandpiper::Worker
