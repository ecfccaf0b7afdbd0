#pragma once

#include "codeintelrequest.h"
#include "sidedispatcher.h"

namespace Sandpiper::Client {

// The code-intelligence requests of one session (see SideDispatcher). Columns in replies are
// converted from code points to the QChar columns the editor counts.
class CodeIntelDispatcher : public SideDispatcher
{
    Q_OBJECT

public:
    using SideDispatcher::SideDispatcher;

    // Takes over the request; body is its protocol message. code is the request's text, for
    // converting code-point columns in the reply to QChar columns (line/column: the cursor).
    // An older request of the same kind and path is cancelled.
    void submit(CodeIntelRequest *request,
                const QCborMap &body,
                const QString &code = {},
                int line = 0,
                int column = 0);

    static bool isReplyType(const QString &type);

protected:
    bool deliver(SideRequest *request, const QCborMap &body, QString *error) override;
    void fail(SideRequest *request, const QString &reason) override;
};

// Columns: the protocol counts code points, Qt counts UTF-16 units.
int codePointColumn(const QString &code, int line, int qcharColumn);
int qcharColumn(const QString &code, int line, int codePointColumn);

} // namespace Sandpiper::Client
