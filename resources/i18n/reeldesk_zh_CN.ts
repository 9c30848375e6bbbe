<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Application</name>
    <message>
        <location filename="../../ui/application.py" line="143"/>
        <source>Your settings file could not be read and was set aside as %1. ReelDesk started with default settings.</source>
        <extracomment>A second launch that brought the running ReelDesk&apos;s window forward instead. Names of the tasks left behind when closing ran out of time.</extracomment>
        <translation>无法读取您的设置文件，已将其另存为 %1。ReelDesk 已使用默认设置启动。</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="154"/>
        <source>These settings were not valid and went back to their defaults: %1.</source>
        <translation>以下设置无效，已恢复为默认值：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="266"/>
        <source>ReelDesk is already running as process %1, but it does not answer: it may still be starting, or be stuck while closing.

Wait a moment and start ReelDesk again. If this message comes back, end process %1 first.</source>
        <translation>ReelDesk 已在运行（进程 %1），但没有响应：它可能仍在启动，或在关闭时卡住了。

请稍候再启动 ReelDesk。如果仍出现此消息，请先结束进程 %1。</translation>
    </message>
</context>
<context>
    <name>DetailsPane</name>
    <message>
        <location filename="../../ui/details.py" line="175"/>
        <location filename="../../ui/details.py" line="345"/>
        <source>▶ Play</source>
        <translation>▶ 播放</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="154"/>
        <source>Status</source>
        <extracomment>The video&apos;s width in a roomy pane, and in a narrow one (16:10 either way).</extracomment>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="155"/>
        <source>Settings</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="156"/>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="157"/>
        <source>Credits</source>
        <translation>积分</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="158"/>
        <source>Task id</source>
        <translation>任务 ID</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="159"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="178"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="179"/>
        <source>Reveal</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="180"/>
        <source>Reuse settings</source>
        <translation>复用设置</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="181"/>
        <source>Submit again…</source>
        <translation>再次提交…</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="182"/>
        <source>Stop tracking…</source>
        <translation>停止跟踪…</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="183"/>
        <source>Retry saving</source>
        <translation>重试保存</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="184"/>
        <source>Service reply</source>
        <translation>服务回复</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="264"/>
        <source>No video selected</source>
        <translation>未选择视频</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="274"/>
        <source>Select a job to see its details.</source>
        <translation>选择一个任务以查看详情。</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="291"/>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="345"/>
        <source>❚❚ Pause</source>
        <translation>❚❚ 暂停</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <location filename="../../ui/errors.py" line="90"/>
        <source>ReelDesk – unexpected error</source>
        <translation>ReelDesk – 意外错误</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="91"/>
        <source>Something unexpected went wrong. ReelDesk keeps running.</source>
        <translation>发生了意外错误。ReelDesk 会继续运行。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="94"/>
        <source>If a job stops moving, quit and reopen ReelDesk: it picks up every unfinished job again. The details below are also in the log.</source>
        <translation>如果某个任务不再推进，请退出并重新打开 ReelDesk：它会重新接管所有未完成的任务。以下详细信息也已写入日志。</translation>
    </message>
</context>
<context>
    <name>GenerationForm</name>
    <message>
        <location filename="../../ui/form.py" line="74"/>
        <source>&amp;Prompt</source>
        <translation>提示词(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="77"/>
        <source>Describe the video: subject, action, setting, camera, mood…</source>
        <translation>描述视频：主体、动作、场景、镜头、氛围…</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="95"/>
        <source>Advanced (&amp;negative prompt)</source>
        <translation>高级（反向提示词）(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="102"/>
        <source>Things to avoid, comma-separated</source>
        <translation>要避免的内容，用逗号分隔</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="121"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="123"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="125"/>
        <source>Anime</source>
        <translation>动漫</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="126"/>
        <source>3D animation</source>
        <translation>3D 动画</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="127"/>
        <source>Clay</source>
        <translation>黏土</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="128"/>
        <source>Comic</source>
        <translation>漫画</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="129"/>
        <source>Cyberpunk</source>
        <translation>赛博朋克</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="134"/>
        <source>Service default</source>
        <translation>服务默认</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="136"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="137"/>
        <source>Always rewrite</source>
        <translation>始终改写</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="138"/>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="142"/>
        <source>Let the service rewrite the prompt before generating</source>
        <translation>让服务在生成前改写提示词</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="146"/>
        <source>&amp;Length</source>
        <translation>时长(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="150"/>
        <source>&amp;Aspect</source>
        <translation>比例(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="152"/>
        <source>&amp;Quality</source>
        <translation>画质(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="154"/>
        <source>St&amp;yle</source>
        <translation>风格(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="156"/>
        <source>Prompt &amp;optimisation</source>
        <translation>提示词优化(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="164"/>
        <source>A&amp;udio</source>
        <translation>音频(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="165"/>
        <source>Background sound, effects and dialogue</source>
        <translation>背景音、音效和对白</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="166"/>
        <source>&amp;Multi-clip</source>
        <translation>多镜头(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="168"/>
        <source>Several shots with camera changes (left to the service unless you set it)</source>
        <translation>多个镜头并切换机位（除非您设置，否则由服务决定）</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="177"/>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="180"/>
        <source>Same settings and seed give closer results</source>
        <translation>相同的设置和种子会得到更接近的结果</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="183"/>
        <source>Pick a random seed</source>
        <translation>随机选择一个种子</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="184"/>
        <source>&amp;Seed</source>
        <translation>种子(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="193"/>
        <source>Va&amp;riations</source>
        <translation>变体数量(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="328"/>
        <source>Demo mode: the built-in simulator makes the videos, at no cost.</source>
        <translation>演示模式：视频由内置模拟器生成，不产生费用。</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="330"/>
        <source>Each video is a separate, paid submission.</source>
        <translation>每个视频都是一次单独的付费提交。</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="359"/>
        <source>Generating…</source>
        <translation>正在提交…</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="361"/>
        <source>Generate 1 video</source>
        <translation>生成 1 个视频</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/form.py" line="363"/>
        <source>Generate %n videos</source>
        <translation>
            <numerusform>生成 %n 个视频</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="373"/>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
</context>
<context>
    <name>JobTableModel</name>
    <message>
        <location filename="../../ui/job_model.py" line="249"/>
        <source>Prompt</source>
        <extracomment>Progress 0-100, or -1 while unknown (pending: a busy bar). &quot;ok&quot;, &quot;problem&quot;, &quot;muted&quot; or &quot;&quot; (for the status colour).</extracomment>
        <translation>提示词</translation>
    </message>
    <message>
        <location filename="../../ui/job_model.py" line="250"/>
        <source>Settings</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../ui/job_model.py" line="251"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/job_model.py" line="252"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/job_model.py" line="253"/>
        <source>Credits</source>
        <translation>积分</translation>
    </message>
    <message>
        <location filename="../../ui/job_model.py" line="312"/>
        <source>Demo</source>
        <translation>演示</translation>
    </message>
    <message>
        <location filename="../../ui/job_model.py" line="331"/>
        <source>~%1 left</source>
        <translation>约剩 %1</translation>
    </message>
    <message>
        <location filename="../../ui/job_model.py" line="338"/>
        <source>link %1 h left</source>
        <translation>链接剩 %1 小时</translation>
    </message>
</context>
<context>
    <name>KeyField</name>
    <message>
        <location filename="../../ui/key_field.py" line="30"/>
        <location filename="../../ui/key_field.py" line="41"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../ui/key_field.py" line="41"/>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../../ui/key_field.py" line="54"/>
        <source>No keychain</source>
        <translation>没有钥匙串</translation>
    </message>
    <message>
        <location filename="../../ui/key_field.py" line="55"/>
        <source>The system keychain is not available (%1).

Store the key in a private file that only your user can read?
%2</source>
        <translation>系统钥匙串不可用（%1）。

是否将密钥保存在只有您的用户可以读取的私有文件中？
%2</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/application.py" line="93"/>
        <source>Live · %1</source>
        <translation>在线 · %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="137"/>
        <source>Search prompts…</source>
        <translation>搜索提示词…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="142"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="143"/>
        <source>Running</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="144"/>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="145"/>
        <source>Needs attention</source>
        <translation>需要处理</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="447"/>
        <source>&amp;Keep tracking in the tray</source>
        <translation>在托盘中继续跟踪(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="177"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="84"/>
        <source>&amp;New video</source>
        <extracomment>How the job actions group in the context menu, separated by lines.</extracomment>
        <translation>新建视频(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="89"/>
        <source>Open videos &amp;folder</source>
        <translation>打开视频文件夹(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="94"/>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="449"/>
        <location filename="../../ui/window_actions.py" line="102"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="184"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="118"/>
        <source>&amp;Copy prompt</source>
        <translation>复制提示词(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="111"/>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="114"/>
        <source>R&amp;eveal in file manager</source>
        <translation>在文件管理器中显示(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="122"/>
        <source>&amp;Reuse settings</source>
        <translation>复用设置(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="126"/>
        <source>&amp;Submit again…</source>
        <translation>再次提交(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="131"/>
        <source>S&amp;top tracking…</source>
        <translation>停止跟踪(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="136"/>
        <source>Retry sa&amp;ving</source>
        <translation>重试保存(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="141"/>
        <source>Re&amp;move from history…</source>
        <translation>从历史中移除(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="145"/>
        <source>Show service re&amp;ply</source>
        <translation>显示服务回复(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="148"/>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="195"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="153"/>
        <source>Show &amp;details</source>
        <translation>显示详情(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="200"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="168"/>
        <source>Open &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="171"/>
        <source>&amp;About ReelDesk</source>
        <translation>关于 ReelDesk(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="80"/>
        <source>Show ReelDesk</source>
        <translation>显示 ReelDesk</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="82"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/main_window.py" line="298"/>
        <location filename="../../ui/tray.py" line="100"/>
        <source>%n running</source>
        <translation>
            <numerusform>%n 个进行中</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="60"/>
        <source>%n in flight</source>
        <translation>%n 个处理中</translation>
    </message>
    <message>
        <location filename="../../ui/job_commands.py" line="114"/>
        <source>Submit this video again? It is a new, paid submission.</source>
        <translation>再次提交此视频？这是一次新的付费提交。</translation>
    </message>
    <message>
        <location filename="../../ui/job_commands.py" line="119"/>
        <source>Submit this video again? (Demo mode: no cost.)</source>
        <translation>再次提交此视频？（演示模式：不产生费用。）</translation>
    </message>
    <message>
        <location filename="../../ui/job_commands.py" line="123"/>
        <source>Last time it cost %1 credits.</source>
        <translation>上次花费了 %1 积分。</translation>
    </message>
    <message>
        <location filename="../../ui/job_commands.py" line="128"/>
        <source>Submit again</source>
        <translation>再次提交</translation>
    </message>
    <message>
        <location filename="../../ui/job_commands.py" line="139"/>
        <source>Stop tracking</source>
        <translation>停止跟踪</translation>
    </message>
    <message>
        <location filename="../../ui/job_commands.py" line="140"/>
        <source>FoxAPI cannot cancel a task: the credits are spent anyway. ReelDesk will stop checking on this job and will not save its video.</source>
        <translation>FoxAPI 无法取消任务：积分仍会被扣除。ReelDesk 将停止检查此任务，也不会保存它的视频。</translation>
    </message>
    <message>
        <location filename="../../ui/job_commands.py" line="155"/>
        <source>Remove from history</source>
        <translation>从历史中移除</translation>
    </message>
    <message>
        <location filename="../../ui/job_commands.py" line="156"/>
        <source>Remove this job from the history?</source>
        <translation>从历史中移除此任务？</translation>
    </message>
    <message>
        <location filename="../../ui/job_commands.py" line="158"/>
        <source>Remove %n jobs from the history?</source>
        <translation>从历史中移除 %n 个任务？</translation>
    </message>
    <message>
        <location filename="../../ui/job_commands.py" line="100"/>
        <source>Prompt copied</source>
        <translation>已复制提示词</translation>
    </message>
    <message>
        <location filename="../../ui/job_commands.py" line="165"/>
        <source>&amp;Also delete the video files</source>
        <translation>同时删除视频文件(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/job_commands.py" line="182"/>
        <source>Service reply</source>
        <translation>服务回复</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="243"/>
        <source>About ReelDesk</source>
        <translation>关于 ReelDesk</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="244"/>
        <source>ReelDesk %1
A desktop studio for PixVerse V6 videos through FoxAPI.</source>
        <translation>ReelDesk %1
通过 FoxAPI 制作 PixVerse V6 视频的桌面工作室。</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="84"/>
        <source>Balance: unlimited</source>
        <translation>余额：无限</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="88"/>
        <source>Balance $%1</source>
        <translation>余额 $%1</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="94"/>
        <source>Balance %1 credits</source>
        <translation>余额 %1 积分</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="114"/>
        <source>%n saved</source>
        <translation>已保存 %n 个</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="116"/>
        <source>%n failed</source>
        <translation>失败 %n 个</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="435"/>
        <source>Jobs are still running</source>
        <translation>仍有任务在运行</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="436"/>
        <source>A job is still being generated or saved.</source>
        <translation>有一个任务仍在生成或保存中。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/main_window.py" line="438"/>
        <source>%n jobs are still being generated or saved.</source>
        <translation>
            <numerusform>有 %n 个任务仍在生成或保存中。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="440"/>
        <source>They continue the next time ReelDesk starts, whichever you choose.</source>
        <translation>无论您如何选择，下次启动 ReelDesk 时它们都会继续。</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../ui/preferences.py" line="88"/>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="100"/>
        <source>Service &amp;address</source>
        <translation>服务地址(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="106"/>
        <source>API &amp;key</source>
        <translation>API 密钥(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="109"/>
        <source>&amp;Demo mode: use the built-in simulator (no key, no cost)</source>
        <translation>演示模式(&amp;D)：使用内置模拟器（无需密钥，不产生费用）</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="126"/>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="127"/>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="134"/>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="143"/>
        <source>Download &amp;folder</source>
        <translation>下载文件夹(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="145"/>
        <source>File &amp;name</source>
        <translation>文件名(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="148"/>
        <source>Fields: {date} {time} {prompt} {task} {ratio} {resolution} {duration} {seed}</source>
        <translation>可用字段：{date} {time} {prompt} {task} {ratio} {resolution} {duration} {seed}</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="152"/>
        <source>Saving</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="113"/>
        <source>Use the s&amp;ystem proxy</source>
        <translation>使用系统代理(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="114"/>
        <source>&amp;No proxy</source>
        <translation>不使用代理(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="115"/>
        <source>C&amp;ustom:</source>
        <translation>自定义(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="140"/>
        <source>B&amp;rowse…</source>
        <translation>浏览(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="156"/>
        <source>Start the form with the values I used &amp;last</source>
        <translation>表单以我上次使用的值开始(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="159"/>
        <source>&amp;Notify me when a batch of videos is done</source>
        <translation>一批视频完成时通知我(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="161"/>
        <source>Submissions sent at &amp;once</source>
        <translation>同时提交数量(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="163"/>
        <source>Generation</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="168"/>
        <location filename="../../ui/preferences.py" line="172"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="173"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="174"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="175"/>
        <source>A new language applies when ReelDesk restarts.</source>
        <translation>新的语言将在 ReelDesk 重新启动后生效。</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="176"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="178"/>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="179"/>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="253"/>
        <source>In use: %1, from the environment variable %2, which overrides the address saved here.</source>
        <translation>正在使用：%1，来自环境变量 %2，它覆盖了此处保存的地址。</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="264"/>
        <source>The key in the environment variable %1 is in use: it overrides any key stored here. A key entered here is stored, and used once %1 is unset.</source>
        <translation>正在使用环境变量 %1 中的密钥：它覆盖此处存储的任何密钥。在此输入的密钥会被存储，并在取消设置 %1 后使用。</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="284"/>
        <source>in the system keychain</source>
        <translation>保存在系统钥匙串中</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="286"/>
        <source>in the private file %1</source>
        <translation>保存在私有文件 %1 中</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="289"/>
        <source>A key is stored (%1) %2. Leave the field empty to keep it.</source>
        <translation>已存储密钥（%1），%2。留空则保留它。</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="294"/>
        <source>No key is stored yet.</source>
        <translation>尚未存储密钥。</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="326"/>
        <source>Example: %1</source>
        <translation>示例：%1</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="334"/>
        <source>Download folder</source>
        <translation>下载文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="379"/>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="403"/>
        <source>The service answered.</source>
        <translation>服务已响应。</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="405"/>
        <source>The service could not be reached.</source>
        <translation>无法连接到服务。</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="407"/>
        <source>The key was accepted.</source>
        <translation>密钥已被接受。</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="409"/>
        <source>The key was not accepted.</source>
        <translation>密钥未被接受。</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="412"/>
        <source>Balance: $%1</source>
        <translation>余额：$%1</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="415"/>
        <source>Balance: %1 credits</source>
        <translation>余额：%1 积分</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="418"/>
        <source>The service does not report a balance.</source>
        <translation>服务未提供余额信息。</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="454"/>
        <source>Demo mode stays on until there is an API key. Enter your key in the API key field (or set the environment variable %1) and press OK, or tick Demo mode again.</source>
        <translation>在有 API 密钥之前，演示模式保持开启。请在“API 密钥”字段中输入密钥（或设置环境变量 %1）并按“确定”，或重新勾选演示模式。</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="462"/>
        <source>The key was not saved; nothing was changed.</source>
        <translation>密钥未保存；没有任何更改。</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <location filename="../../ui/welcome.py" line="47"/>
        <location filename="../../ui/welcome.py" line="51"/>
        <source>Welcome to ReelDesk</source>
        <translation>欢迎使用 ReelDesk</translation>
    </message>
    <message>
        <location filename="../../ui/welcome.py" line="55"/>
        <source>Make short videos with PixVerse V6 through FoxAPI. Paste your FoxAPI key to start, or look around first in demo mode.</source>
        <translation>通过 FoxAPI 使用 PixVerse V6 制作短视频。粘贴您的 FoxAPI 密钥即可开始，或先在演示模式中看看。</translation>
    </message>
    <message>
        <location filename="../../ui/welcome.py" line="63"/>
        <source>FoxAPI &amp;key</source>
        <translation>FoxAPI 密钥(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/welcome.py" line="67"/>
        <source>No key yet? Create one at &lt;a href=&quot;%1&quot;&gt;foxapi.cc&lt;/a&gt;.</source>
        <translation>还没有密钥？请在 &lt;a href=&quot;%1&quot;&gt;foxapi.cc&lt;/a&gt; 创建。</translation>
    </message>
    <message>
        <location filename="../../ui/welcome.py" line="75"/>
        <source>The key is kept in your system keychain, never in a plain file unless you agree.</source>
        <translation>密钥保存在系统钥匙串中；除非您同意，绝不会写入普通文件。</translation>
    </message>
    <message>
        <location filename="../../ui/welcome.py" line="86"/>
        <source>Try &amp;demo mode (no key, no cost)</source>
        <translation>试用演示模式(&amp;D)（无需密钥，不产生费用）</translation>
    </message>
    <message>
        <location filename="../../ui/welcome.py" line="87"/>
        <location filename="../../ui/welcome.py" line="142"/>
        <location filename="../../ui/welcome.py" line="151"/>
        <source>&amp;Use this key</source>
        <translation>使用此密钥(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/welcome.py" line="136"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../ui/welcome.py" line="147"/>
        <source>The key was not saved. Try again or use demo mode.</source>
        <translation>密钥未保存。请重试或使用演示模式。</translation>
    </message>
</context>
</TS>
