<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>QObject</name>
    <message>
        <source>Runs could not be recorded in the history (%1); trying again.</source>
        <translation>运行记录无法写入历史（%1）；正在重试。</translation>
    </message>
    <message>
        <source>The history database %1 cannot be opened (%2); runs are kept and recorded once it can.</source>
        <translation>无法打开历史数据库 %1（%2）；运行记录已保留，待可用时写入。</translation>
    </message>
    <message>
        <source>The history database was damaged. It was moved to %1 and a new one started.</source>
        <translation>历史数据库已损坏，已移至 %1，并新建了一个数据库。</translation>
    </message>
    <message>
        <source>Old runs could not be removed from the history: %1</source>
        <translation>无法从历史中删除旧的运行记录：%1</translation>
    </message>
</context>
<context>
    <name>Sandpiper::App::SandboxReportCommand</name>
    <message>
        <source>the session&apos;s engine did not start.</source>
        <translation>会话的引擎没有启动。</translation>
    </message>
    <message>
        <source>Engine: %1</source>
        <translation>引擎：%1</translation>
    </message>
    <message>
        <source>Python: %1</source>
        <translation>Python：%1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Sandbox: %1 (Landlock ABI %2)</source>
        <translation>沙箱：%1（Landlock ABI %2）</translation>
    </message>
    <message>
        <source>on </source>
        <translation>开 </translation>
    </message>
    <message>
        <source>OFF</source>
        <translation>关 </translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Limits:</source>
        <translation>限制：</translation>
    </message>
    <message>
        <source>memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>CPU time</source>
        <translation>CPU 时间</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>processes</source>
        <translation>进程</translation>
    </message>
    <message>
        <source>open files</source>
        <translation>打开的文件</translation>
    </message>
    <message>
        <source>file size</source>
        <translation>文件大小</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Client::AbstractSession</name>
    <message>
        <source>not supported by this session</source>
        <translation>此会话不支持该功能</translation>
    </message>
    <message>
        <source>this session does not show tables</source>
        <translation>此会话不显示表格</translation>
    </message>
    <message>
        <source>this session has no variables</source>
        <translation>此会话没有变量</translation>
    </message>
    <message>
        <source>this session does not read dataset files</source>
        <translation>此会话不读取数据集文件</translation>
    </message>
    <message>
        <source>this session runs no cluster</source>
        <translation>此会话没有运行集群</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Client::DataDispatcher</name>
    <message>
        <source>a page of %1 × %2 cells for a request of %3 × %4</source>
        <translation>请求的是 %3 × %4 个单元格，却收到了 %1 × %2 个单元格的页面</translation>
    </message>
    <message>
        <source>a cell found past the end of the search</source>
        <translation>在搜索范围之外找到了单元格</translation>
    </message>
    <message>
        <source>%1 members from %2 for a request of %3 from %4</source>
        <translation>请求从 %4 开始的 %3 个成员，却收到从 %2 开始的 %1 个成员</translation>
    </message>
    <message>
        <source>a preview of %1 rows for a request of %2</source>
        <translation>请求 %2 行预览，却收到 %1 行</translation>
    </message>
    <message>
        <source>a page of partition %1 for a request of partition %2</source>
        <translation>请求分区 %2，却收到分区 %1 的页</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Client::EngineConnection</name>
    <message>
        <source>the engine closed its connection</source>
        <translation>引擎关闭了连接</translation>
    </message>
    <message>
        <source>engine exited with code %1</source>
        <translation>引擎已退出，退出码 %1</translation>
    </message>
    <message>
        <source>engine killed by signal %1</source>
        <translation>引擎被信号 %1 终止</translation>
    </message>
    <message>
        <source>engine killed by signal %1 (%2)</source>
        <translation>引擎被信号 %1（%2）终止</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Client::RunLimits</name>
    <message>
        <source>stopped after the time limit of %1 s</source>
        <translation>超过 %1 秒的时间限制后已停止</translation>
    </message>
    <message>
        <source>stopped after the CPU time limit of %1 s</source>
        <translation>超过 %1 秒的 CPU 时间限制后被停止</translation>
    </message>
    <message>
        <source>stopped when the output limit of %1 was reached; later output was dropped</source>
        <translation>达到 %1 的输出限制时被停止；之后的输出已被丢弃</translation>
    </message>
    <message>
        <source>stopped at the process limit of %1; the processes it started were ended</source>
        <translation>达到 %1 个进程的限制时被停止；它启动的进程已被结束</translation>
    </message>
    <message>
        <source>stopped after writing more than its disk limit of %1; what it wrote is still in the workspace</source>
        <translation>写入量超过磁盘限制 %1，已停止；已写入的内容仍在工作区中</translation>
    </message>
    <message>
        <source>if this came from starting a process or thread, the session has probably reached its limit of %1 processes and threads</source>
        <translation>如果这是由启动进程或线程引起的，会话很可能已达到其 %1 个进程和线程的上限</translation>
    </message>
    <message>
        <source>the session used %1 of memory, more than its limit of %2; it was stopped and restarted, and its variables were lost</source>
        <translation>会话使用了 %1 内存，超过了 %2 的限制；会话已被停止并重新启动，其变量均已丢失</translation>
    </message>
    <message>
        <source>The Python session went over its memory limit of %1 and was restarted. All variables were lost.</source>
        <translation>Python 会话超出了 %1 的内存限制，已重新启动。所有变量均已丢失。</translation>
    </message>
    <message>
        <source>stopped because the disk that holds the workspace is nearly full; the session was restarted and its variables were lost; what it wrote is still in the workspace</source>
        <translation>工作区所在磁盘即将写满，已停止；会话已重新启动，变量均已丢失；已写入的内容仍在工作区中</translation>
    </message>
    <message>
        <source>The disk that holds the workspace is nearly full, so the Python session was stopped and restarted. All variables were lost; the files it wrote are still in the workspace.</source>
        <translation>工作区所在磁盘即将写满，因此 Python 会话已停止并重新启动。所有变量均已丢失；它写入的文件仍在工作区中。</translation>
    </message>
    <message>
        <source>the session&apos;s CPU time limit was reached (%1)</source>
        <translation>已达到会话的 CPU 时间限制（%1）</translation>
    </message>
    <message>
        <source>the engine was killed at %1 of memory, near its limit of %2 (%3)</source>
        <translation>引擎在内存用量为 %1、接近限制 %2 时被终止（%3）</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Client::SandboxStatus</name>
    <message>
        <source>Sandbox: not started</source>
        <translation>沙箱：尚未启动</translation>
    </message>
    <message>
        <source>Sandboxed</source>
        <translation>已沙箱隔离</translation>
    </message>
    <message>
        <source>Partly sandboxed</source>
        <translation>部分沙箱隔离</translation>
    </message>
    <message>
        <source>Not sandboxed</source>
        <translation>未沙箱隔离</translation>
    </message>
    <message>
        <source>User namespace</source>
        <translation>用户命名空间</translation>
    </message>
    <message>
        <source>Mount namespace</source>
        <translation>挂载命名空间</translation>
    </message>
    <message>
        <source>PID namespace</source>
        <translation>PID 命名空间</translation>
    </message>
    <message>
        <source>IPC namespace</source>
        <translation>IPC 命名空间</translation>
    </message>
    <message>
        <source>Private root file system</source>
        <translation>私有根文件系统</translation>
    </message>
    <message>
        <source>Private /tmp and /dev/shm</source>
        <translation>私有 /tmp 和 /dev/shm</translation>
    </message>
    <message>
        <source>Private /proc</source>
        <translation>私有 /proc</translation>
    </message>
    <message>
        <source>Capabilities dropped</source>
        <translation>已放弃全部特权能力</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>工作区</translation>
    </message>
    <message>
        <source>Resource limits</source>
        <translation>资源限制</translation>
    </message>
    <message>
        <source>Process limit</source>
        <translation>进程数限制</translation>
    </message>
    <message>
        <source>No new privileges</source>
        <translation>禁止提升权限</translation>
    </message>
    <message>
        <source>Landlock file access rules</source>
        <translation>Landlock 文件访问规则</translation>
    </message>
    <message>
        <source>Seccomp system call filter</source>
        <translation>Seccomp 系统调用过滤</translation>
    </message>
    <message>
        <source>Control group (optional)</source>
        <translation>控制组（可选）</translation>
    </message>
    <message>
        <source>Network namespace (its own loopback only)</source>
        <translation>网络命名空间（仅有自己的回环接口）</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Client::Session</name>
    <message>
        <source>the engine did not answer within %1 s</source>
        <translation>引擎在 %1 秒内没有响应</translation>
    </message>
    <message>
        <source>could not create a socket pair: %1</source>
        <translation>无法创建套接字对：%1</translation>
    </message>
    <message>
        <source>no engine executable at %1</source>
        <translation>%1 处没有引擎可执行文件</translation>
    </message>
    <message>
        <source>could not run %1: %2</source>
        <translation>无法运行 %1：%2</translation>
    </message>
    <message>
        <source>expected &apos;hello&apos; first, got &apos;%1&apos;</source>
        <translation>第一条消息应为 &apos;hello&apos;，收到的是 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>output for request %1, which is not running</source>
        <translation>收到请求 %1 的输出，但该请求并未运行</translation>
    </message>
    <message>
        <source>display data for request %1, which is not running</source>
        <translation>收到请求 %1 的显示数据，但该请求并未运行</translation>
    </message>
    <message>
        <source>variables for unknown request %1</source>
        <translation>收到未知请求 %1 的变量</translation>
    </message>
    <message>
        <source>duplicate or late result for request %1</source>
        <translation>请求 %1 的结果重复或迟到</translation>
    </message>
    <message>
        <source>result for request %1, which was never sent</source>
        <translation>收到请求 %1 的结果，但从未发送过该请求</translation>
    </message>
    <message>
        <source>answer to unknown ping %1</source>
        <translation>对未知心跳 %1 的应答</translation>
    </message>
    <message>
        <source>a second &apos;hello&apos;</source>
        <translation>第二条 &apos;hello&apos;</translation>
    </message>
    <message>
        <source>a message without a type</source>
        <translation>没有类型的消息</translation>
    </message>
    <message>
        <source>unexpected message type &apos;%1&apos;</source>
        <translation>意外的消息类型 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>The Python engine could not start: %1.</source>
        <translation>Python 引擎无法启动：%1。</translation>
    </message>
    <message>
        <source>The Python session ended unexpectedly (%1). Its variables are lost.</source>
        <translation>Python 会话意外结束（%1）。其变量已丢失。</translation>
    </message>
    <message>
        <source>not run: the session ended before it started (%1)</source>
        <translation>未运行：会话在它开始之前已结束（%1）</translation>
    </message>
    <message>
        <source>protocol violation: %1</source>
        <translation>违反协议：%1</translation>
    </message>
    <message>
        <source>the output limit was reached; later output was dropped</source>
        <translation>已达到输出上限；之后的输出已被丢弃</translation>
    </message>
    <message>
        <source>not run: interrupted before it started</source>
        <translation>未运行：在开始之前已被中断</translation>
    </message>
    <message>
        <source>the code did not stop within %1 s of the interrupt; the session was restarted and its variables were lost</source>
        <translation>代码在中断后 %1 秒内没有停止；会话已重启，其变量已丢失</translation>
    </message>
    <message>
        <source>The running code did not respond to the interrupt, so the Python session was restarted. All variables were lost.</source>
        <translation>正在运行的代码没有响应中断，因此 Python 会话已重启。所有变量均已丢失。</translation>
    </message>
    <message>
        <source>not run: the session was restarted</source>
        <translation>未运行：会话已重启</translation>
    </message>
    <message>
        <source>the engine stopped responding for %1 s and was stopped</source>
        <translation>引擎已 %1 秒没有响应，已被停止</translation>
    </message>
    <message>
        <source>the session was restarted while this code ran</source>
        <translation>此代码运行期间会话被重启</translation>
    </message>
    <message>
        <source>the session was shut down while this code ran</source>
        <translation>此代码运行期间会话被关闭</translation>
    </message>
    <message>
        <source>not run: the session was shut down</source>
        <translation>未运行：会话已关闭</translation>
    </message>
    <message>
        <source>the engine stopped before it answered</source>
        <translation>引擎在应答之前已停止</translation>
    </message>
    <message>
        <source>The Python session was stopped by a limit (%1) and restarted. All variables were lost.</source>
        <translation>Python 会话因超出限制而被停止（%1）并已重新启动。所有变量均已丢失。</translation>
    </message>
    <message>
        <source>%1; the code did not stop when interrupted, so the session was restarted and its variables were lost</source>
        <translation>%1；中断后代码没有停止，因此会话已重新启动，其变量均已丢失</translation>
    </message>
    <message>
        <source>the session is not running</source>
        <translation>会话未在运行</translation>
    </message>
    <message>
        <source>the session was shut down</source>
        <translation>会话已关闭</translation>
    </message>
    <message>
        <source>no workspace for the session: %1</source>
        <translation>无法为会话创建工作区：%1</translation>
    </message>
    <message>
        <source>%1; the engine stopped responding, so the session was restarted and its variables were lost</source>
        <translation>%1；引擎停止了响应，因此会话已重新启动，其变量均已丢失</translation>
    </message>
    <message>
        <source>The running code went over a limit and the Python session stopped responding, so it was restarted. All variables were lost.</source>
        <translation>正在运行的代码超出了限制，Python 会话停止了响应，因此已重新启动。所有变量均已丢失。</translation>
    </message>
    <message>
        <source>The engine&apos;s last messages:
%1</source>
        <translation>引擎最后的消息：
%1</translation>
    </message>
    <message>
        <source>run %1</source>
        <translation>第 %1 次运行</translation>
    </message>
    <message>
        <source>Processes left running by %1 reached the process limit of %2 and were ended (%3 of them). The code now running was not stopped.</source>
        <translation>%1 留下运行的进程达到了 %2 的进程上限，已被结束（共 %3 个）。正在运行的代码没有被停止。</translation>
    </message>
    <message>
        <source>not run: taken out of the queue</source>
        <translation>未运行：已从队列中移除</translation>
    </message>
    <message numerus="yes">
        <source>waiting for the rate limit of %n run(s) a minute; the next starts in %1 s</source>
        <translation>
            <numerusform>正在等待速率限制（每分钟 %n 次运行）；下一次将在 %1 秒后开始</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>waiting for a free run slot: %n session(s) running code, at most %1 at once (Run &gt; Sessions Running at Once)</source>
        <translation>
            <numerusform>等待空闲的运行名额：%n 个会话正在运行代码，最多同时 %1 个（运行 &gt; 同时运行的会话数）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sandpiper::Client::SessionPool</name>
    <message>
        <source>This window cannot start more sessions.</source>
        <translation>此窗口无法再启动会话。</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s) are open, the most this window keeps at once. Close one (Run &gt; Close Session) to start another.</source>
        <translation>
            <numerusform>已打开 %n 个会话，已达此窗口的上限。请先关闭一个（运行 &gt; 关闭会话）再启动新的。</numerusform>
        </translation>
    </message>
    <message>
        <source>The session could not be made.</source>
        <translation>无法创建会话。</translation>
    </message>
    <message>
        <source>No such session.</source>
        <translation>没有这个会话。</translation>
    </message>
    <message>
        <source>A session needs a name.</source>
        <translation>会话需要一个名称。</translation>
    </message>
    <message>
        <source>A session&apos;s name has at most 60 characters.</source>
        <translation>会话名称最多 60 个字符。</translation>
    </message>
    <message>
        <source>Another session is called &quot;%1&quot;.</source>
        <translation>已有会话名为“%1”。</translation>
    </message>
    <message>
        <source>Session %1</source>
        <translation>会话 %1</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Client::SideDispatcher</name>
    <message>
        <source>a &apos;%1&apos; reply without an id</source>
        <translation>没有 id 的 &apos;%1&apos; 应答</translation>
    </message>
    <message>
        <source>a &apos;%1&apos; reply for request %2, which was not asked</source>
        <translation>收到请求 %2 的 &apos;%1&apos; 应答，但并未发出该请求</translation>
    </message>
    <message>
        <source>a &apos;%1&apos; reply to a request for &apos;%2&apos;</source>
        <translation>对 &apos;%2&apos; 请求的 &apos;%1&apos; 应答</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Client::Workspace</name>
    <message>
        <source>cannot create the folder %1</source>
        <translation>无法创建文件夹 %1</translation>
    </message>
    <message>
        <source>cannot create a workspace in %1: %2</source>
        <translation>无法在 %1 中创建工作区：%2</translation>
    </message>
    <message>
        <source>cannot open the workspace %1: %2</source>
        <translation>无法打开工作区 %1：%2</translation>
    </message>
    <message>
        <source>the workspace is not available</source>
        <translation>工作区不可用</translation>
    </message>
    <message>
        <source>&apos;%1&apos; cannot be used as a file name</source>
        <translation>“%1”不能用作文件名</translation>
    </message>
    <message>
        <source>cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>%1 is not a regular file</source>
        <translation>%1 不是普通文件</translation>
    </message>
    <message>
        <source>%1 is larger than the limit of %2</source>
        <translation>%1 超过了 %2 的大小限制</translation>
    </message>
    <message>
        <source>cannot create %1 in the workspace: %2</source>
        <translation>无法在工作区中创建 %1：%2</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>cannot write %1 in the workspace: %2</source>
        <translation>无法在工作区中写入 %1：%2</translation>
    </message>
    <message>
        <source>no file name given</source>
        <translation>未给出文件名</translation>
    </message>
    <message>
        <source>%1 is a link or leaves the workspace; not exported</source>
        <translation>%1 是链接或位于工作区之外；未导出</translation>
    </message>
    <message>
        <source>cannot open %1 in the workspace: %2</source>
        <translation>无法打开工作区中的 %1：%2</translation>
    </message>
    <message>
        <source>%1 has other hard links; not exported</source>
        <translation>%1 还有其他硬链接；未导出</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>cannot remove the workspace %1: %2</source>
        <translation>无法删除工作区 %1：%2</translation>
    </message>
    <message>
        <source>%1 is in the session&apos;s workspace already (or leads there); only files from outside are copied in</source>
        <translation>%1 已在会话的工作区中（或指向那里）；只有工作区之外的文件才会被复制进来</translation>
    </message>
    <message>
        <source>%1: cancelled</source>
        <translation>%1：已取消</translation>
    </message>
    <message>
        <source>cannot create %1</source>
        <translation>无法创建 %1</translation>
    </message>
    <message>
        <source>cannot create %1 in the workspace: every numbered name is taken</source>
        <translation>无法在工作区中创建 %1：所有编号的名称都已被占用</translation>
    </message>
    <message>
        <source>%1 was changed in the workspace while it was copied</source>
        <translation>复制期间 %1 在工作区中被改动</translation>
    </message>
    <message>
        <source>cannot delete %1: %2</source>
        <translation>无法删除 %1：%2</translation>
    </message>
    <message>
        <source>“%1” is not a file name</source>
        <translation>“%1”不是有效的文件名</translation>
    </message>
    <message>
        <source>%1 exists</source>
        <translation>%1 已存在</translation>
    </message>
    <message>
        <source>cannot rename %1: %2</source>
        <translation>无法重命名 %1：%2</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Models::ConsoleBuffer</name>
    <message numerus="yes">
        <source>[… %n earlier lines not shown …]
</source>
        <translation>
            <numerusform>[… 之前的 %n 行未显示 …]
</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sandpiper::Models::DocstringHtml</name>
    <message>
        <source>Note</source>
        <translation>注意</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Important</source>
        <translation>重要</translation>
    </message>
    <message>
        <source>Tip</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Hint</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Caution</source>
        <translation>小心</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>注意</translation>
    </message>
    <message>
        <source>Danger</source>
        <translation>危险</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>See also</source>
        <translation>另请参阅</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Models::ImportPreview</name>
    <message>
        <source>Missing value</source>
        <translation>缺失值</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Integer</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>Decimal</source>
        <translation>小数</translation>
    </message>
    <message>
        <source>True/False</source>
        <translation>真/假</translation>
    </message>
    <message>
        <source>Date/time</source>
        <translation>日期/时间</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Models::PlotExport</name>
    <message>
        <source>%1 × %2 px</source>
        <translation>%1 × %2 像素</translation>
    </message>
    <message>
        <source>a %1 × %2 in page</source>
        <translation>%1 × %2 英寸的页面</translation>
    </message>
    <message>
        <source>Give the file a name.</source>
        <translation>请为文件命名。</translation>
    </message>
    <message>
        <source>The file goes into the session&apos;s workspace: give a name inside it.</source>
        <translation>文件将写入会话的工作区：请给出工作区内的名称。</translation>
    </message>
    <message>
        <source>Width, height and DPI must be above 0.</source>
        <translation>宽度、高度和 DPI 必须大于 0。</translation>
    </message>
    <message>
        <source>More than 400 million pixels: choose a smaller size or DPI, or SVG or PDF.</source>
        <translation>超过 4 亿像素：请选择更小的尺寸或 DPI，或选择 SVG 或 PDF。</translation>
    </message>
    <message>
        <source>an interactive page that works offline</source>
        <translation>可离线使用的交互式页面</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Models::PlotHistory</name>
    <message>
        <source>This SVG figure cannot be drawn.</source>
        <translation>无法绘制此 SVG 图形。</translation>
    </message>
    <message>
        <source>The figure&apos;s image is gone from %1.</source>
        <translation>图形的图像已不在 %1 中。</translation>
    </message>
    <message>
        <source>This figure (%1 × %2 px) is too large to show here.</source>
        <translation>此图形（%1 × %2 像素）太大，无法在此显示。</translation>
    </message>
    <message>
        <source>This figure (%1 × %2 px) cannot be shown: %3.</source>
        <translation>无法显示此图形（%1 × %2 像素）：%3。</translation>
    </message>
    <message>
        <source>Figure %1 · %2 × %3 px</source>
        <translation>图 %1 · %2 × %3 像素</translation>
    </message>
    <message>
        <source>Figure %1</source>
        <translation>图 %1</translation>
    </message>
    <message>
        <source>Figures cannot be written to the cache folder %1, so they stay in memory, over the budget.</source>
        <translation>无法将图形写入缓存文件夹 %1，因此它们保留在内存中，超出预算。</translation>
    </message>
    <message>
        <source>Plotly</source>
        <translation>Plotly</translation>
    </message>
    <message>
        <source>Altair</source>
        <translation>Altair</translation>
    </message>
    <message>
        <source>This is an interactive chart; it is drawn by the chart view.</source>
        <translation>这是交互式图表，由图表视图绘制。</translation>
    </message>
    <message>
        <source>Figure %1 · interactive Plotly chart</source>
        <translation>图 %1 · 交互式 Plotly 图表</translation>
    </message>
    <message>
        <source>Figure %1 · interactive Altair chart</source>
        <translation>图 %1 · 交互式 Altair 图表</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Models::Renderer</name>
    <message>
        <source>New in version %1.</source>
        <translation>版本 %1 中新增。</translation>
    </message>
    <message>
        <source>Changed in version %1.</source>
        <translation>版本 %1 中有改动。</translation>
    </message>
    <message>
        <source>Deprecated since version %1.</source>
        <translation>自版本 %1 起弃用。</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Models::TableExport</name>
    <message>
        <source>Give the file a name.</source>
        <translation>请为文件命名。</translation>
    </message>
    <message>
        <source>A file name cannot hold line breaks or other control characters.</source>
        <translation>文件名不能包含换行符或其他控制字符。</translation>
    </message>
    <message>
        <source>The file goes into the session&apos;s workspace: give a name inside it.</source>
        <translation>文件将写入会话的工作区：请给出工作区内的名称。</translation>
    </message>
    <message>
        <source>The separator and the decimal mark must differ.</source>
        <translation>分隔符与小数点不能相同。</translation>
    </message>
    <message>
        <source>A sheet name has 1 to 31 characters, none of [ ] : * ? / \.</source>
        <translation>工作表名称为 1 到 31 个字符，不能包含 [ ] : * ? / \。</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Models::VariableNaming</name>
    <message>
        <source>Give the table a variable name.</source>
        <translation>请为表格指定变量名。</translation>
    </message>
    <message>
        <source>“%1” is not a Python name: use letters, digits and _, not starting with a digit.</source>
        <translation>“%1”不是合法的 Python 名称：请使用字母、数字和 _，且不要以数字开头。</translation>
    </message>
    <message>
        <source>“%1” is a Python keyword.</source>
        <translation>“%1”是 Python 关键字。</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Models::VariablesModel</name>
    <message>
        <source>%L1 bytes</source>
        <translation>%L1 字节</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Show %1 more (%2 of %3 shown)</source>
        <translation>再显示 %1 个（已显示 %2 / %3）</translation>
    </message>
    <message>
        <source>No members: %1</source>
        <translation>没有成员：%1</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::AboutDialog</name>
    <message>
        <source>About Sandpiper</source>
        <translation>关于 Sandpiper</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Sandpiper&lt;/h2&gt;&lt;p&gt;A native data-science workbench whose Python sessions run in an operating-system sandbox.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Sandpiper&lt;/h2&gt;&lt;p&gt;原生数据科学工作台，其 Python 会话运行在操作系统沙箱中。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Python:</source>
        <translation>Python：</translation>
    </message>
    <message>
        <source>no session running</source>
        <translation>没有运行中的会话</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::CallTipController</name>
    <message>
        <source>(and one more signature)</source>
        <translation>（另有 1 个签名）</translation>
    </message>
    <message>
        <source>(and %1 more signatures)</source>
        <translation>（另有 %1 个签名）</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::ChartExport</name>
    <message>
        <source>The chart page returned no picture.</source>
        <translation>图表页面没有返回图片。</translation>
    </message>
    <message>
        <source>The chart page returned a damaged picture.</source>
        <translation>图表页面返回的图片已损坏。</translation>
    </message>
    <message>
        <source>Charts cannot be exported as %1.</source>
        <translation>图表不能导出为 %1。</translation>
    </message>
    <message>
        <source>The chart&apos;s picture cannot be read: %1</source>
        <translation>无法读取图表的图片：%1</translation>
    </message>
    <message>
        <source>The picture cannot be encoded: %1</source>
        <translation>无法编码图片：%1</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::ChartView</name>
    <message>
        <source>The chart page cannot be loaded: the Plotly or Vega libraries are missing (see the installer&apos;s package list).</source>
        <translation>无法加载图表页面：缺少 Plotly 或 Vega 库（见安装程序的软件包列表）。</translation>
    </message>
    <message>
        <source>The chart page cannot be loaded.</source>
        <translation>无法加载图表页面。</translation>
    </message>
    <message>
        <source>This chart&apos;s data are %1 MB, more than the %2 MB the viewer draws. Save it as HTML to open it in a browser, or draw fewer points.</source>
        <translation>此图表的数据有 %1 MB，超过查看器可绘制的 %2 MB。请另存为 HTML 在浏览器中打开，或减少绘制的点数。</translation>
    </message>
    <message>
        <source>The chart page is not ready; try again.</source>
        <translation>图表页面尚未就绪，请重试。</translation>
    </message>
    <message>
        <source>The chart&apos;s SVG cannot be printed.</source>
        <translation>无法打印图表的 SVG。</translation>
    </message>
    <message>
        <source>Printing the chart as PDF failed.</source>
        <translation>将图表打印为 PDF 失败。</translation>
    </message>
    <message>
        <source>The chart&apos;s page stopped answering for %1 s (a script that never ends?) and was reset.</source>
        <translation>图表页面 %1 秒未响应（脚本陷入死循环？），已重置。</translation>
    </message>
    <message>
        <source>The chart did not finish drawing in %1 s and was stopped; it may have too many points to draw interactively. Save it as HTML to open it in a browser.</source>
        <translation>图表在 %1 秒内未绘制完成，已停止；它的点可能太多，无法交互绘制。请另存为 HTML 在浏览器中打开。</translation>
    </message>
    <message>
        <source>Drawing the chart for export took longer than %1 s.</source>
        <translation>为导出绘制图表超过了 %1 秒。</translation>
    </message>
    <message>
        <source>The chart cannot be drawn for export: %1</source>
        <translation>无法为导出绘制图表：%1</translation>
    </message>
    <message>
        <source>The chart&apos;s page stopped (out of memory?) and was reset.</source>
        <translation>图表页面已停止（内存不足？），已重置。</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::ChartWriter</name>
    <message>
        <source>another chart was shown before this one was drawn</source>
        <translation>此图表绘制完成前显示了另一个图表</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::ClusterView</name>
    <message>
        <source>Close Cluster</source>
        <translation>关闭集群</translation>
    </message>
    <message>
        <source>Memory, % of its limit</source>
        <translation>内存，占其上限的 %</translation>
    </message>
    <message>
        <source>CPU, %</source>
        <translation>CPU，%</translation>
    </message>
    <message>
        <source>Dask workers</source>
        <translation>Dask 工作进程</translation>
    </message>
    <message>
        <source>End the session&apos;s Dask cluster and its workers; the variables stay (a Dask frame computes without it, on one process)</source>
        <translation>结束会话的 Dask 集群及其工作进程；变量保留（Dask 数据框在没有集群时于单个进程中计算）</translation>
    </message>
    <message>
        <source>Worker %1</source>
        <translation>工作进程 %1</translation>
    </message>
    <message>
        <source>1 worker</source>
        <translation>1 个工作进程</translation>
    </message>
    <message>
        <source>%1 workers</source>
        <translation>%1 个工作进程</translation>
    </message>
    <message>
        <source>Dask cluster: %1, %2 in memory · tasks: %3 running, %4 queued · spilled to disk: %5</source>
        <translation>Dask 集群：%1，内存中 %2 · 任务：%3 个运行中，%4 个排队 · 溢出到磁盘：%5</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::ConsoleInput</name>
    <message>
        <source>Python code — Shift+Enter to run, Up/Down for history</source>
        <translation>Python 代码 — Shift+Enter 运行，上/下方向键浏览历史</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::ConsoleWidget</name>
    <message>
        <source>No session</source>
        <translation>无会话</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>忙碌</translation>
    </message>
    <message>
        <source>Interrupting</source>
        <translation>正在中断</translation>
    </message>
    <message>
        <source>Restarting</source>
        <translation>正在重启</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>killed</source>
        <translation>已终止</translation>
    </message>
    <message>
        <source>crashed</source>
        <translation>已崩溃</translation>
    </message>
    <message>
        <source>time limit</source>
        <translation>时间限制</translation>
    </message>
    <message>
        <source>memory limit</source>
        <translation>内存限制</translation>
    </message>
    <message>
        <source>output limit</source>
        <translation>输出限制</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Interrupt</source>
        <translation>中断</translation>
    </message>
    <message>
        <source>Stop the running code (KeyboardInterrupt)</source>
        <translation>停止正在运行的代码（KeyboardInterrupt）</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>Start a new Python session; all variables are lost</source>
        <translation>启动新的 Python 会话；所有变量都将丢失</translation>
    </message>
    <message>
        <source>Python %1 session ready.
</source>
        <translation>Python %1 会话已就绪。
</translation>
    </message>
    <message>
        <source>No Python session is running.
</source>
        <translation>没有正在运行的 Python 会话。
</translation>
    </message>
    <message>
        <source>[figure]</source>
        <translation>[图形]</translation>
    </message>
    <message>
        <source>[interactive Plotly chart]</source>
        <translation>[交互式 Plotly 图表]</translation>
    </message>
    <message>
        <source>[interactive Altair chart]</source>
        <translation>[交互式 Altair 图表]</translation>
    </message>
    <message>
        <source>Output was truncated at the session&apos;s limit.
</source>
        <translation>输出已在会话限制处截断。
</translation>
    </message>
    <message>
        <source>%1 · %2 s wall · %3 s CPU</source>
        <translation>%1 · 实际用时 %2 秒 · CPU %3 秒</translation>
    </message>
    <message>
        <source> · peak %1</source>
        <translation> · 内存峰值 %1</translation>
    </message>
    <message>
        <source> · signal %1</source>
        <translation> · 信号 %1</translation>
    </message>
    <message>
        <source>disk limit</source>
        <translation>磁盘限制</translation>
    </message>
    <message>
        <source>Processes left running by %1: %2 (Resources dock: End Them).
</source>
        <translation>%1 留下运行的进程：%2 个（资源面板：结束它们）。
</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Clear the console&apos;s output (Ctrl+L)</source>
        <translation>清除控制台输出（Ctrl+L）</translation>
    </message>
    <message>
        <source>↓ New Output</source>
        <translation>↓ 新输出</translation>
    </message>
    <message>
        <source>Scroll to the end of the output and follow it again</source>
        <translation>滚动到输出末尾并继续跟随</translation>
    </message>
    <message>
        <source>Clear Console</source>
        <translation>清除控制台</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::DataViewer</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>the session is gone</source>
        <translation>会话已不存在</translation>
    </message>
    <message>
        <source>Go back to the rows as they were shown before</source>
        <translation>回到之前显示的行</translation>
    </message>
    <message>
        <source>Decimals: </source>
        <translation>小数位：</translation>
    </message>
    <message>
        <source>Digits after the decimal point for floating-point cells</source>
        <translation>浮点数单元格的小数位数</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Show only the rows that meet conditions (computed in the session, the variable is not changed)</source>
        <translation>只显示满足条件的行（在会话中计算，不会修改变量）</translation>
    </message>
    <message>
        <source>To Code</source>
        <translation>生成代码</translation>
    </message>
    <message>
        <source>Write the pandas code of this sort and filter into the editor</source>
        <translation>把此排序和筛选的 pandas 代码写入编辑器</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Summary and chart of the current column, computed in the session</source>
        <translation>当前列的摘要和图表，在会话中计算</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Read the variable again from the session</source>
        <translation>从会话中重新读取变量</translation>
    </message>
    <message>
        <source>Nothing to show: %1.</source>
        <translation>没有可显示的内容：%1。</translation>
    </message>
    <message>
        <source>Of every row of the variable, not only those the filter shows.</source>
        <translation>基于变量的全部行，而不仅是筛选显示的行。</translation>
    </message>
    <message>
        <source>Sorting and filtering in the session… %1 s</source>
        <translation>正在会话中排序和筛选… %1 秒</translation>
    </message>
    <message>
        <source>Sort Ascending</source>
        <translation>升序排序</translation>
    </message>
    <message>
        <source>Sort Descending</source>
        <translation>降序排序</translation>
    </message>
    <message>
        <source>Summary of This Column</source>
        <translation>此列的摘要</translation>
    </message>
    <message>
        <source>Filter by This Value</source>
        <translation>按此值筛选</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Show All Rows in Order</source>
        <translation>按原顺序显示全部行</translation>
    </message>
    <message>
        <source>The session restarted or ended: “%1” is gone. It shows here again when the name is defined again.</source>
        <translation>会话已重启或结束：“%1”已不存在。再次定义该名称后，它会重新显示在这里。</translation>
    </message>
    <message>
        <source>No row meets the filter.</source>
        <translation>没有满足筛选条件的行。</translation>
    </message>
    <message>
        <source>%1 cells are selected; at most %2 are copied at once. Select fewer, or export the table.</source>
        <translation>已选择 %1 个单元格；一次最多复制 %2 个。请少选一些，或导出表格。</translation>
    </message>
    <message>
        <source>The selection could not be copied: %1.</source>
        <translation>无法复制所选内容：%1。</translation>
    </message>
    <message>
        <source>Show “%1” Now</source>
        <translation>显示“%1”的当前对象</translation>
    </message>
    <message>
        <source>Show what the name names now and let go of the old object</source>
        <translation>显示该名称现在指向的对象，并释放旧对象</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>%1 (old)</source>
        <translation>%1（旧）</translation>
    </message>
    <message>
        <source>“%1” was deleted from the session. This viewer still shows the object it named, which stays in memory while it is shown here.</source>
        <translation>“%1”已从会话中删除。此查看器仍显示它原来指向的对象，该对象在此显示期间一直占用内存。</translation>
    </message>
    <message>
        <source>“%1” now names another object. This viewer still shows the one it named before, which stays in memory while it is shown here.</source>
        <translation>“%1”现在指向另一个对象。此查看器仍显示它之前指向的对象，该对象在此显示期间一直占用内存。</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>Searching… %1 %</source>
        <translation>正在搜索… %1 %</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>Not searched: %1</source>
        <translation>未能搜索：%1</translation>
    </message>
    <message>
        <source>1 row</source>
        <translation>1 行</translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <source>1 column</source>
        <translation>1 列</translation>
    </message>
    <message>
        <source>%1 columns</source>
        <translation>%1 列</translation>
    </message>
    <message>
        <source>%1 of %2 × %3</source>
        <translation>%2 中的 %1 × %3</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Copy as Markdown Table</source>
        <translation>复制为 Markdown 表格</translation>
    </message>
    <message>
        <source>Copy as HTML Table</source>
        <translation>复制为 HTML 表格</translation>
    </message>
    <message>
        <source>Write the whole table to a CSV, Excel, JSON, Parquet, HTML or Markdown file</source>
        <translation>将整个表格写入 CSV、Excel、JSON、Parquet、HTML 或 Markdown 文件</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Computing partition %1 in the session… %2 s</source>
        <translation>正在会话中计算分区 %1… %2 秒</translation>
    </message>
    <message>
        <source>%1 in partition %2 of %3 × %4</source>
        <translation>%1（分区 %2 / %3）× %4</translation>
    </message>
    <message>
        <source> (filtered)</source>
        <translation>（已筛选）</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::DatasetImporter</name>
    <message>
        <source>Not copied: the session has no workspace yet.</source>
        <translation>未复制：会话还没有工作区。</translation>
    </message>
    <message>
        <source>Not imported: the session has no workspace.</source>
        <translation>未导入：会话没有工作区。</translation>
    </message>
    <message>
        <source>Not imported: %1 is not in the session&apos;s workspace.</source>
        <translation>未导入：%1 不在会话的工作区中。</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::DroppedFiles</name>
    <message>
        <source>%1 is not a file on this computer; download it first: sessions have no network.</source>
        <translation>%1 不是本机上的文件；请先下载：会话无法访问网络。</translation>
    </message>
    <message>
        <source>%1 is a folder: drop the files in it instead.</source>
        <translation>%1 是文件夹：请拖入其中的文件。</translation>
    </message>
    <message>
        <source>%1 does not exist (any more).</source>
        <translation>%1 不存在（或已被删除）。</translation>
    </message>
    <message>
        <source>%1: the file&apos;s name is not valid UTF-8; rename it and drop it again.</source>
        <translation>%1：文件名不是有效的 UTF-8；请重命名后再拖入。</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::EditorAssistant</name>
    <message>
        <source>No Python session or code-intelligence engine to ask for documentation.</source>
        <translation>没有可查询文档的 Python 会话或代码智能引擎。</translation>
    </message>
    <message>
        <source>No documentation found for the name at the cursor.</source>
        <translation>未找到光标处名称的文档。</translation>
    </message>
    <message>
        <source>No definition found for the name at the cursor.</source>
        <translation>未找到光标处名称的定义。</translation>
    </message>
    <message>
        <source>black is not available: no code-intelligence engine.</source>
        <translation>black 不可用：没有代码智能引擎。</translation>
    </message>
    <message>
        <source>black did not answer in time; nothing was changed.</source>
        <translation>black 未及时响应；未做任何更改。</translation>
    </message>
    <message>
        <source>Cannot format with black: %1</source>
        <translation>无法用 black 格式化：%1</translation>
    </message>
    <message>
        <source>The text changed while black was formatting it; nothing was changed.</source>
        <translation>black 格式化期间文本已被修改；未做任何更改。</translation>
    </message>
    <message>
        <source>black cannot format this code (line %1): %2</source>
        <translation>black 无法格式化此代码（第 %1 行）：%2</translation>
    </message>
    <message>
        <source>black cannot format this code: %1</source>
        <translation>black 无法格式化此代码：%1</translation>
    </message>
    <message>
        <source>Formatted with black.</source>
        <translation>已用 black 格式化。</translation>
    </message>
    <message>
        <source>Already formatted: black changed nothing.</source>
        <translation>已是规范格式：black 未做任何更改。</translation>
    </message>
    <message>
        <source>flake8 is not available: no code-intelligence engine.</source>
        <translation>flake8 不可用：没有代码智能引擎。</translation>
    </message>
    <message>
        <source>flake8 did not answer: %1</source>
        <translation>flake8 未响应：%1</translation>
    </message>
    <message>
        <source>flake8 found no problems.</source>
        <translation>flake8 未发现问题。</translation>
    </message>
    <message>
        <source>flake8 found one problem.</source>
        <translation>flake8 发现 1 个问题。</translation>
    </message>
    <message>
        <source>flake8 found %1 problems.</source>
        <translation>flake8 发现 %1 个问题。</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::EditorPrompts</name>
    <message>
        <source>Python files (*.py *.pyw *.pyi);;Data and text files (*.csv *.tsv *.json *.yaml *.yml *.toml *.ini *.cfg *.sql *.md *.txt);;All files (*)</source>
        <translation>Python 文件 (*.py *.pyw *.pyi);;数据和文本文件 (*.csv *.tsv *.json *.yaml *.yml *.toml *.ini *.cfg *.sql *.md *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save Changes</source>
        <translation>保存更改</translation>
    </message>
    <message>
        <source>Save the changes to &quot;%1&quot; before closing?</source>
        <translation>关闭前是否保存对“%1”的更改？</translation>
    </message>
    <message>
        <source>File Changed on Disk</source>
        <translation>磁盘上的文件已更改</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was changed by another program, and it has unsaved changes here.

Reload it and lose the changes made here?</source>
        <translation>“%1”已被其他程序修改，而此处还有未保存的更改。

要重新加载并丢弃此处的更改吗？</translation>
    </message>
    <message>
        <source>Open Files</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <source>Save As</source>
        <translation>另存为</translation>
    </message>
    <message>
        <source>Go to Line</source>
        <translation>转到行</translation>
    </message>
    <message>
        <source>Line (1 - %1):</source>
        <translation>行号（1 - %1）：</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::EditorTabs</name>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open...</source>
        <translation>打开(&amp;O)...</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;As...</source>
        <translation>另存为(&amp;A)...</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>剪切(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Find...</source>
        <translation>查找(&amp;F)...</translation>
    </message>
    <message>
        <source>R&amp;eplace...</source>
        <translation>替换(&amp;E)...</translation>
    </message>
    <message>
        <source>Find &amp;Next</source>
        <translation>查找下一个(&amp;N)</translation>
    </message>
    <message>
        <source>Find Pre&amp;vious</source>
        <translation>查找上一个(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Go to Line...</source>
        <translation>转到行(&amp;G)...</translation>
    </message>
    <message>
        <source>Toggle C&amp;omment</source>
        <translation>切换注释(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Indent</source>
        <translation>增加缩进(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Dedent</source>
        <translation>减少缩进(&amp;D)</translation>
    </message>
    <message>
        <source>Run &amp;Cell</source>
        <translation>运行单元格(&amp;C)</translation>
    </message>
    <message>
        <source>Run Cell and &amp;Advance</source>
        <translation>运行单元格并前进(&amp;A)</translation>
    </message>
    <message>
        <source>Run &amp;Selection or Line</source>
        <translation>运行选中内容或当前行(&amp;S)</translation>
    </message>
    <message>
        <source>Run &amp;File</source>
        <translation>运行文件(&amp;F)</translation>
    </message>
    <message>
        <source>Run from &amp;Top to Here</source>
        <translation>从开头运行到此处(&amp;T)</translation>
    </message>
    <message>
        <source>Not saved yet</source>
        <translation>尚未保存</translation>
    </message>
    <message>
        <source>untitled-%1.py</source>
        <translation>untitled-%1.py</translation>
    </message>
    <message>
        <source>Open File</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <source>Cannot open &quot;%1&quot;: %2</source>
        <translation>无法打开“%1”：%2</translation>
    </message>
    <message>
        <source>Save File</source>
        <translation>保存文件</translation>
    </message>
    <message>
        <source>Cannot save &quot;%1&quot;: %2</source>
        <translation>无法保存“%1”：%2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>%1 was deleted or moved on disk</source>
        <translation>%1 已在磁盘上被删除或移动</translation>
    </message>
    <message>
        <source>Reloaded %1</source>
        <translation>已重新加载 %1</translation>
    </message>
    <message>
        <source>Reload File</source>
        <translation>重新加载文件</translation>
    </message>
    <message>
        <source>Restored %1</source>
        <translation>已恢复 %1</translation>
    </message>
    <message>
        <source>&amp;Complete</source>
        <translation>补全(&amp;C)</translation>
    </message>
    <message>
        <source>Show &amp;Documentation</source>
        <translation>显示文档(&amp;D)</translation>
    </message>
    <message>
        <source>Go to &amp;Definition</source>
        <translation>转到定义(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Format with Black</source>
        <translation>用 Black 格式化(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Lint with Flake8</source>
        <translation>用 Flake8 检查(&amp;L)</translation>
    </message>
    <message>
        <source>Format on &amp;Save</source>
        <translation>保存时格式化(&amp;S)</translation>
    </message>
    <message>
        <source>The definition is outside the workspace: %1:%2</source>
        <translation>定义位于工作区之外：%1:%2</translation>
    </message>
    <message>
        <source>Runs in %1 (Run &gt; Run This Editor In)</source>
        <translation>在 %1 中运行（运行 &gt; 此编辑器运行于）</translation>
    </message>
    <message>
        <source>Cac&amp;he This Cell&apos;s Results</source>
        <translation>缓存此单元格的结果(&amp;H)</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::FileIcons</name>
    <message>
        <source>%1 data</source>
        <translation>%1 数据</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::FilesView</name>
    <message>
        <source>☆</source>
        <translation>☆</translation>
    </message>
    <message>
        <source>Bookmarks</source>
        <translation>书签</translation>
    </message>
    <message>
        <source>Add Folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Bookmark a Folder</source>
        <translation>将文件夹加入书签</translation>
    </message>
    <message>
        <source>Remove This Bookmark</source>
        <translation>移除此书签</translation>
    </message>
    <message>
        <source>Filter files</source>
        <translation>筛选文件</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>工作区</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>主目录</translation>
    </message>
    <message>
        <source>Kept workspace %1</source>
        <translation>保留的工作区 %1</translation>
    </message>
    <message>
        <source>Import as DataFrame…</source>
        <translation>导入为 DataFrame…</translation>
    </message>
    <message>
        <source>Copy into Workspace</source>
        <translation>复制到工作区</translation>
    </message>
    <message>
        <source>Open in Editor</source>
        <translation>在编辑器中打开</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Copy Path</source>
        <translation>复制路径</translation>
    </message>
    <message>
        <source>Show in File Manager</source>
        <translation>在文件管理器中显示</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete %1 from the workspace? This cannot be undone.</source>
        <translation>从工作区删除 %1？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Not opened: %1 is a link that leads out of the workspace.</source>
        <translation>未打开：%1 是指向工作区之外的链接。</translation>
    </message>
    <message>
        <source>A link out of the workspace</source>
        <translation>指向工作区之外的链接</translation>
    </message>
    <message>
        <source>Not renamed: %1.</source>
        <translation>未重命名：%1。</translation>
    </message>
    <message>
        <source>Not deleted: %1.</source>
        <translation>未删除：%1。</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::FilterBar</name>
    <message>
        <source>=</source>
        <translation>=</translation>
    </message>
    <message>
        <source>≠</source>
        <translation>≠</translation>
    </message>
    <message>
        <source>&lt;</source>
        <translation>&lt;</translation>
    </message>
    <message>
        <source>≤</source>
        <translation>≤</translation>
    </message>
    <message>
        <source>&gt;</source>
        <translation>&gt;</translation>
    </message>
    <message>
        <source>≥</source>
        <translation>≥</translation>
    </message>
    <message>
        <source>between</source>
        <translation>介于</translation>
    </message>
    <message>
        <source>is null</source>
        <translation>为空</translation>
    </message>
    <message>
        <source>is not null</source>
        <translation>不为空</translation>
    </message>
    <message>
        <source>contains</source>
        <translation>包含</translation>
    </message>
    <message>
        <source>starts with</source>
        <translation>开头是</translation>
    </message>
    <message>
        <source>ends with</source>
        <translation>结尾是</translation>
    </message>
    <message>
        <source>matches regex</source>
        <translation>匹配正则表达式</translation>
    </message>
    <message>
        <source>is one of</source>
        <translation>属于</translation>
    </message>
    <message>
        <source>Show the rows that meet all conditions, or any of them</source>
        <translation>显示满足全部条件或任一条件的行</translation>
    </message>
    <message>
        <source>Match all</source>
        <translation>满足全部</translation>
    </message>
    <message>
        <source>Match any</source>
        <translation>满足任一</translation>
    </message>
    <message>
        <source>Add Condition</source>
        <translation>添加条件</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>column %1</source>
        <translation>第 %1 列</translation>
    </message>
    <message>
        <source>Remove this condition</source>
        <translation>删除此条件</translation>
    </message>
    <message>
        <source>values, separated by commas</source>
        <translation>多个值，用逗号分隔</translation>
    </message>
    <message>
        <source>from</source>
        <translation>从</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>At most %1 values in one list.</source>
        <translation>一个列表最多 %1 个值。</translation>
    </message>
    <message>
        <source>“%1” is not a value of %2 (%3).</source>
        <translation>“%1”不是 %2（%3）的值。</translation>
    </message>
    <message>
        <source>At most %1 conditions.</source>
        <translation>最多 %1 个条件。</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::FindBar</name>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation>替换为</translation>
    </message>
    <message>
        <source>Match &amp;case</source>
        <translation>区分大小写(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Whole words</source>
        <translation>全字匹配(&amp;W)</translation>
    </message>
    <message>
        <source>Regular e&amp;xpression</source>
        <translation>正则表达式(&amp;X)</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一个</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一个</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>Replace All</source>
        <translation>全部替换</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭 (Esc)</translation>
    </message>
    <message>
        <source>Invalid regular expression</source>
        <translation>正则表达式无效</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>没有匹配项</translation>
    </message>
    <message>
        <source>Search wrapped</source>
        <translation>已从头继续搜索</translation>
    </message>
    <message numerus="yes">
        <source>Replaced %n occurrence(s)</source>
        <translation>
            <numerusform>已替换 %n 处</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::HelpView</name>
    <message>
        <source>Press F1 on a name in the editor, or rest the mouse on it, to see its documentation here.</source>
        <translation>在编辑器中的名称上按 F1，或将鼠标停留在其上，即可在此查看其文档。</translation>
    </message>
    <message>
        <source>Defined in</source>
        <translation>定义于</translation>
    </message>
    <message>
        <source>No documentation.</source>
        <translation>没有文档。</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::HistoryModel</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Took</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::HistoryView</name>
    <message>
        <source>Search code…</source>
        <translation>搜索代码…</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <source>All sessions</source>
        <translation>所有会话</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>任意时间</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>Run Again</source>
        <translation>再次运行</translation>
    </message>
    <message>
        <source>To Editor</source>
        <translation>插入编辑器</translation>
    </message>
    <message>
        <source>To Console</source>
        <translation>插入控制台</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>The history cannot be searched: %1</source>
        <translation>无法搜索历史：%1</translation>
    </message>
    <message>
        <source>No run matches.</source>
        <translation>没有匹配的运行。</translation>
    </message>
    <message>
        <source>Select a run to see its code.</source>
        <translation>选择一次运行以查看其代码。</translation>
    </message>
    <message>
        <source>Run %1 in %2, %3: %4 after %5; CPU %6, peak memory %7, output %8.</source>
        <translation>运行 %1，会话 %2，%3：%4，耗时 %5；CPU %6，峰值内存 %7，输出 %8。</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message numerus="yes">
        <source>Security scan: %n finding(s).</source>
        <translation>
            <numerusform>安全扫描：%n 项发现。</numerusform>
        </translation>
    </message>
    <message>
        <source>Keep…</source>
        <translation>保留…</translation>
    </message>
    <message>
        <source>How long the history keeps runs</source>
        <translation>历史保留运行记录的时长</translation>
    </message>
    <message>
        <source>SHA-256 %1…</source>
        <translation>SHA-256 %1…</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::ImportDialog</name>
    <message>
        <source>Import %1 as DataFrame</source>
        <translation>将 %1 导入为 DataFrame</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>How to read it</source>
        <translation>读取方式</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Rename to</source>
        <translation>重命名为</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Code that runs (you may edit it):</source>
        <translation>将要运行的代码（可编辑）：</translation>
    </message>
    <message>
        <source>Reset Code</source>
        <translation>重置代码</translation>
    </message>
    <message>
        <source>Variable &amp;name:</source>
        <translation>变量名(&amp;N)：</translation>
    </message>
    <message>
        <source>Replace the existing variable</source>
        <translation>替换已有变量</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>Insert &amp;Code</source>
        <translation>插入代码(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <source>Delimited text (CSV, TSV, TXT)</source>
        <translation>分隔文本（CSV、TSV、TXT）</translation>
    </message>
    <message>
        <source>Excel or OpenDocument sheet</source>
        <translation>Excel 或 OpenDocument 表格</translation>
    </message>
    <message>
        <source>JSON or JSON Lines</source>
        <translation>JSON 或 JSON Lines</translation>
    </message>
    <message>
        <source>Parquet</source>
        <translation>Parquet</translation>
    </message>
    <message>
        <source>&amp;Encoding:</source>
        <translation>编码(&amp;E)：</translation>
    </message>
    <message>
        <source>UTF-8</source>
        <translation>UTF-8</translation>
    </message>
    <message>
        <source>UTF-8 with BOM</source>
        <translation>UTF-8（带 BOM）</translation>
    </message>
    <message>
        <source>UTF-16</source>
        <translation>UTF-16</translation>
    </message>
    <message>
        <source>Chinese, simplified (GBK, GB18030)</source>
        <translation>简体中文（GBK、GB18030）</translation>
    </message>
    <message>
        <source>Chinese, traditional (Big5)</source>
        <translation>繁体中文（Big5）</translation>
    </message>
    <message>
        <source>Japanese (Shift-JIS)</source>
        <translation>日文（Shift-JIS）</translation>
    </message>
    <message>
        <source>Western (Windows-1252)</source>
        <translation>西欧（Windows-1252）</translation>
    </message>
    <message>
        <source>Western (Latin-1)</source>
        <translation>西欧（Latin-1）</translation>
    </message>
    <message>
        <source>&amp;Delimiter:</source>
        <translation>分隔符(&amp;D)：</translation>
    </message>
    <message>
        <source>Comma ,</source>
        <translation>逗号 ,</translation>
    </message>
    <message>
        <source>Semicolon ;</source>
        <translation>分号 ;</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>制表符</translation>
    </message>
    <message>
        <source>Pipe |</source>
        <translation>竖线 |</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>空格</translation>
    </message>
    <message>
        <source>&amp;Quote:</source>
        <translation>引号(&amp;Q)：</translation>
    </message>
    <message>
        <source>Double &quot;</source>
        <translation>双引号 &quot;</translation>
    </message>
    <message>
        <source>Single &apos;</source>
        <translation>单引号 &apos;</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>E&amp;scape:</source>
        <translation>转义(&amp;S)：</translation>
    </message>
    <message>
        <source>None (quotes doubled)</source>
        <translation>无（引号成对转义）</translation>
    </message>
    <message>
        <source>Backslash \</source>
        <translation>反斜杠 \</translation>
    </message>
    <message>
        <source>Decimal &amp;mark:</source>
        <translation>小数点(&amp;M)：</translation>
    </message>
    <message>
        <source>Point 1.5</source>
        <translation>句点 1.5</translation>
    </message>
    <message>
        <source>Comma 1,5</source>
        <translation>逗号 1,5</translation>
    </message>
    <message>
        <source>&amp;Thousands:</source>
        <translation>千位分隔符(&amp;T)：</translation>
    </message>
    <message>
        <source>Comma 1,000</source>
        <translation>逗号 1,000</translation>
    </message>
    <message>
        <source>Point 1.000</source>
        <translation>句点 1.000</translation>
    </message>
    <message>
        <source>Space 1 000</source>
        <translation>空格 1 000</translation>
    </message>
    <message>
        <source>Apostrophe 1&apos;000</source>
        <translation>撇号 1&apos;000</translation>
    </message>
    <message>
        <source>S&amp;kip lines:</source>
        <translation>跳过行数(&amp;K)：</translation>
    </message>
    <message>
        <source>First row holds the column &amp;names</source>
        <translation>第一行为列名(&amp;N)</translation>
    </message>
    <message>
        <source>C&amp;omments:</source>
        <translation>注释(&amp;O)：</translation>
    </message>
    <message>
        <source># lines</source>
        <translation># 开头的行</translation>
    </message>
    <message>
        <source>% lines</source>
        <translation>% 开头的行</translation>
    </message>
    <message>
        <source>; lines</source>
        <translation>; 开头的行</translation>
    </message>
    <message>
        <source>e.g. NA, n/a, -</source>
        <translation>例如 NA, n/a, -</translation>
    </message>
    <message>
        <source>Texts that mean a missing value, separated by commas, besides pandas&apos; own (empty, NA, NaN, null…).</source>
        <translation>表示缺失值的文本，以逗号分隔；pandas 自带的（空、NA、NaN、null…）之外的。</translation>
    </message>
    <message>
        <source>Missing &amp;values:</source>
        <translation>缺失值(&amp;V)：</translation>
    </message>
    <message>
        <source>S&amp;heet:</source>
        <translation>工作表(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;JSON layout:</source>
        <translation>JSON 结构(&amp;J)：</translation>
    </message>
    <message>
        <source>One object per line (JSON Lines)</source>
        <translation>每行一个对象（JSON Lines）</translation>
    </message>
    <message>
        <source>List of records</source>
        <translation>记录列表</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>按列</translation>
    </message>
    <message>
        <source>Index</source>
        <translation>按索引</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>拆分</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>仅值</translation>
    </message>
    <message>
        <source>&amp;Bad lines:</source>
        <translation>错误行(&amp;B)：</translation>
    </message>
    <message>
        <source>Stop with an error</source>
        <translation>报错并停止</translation>
    </message>
    <message>
        <source>Skip them</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Skip them and warn</source>
        <translation>跳过并警告</translation>
    </message>
    <message>
        <source>All rows</source>
        <translation>全部行</translation>
    </message>
    <message>
        <source>&amp;Read:</source>
        <translation>读取(&amp;R)：</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>(%1 more warnings)</source>
        <translation>（另有 %1 条警告）</translation>
    </message>
    <message>
        <source>Automatic (%1)</source>
        <translation>自动（%1）</translation>
    </message>
    <message>
        <source>The session already has “%1”.</source>
        <translation>会话中已有“%1”。</translation>
    </message>
    <message>
        <source>%1 (%2): the first %3 rows of more</source>
        <translation>%1（%2）：前 %3 行（文件还有更多行）</translation>
    </message>
    <message>
        <source>%1 (%2): all %3 rows</source>
        <translation>%1（%2）：全部 %3 行</translation>
    </message>
    <message>
        <source>Reading the file took longer than %1 s, so it was stopped. Check the file, or change an option to try again.</source>
        <translation>读取文件超过 %1 秒，已停止。请检查文件，或修改选项后重试。</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::LimitsDialog</name>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Keep the workspace folder when the session closes</source>
        <translation>会话关闭时保留工作区文件夹</translation>
    </message>
    <message>
        <source>Session Limits</source>
        <translation>会话限制</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>不限制</translation>
    </message>
    <message>
        <source>&amp;Memory:</source>
        <translation>内存(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Time per run:</source>
        <translation>每次运行时间(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;CPU time per run:</source>
        <translation>每次运行 CPU 时间(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Output per run:</source>
        <translation>每次运行输出(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Processes and threads:</source>
        <translation>进程和线程(&amp;P)：</translation>
    </message>
    <message>
        <source>Open &amp;files per process:</source>
        <translation>每个进程打开的文件(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Largest file written:</source>
        <translation>可写入的最大文件(&amp;L)：</translation>
    </message>
    <message>
        <source>Largest file &amp;copied in or out:</source>
        <translation>复制进出的最大文件(&amp;C)：</translation>
    </message>
    <message>
        <source>Without a limit a run is still stopped before the disk that holds the workspace fills up.</source>
        <translation>即使不设限制，运行也会在工作区所在磁盘写满之前被停止。</translation>
    </message>
    <message>
        <source>&amp;Disk written per run:</source>
        <translation>每次运行的磁盘写入量(&amp;D)：</translation>
    </message>
    <message>
        <source>Over a limit, the run stops and the console says which limit it was. Memory, processes, open files and file size apply when the session restarts; time, output and disk limits from the next run, and the copy limit at once. These values are also the defaults for new sessions.</source>
        <translation>超出限制时，运行会停止，控制台会说明是哪项限制。内存、进程、打开文件数和文件大小在会话重新启动后生效；时间、输出和磁盘限制从下一次运行起生效，复制限制立即生效。这些值也是新会话的默认值。</translation>
    </message>
    <message>
        <source>For scripted use: runs past this many in a minute wait their turn in the queue.</source>
        <translation>用于脚本化使用：每分钟超过此数量的运行将在队列中排队等待。</translation>
    </message>
    <message>
        <source>&amp;Runs per minute:</source>
        <translation>每分钟运行次数(&amp;R)：</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::MainWindow</name>
    <message>
        <source>Sandpiper Data Workbench</source>
        <translation>Sandpiper 数据科学工作台</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Variables</source>
        <translation>变量</translation>
    </message>
    <message>
        <source>Plots</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>资源</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Color &amp;Scheme</source>
        <translation>配色方案(&amp;S)</translation>
    </message>
    <message>
        <source>Follow &amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Interrupt</source>
        <translation>中断(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Restart Session</source>
        <translation>重启会话(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Sandpiper</source>
        <translation>关于 Sandpiper(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>No Recent Files</source>
        <translation>没有最近的文件</translation>
    </message>
    <message>
        <source>&amp;Clear Recent Files</source>
        <translation>清除最近的文件(&amp;C)</translation>
    </message>
    <message>
        <source>Session &amp;Limits…</source>
        <translation>会话限制(&amp;L)…</translation>
    </message>
    <message>
        <source>Session &amp;Sandbox…</source>
        <translation>会话沙箱(&amp;S)…</translation>
    </message>
    <message>
        <source>Limits saved. Memory and process limits apply when the session restarts (Run &gt; Restart Session).</source>
        <translation>限制已保存。内存和进程限制在会话重新启动后生效（运行 &gt; 重新启动会话）。</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>The session has no workspace yet.</source>
        <translation>会话还没有工作区。</translation>
    </message>
    <message>
        <source>Copy Files into the Session&apos;s Workspace</source>
        <translation>将文件复制到会话的工作区</translation>
    </message>
    <message>
        <source>Copying into the workspace…</source>
        <translation>正在复制到工作区…</translation>
    </message>
    <message>
        <source>Choose a File in the Workspace</source>
        <translation>选择工作区中的文件</translation>
    </message>
    <message>
        <source>Save Workspace File As</source>
        <translation>将工作区文件另存为</translation>
    </message>
    <message>
        <source>Saving from the workspace…</source>
        <translation>正在从工作区保存…</translation>
    </message>
    <message>
        <source>%1 of %2 files were not copied</source>
        <translation>%2 个文件中有 %1 个未能复制</translation>
    </message>
    <message>
        <source>Workspace Files</source>
        <translation>工作区文件</translation>
    </message>
    <message>
        <source>Copy Files &amp;into Workspace…</source>
        <translation>将文件复制到工作区(&amp;I)…</translation>
    </message>
    <message>
        <source>Save Workspace &amp;File As…</source>
        <translation>将工作区文件另存为(&amp;F)…</translation>
    </message>
    <message>
        <source>Data viewer: %1</source>
        <translation>数据查看器：%1</translation>
    </message>
    <message>
        <source>Not saved as %1: another copy is in progress; use File ▸ Save Workspace File As… when it ends.</source>
        <translation>未保存为 %1：另一个复制正在进行；完成后请使用“文件 ▸ 工作区文件另存为…”。</translation>
    </message>
    <message>
        <source>The rows shown, sorted and filtered (%L1)</source>
        <translation>显示的行，已排序和筛选（%L1）</translation>
    </message>
    <message>
        <source>The selected cells (%L1 × %L2)</source>
        <translation>选中的单元格（%L1 × %L2）</translation>
    </message>
    <message>
        <source>Files in the Workspace</source>
        <translation>工作区中的文件</translation>
    </message>
    <message>
        <source>Save to Folder…</source>
        <translation>保存到文件夹…</translation>
    </message>
    <message>
        <source>Keep the Workspace</source>
        <translation>保留工作区</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>Save the Workspace Files To</source>
        <translation>将工作区文件保存到</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Some workspace files could not be saved (%L1); Sandpiper did not quit.</source>
        <translation>部分工作区文件无法保存（%L1 个）；Sandpiper 未退出。</translation>
    </message>
    <message>
        <source>Save to a folder, keep the workspace (%1), or discard.</source>
        <translation>可以保存到文件夹、保留工作区（%1），或丢弃。</translation>
    </message>
    <message>
        <source>Another copy is in progress; try again when it ends.</source>
        <translation>另一个复制正在进行；请在其结束后再试。</translation>
    </message>
    <message>
        <source>Import &amp;Dataset…</source>
        <translation>导入数据集(&amp;D)…</translation>
    </message>
    <message>
        <source>Import Dataset</source>
        <translation>导入数据集</translation>
    </message>
    <message>
        <source>Datasets (*.csv *.tsv *.tab *.txt *.dat *.psv *.xlsx *.xlsm *.xls *.ods *.json *.jsonl *.ndjson *.parquet);;All files (*)</source>
        <translation>数据集 (*.csv *.tsv *.tab *.txt *.dat *.psv *.xlsx *.xlsm *.xls *.ods *.json *.jsonl *.ndjson *.parquet);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Importing %1: %2 read of %3 (Interrupt in the console stops it)</source>
        <translation>正在导入 %1：已读取 %2，共 %3（在控制台中点“中断”可停止）</translation>
    </message>
    <message>
        <source>Figure %1 was drawn before the session restarted; run its code again to export it at another size, or use Save… for the picture as it was drawn.</source>
        <translation>图 %1 是在会话重启之前绘制的；请再次运行其代码以按其他尺寸导出，或使用“保存…”保存原样绘制的图片。</translation>
    </message>
    <message>
        <source>The session restarted while the export was chosen; nothing was exported.</source>
        <translation>选择导出时会话已重启；未导出任何内容。</translation>
    </message>
    <message>
        <source>No session to draw the preview.</source>
        <translation>没有会话可绘制预览。</translation>
    </message>
    <message>
        <source>No preview: %1</source>
        <translation>无预览：%1</translation>
    </message>
    <message>
        <source>No preview could be read.</source>
        <translation>无法读取预览。</translation>
    </message>
    <message>
        <source>Exporting figure %1…</source>
        <translation>正在导出图 %1…</translation>
    </message>
    <message>
        <source>Figure %1 saved as %2 (%3).</source>
        <translation>图 %1 已保存为 %2（%3）。</translation>
    </message>
    <message>
        <source>Figure %1 was not exported: %2</source>
        <translation>图 %1 未导出：%2</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>……另有 %n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 could not be scanned. Run it anyway?</source>
        <translation>%1 无法扫描。仍要运行吗？</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Don&apos;t Run</source>
        <translation>不运行</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Export &amp;Audit Log…</source>
        <translation>导出审计日志(&amp;A)…</translation>
    </message>
    <message>
        <source>Export Audit Log</source>
        <translation>导出审计日志</translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON (*.json)</source>
        <translation>CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <source>cell %1</source>
        <translation>单元格 %1</translation>
    </message>
    <message>
        <source>console input</source>
        <translation>控制台输入</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>安全</translation>
    </message>
    <message>
        <source>Security scan before each run: %1</source>
        <translation>每次运行前的安全扫描：%1</translation>
    </message>
    <message>
        <source>Security (%1)</source>
        <translation>安全（%1）</translation>
    </message>
    <message numerus="yes">
        <source>Security scan: %n finding(s) in %1 (%2); %3. See the Security dock.
</source>
        <translation>
            <numerusform>安全扫描：%1 中有 %n 项发现（%2）；%3。请查看“安全”面板。
</numerusform>
        </translation>
    </message>
    <message>
        <source>Security scan: %1 ran unscanned (%2).
</source>
        <translation>安全扫描：%1 未经扫描即已运行（%2）。
</translation>
    </message>
    <message>
        <source>Security scan: %1 was not run; it could not be scanned (%2).
</source>
        <translation>安全扫描：%1 未运行；无法扫描（%2）。
</translation>
    </message>
    <message>
        <source>%1, line %2</source>
        <translation>%1，第 %2 行</translation>
    </message>
    <message>
        <source>Session 1</source>
        <translation>会话 1</translation>
    </message>
    <message>
        <source>Audit log written to %1</source>
        <translation>审计日志已写入 %1</translation>
    </message>
    <message>
        <source>The audit log could not be written to %1: %2</source>
        <translation>审计日志无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Run This Code?</source>
        <translation>运行这段代码？</translation>
    </message>
    <message>
        <source>The security scan found this in %1:</source>
        <translation>安全扫描在 %1 中发现：</translation>
    </message>
    <message>
        <source>Restart Session</source>
        <translation>重启会话</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>Don&apos;t ask again</source>
        <translation>不再询问</translation>
    </message>
    <message>
        <source>Rename Session</source>
        <translation>重命名会话</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>&amp;New Session</source>
        <translation>新建会话(&amp;N)</translation>
    </message>
    <message>
        <source>Re&amp;name Session…</source>
        <translation>重命名会话(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Close Session</source>
        <translation>关闭会话(&amp;C)</translation>
    </message>
    <message>
        <source>Run This &amp;Editor In</source>
        <translation>此编辑器运行于(&amp;E)</translation>
    </message>
    <message>
        <source>Sessions Running at &amp;Once…</source>
        <translation>同时运行的会话数(&amp;O)…</translation>
    </message>
    <message>
        <source>Sessions Running at Once</source>
        <translation>同时运行的会话数</translation>
    </message>
    <message>
        <source>At most this many sessions run code at the same time; the others&apos; runs wait in their queues (interactive runs before Run File):</source>
        <translation>最多同时有这么多会话运行代码；其他会话的运行在各自队列中等待（交互运行优先于“运行文件”）：</translation>
    </message>
    <message numerus="yes">
        <source>Restart %1? Its %n variable(s) will be lost.</source>
        <translation>
            <numerusform>重启 %1？其 %n 个变量将丢失。</numerusform>
        </translation>
    </message>
    <message>
        <source>This window cannot start more sessions.</source>
        <translation>此窗口无法再启动会话。</translation>
    </message>
    <message>
        <source>The last session stays open; Restart gives a fresh one.</source>
        <translation>最后一个会话保持打开；重启可得到一个新的会话。</translation>
    </message>
    <message numerus="yes">
        <source>Close %1? Its %n variable(s) will be lost.</source>
        <translation>
            <numerusform>关闭 %1？其 %n 个变量将丢失。</numerusform>
        </translation>
    </message>
    <message>
        <source>Close Session</source>
        <translation>关闭会话</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The Selected Session</source>
        <translation>当前选中的会话</translation>
    </message>
    <message>
        <source>The workspace of %1 holds a file that goes with it when Sandpiper quits.</source>
        <translation>%1 的工作区中有一个文件，Sandpiper 退出时会随之删除。</translation>
    </message>
    <message>
        <source>The workspace of %1 holds %L2 files that go with it when Sandpiper quits.</source>
        <translation>%1 的工作区中有 %L2 个文件，Sandpiper 退出时会随之删除。</translation>
    </message>
    <message>
        <source>The workspace of %1 holds a file that goes with it when the session closes.</source>
        <translation>%1 的工作区中有一个文件，会话关闭时会随之删除。</translation>
    </message>
    <message>
        <source>The workspace of %1 holds %L2 files that go with it when the session closes.</source>
        <translation>%1 的工作区中有 %L2 个文件，会话关闭时会随之删除。</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::PartitionBar</name>
    <message>
        <source>Count Rows</source>
        <translation>统计行数</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Previous partition</source>
        <translation>上一个分区</translation>
    </message>
    <message>
        <source>Next partition</source>
        <translation>下一个分区</translation>
    </message>
    <message>
        <source>Partition </source>
        <translation>分区 </translation>
    </message>
    <message>
        <source>The partition shown: one is computed at a time</source>
        <translation>显示的分区：每次只计算一个</translation>
    </message>
    <message>
        <source>Count every row of the frame (computes each partition, on the cluster when there is one)</source>
        <translation>统计数据框的全部行数（逐个计算分区，有集群时在集群上计算）</translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>共 %1 个</translation>
    </message>
    <message>
        <source>Rows in all: not counted</source>
        <translation>总行数：未统计</translation>
    </message>
    <message>
        <source>Counting rows… %1 of %2 partitions</source>
        <translation>正在统计行数… 已完成 %1 / %2 个分区</translation>
    </message>
    <message>
        <source>Rows in all: %1</source>
        <translation>总行数：%1</translation>
    </message>
    <message>
        <source>Count Again</source>
        <translation>重新统计</translation>
    </message>
    <message>
        <source>Rows in all: not counted (%1)</source>
        <translation>总行数：未统计（%1）</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::PlotExportDialog</name>
    <message>
        <source>Export Figure %1</source>
        <translation>导出图 %1</translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation>PNG 图像</translation>
    </message>
    <message>
        <source>JPEG image</source>
        <translation>JPEG 图像</translation>
    </message>
    <message>
        <source>SVG (vector)</source>
        <translation>SVG（矢量）</translation>
    </message>
    <message>
        <source>PDF (vector)</source>
        <translation>PDF（矢量）</translation>
    </message>
    <message>
        <source>inches</source>
        <translation>英寸</translation>
    </message>
    <message>
        <source>centimetres</source>
        <translation>厘米</translation>
    </message>
    <message>
        <source>pixels</source>
        <translation>像素</translation>
    </message>
    <message>
        <source>Keep it in the workspace only</source>
        <translation>仅保留在工作区中</translation>
    </message>
    <message>
        <source>The line the session runs; it shows in the console.</source>
        <translation>会话运行的代码行；它会显示在控制台中。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>尺寸：</translation>
    </message>
    <message>
        <source>Resolution (DPI):</source>
        <translation>分辨率（DPI）：</translation>
    </message>
    <message>
        <source>File in the workspace:</source>
        <translation>工作区中的文件：</translation>
    </message>
    <message>
        <source>Then save a copy as:</source>
        <translation>然后另存副本为：</translation>
    </message>
    <message>
        <source>Result:</source>
        <translation>结果：</translation>
    </message>
    <message>
        <source>Save a Copy As</source>
        <translation>副本另存为</translation>
    </message>
    <message>
        <source>HTML (interactive, works offline)</source>
        <translation>HTML（交互式，可离线使用）</translation>
    </message>
    <message>
        <source>Choose where to save it</source>
        <translation>选择保存位置</translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation>另存为：</translation>
    </message>
    <message>
        <source>Export Chart %1</source>
        <translation>导出图表 %1</translation>
    </message>
    <message>
        <source>Choose where to save it.</source>
        <translation>请选择保存位置。</translation>
    </message>
    <message>
        <source>Drawing a preview…</source>
        <translation>正在绘制预览…</translation>
    </message>
    <message>
        <source>An interactive page: no preview.</source>
        <translation>交互式页面：无预览。</translation>
    </message>
    <message>
        <source>Save Chart As</source>
        <translation>图表另存为</translation>
    </message>
    <message>
        <source>Too large to preview; the file will be %1.</source>
        <translation>太大，无法预览；文件将为 %1。</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::PlotsView</name>
    <message>
        <source>◀</source>
        <translation>◀</translation>
    </message>
    <message>
        <source>Previous figure (Left)</source>
        <translation>上一张图（左方向键）</translation>
    </message>
    <message>
        <source>▶</source>
        <translation>▶</translation>
    </message>
    <message>
        <source>Next figure (Right)</source>
        <translation>下一张图（右方向键）</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应</translation>
    </message>
    <message>
        <source>Fit the figure to the pane</source>
        <translation>使图形适应窗格</translation>
    </message>
    <message>
        <source>1:1</source>
        <translation>1:1</translation>
    </message>
    <message>
        <source>The figure&apos;s own size</source>
        <translation>图形的原始尺寸</translation>
    </message>
    <message>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl+wheel)</source>
        <translation>放大（Ctrl+滚轮）</translation>
    </message>
    <message>
        <source>−</source>
        <translation>−</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+wheel)</source>
        <translation>缩小（Ctrl+滚轮）</translation>
    </message>
    <message>
        <source>Go to Code</source>
        <translation>转到代码</translation>
    </message>
    <message>
        <source>Show the code that drew this figure</source>
        <translation>显示绘制此图形的代码</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Open the figure in a window of its own</source>
        <translation>在单独的窗口中打开图形</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Save the figure as the session drew it</source>
        <translation>按会话绘制的原样保存图形</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the figure as an image</source>
        <translation>将图形复制为图像</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete this figure</source>
        <translation>删除此图形</translation>
    </message>
    <message>
        <source>Clear All</source>
        <translation>全部清除</translation>
    </message>
    <message>
        <source>Delete every figure</source>
        <translation>删除所有图形</translation>
    </message>
    <message>
        <source>Figures the session draws appear here.</source>
        <translation>会话绘制的图形显示在这里。</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>There is no figure to save.</source>
        <translation>没有可保存的图形。</translation>
    </message>
    <message>
        <source>The figure&apos;s image is gone.</source>
        <translation>图形的图像已不存在。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Save Figure</source>
        <translation>保存图形</translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation>SVG 图像 (*.svg)</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Figure %1</source>
        <translation>图 %1</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Draw the figure again at a size and DPI you choose, as PNG, JPEG, SVG or PDF</source>
        <translation>按所选尺寸和 DPI 重新绘制图形，保存为 PNG、JPEG、SVG 或 PDF</translation>
    </message>
    <message>
        <source>Save All…</source>
        <translation>全部保存…</translation>
    </message>
    <message>
        <source>Save every figure into a folder, numbered</source>
        <translation>将所有图按编号保存到一个文件夹</translation>
    </message>
    <message>
        <source>Figure %1 is not an interactive chart.</source>
        <translation>图 %1 不是交互式图表。</translation>
    </message>
    <message>
        <source>Web page (*.html)</source>
        <translation>网页 (*.html)</translation>
    </message>
    <message>
        <source>Save All Figures Into</source>
        <translation>将所有图保存到</translation>
    </message>
    <message>
        <source>HTML pages (interactive)</source>
        <translation>HTML 页面（交互式）</translation>
    </message>
    <message>
        <source>PNG pictures</source>
        <translation>PNG 图片</translation>
    </message>
    <message>
        <source>SVG (vector)</source>
        <translation>SVG（矢量）</translation>
    </message>
    <message>
        <source>PDF (vector)</source>
        <translation>PDF（矢量）</translation>
    </message>
    <message>
        <source>Save All Figures</source>
        <translation>保存所有图</translation>
    </message>
    <message>
        <source>Save Plotly and Altair charts as:</source>
        <translation>将 Plotly 和 Altair 图表保存为：</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) in %1 would be replaced, %2 among them. Replace them?</source>
        <translation>
            <numerusform>%1 中将有 %n 个文件被替换，其中包括 %2。要替换吗？</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of the figures were saved in %2; these were not:
%3</source>
        <translation>已在 %2 中保存 %1 个图；以下未保存：
%3</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::ProblemsView</name>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>未发现问题。</translation>
    </message>
    <message>
        <source>No problems found in %1.</source>
        <translation>%1 中未发现问题。</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::RecoveryDialog</name>
    <message>
        <source>Recover Unsaved Work</source>
        <translation>恢复未保存的工作</translation>
    </message>
    <message>
        <source>Sandpiper did not exit normally. These buffers had changes that were not saved:</source>
        <translation>Sandpiper 上次没有正常退出。以下缓冲区有未保存的更改：</translation>
    </message>
    <message>
        <source>never saved</source>
        <translation>从未保存</translation>
    </message>
    <message>
        <source>%1 — %2 (%3)</source>
        <translation>%1 — %2（%3）</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Compare...</source>
        <translation>比较(&amp;C)...</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>丢弃(&amp;D)</translation>
    </message>
    <message>
        <source>Restore &amp;All</source>
        <translation>全部恢复(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>稍后(&amp;L)</translation>
    </message>
    <message>
        <source>Keep the buffers and ask again at the next start</source>
        <translation>保留这些缓冲区，下次启动时再询问</translation>
    </message>
    <message>
        <source>Compare — %1</source>
        <translation>比较 — %1</translation>
    </message>
    <message>
        <source>The buffer was never saved: every line is new.</source>
        <translation>该缓冲区从未保存：每一行都是新的。</translation>
    </message>
    <message>
        <source>Lines marked - are only in the file on disk, lines marked + only in the recovered buffer.</source>
        <translation>标有 - 的行只在磁盘上的文件中，标有 + 的行只在恢复的缓冲区中。</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::ResourcesView</name>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>No session running.</source>
        <translation>没有运行中的会话。</translation>
    </message>
    <message>
        <source>Memory %1 · CPU %2% · processes %3 · threads %4 · open files %5</source>
        <translation>内存 %1 · CPU %2% · 进程 %3 · 线程 %4 · 打开的文件 %5</translation>
    </message>
    <message>
        <source>Waiting for the first reading…</source>
        <translation>正在等待第一次读数…</translation>
    </message>
    <message>
        <source>Limits apply to the whole session: memory, processes and threads, open files and file size. See Run &gt; Session Limits.</source>
        <translation>限制作用于整个会话：内存、进程和线程、打开的文件以及文件大小。请参见“运行 &gt; 会话限制”。</translation>
    </message>
    <message>
        <source>End Them</source>
        <translation>结束它们</translation>
    </message>
    <message>
        <source>End the processes that earlier runs left running; the session and its variables stay.</source>
        <translation>结束之前的运行留下的进程；会话及其变量保留。</translation>
    </message>
    <message>
        <source>Processes left running by %1: %2</source>
        <translation>%1 留下运行的进程：%2 个</translation>
    </message>
    <message>
        <source> · temporary files %1</source>
        <translation> · 临时文件 %1</translation>
    </message>
    <message>
        <source> · warming up completion (CPU %1%, idle priority)</source>
        <translation> · 正在预热代码补全（CPU %1%，空闲优先级）</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::RetentionDialog</name>
    <message>
        <source>Keep History</source>
        <translation>保留历史</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Forever</source>
        <translation>永久</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>无限制</translation>
    </message>
    <message>
        <source>Keep runs for:</source>
        <translation>运行记录保留：</translation>
    </message>
    <message>
        <source>Keep the history under:</source>
        <translation>历史大小不超过：</translation>
    </message>
    <message>
        <source>The oldest runs are removed first. The audit log stays verifiable: the last removed run&apos;s hash becomes the chain&apos;s start.</source>
        <translation>最早的运行记录先被删除。审计日志仍可验证：最后删除的运行记录的哈希将成为哈希链的起点。</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::RowCounter</name>
    <message>
        <source>the session is gone</source>
        <translation>会话已结束</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::RunGuard</name>
    <message>
        <source>no engine to scan with</source>
        <translation>没有可用于扫描的引擎</translation>
    </message>
    <message>
        <source>the scan did not answer within %1 s</source>
        <translation>扫描未在 %1 秒内响应</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::RunQueueView</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Take the selected run out of the queue</source>
        <translation>将所选运行从队列中移除</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Run it sooner</source>
        <translation>提前运行</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Run it later</source>
        <translation>推后运行</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) waiting:</source>
        <translation>
            <numerusform>%n 次运行正在等待：</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::SandboxDialog</name>
    <message>
        <source>Protection</source>
        <translation>保护措施</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>限制</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Session Sandbox</source>
        <translation>会话沙箱</translation>
    </message>
    <message>
        <source>The Python session has not started yet.</source>
        <translation>Python 会话尚未启动。</translation>
    </message>
    <message>
        <source>The Python session is only partly sandboxed: this system lacks some of the protections below. Do not run code you do not trust.</source>
        <translation>Python 会话只有部分沙箱隔离：本系统缺少下列部分保护措施。请不要运行您不信任的代码。</translation>
    </message>
    <message>
        <source>The Python session runs without a sandbox: its code can read and change your files and use the network like any program you start.</source>
        <translation>Python 会话在没有沙箱的情况下运行：它的代码可以像您启动的任何程序一样读取和修改您的文件并使用网络。</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>Unavailable</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>Landlock ABI: %1 · Seccomp: %2</source>
        <translation>Landlock ABI：%1 · Seccomp：%2</translation>
    </message>
    <message>
        <source>not available</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>filter active</source>
        <translation>过滤器已启用</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>不限制</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Time per run</source>
        <translation>每次运行时间</translation>
    </message>
    <message>
        <source>CPU time per run</source>
        <translation>每次运行 CPU 时间</translation>
    </message>
    <message>
        <source>Output per run</source>
        <translation>每次运行输出</translation>
    </message>
    <message>
        <source>Processes and threads</source>
        <translation>进程和线程</translation>
    </message>
    <message>
        <source>Open files per process</source>
        <translation>每个进程打开的文件</translation>
    </message>
    <message>
        <source>Largest file written</source>
        <translation>可写入的最大文件</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>工作区</translation>
    </message>
    <message>
        <source>Largest file copied in or out</source>
        <translation>复制进出的最大文件</translation>
    </message>
    <message>
        <source>Disk written per run</source>
        <translation>每次运行的磁盘写入量</translation>
    </message>
    <message>
        <source>No limit (the disk is kept from filling up)</source>
        <translation>无限制（会防止磁盘被写满）</translation>
    </message>
    <message>
        <source>Not private</source>
        <translation>非私有</translation>
    </message>
    <message>
        <source>%1 together, counted as memory</source>
        <translation>共 %1，计入内存</translation>
    </message>
    <message>
        <source>Temporary files (/tmp and /dev/shm)</source>
        <translation>临时文件（/tmp 和 /dev/shm）</translation>
    </message>
    <message>
        <source>The Python session is sandboxed: it has no network but a loopback of its own (it can talk to itself, e.g. a Dask cluster, and to nothing else), sees only the system&apos;s programs and libraries and its own workspace, cannot reach your other processes, and runs within the limits below.</source>
        <translation>Python 会话处于沙箱中：除自己的回环接口外没有网络（它只能与自身通信，例如 Dask 集群，不能与其他任何东西通信），只能看到系统的程序和库以及自己的工作区，无法接触你的其他进程，并在下列限制内运行。</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::SandboxIndicator</name>
    <message>
        <source>The Python session has not started yet.</source>
        <translation>Python 会话尚未启动。</translation>
    </message>
    <message>
        <source>This system lacks part of the sandbox: %1. Click for details.</source>
        <translation>本系统缺少部分沙箱功能：%1。点击查看详情。</translation>
    </message>
    <message>
        <source>The Python session runs WITHOUT a sandbox: its code can do whatever you can. Click for details.</source>
        <translation>Python 会话在没有沙箱的情况下运行：它的代码可以做您能做的任何事。点击查看详情。</translation>
    </message>
    <message>
        <source>The Python session runs in an operating-system sandbox: no network but its own loopback, no access outside its workspace, limited memory and processes. Click for details.</source>
        <translation>Python 会话运行在操作系统沙箱中：除自己的回环接口外没有网络，不能访问工作区之外，内存和进程数受限。点击查看详情。</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::SecurityView</name>
    <message>
        <source>Off: run without scanning</source>
        <translation>关闭：不扫描直接运行</translation>
    </message>
    <message>
        <source>Warn: run, and report findings</source>
        <translation>警告：运行并报告发现</translation>
    </message>
    <message>
        <source>Ask: confirm code with findings</source>
        <translation>询问：有发现的代码需确认</translation>
    </message>
    <message>
        <source>Block: never run code with findings</source>
        <translation>阻止：从不运行有发现的代码</translation>
    </message>
    <message>
        <source>No run was flagged.</source>
        <translation>没有被标记的运行。</translation>
    </message>
    <message>
        <source>The sandbox protects every run whatever the scan says; the scan tells you what the code would try.</source>
        <translation>无论扫描结果如何，沙箱都保护每次运行；扫描告诉您代码会尝试做什么。</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Before each run:</source>
        <translation>每次运行前：</translation>
    </message>
    <message>
        <source>ran</source>
        <translation>已运行</translation>
    </message>
    <message>
        <source>ran after asking</source>
        <translation>询问后已运行</translation>
    </message>
    <message>
        <source>not run: declined</source>
        <translation>未运行：已拒绝</translation>
    </message>
    <message>
        <source>not run: blocked</source>
        <translation>未运行：已阻止</translation>
    </message>
    <message numerus="yes">
        <source>%1 at %2: %n finding(s), %3</source>
        <translation>
            <numerusform>%1（%2）：%n 项发现，%3</numerusform>
        </translation>
    </message>
    <message>
        <source>Line %1, %2: %3</source>
        <translation>第 %1 行，%2：%3</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) flagged.</source>
        <translation>
            <numerusform>%n 次运行被标记。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 ran unscanned: %2</source>
        <translation>%1 未经扫描即已运行：%2</translation>
    </message>
    <message>
        <source>%1 was not run: it could not be scanned (%2)</source>
        <translation>%1 未运行：无法扫描（%2）</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::SessionSelector</name>
    <message>
        <source>The session this console, Variables, Plots and Resources show</source>
        <translation>此控制台、变量、图表和资源面板所显示的会话</translation>
    </message>
    <message>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <source>New Session: a Python session of its own, with its own workspace, variables and plots</source>
        <translation>新建会话：一个独立的 Python 会话，拥有自己的工作区、变量和图表</translation>
    </message>
    <message>
        <source>Rename Session…</source>
        <translation>重命名会话…</translation>
    </message>
    <message>
        <source>Close Session</source>
        <translation>关闭会话</translation>
    </message>
    <message>
        <source>Close this session: its engine stops and its variables are lost</source>
        <translation>关闭此会话：其引擎停止，变量将丢失</translation>
    </message>
    <message>
        <source> · %1 · %2 % CPU</source>
        <translation> · %1 · CPU %2 %</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::SqlCells</name>
    <message>
        <source>The name after -&gt; in a [sql] cell: %1</source>
        <translation>[sql] 单元格中 -&gt; 后的名称：%1</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::SummaryPanel</name>
    <message>
        <source>Minimum</source>
        <translation>最小值</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>最大值</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>平均值</translation>
    </message>
    <message>
        <source>Standard deviation</source>
        <translation>标准差</translation>
    </message>
    <message>
        <source>25th percentile</source>
        <translation>第 25 百分位数</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <source>75th percentile</source>
        <translation>第 75 百分位数</translation>
    </message>
    <message>
        <source>Select a cell to summarise its column.</source>
        <translation>选择一个单元格以汇总其所在列。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: summarising…</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;：正在汇总…</translation>
    </message>
    <message>
        <source>No summary: %1.</source>
        <translation>没有摘要：%1。</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Nulls</source>
        <translation>空值</translation>
    </message>
    <message>
        <source>%1 (%2 %)</source>
        <translation>%1（%2%）</translation>
    </message>
    <message>
        <source>Distinct (in the sample)</source>
        <translation>不同值（样本中）</translation>
    </message>
    <message>
        <source>Distinct</source>
        <translation>不同值</translation>
    </message>
    <message>
        <source>&lt;p&gt;Quartiles, distinct and frequent values from a sample of %1 rows; minimum, maximum, mean, deviation and histogram from all of them.&lt;/p&gt;</source>
        <translation>&lt;p&gt;四分位数、不同值和常见值来自 %1 行的样本；最小值、最大值、平均值、标准差和直方图基于全部行。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Histogram</source>
        <translation>直方图</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>计数</translation>
    </message>
    <message>
        <source>Most frequent values</source>
        <translation>最常见的值</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::TableCopy</name>
    <message>
        <source>the session is gone</source>
        <translation>会话已不存在</translation>
    </message>
    <message>
        <source>the table changed while it was copied</source>
        <translation>复制期间表格发生了变化</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::TableExportDialog</name>
    <message>
        <source>CSV (comma-separated)</source>
        <translation>CSV （逗号分隔）</translation>
    </message>
    <message>
        <source>TSV (tab-separated)</source>
        <translation>TSV （制表符分隔）</translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)</source>
        <translation>Excel 工作簿 (.xlsx)</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>HTML table</source>
        <translation>HTML 表格</translation>
    </message>
    <message>
        <source>Markdown table</source>
        <translation>Markdown 表格</translation>
    </message>
    <message>
        <source>Write the index</source>
        <translation>写入索引</translation>
    </message>
    <message>
        <source>Export “%1”</source>
        <translation>导出“%1”</translation>
    </message>
    <message>
        <source>Keep it in the workspace only</source>
        <translation>仅保留在工作区中</translation>
    </message>
    <message>
        <source>Comma ,</source>
        <translation>逗号 ,</translation>
    </message>
    <message>
        <source>Semicolon ;</source>
        <translation>分号 ;</translation>
    </message>
    <message>
        <source>Pipe |</source>
        <translation>竖线 |</translation>
    </message>
    <message>
        <source>UTF-8</source>
        <translation>UTF-8</translation>
    </message>
    <message>
        <source>UTF-8 with BOM (for Excel)</source>
        <translation>带 BOM 的 UTF-8（适用于 Excel）</translation>
    </message>
    <message>
        <source>GBK (Simplified Chinese)</source>
        <translation>GBK（简体中文）</translation>
    </message>
    <message>
        <source>Latin-1 (Western European)</source>
        <translation>Latin-1（西欧）</translation>
    </message>
    <message>
        <source>Point: 1.5</source>
        <translation>句点：1.5</translation>
    </message>
    <message>
        <source>Comma: 1,5</source>
        <translation>逗号：1,5</translation>
    </message>
    <message>
        <source>Only where needed</source>
        <translation>仅在需要时</translation>
    </message>
    <message>
        <source>Every field</source>
        <translation>所有字段</translation>
    </message>
    <message>
        <source>Every text field</source>
        <translation>所有文本字段</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>Separator:</source>
        <translation>分隔符：</translation>
    </message>
    <message>
        <source>Encoding:</source>
        <translation>编码：</translation>
    </message>
    <message>
        <source>Decimal mark:</source>
        <translation>小数点：</translation>
    </message>
    <message>
        <source>Quotes:</source>
        <translation>引号：</translation>
    </message>
    <message>
        <source>Freeze the header row</source>
        <translation>冻结标题行</translation>
    </message>
    <message>
        <source>Fit column widths to their contents</source>
        <translation>按内容调整列宽</translation>
    </message>
    <message>
        <source>Continue on more sheets</source>
        <translation>续写到更多工作表</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Sheet name:</source>
        <translation>工作表名称：</translation>
    </message>
    <message>
        <source>Past 1,048,575 rows:</source>
        <translation>超过 1,048,575 行时：</translation>
    </message>
    <message>
        <source>Records: a list of rows</source>
        <translation>记录：行的列表</translation>
    </message>
    <message>
        <source>JSON Lines: a row per line</source>
        <translation>JSON Lines：每行一条记录</translation>
    </message>
    <message>
        <source>Table: with its schema and index</source>
        <translation>表：包含结构和索引</translation>
    </message>
    <message>
        <source>Columns: a map per column</source>
        <translation>列：每列一个映射</translation>
    </message>
    <message>
        <source>Split: columns, index and data apart</source>
        <translation>拆分：列、索引和数据分开</translation>
    </message>
    <message>
        <source>Layout:</source>
        <translation>布局：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>The line the session runs; it shows in the console.</source>
        <translation>会话运行的代码行；它会显示在控制台中。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>File in the workspace:</source>
        <translation>工作区中的文件：</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Then save a copy as:</source>
        <translation>然后另存副本为：</translation>
    </message>
    <message>
        <source>%1 options</source>
        <translation>%1 选项</translation>
    </message>
    <message>
        <source>Save a Copy As</source>
        <translation>副本另存为</translation>
    </message>
    <message>
        <source>The whole table</source>
        <translation>整个表</translation>
    </message>
    <message>
        <source>Rows:</source>
        <translation>行：</translation>
    </message>
    <message>
        <source>Parquet (columnar, compressed)</source>
        <translation>Parquet（列式，压缩）</translation>
    </message>
    <message>
        <source>Zstandard: small, fast to read</source>
        <translation>Zstandard：文件小，读取快</translation>
    </message>
    <message>
        <source>Snappy: what older readers expect</source>
        <translation>Snappy：旧版读取程序所需</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Compression:</source>
        <translation>压缩：</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::TableFindBar</name>
    <message>
        <source>Match case</source>
        <translation>区分大小写</translation>
    </message>
    <message>
        <source>Find a value in the table</source>
        <translation>在表格中查找值</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一个</translation>
    </message>
    <message>
        <source>Find the previous cell (Shift+Enter, Shift+F3)</source>
        <translation>查找上一个单元格（Shift+Enter、Shift+F3）</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一个</translation>
    </message>
    <message>
        <source>Find the next cell (Enter, F3)</source>
        <translation>查找下一个单元格（Enter、F3）</translation>
    </message>
    <message>
        <source>Close the search (Escape)</source>
        <translation>关闭搜索（Escape）</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::TableSearch</name>
    <message>
        <source>the session is gone</source>
        <translation>会话已不存在</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::TemplateMenu</name>
    <message>
        <source>&amp;Templates</source>
        <translation>模板(&amp;T)</translation>
    </message>
    <message>
        <source>Inserted &quot;%1&quot;: set DATA_PATH and the column names at its top to your data.</source>
        <translation>已插入“%1”：请将开头的 DATA_PATH 和列名改为你的数据。</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::VariablesView</name>
    <message>
        <source>Delete the variable “%1” from the session?</source>
        <translation>从会话中删除变量“%1”？</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n variables from the session?</source>
        <translation>
            <numerusform>从会话中删除 %n 个变量？</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete Variables</source>
        <translation>删除变量</translation>
    </message>
    <message>
        <source>Filter names</source>
        <translation>按名称筛选</translation>
    </message>
    <message>
        <source>The session restarted: its variables are gone.</source>
        <translation>会话已重启：其变量已不存在。</translation>
    </message>
    <message>
        <source>The session ended: its variables are gone.</source>
        <translation>会话已结束：其变量已不存在。</translation>
    </message>
    <message>
        <source>Names the session defines appear here.</source>
        <translation>会话中定义的名称会显示在这里。</translation>
    </message>
    <message>
        <source>No name matches the filter.</source>
        <translation>没有与筛选条件匹配的名称。</translation>
    </message>
    <message>
        <source>The variables could not be deleted: %1</source>
        <translation>无法删除变量：%1</translation>
    </message>
    <message>
        <source>Copy Name</source>
        <translation>复制名称</translation>
    </message>
    <message>
        <source>Copy Value Preview</source>
        <translation>复制值预览</translation>
    </message>
    <message>
        <source>The value as shown, up to 200 characters</source>
        <translation>所显示的值，最多 200 个字符</translation>
    </message>
    <message>
        <source>Delete from Session…</source>
        <translation>从会话中删除…</translation>
    </message>
    <message>
        <source>View</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>Open the table in a data viewer</source>
        <translation>在数据查看器中打开表格</translation>
    </message>
    <message>
        <source>Plot Histogram</source>
        <translation>绘制直方图</translation>
    </message>
    <message>
        <source>The distribution of the values, computed in the session</source>
        <translation>值的分布，在会话中计算</translation>
    </message>
    <message>
        <source>the session is gone</source>
        <translation>会话已不存在</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Write the whole table to a CSV, Excel, JSON, Parquet, HTML or Markdown file</source>
        <translation>将整个表格写入 CSV、Excel、JSON、Parquet、HTML 或 Markdown 文件</translation>
    </message>
</context>
<context>
    <name>Sandpiper::Ui::WorkspaceTransfer</name>
    <message>
        <source>Copied %1 into the workspace as %2</source>
        <translation>已将 %1 复制到工作区，名为 %2</translation>
    </message>
    <message>
        <source>Not copied: %1</source>
        <translation>未复制：%1</translation>
    </message>
    <message>
        <source>Not saved: %1 is not in the session&apos;s workspace</source>
        <translation>未保存：%1 不在会话的工作区中</translation>
    </message>
    <message>
        <source>Saved %1 from the workspace as %2</source>
        <translation>已将工作区中的 %1 保存为 %2</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
</context>
<context>
    <name>TemplateLibrary</name>
    <message>
        <source>Load Data</source>
        <translation>加载数据</translation>
    </message>
    <message>
        <source>Load a CSV File</source>
        <translation>加载 CSV 文件</translation>
    </message>
    <message>
        <source>Read a CSV file into a DataFrame and show its columns and first rows.</source>
        <translation>将 CSV 文件读入 DataFrame，并显示其列和前几行。</translation>
    </message>
    <message>
        <source>Load an Excel Sheet</source>
        <translation>加载 Excel 工作表</translation>
    </message>
    <message>
        <source>List the sheets of an Excel workbook and read one into a DataFrame.</source>
        <translation>列出 Excel 工作簿中的工作表，并将其中一个读入 DataFrame。</translation>
    </message>
    <message>
        <source>Explore</source>
        <translation>探索</translation>
    </message>
    <message>
        <source>Describe and Group By</source>
        <translation>描述统计与分组</translation>
    </message>
    <message>
        <source>Summary statistics, missing values, and a value summarised per group.</source>
        <translation>汇总统计、缺失值，以及按组汇总的数值。</translation>
    </message>
    <message>
        <source>Machine Learning</source>
        <translation>机器学习</translation>
    </message>
    <message>
        <source>Scale Features and Split Train/Test</source>
        <translation>特征标准化与训练/测试集划分</translation>
    </message>
    <message>
        <source>Impute, standardise (StandardScaler) and one-hot encode features, then hold out a test set with train_test_split.</source>
        <translation>填补缺失值、标准化（StandardScaler）并对特征进行独热编码，然后用 train_test_split 留出测试集。</translation>
    </message>
    <message>
        <source>Train a Classifier</source>
        <translation>训练分类器</translation>
    </message>
    <message>
        <source>A random forest classifier with accuracy, cross-validation, a classification report and a confusion matrix.</source>
        <translation>随机森林分类器，附准确率、交叉验证、分类报告和混淆矩阵。</translation>
    </message>
    <message>
        <source>Train a Regression Model</source>
        <translation>训练回归模型</translation>
    </message>
    <message>
        <source>A linear baseline and gradient boosting compared by MAE, RMSE and R².</source>
        <translation>用 MAE、RMSE 和 R² 比较线性基线模型与梯度提升模型。</translation>
    </message>
    <message>
        <source>Plots</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Distribution Plots</source>
        <translation>分布图</translation>
    </message>
    <message>
        <source>A histogram with a density curve and box plots per group (seaborn).</source>
        <translation>带密度曲线的直方图和分组箱线图（seaborn）。</translation>
    </message>
    <message>
        <source>Scatter Plot with Trend Line</source>
        <translation>带趋势线的散点图</translation>
    </message>
    <message>
        <source>Two numeric columns coloured by a category, with a regression line (seaborn).</source>
        <translation>按类别着色的两个数值列，附回归线（seaborn）。</translation>
    </message>
    <message>
        <source>Correlation Heatmap</source>
        <translation>相关性热图</translation>
    </message>
    <message>
        <source>Pearson correlations of the numeric columns as an annotated heatmap (seaborn).</source>
        <translation>以带标注的热图显示数值列之间的 Pearson 相关系数（seaborn）。</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Compare Two Groups (t-Test)</source>
        <translation>比较两组（t 检验）</translation>
    </message>
    <message>
        <source>Welch&apos;s t-test and the Mann-Whitney U test between two groups (scipy.stats).</source>
        <translation>两组之间的 Welch t 检验和 Mann-Whitney U 检验（scipy.stats）。</translation>
    </message>
    <message>
        <source>Independence Test (Chi-Square)</source>
        <translation>独立性检验（卡方）</translation>
    </message>
    <message>
        <source>A contingency table of two categorical columns and the chi-square test of independence (scipy.stats).</source>
        <translation>两个分类列的列联表及卡方独立性检验（scipy.stats）。</translation>
    </message>
    <message>
        <source>Correlation Test</source>
        <translation>相关性检验</translation>
    </message>
    <message>
        <source>Pearson and Spearman correlation with p-values (scipy.stats).</source>
        <translation>Pearson 和 Spearman 相关系数及其 p 值（scipy.stats）。</translation>
    </message>
    <message>
        <source>Linear Regression (OLS)</source>
        <translation>线性回归（OLS）</translation>
    </message>
    <message>
        <source>An ordinary least squares model from a formula, with its summary table (statsmodels).</source>
        <translation>由公式建立的普通最小二乘模型及其摘要表（statsmodels）。</translation>
    </message>
    <message>
        <source>Time Series</source>
        <translation>时间序列</translation>
    </message>
    <message>
        <source>Forecast with Exponential Smoothing</source>
        <translation>指数平滑预测</translation>
    </message>
    <message>
        <source>A Holt-Winters model checked on held-out periods, then a forecast and its plot (statsmodels).</source>
        <translation>先在留出的时段上检验 Holt-Winters 模型，再给出预测及其图表（statsmodels）。</translation>
    </message>
    <message>
        <source>Forecast with ARIMA</source>
        <translation>ARIMA 预测</translation>
    </message>
    <message>
        <source>A seasonal ARIMA model, its coefficients, and a forecast with a 95 % interval (statsmodels).</source>
        <translation>季节性 ARIMA 模型、其系数，以及带 95% 区间的预测（statsmodels）。</translation>
    </message>
    <message>
        <source>Larger than Memory with Dask</source>
        <translation>用 Dask 处理超出内存的数据</translation>
    </message>
    <message>
        <source>A Dask cluster inside the session reads files in blocks and groups them on its workers, for data that does not fit in memory.</source>
        <translation>会话内的 Dask 集群分块读取文件并在其工作进程上分组汇总，适用于内存放不下的数据。</translation>
    </message>
</context>
<context>
    <name>audit</name>
    <message>
        <source>sandpiper: there is no audit log at %1 yet.</source>
        <translation>sandpiper：%1 处还没有审计日志。</translation>
    </message>
    <message>
        <source>sandpiper: cannot read the audit log %1: %2</source>
        <translation>sandpiper：无法读取审计日志 %1：%2</translation>
    </message>
    <message>
        <source>The audit log %1 holds no records.</source>
        <translation>审计日志 %1 中没有记录。</translation>
    </message>
    <message>
        <source>The audit log %1 is intact: %2 records (%3 to %4).</source>
        <translation>审计日志 %1 完整：%2 条记录（%3 至 %4）。</translation>
    </message>
    <message>
        <source>The audit log %1 was tampered with: %2 (first broken record: %3).</source>
        <translation>审计日志 %1 已被篡改：%2（第一条损坏的记录：%3）。</translation>
    </message>
    <message>
        <source>sandpiper: cannot write %1: %2</source>
        <translation>sandpiper：无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Wrote %1 records of the audit log to %2.</source>
        <translation>已将审计日志的 %1 条记录写入 %2。</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Sandpiper, a data-science workbench.</source>
        <translation>Sandpiper，数据科学工作台。</translation>
    </message>
    <message>
        <source>Show the main window, save a PNG of it to &lt;file&gt;, exit.</source>
        <translation>显示主窗口，将其 PNG 截图保存到 &lt;file&gt;，然后退出。</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Print milliseconds from process start to the first paint, then exit.</source>
        <translation>打印从进程启动到首次绘制的毫秒数，然后退出。</translation>
    </message>
    <message>
        <source>Try &apos;sandpiper --help&apos;.</source>
        <translation>请尝试 &apos;sandpiper --help&apos;。</translation>
    </message>
    <message>
        <source>--%1 needs a positive whole number, not &apos;%2&apos;.</source>
        <translation>--%1 需要一个正整数，而不是 &apos;%2&apos;。</translation>
    </message>
    <message>
        <source>Run &lt;script&gt; cell by cell without a window and write a report (needs --out).</source>
        <translation>不打开窗口，逐个单元格运行 &lt;script&gt; 并写出报告（需要 --out）。</translation>
    </message>
    <message>
        <source>script</source>
        <translation>脚本</translation>
    </message>
    <message>
        <source>Folder for the batch report.</source>
        <translation>批处理报告的文件夹。</translation>
    </message>
    <message>
        <source>dir</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>Batch: run every cell even after one fails.</source>
        <translation>批处理：即使某个单元格失败也继续运行所有单元格。</translation>
    </message>
    <message>
        <source>Batch: wall-time limit per cell (default 600).</source>
        <translation>批处理：每个单元格的运行时间限制（默认 600）。</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>Batch: memory limit of the session.</source>
        <translation>批处理：会话的内存限制。</translation>
    </message>
    <message>
        <source>MB</source>
        <translation>MB</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;.</source>
        <translation>意外的参数 &apos;%1&apos;。</translation>
    </message>
    <message>
        <source>--%1 is only for --batch.</source>
        <translation>--%1 只能与 --batch 一起使用。</translation>
    </message>
    <message>
        <source>--batch needs --out DIR.</source>
        <translation>--batch 需要 --out DIR。</translation>
    </message>
    <message>
        <source>Files to open: scripts in the editor, datasets in the import dialog.</source>
        <translation>要打开的文件：脚本在编辑器中打开，数据集在导入对话框中打开。</translation>
    </message>
    <message>
        <source>Batch: copy &lt;file&gt; into the session&apos;s workspace before the script runs (repeatable).</source>
        <translation>批处理：在脚本运行前把 &lt;file&gt; 复制到会话工作区（可重复）。</translation>
    </message>
    <message>
        <source>Print, as JSON, how the import dialog would read &lt;file&gt;, with the pandas code that loads it, then exit.</source>
        <translation>以 JSON 输出导入对话框将如何读取 &lt;file&gt;，以及加载它的 pandas 代码，然后退出。</translation>
    </message>
    <message>
        <source>--sniff takes one file and nothing else.</source>
        <translation>--sniff 只接受一个文件，不能与其他参数同用。</translation>
    </message>
    <message>
        <source>--figure-format: &apos;%1&apos; is not one of %2.</source>
        <translation>--figure-format：“%1”不是 %2 之一。</translation>
    </message>
    <message>
        <source>--figure-format needs a format.</source>
        <translation>--figure-format 需要一种格式。</translation>
    </message>
    <message>
        <source>--figure-size needs &lt;width&gt;x&lt;height&gt; in inches, e.g. 6x4, not &apos;%1&apos;.</source>
        <translation>--figure-size 需要以英寸为单位的 &lt;宽&gt;x&lt;高&gt;，例如 6x4，而不是“%1”。</translation>
    </message>
    <message>
        <source>list</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>WxH</source>
        <translation>宽x高</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Batch: how figures are written, any of png, jpeg, svg, pdf and html; given, it applies to Plotly and Altair charts too; default png,svg for matplotlib and html for charts.</source>
        <translation>批处理：图的写出格式，可为 png、jpeg、svg、pdf 和 html 中的任意几种；指定后也适用于 Plotly 和 Altair 图表；默认 matplotlib 为 png,svg，图表为 html。</translation>
    </message>
    <message>
        <source>Batch: draw every figure &lt;w&gt;x&lt;h&gt; inches, e.g. 6x4 (charts too, with --figure-format).</source>
        <translation>批处理：将每个图绘制为 &lt;宽&gt;x&lt;高&gt; 英寸，例如 6x4（配合 --figure-format 时也包括图表）。</translation>
    </message>
    <message>
        <source>Batch: resolution of figures (charts too, with --figure-format).</source>
        <translation>批处理：图的分辨率（配合 --figure-format 时也包括图表）。</translation>
    </message>
    <message>
        <source>Check the audit log&apos;s hash chain, name the first record that was changed or removed, then exit.</source>
        <translation>检查审计日志的哈希链，指出第一条被修改或删除的记录，然后退出。</translation>
    </message>
    <message>
        <source>Write the audit log to &lt;file&gt; (CSV, or JSON when it ends in .json), then exit.</source>
        <translation>将审计日志写入 &lt;file&gt;（CSV，以 .json 结尾时为 JSON），然后退出。</translation>
    </message>
    <message>
        <source>--verify-audit and --export-audit FILE are used alone.</source>
        <translation>--verify-audit 和 --export-audit FILE 须单独使用。</translation>
    </message>
    <message>
        <source>Start a session, print what its sandbox gives it on this host, then exit (0: fully sandboxed, 3: partly, 4: not at all, 1: the engine did not start).</source>
        <translation>启动一个会话，打印本机沙箱为它提供的保护，然后退出（0：完全沙箱化，3：部分，4：没有，1：引擎没有启动）。</translation>
    </message>
    <message>
        <source>--sandbox-report is used alone.</source>
        <translation>--sandbox-report 只能单独使用。</translation>
    </message>
</context>
</TS>
