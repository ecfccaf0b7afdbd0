<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Sandpiper::Client::Session</name>
    <message>
        <source>the engine did not answer within %1 s</source>
        <translation>引擎在 %1 秒内没有响应</translation>
    </message>
    <message>
        <source>the engine closed its connection</source>
        <translation>引擎关闭了连接</translation>
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
        <source>stopped after the time limit of %1 s</source>
        <translation>超过 %1 秒的时间限制后已停止</translation>
    </message>
    <message>
        <source>not run: interrupted before it started</source>
        <translation>未运行：在开始之前已被中断</translation>
    </message>
    <message>
        <source>the time limit of %1 s was exceeded and the code did not stop when interrupted; the session was restarted and its variables were lost</source>
        <translation>超过了 %1 秒的时间限制，且代码在中断后没有停止；会话已重启，其变量已丢失</translation>
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
    <name>Sandpiper::Ui::Editor</name>
    <message>
        <source># %%
# Write Python here. Cells start with &apos;# %%&apos;.
import pandas as pd
</source>
        <translation># %%
# 在此编写 Python 代码。单元格以 '# %%' 开头。
import pandas as pd
</translation>
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
        <source>untitled.py</source>
        <translation>未命名.py</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Browse the workspace and load CSV, Excel and JSON datasets.</source>
        <translation>浏览工作区并加载 CSV、Excel 和 JSON 数据集。</translation>
    </message>
    <message>
        <source>Variables</source>
        <translation>变量</translation>
    </message>
    <message>
        <source>Names in the live session with their type, shape and size.</source>
        <translation>当前会话中的名称及其类型、形状和大小。</translation>
    </message>
    <message>
        <source>Plots</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Figures and interactive charts from the session.</source>
        <translation>会话生成的图形和交互式图表。</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <source>Output of the Python session and a prompt to run code.</source>
        <translation>Python 会话的输出以及运行代码的输入行。</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>资源</translation>
    </message>
    <message>
        <source>Memory and CPU of the sandboxed session over time, with its limits.</source>
        <translation>沙箱会话随时间变化的内存和 CPU 用量及其限制。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
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
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
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
        <source>Run &amp;Cell</source>
        <translation>运行单元格(&amp;C)</translation>
    </message>
    <message>
        <source>Run Cell and &amp;Advance</source>
        <translation>运行单元格并前进(&amp;A)</translation>
    </message>
    <message>
        <source>Run &amp;Selection</source>
        <translation>运行选中内容(&amp;S)</translation>
    </message>
    <message>
        <source>Run &amp;File</source>
        <translation>运行文件(&amp;F)</translation>
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
        <source>&amp;Format with Black</source>
        <translation>用 Black 格式化(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Lint with Flake8</source>
        <translation>用 Flake8 检查(&amp;L)</translation>
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
</context>
</TS>
