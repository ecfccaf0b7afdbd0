#pragma once

#include <abstractsession.h>

#include <QPointer>

namespace Sandpiper::Ui {

// Where the editor's questions about code go: the live session (it knows the namespace:
// `df.` lists the real columns) and the shared code-intelligence engine (static jedi on the text,
// black, flake8). Either may be missing.
struct CodeSessions
{
    QPointer<Client::AbstractSession> live;
    QPointer<Client::AbstractSession> codeIntel;

    // The live session answers while it runs, also during a long execution.
    bool liveRunning() const
    {
        if (!live)
            return false;
        const Client::SessionState state = live->state();
        return state == Client::SessionState::Idle || state == Client::SessionState::Busy
               || state == Client::SessionState::Interrupting;
    }
    // black and flake8: the code-intelligence engine, else a running session.
    Client::AbstractSession *formatter() const
    {
        if (codeIntel)
            return codeIntel.data();
        return liveRunning() ? live.data() : nullptr;
    }
    bool any() const { return codeIntel || live; }
};

} // namespace Sandpiper::Ui
