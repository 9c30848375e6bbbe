<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Application</name>
    <message>
        <location filename="../../ui/application.py" line="205" />
        <source>Your settings file could not be read and was set aside as %1. ReelDesk started with default settings.</source>
        <extracomment>A second launch that brought the running ReelDesk's window forward instead. Names of the tasks left behind when closing ran out of time. Set by "Repair history…": close the window and the history, then start again with the repair dialog first (``_main``). The translations installed for the language in use (``switch_language`` swaps them). The cycle collector, held off while the window is made (``start_session``).</extracomment>
        <translation>无法读取您的设置文件，已将其另存为 %1。ReelDesk 已使用默认设置启动。</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="216" />
        <source>These settings were not valid and went back to their defaults: %1.</source>
        <translation>以下设置无效，已恢复为默认值：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="371" />
        <source>&amp;Repair…</source>
        <extracomment>Problems that restoring a backup or rebuilding from the videos can mend.</extracomment>
        <translation>修复(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="373" />
        <source>&amp;Try again</source>
        <translation>重试(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="377" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="425" />
        <source>ReelDesk is already running as process %1, but it does not answer: it may still be starting, or be stuck while closing.

Wait a moment and start ReelDesk again. If this message comes back, end process %1 first.</source>
        <translation>ReelDesk 已在运行（进程 %1），但没有响应：它可能仍在启动，或在关闭时卡住了。

请稍候再启动 ReelDesk。如果仍出现此消息，请先结束进程 %1。</translation>
    </message>
</context>
<context>
    <name>CompareWindow</name>
    <message>
        <location filename="../../ui/compare.py" line="317" />
        <source>Compare takes</source>
        <extracomment>How often followers are checked against the leader, and how far one may drift (in frames) before it plays a little faster or slower to catch up. Positions move a whole frame at a time and are read one after the other, so takes in step can read a frame apart. Further off than this, a follower is sought to the leader instead. How much faster or slower a follower plays while it catches up. The backward shuttle's step; its speed is the rate × this step per tick.</extracomment>
        <translation>对比视频</translation>
    </message>
    <message>
        <location filename="../../ui/compare.py" line="318" />
        <source>Position</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../ui/compare.py" line="319" />
        <source>&amp;Loop</source>
        <translation>循环(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/compare.py" line="321" />
        <source>Space play · ←/→ frame · J K L shuttle · 1-4 sound · P X U Alt+0-5 mark</source>
        <translation>空格 播放 · ←/→ 逐帧 · J K L 穿梭 · 1-4 声音 · P X U Alt+0-5 标记</translation>
    </message>
    <message>
        <location filename="../../ui/compare.py" line="337" />
        <source>❚❚ Pause</source>
        <translation>❚❚ 暂停</translation>
    </message>
    <message>
        <location filename="../../ui/compare.py" line="337" />
        <source>▶ Play</source>
        <translation>▶ 播放</translation>
    </message>
    <message>
        <location filename="../../ui/compare.py" line="345" />
        <source>Picked</source>
        <translation>已选用</translation>
    </message>
    <message>
        <location filename="../../ui/compare.py" line="346" />
        <source>Rejected</source>
        <translation>已弃用</translation>
    </message>
    <message>
        <location filename="../../ui/compare.py" line="352" />
        <source>♪ sound</source>
        <translation>♪ 声音</translation>
    </message>
</context>
<context>
    <name>Cull</name>
    <message>
        <location filename="../../ui/cull.py" line="28" />
        <source>&amp;Pick</source>
        <translation>选用(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/cull.py" line="29" />
        <source>&amp;Reject</source>
        <translation>弃用(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/cull.py" line="30" />
        <source>&amp;Unflag</source>
        <translation>取消标记(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/cull.py" line="31" />
        <source>No stars</source>
        <translation>无星级</translation>
    </message>
    <message>
        <location filename="../../ui/cull.py" line="35" />
        <source>1 star</source>
        <translation>1 星</translation>
    </message>
    <message>
        <location filename="../../ui/cull.py" line="37" />
        <source>%n stars</source>
        <translation>%n 星</translation>
    </message>
</context>
<context>
    <name>DetailsPane</name>
    <message>
        <location filename="../../ui/details.py" line="351" />
        <location filename="../../ui/details.py" line="476" />
        <source>▶ Play</source>
        <translation>▶ 播放</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="315" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="316" />
        <source>Settings</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="317" />
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="318" />
        <source>Credits</source>
        <translation>积分</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="319" />
        <source>Task id</source>
        <translation>任务 ID</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="320" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="321" />
        <source>Chain</source>
        <translation>接续链</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="337" />
        <source>Show service reply</source>
        <translation>显示服务回复</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="339" />
        <source>◀ Continues</source>
        <translation>◀ 接续自</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="346" />
        <source>Show the take this one continues</source>
        <translation>显示此视频所接续的视频</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="340" />
        <source>Continued by ▶</source>
        <translation>被接续 ▶</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="347" />
        <source>Show the first take that continues this one</source>
        <translation>显示第一个接续此视频的视频</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="331" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="332" />
        <source>Reveal</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="333" />
        <source>Reuse settings</source>
        <translation>复用设置</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="334" />
        <source>Submit again…</source>
        <translation>再次提交…</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="335" />
        <source>Stop tracking…</source>
        <translation>停止跟踪…</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="336" />
        <source>Retry saving</source>
        <translation>重试保存</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="338" />
        <source>Continue from last frame</source>
        <translation>从最后一帧接续</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="344" />
        <source>A new take that starts on this one's last frame (Ctrl+Shift+L)</source>
        <translation>以此视频的最后一帧开始一个新视频（Ctrl+Shift+L）</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="307" />
        <source>No video selected</source>
        <extracomment>The video's width in a roomy pane, and in a narrow one (16:10 either way). The person asked to see another take of the chain (its job id).</extracomment>
        <translation>未选择视频</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="348" />
        <source>Job details</source>
        <translation>任务详情</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="366" />
        <source>Select a job to see its details.</source>
        <translation>选择一个任务以查看详情。</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="390" />
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="428" />
        <source>continues “%1”</source>
        <translation>接续自“%1”</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="430" />
        <source>continues a take no longer in the history</source>
        <translation>接续自一个已不在历史记录中的视频</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="432" />
        <source>continuations: %1</source>
        <translation>接续：%1</translation>
    </message>
    <message>
        <location filename="../../ui/details.py" line="351" />
        <location filename="../../ui/details.py" line="476" />
        <source>❚❚ Pause</source>
        <translation>❚❚ 暂停</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <location filename="../../ui/errors.py" line="90" />
        <source>ReelDesk – unexpected error</source>
        <translation>ReelDesk – 意外错误</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="91" />
        <source>Something unexpected went wrong. ReelDesk keeps running.</source>
        <translation>发生了意外错误。ReelDesk 会继续运行。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="94" />
        <source>If a job stops moving, quit and reopen ReelDesk: it picks up every unfinished job again. The details below are also in the log.</source>
        <translation>如果某个任务不再推进，请退出并重新打开 ReelDesk：它会重新接管所有未完成的任务。以下详细信息也已写入日志。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../ui/export_dialog.py" line="88" />
        <source>Export takes</source>
        <translation>导出视频</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/export_dialog.py" line="91" />
        <source>&amp;Picked takes in the list (%n)</source>
        <translation>
            <numerusform>列表中已选用的视频（%n）(&amp;P)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/export_dialog.py" line="92" />
        <source>&amp;Selected takes (%n)</source>
        <translation>
            <numerusform>所选视频（%n）(&amp;S)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="101" />
        <source>Takes:</source>
        <translation>视频：</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="104" />
        <source>A new or empty folder; it is made for the export</source>
        <translation>一个新的或空的文件夹；导出时会创建它</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="105" />
        <source>Export folder</source>
        <translation>导出文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="106" />
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="110" />
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="113" />
        <source>&amp;OpenTimelineIO (.otio)</source>
        <translation>OpenTimelineIO（.otio）(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="114" />
        <source>&amp;Final Cut Pro XML (.xml)</source>
        <translation>Final Cut Pro XML（.xml）(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="115" />
        <source>CMX 3600 &amp;EDL (.edl)</source>
        <translation>CMX 3600 EDL（.edl）(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="121" />
        <source>Timeline:</source>
        <translation>时间线：</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="125" />
        <source>Export progress</source>
        <translation>导出进度</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="136" />
        <source>E&amp;xport</source>
        <translation>导出(&amp;X)</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="165" />
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
</context>
<context>
    <name>GenerationForm</name>
    <message>
        <location filename="../../ui/form.py" line="697" />
        <source>&amp;Prompt</source>
        <translation>提示词(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="699" />
        <source>Describe the video: subject, action, setting, camera, mood…</source>
        <translation>描述视频：主体、动作、场景、镜头、氛围…</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="701" />
        <source>Advanced (&amp;negative prompt)</source>
        <translation>高级（反向提示词）(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="702" />
        <source>Things to avoid, comma-separated</source>
        <translation>要避免的内容，用逗号分隔</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="704" />
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="705" />
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="679" />
        <source>Anime</source>
        <translation>动漫</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="680" />
        <source>3D animation</source>
        <translation>3D 动画</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="681" />
        <source>Clay</source>
        <translation>黏土</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="682" />
        <source>Comic</source>
        <translation>漫画</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="683" />
        <source>Cyberpunk</source>
        <translation>赛博朋克</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="688" />
        <source>Service default</source>
        <translation>服务默认</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="689" />
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="690" />
        <source>Always rewrite</source>
        <translation>始终改写</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="691" />
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="703" />
        <source>Negative prompt</source>
        <translation>反向提示词</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="711" />
        <source>Let the service rewrite the prompt before generating</source>
        <translation>让服务在生成前改写提示词</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="712" />
        <source>&amp;Length</source>
        <translation>时长(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="713" />
        <source>&amp;Aspect</source>
        <translation>比例(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="714" />
        <source>&amp;Quality</source>
        <translation>画质(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="715" />
        <source>St&amp;yle</source>
        <translation>风格(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="716" />
        <source>Prompt &amp;optimisation</source>
        <translation>提示词优化(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="717" />
        <source>A&amp;udio</source>
        <translation>音频(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="718" />
        <source>Background sound, effects and dialogue</source>
        <translation>背景音、音效和对白</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="719" />
        <source>&amp;Multi-clip</source>
        <translation>多镜头(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="721" />
        <source>Several shots with camera changes (left to the service unless you set it)</source>
        <translation>多个镜头并切换机位（除非您设置，否则由服务决定）</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="723" />
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="724" />
        <source>Same settings and seed give closer results</source>
        <translation>相同的设置和种子会得到更接近的结果</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="725" />
        <location filename="../../ui/form.py" line="726" />
        <source>Pick a random seed</source>
        <translation>随机选择一个种子</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="727" />
        <source>&amp;Seed</source>
        <translation>种子(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="728" />
        <source>Va&amp;riations</source>
        <translation>变体数量(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="729" />
        <source>The project new videos go into</source>
        <translation>新视频归入的项目</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="730" />
        <source>Pro&amp;ject</source>
        <translation>项目(&amp;J)</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="734" />
        <source>Matri&amp;x: several values</source>
        <translation>矩阵：多个取值(&amp;X)</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="736" />
        <source>Tick several values of a setting: every combination becomes a video</source>
        <translation>为某项设置勾选多个取值：每种组合都会生成一个视频</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="597" />
        <location filename="../../ui/form.py" line="732" />
        <source>No project</source>
        <extracomment>What a dropped file may be to restore settings from: a video or its sidecar. What the window says a batch will cost and take: the button's words ("≈ 120 credits") and a longer line for its tooltip (the time). The person chose another current project from the list ("" for none). The person chose "New project…". The take being continued and its last frame's file, while that frame is the first.</extracomment>
        <translation>无项目</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="601" />
        <location filename="../../ui/form.py" line="733" />
        <source>New project…</source>
        <translation>新建项目…</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="626" />
        <source>Demo mode: the built-in simulator makes the videos, at no cost.</source>
        <translation>演示模式：视频由内置模拟器生成，不产生费用。</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="628" />
        <source>Each video is a separate, paid submission.</source>
        <translation>每个视频都是一次单独的付费提交。</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="739" />
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="761" />
        <source>Generating…</source>
        <translation>正在提交…</translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="763" />
        <source>Generate 1 video</source>
        <translation>生成 1 个视频</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/form.py" line="765" />
        <source>Generate %n videos</source>
        <translation>
            <numerusform>生成 %n 个视频</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/form.py" line="767" />
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
</context>
<context>
    <name>JobTableModel</name>
    <message>
        <location filename="../../ui/job_model.py" line="566" />
        <source>Prompt</source>
        <extracomment>Progress 0-100, or -1 while unknown (pending: a busy bar). "ok", "problem", "muted" or "" (for the status colour). Search texts made at a time while the window is idle: some 5 ms, so a hundred thousand jobs take a tenth of a second of idle time without a pause anyone would see. Roles a styled delegate asks every cell for that no cell of the list answers: answered first, as the list repaints a screenful of cells while it scrolls. The cells a screen reader announces with the whole job (prompt and status with progress): a person moving along a row by the prompt or the status hears how it stands, and a tile of the gallery (the still's column) says the same. Column by number, looked up at every cell a paint asks about (cheaper than ``Column(n)``).</extracomment>
        <translation>提示词</translation>
    </message>
    <message>
        <location filename="../../ui/job_model.py" line="567" />
        <source>Settings</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../ui/job_model.py" line="568" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/job_model.py" line="569" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/compare_settings.py" line="32" />
        <location filename="../../ui/job_model.py" line="570" />
        <source>Credits</source>
        <translation>积分</translation>
    </message>
    <message>
        <location filename="../../ui/job_model.py" line="641" />
        <source>Demo</source>
        <translation>演示</translation>
    </message>
    <message>
        <location filename="../../ui/job_model.py" line="657" />
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../../ui/job_model.py" line="669" />
        <source>~%1 left</source>
        <translation>约剩 %1</translation>
    </message>
    <message>
        <location filename="../../ui/job_model.py" line="676" />
        <source>link %1 h left</source>
        <translation>链接剩 %1 小时</translation>
    </message>
</context>
<context>
    <name>KeyField</name>
    <message>
        <location filename="../../ui/key_field.py" line="30" />
        <location filename="../../ui/key_field.py" line="41" />
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../ui/key_field.py" line="41" />
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../../ui/key_field.py" line="54" />
        <source>No keychain</source>
        <translation>没有钥匙串</translation>
    </message>
    <message>
        <location filename="../../ui/key_field.py" line="55" />
        <source>The system keychain is not available (%1).

Store the key in a private file that only your user can read?
%2</source>
        <translation>系统钥匙串不可用（%1）。

是否将密钥保存在只有您的用户可以读取的私有文件中？
%2</translation>
    </message>
</context>
<context>
    <name>LibraryCommands</name>
    <message>
        <location filename="../../ui/library.py" line="57" />
        <source>The library file could not be read; it was moved to %1 and the library starts empty.</source>
        <extracomment>A saved prompt's suggested name: the start of its text.</extracomment>
        <translation>无法读取提示词库文件；它已被移到 %1，提示词库从空开始。</translation>
    </message>
    <message>
        <location filename="../../ui/library.py" line="78" />
        <source>Write a prompt first, then save it to the library.</source>
        <translation>请先写好提示词，再保存到提示词库。</translation>
    </message>
    <message>
        <location filename="../../ui/library.py" line="80" />
        <source>Save prompt</source>
        <translation>保存提示词</translation>
    </message>
    <message>
        <location filename="../../ui/library.py" line="91" />
        <source>Save settings as preset</source>
        <translation>将设置保存为预设</translation>
    </message>
    <message>
        <location filename="../../ui/library.py" line="139" />
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location filename="../../ui/library.py" line="155" />
        <source>The library could not be saved (%1); nothing was changed.</source>
        <translation>无法保存提示词库（%1）；未做任何更改。</translation>
    </message>
</context>
<context>
    <name>LibraryDialog</name>
    <message>
        <location filename="../../ui/library_dialog.py" line="37" />
        <source>Prompt library</source>
        <translation>提示词库</translation>
    </message>
    <message>
        <location filename="../../ui/library_dialog.py" line="44" />
        <source>Search names and prompts</source>
        <translation>搜索名称和提示词</translation>
    </message>
    <message>
        <location filename="../../ui/library_dialog.py" line="49" />
        <source>Prompts</source>
        <translation>提示词</translation>
    </message>
    <message>
        <location filename="../../ui/library_dialog.py" line="51" />
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../../ui/library_dialog.py" line="54" />
        <source>&amp;Use</source>
        <translation>使用(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/library_dialog.py" line="55" />
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/application.py" line="120" />
        <source>Live · %1</source>
        <extracomment>Jobs listed before the whole history has loaded: more than a tall window shows.</extracomment>
        <translation>在线 · %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="324" />
        <source>Search prompts…</source>
        <translation>搜索提示词…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="307" />
        <source>All</source>
        <extracomment>Closes the window and the history and offers the repair dialog (``ui.application``). Where saved prompts and presets live (``app.library``); ``None``: no library. Where last frames of continued takes are kept (``None``: continuing is not offered). Frames for the gallery's tiles, kept until the gallery is made.</extracomment>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="308" />
        <source>Running</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="309" />
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="310" />
        <source>Needs attention</source>
        <translation>需要处理</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="311" />
        <source>Queued, not sent</source>
        <translation>排队中，未发送</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="325" />
        <source>Search prompts</source>
        <translation>搜索提示词</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="326" />
        <source>Show jobs</source>
        <translation>显示任务</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="327" />
        <source>Review marks</source>
        <translation>审阅标记</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="316" />
        <source>Any mark</source>
        <translation>任意标记</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="317" />
        <source>Picked</source>
        <translation>已选用</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="318" />
        <source>Unrated</source>
        <translation>未评分</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="319" />
        <source>Hide rejected</source>
        <translation>隐藏已弃用</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="334" />
        <location filename="../../ui/main_window.py" line="335" />
        <source>Tile size</source>
        <translation>缩略图大小</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="336" />
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="339" />
        <location filename="../../ui/main_window.py" line="415" />
        <source>Takes</source>
        <translation>视频</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="696" />
        <source>&amp;Keep tracking in the tray</source>
        <translation>在托盘中继续跟踪(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="356" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="297" />
        <source>&amp;New video</source>
        <extracomment>How the job actions group in the context menu, separated by lines. Pauses and resumes the send queue (``ui.queue_control``); also the status bar's.</extracomment>
        <translation>新建视频(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="300" />
        <source>Open videos &amp;folder</source>
        <translation>打开视频文件夹(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="303" />
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="698" />
        <location filename="../../ui/window_actions.py" line="304" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="357" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="310" />
        <source>&amp;Copy prompt</source>
        <translation>复制提示词(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="302" />
        <source>&amp;Export takes…</source>
        <translation>导出视频(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="341" />
        <source>&amp;Save prompt to library…</source>
        <translation>将提示词保存到库(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="342" />
        <source>Save settings as prese&amp;t…</source>
        <translation>将设置保存为预设(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="343" />
        <source>Prompt &amp;library…</source>
        <translation>提示词库(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="305" />
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="308" />
        <source>R&amp;eveal in file manager</source>
        <translation>在文件管理器中显示(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="311" />
        <source>&amp;Reuse settings</source>
        <translation>复用设置(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="314" />
        <source>Continue from &amp;last frame</source>
        <translation>从最后一帧接续(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="316" />
        <source>&amp;Submit again…</source>
        <translation>再次提交(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="317" />
        <source>Render fi&amp;nal…</source>
        <translation>渲染成片(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="318" />
        <source>S&amp;top tracking…</source>
        <translation>停止跟踪(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="319" />
        <source>Retry sa&amp;ving</source>
        <translation>重试保存(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="320" />
        <source>Re&amp;move from history…</source>
        <translation>从历史中移除(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="321" />
        <source>Show service re&amp;ply</source>
        <translation>显示服务回复(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="322" />
        <source>Move to pro&amp;ject…</source>
        <translation>移到项目(&amp;J)…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="323" />
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="333" />
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="336" />
        <source>&amp;Gallery</source>
        <translation>画廊(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="349" />
        <source>Show the takes as a gallery (Ctrl+G)</source>
        <translation>以画廊方式显示视频（Ctrl+G）</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="337" />
        <source>Group by &amp;idea</source>
        <translation>按创意分组(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="324" />
        <source>Zoom i&amp;n</source>
        <translation>放大(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="325" />
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="326" />
        <source>&amp;Compare takes</source>
        <translation>对比视频(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="327" />
        <source>&amp;Spending…</source>
        <translation>花费(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="329" />
        <source>&amp;Repair history…</source>
        <translation>修复历史记录(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="358" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="359" />
        <source>Revie&amp;w</source>
        <translation>审阅(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="437" />
        <source>Exported %n take(s) to %1</source>
        <translation>已将 %n 个视频导出到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="335" />
        <source>Show &amp;details</source>
        <translation>显示详情(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="360" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="328" />
        <source>Open &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="330" />
        <source>&amp;About ReelDesk</source>
        <translation>关于 ReelDesk(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="143" />
        <source>Show ReelDesk</source>
        <extracomment>Show, a line, Quit: the icon's menu (``retranslate`` words them). The desktop's notification service, once asked for (``None``: there is none).</extracomment>
        <translation>显示 ReelDesk</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="144" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/main_window.py" line="507" />
        <location filename="../../ui/tray.py" line="171" />
        <source>%n running</source>
        <translation>
            <numerusform>%n 个进行中</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="66" />
        <source>%n in flight</source>
        <translation>%n 个处理中</translation>
    </message>
    <message>
        <location filename="../../ui/job_commands.py" line="146" />
        <source>Submit this video again? It is a new, paid submission.</source>
        <translation>再次提交此视频？这是一次新的付费提交。</translation>
    </message>
    <message>
        <location filename="../../ui/job_commands.py" line="151" />
        <source>Submit this video again? (Demo mode: no cost.)</source>
        <translation>再次提交此视频？（演示模式：不产生费用。）</translation>
    </message>
    <message>
        <location filename="../../ui/job_commands.py" line="155" />
        <source>Last time it cost %1 credits.</source>
        <translation>上次花费了 %1 积分。</translation>
    </message>
    <message>
        <location filename="../../ui/job_commands.py" line="160" />
        <source>Submit again</source>
        <translation>再次提交</translation>
    </message>
    <message>
        <location filename="../../ui/job_commands.py" line="171" />
        <source>Stop tracking</source>
        <translation>停止跟踪</translation>
    </message>
    <message>
        <location filename="../../ui/job_commands.py" line="172" />
        <source>FoxAPI cannot cancel a task: the credits are spent anyway. ReelDesk will stop checking on this job and will not save its video.</source>
        <translation>FoxAPI 无法取消任务：积分仍会被扣除。ReelDesk 将停止检查此任务，也不会保存它的视频。</translation>
    </message>
    <message>
        <location filename="../../ui/job_commands.py" line="187" />
        <source>Remove from history</source>
        <translation>从历史中移除</translation>
    </message>
    <message>
        <location filename="../../ui/job_commands.py" line="188" />
        <source>Remove this job from the history?</source>
        <translation>从历史中移除此任务？</translation>
    </message>
    <message>
        <location filename="../../ui/job_commands.py" line="190" />
        <source>Remove %n jobs from the history?</source>
        <translation>从历史中移除 %n 个任务？</translation>
    </message>
    <message>
        <location filename="../../ui/job_commands.py" line="222" />
        <source>No reply from the service was kept for this job.</source>
        <translation>此任务没有保存服务的回复。</translation>
    </message>
    <message>
        <location filename="../../ui/job_commands.py" line="120" />
        <source>Prompt copied</source>
        <translation>已复制提示词</translation>
    </message>
    <message>
        <location filename="../../ui/job_commands.py" line="197" />
        <source>&amp;Also delete the video files</source>
        <translation>同时删除视频文件(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/job_commands.py" line="217" />
        <source>Service reply</source>
        <translation>服务回复</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="472" />
        <source>About ReelDesk</source>
        <translation>关于 ReelDesk</translation>
    </message>
    <message>
        <location filename="../../ui/window_actions.py" line="473" />
        <source>ReelDesk %1
A desktop studio for PixVerse V6 videos through FoxAPI.</source>
        <translation>ReelDesk %1
通过 FoxAPI 制作 PixVerse V6 视频的桌面工作室。</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="105" />
        <source>Balance: unlimited</source>
        <translation>余额：无限</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="109" />
        <source>Balance $%1</source>
        <translation>余额 $%1</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="115" />
        <source>Balance %1 credits</source>
        <translation>余额 %1 积分</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="186" />
        <source>%n saved</source>
        <translation>已保存 %n 个</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="188" />
        <source>%n failed</source>
        <translation>失败 %n 个</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="684" />
        <source>Jobs are still running</source>
        <translation>仍有任务在运行</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="685" />
        <source>A job is still being generated or saved.</source>
        <translation>有一个任务仍在生成或保存中。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/main_window.py" line="687" />
        <source>%n jobs are still being generated or saved.</source>
        <translation>
            <numerusform>有 %n 个任务仍在生成或保存中。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="689" />
        <source>They continue the next time ReelDesk starts, whichever you choose.</source>
        <translation>无论您如何选择，下次启动 ReelDesk 时它们都会继续。</translation>
    </message>
    <message>
        <location filename="../../ui/queue_control.py" line="46" />
        <location filename="../../ui/queue_control.py" line="93" />
        <source>Pa&amp;use queue</source>
        <extracomment>The line is redrawn at most this often while jobs change.</extracomment>
        <translation>暂停队列(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/queue_control.py" line="83" />
        <source>Pause or resume sending jobs that wait in the queue (Ctrl+Shift+P)</source>
        <translation>暂停或继续发送队列中等待的任务（Ctrl+Shift+P）</translation>
    </message>
    <message>
        <location filename="../../ui/queue_control.py" line="91" />
        <source>Res&amp;ume queue</source>
        <translation>继续队列(&amp;U)</translation>
    </message>
</context>
<context>
    <name>MatrixFields</name>
    <message>
        <location filename="../../ui/matrix.py" line="103" />
        <source>e.g. 5, 8</source>
        <translation>例如 5, 8</translation>
    </message>
    <message>
        <location filename="../../ui/matrix.py" line="107" />
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/matrix.py" line="109" />
        <source>Off</source>
        <translation>关</translation>
    </message>
    <message>
        <location filename="../../ui/matrix.py" line="109" />
        <source>On</source>
        <translation>开</translation>
    </message>
    <message>
        <location filename="../../ui/matrix.py" line="104" />
        <source>e.g. 1, 2, 3: every job once per seed</source>
        <translation>例如 1, 2, 3：每个任务对每个种子各生成一次</translation>
    </message>
    <message>
        <location filename="../../ui/matrix.py" line="111" />
        <source>Aspect ratios</source>
        <translation>宽高比</translation>
    </message>
    <message>
        <location filename="../../ui/matrix.py" line="112" />
        <source>Resolutions</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <location filename="../../ui/matrix.py" line="113" />
        <location filename="../../ui/matrix.py" line="148" />
        <source>Durations</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../../ui/matrix.py" line="114" />
        <source>Styles</source>
        <translation>风格</translation>
    </message>
    <message>
        <location filename="../../ui/matrix.py" line="115" />
        <source>Audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <location filename="../../ui/matrix.py" line="116" />
        <location filename="../../ui/matrix.py" line="155" />
        <source>Seeds</source>
        <translation>种子</translation>
    </message>
</context>
<context>
    <name>Notifications</name>
    <message>
        <location filename="../../ui/notify.py" line="114" />
        <source>Show in folder</source>
        <extracomment>``Notify(app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout)``. The action a click on the notification itself invokes. Seconds to wait for the bus while connecting; a bus that is slower is as good as none. How long a notification stays up, in milliseconds (the service may decide otherwise). Serial of a ``Notify`` call → the file its notification reveals, until the reply. Notification id → the file it reveals, until it is closed or used.</extracomment>
        <translation>在文件夹中显示</translation>
    </message>
</context>
<context>
    <name>PictureSlot</name>
    <message>
        <location filename="../../ui/picture_slots.py" line="135" />
        <source>Choose…</source>
        <extracomment>The preview's box; the picture keeps its shape inside it.</extracomment>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../ui/picture_slots.py" line="136" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../ui/picture_slots.py" line="202" />
        <source>Pictures (*.png *.jpg *.jpeg *.webp)</source>
        <translation>图片（*.png *.jpg *.jpeg *.webp）</translation>
    </message>
    <message>
        <location filename="../../ui/picture_slots.py" line="202" />
        <source>All files (*)</source>
        <translation>所有文件（*）</translation>
    </message>
</context>
<context>
    <name>PictureSlots</name>
    <message>
        <location filename="../../ui/picture_slots.py" line="273" />
        <source>First frame</source>
        <translation>首帧</translation>
    </message>
    <message>
        <location filename="../../ui/picture_slots.py" line="274" />
        <source>Last frame</source>
        <translation>尾帧</translation>
    </message>
    <message>
        <location filename="../../ui/picture_slots.py" line="275" />
        <source>Start from a picture…</source>
        <translation>从图片开始…</translation>
    </message>
    <message>
        <location filename="../../ui/picture_slots.py" line="277" />
        <source>Image to video: the video starts on this picture (you can drop one too)</source>
        <translation>图生视频：视频从这张图片开始（也可以把图片拖到这里）</translation>
    </message>
    <message>
        <location filename="../../ui/picture_slots.py" line="279" />
        <source>Add a last frame…</source>
        <translation>添加尾帧…</translation>
    </message>
    <message>
        <location filename="../../ui/picture_slots.py" line="280" />
        <source>A transition: the video ends on this picture</source>
        <translation>转场：视频在这张图片结束</translation>
    </message>
</context>
<context>
    <name>PlanPreview</name>
    <message>
        <location filename="../../ui/plan_preview.py" line="58" />
        <source>Planned videos</source>
        <extracomment>The words for a batch's cost and time, as the form's button says them. One job's estimated credits, for its row.</extracomment>
        <translation>计划生成的视频</translation>
    </message>
    <message>
        <location filename="../../ui/plan_preview.py" line="63" />
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../ui/plan_preview.py" line="63" />
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <location filename="../../ui/plan_preview.py" line="63" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/plan_preview.py" line="63" />
        <source>Credits</source>
        <translation>积分</translation>
    </message>
    <message>
        <location filename="../../ui/plan_preview.py" line="84" />
        <source>seed %1</source>
        <translation>种子 %1</translation>
    </message>
    <message>
        <location filename="../../ui/plan_preview.py" line="132" />
        <source>1 video of %1</source>
        <translation>共 %1 个中的 1 个视频</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/plan_preview.py" line="134" />
        <source>%n videos of %1</source>
        <translation>
            <numerusform>共 %1 个中的 %n 个视频</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/plan_preview.py" line="140" />
        <source>Send 1 video</source>
        <translation>发送 1 个视频</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/plan_preview.py" line="142" />
        <source>Send %n videos</source>
        <translation>
            <numerusform>发送 %n 个视频</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Planner</name>
    <message>
        <location filename="../../ui/planner.py" line="175" />
        <source>About %1: %2 waiting, %3 rendering</source>
        <extracomment>How long the balance may take before a batch goes without it (the guard is best effort). Job changes arriving together refresh the button once. Learning on a worker thread rests this long after every ``PACE_JOBS`` jobs.</extracomment>
        <translation>约 %1：等待 %2，渲染 %3</translation>
    </message>
    <message>
        <location filename="../../ui/planner.py" line="279" />
        <source>Send these videos?</source>
        <translation>发送这些视频吗？</translation>
    </message>
    <message>
        <location filename="../../ui/planner.py" line="281" />
        <source>Send 1 video? Estimated cost: %1.</source>
        <translation>发送 1 个视频吗？预计花费：%1。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/planner.py" line="283" />
        <source>Send %n videos? Estimated cost: %1.</source>
        <translation>
            <numerusform>发送 %n 个视频吗？预计花费：%1。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/planner.py" line="285" />
        <source>Preferences ask before any batch above %1 credits.</source>
        <translation>首选项设定：任何超过 %1 积分的批次都会先询问。</translation>
    </message>
    <message>
        <location filename="../../ui/planner.py" line="326" />
        <source>Render final</source>
        <translation>渲染成片</translation>
    </message>
    <message>
        <location filename="../../ui/planner.py" line="328" />
        <source>Render this take again at a higher resolution, with the same seed (%1) and settings? It is a new video, charged on top of this one.</source>
        <translation>以更高的分辨率、相同的种子（%1）和设置重新渲染这个视频吗？这是一个新视频，会在此视频之外另行收费。</translation>
    </message>
    <message>
        <location filename="../../ui/planner.py" line="333" />
        <source>Render this take again at a higher resolution, with the same seed (%1) and settings? (Demo mode: no cost.)</source>
        <translation>以更高的分辨率、相同的种子（%1）和设置重新渲染这个视频吗？（演示模式：不收费。）</translation>
    </message>
    <message>
        <location filename="../../ui/planner.py" line="337" />
        <source>The service may not reproduce the take exactly: the same seed and settings give a close result, not always the same one.</source>
        <translation>服务不一定能完全重现这个视频：相同的种子和设置会得到相近的结果，但不总是完全相同。</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../ui/preferences.py" line="97" />
        <location filename="../../ui/preferences.py" line="101" />
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="110" />
        <source>Service &amp;address</source>
        <translation>服务地址(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="116" />
        <source>API &amp;key</source>
        <translation>API 密钥(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="121" />
        <source>&amp;Demo mode: use the built-in simulator (no key, no cost)</source>
        <translation>演示模式(&amp;D)：使用内置模拟器（无需密钥，不产生费用）</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="139" />
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="157" />
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="164" />
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="173" />
        <source>Download &amp;folder</source>
        <translation>下载文件夹(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="175" />
        <source>File &amp;name</source>
        <translation>文件名(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="178" />
        <source>Fields: {date} {time} {prompt} {task} {ratio} {resolution} {duration} {seed}</source>
        <translation>可用字段：{date} {time} {prompt} {task} {ratio} {resolution} {duration} {seed}</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="194" />
        <source>Saving</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="125" />
        <source>Use the s&amp;ystem proxy</source>
        <translation>使用系统代理(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="118" />
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="126" />
        <source>&amp;No proxy</source>
        <translation>不使用代理(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="127" />
        <source>C&amp;ustom:</source>
        <translation>自定义(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="132" />
        <source>Custom proxy address</source>
        <translation>自定义代理地址</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="142" />
        <source>None: the system's certificates only</source>
        <translation>无：仅使用系统的证书</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="143" />
        <source>C&amp;hoose…</source>
        <translation>选择(&amp;H)…</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="146" />
        <source>E&amp;xtra CA certificates</source>
        <translation>额外的 CA 证书(&amp;X)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="151" />
        <source>Certificates are checked against those this computer trusts. If your company inspects HTTPS and its CA is not installed in the system, choose its CA file (PEM) here.</source>
        <translation>证书会根据本机信任的证书进行校验。如果你的公司会检查 HTTPS，而其 CA 没有安装到系统中，请在这里选择它的 CA 文件（PEM）。</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="170" />
        <source>B&amp;rowse…</source>
        <translation>浏览(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="184" />
        <source>Command after &amp;saving</source>
        <translation>保存后运行的命令(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="189" />
        <source>Runs after each saved video, without a shell, for at most a minute. Placeholders: {path} {task_id} {prompt} {project}. Leave empty for none.</source>
        <translation>每保存一个视频后运行，不经过 shell，最长一分钟。占位符：{path} {task_id} {prompt} {project}。留空则不运行。</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="198" />
        <source>Start the form with the values I used &amp;last</source>
        <translation>表单以我上次使用的值开始(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="201" />
        <source>&amp;Notify me when a batch of videos is done</source>
        <translation>一批视频完成时通知我(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="203" />
        <source>Submissions sent at &amp;once</source>
        <translation>同时提交数量(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="205" />
        <source>Generation</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="209" />
        <source>Never ask</source>
        <translation>从不询问</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="210" />
        <source>Confirm batches a&amp;bove</source>
        <translation>批次超过此值时确认(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="211" />
        <source>No limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="212" />
        <source>Daily li&amp;mit</source>
        <translation>每日上限(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="217" />
        <source>Estimates are learned from what your videos cost. Until ReelDesk has seen a price, it uses this table (credits per second; empty: unknown).</source>
        <translation>估算来自你的视频实际花费。在 ReelDesk 见到价格之前，会使用此表（每秒积分；留空表示未知）。</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="224" />
        <source>Without audio</source>
        <translation>无音频</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="225" />
        <source>With audio</source>
        <translation>有音频</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="229" />
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="229" />
        <source> /s</source>
        <translation> /秒</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="231" />
        <source>%1 credits per second</source>
        <translation>每秒 %1 积分</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="233" />
        <source>%1 credits per second with audio</source>
        <translation>有音频时每秒 %1 积分</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="237" />
        <source>Price table</source>
        <translation>价格表</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="242" />
        <location filename="../../ui/preferences.py" line="246" />
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="247" />
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="248" />
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="249" />
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="250" />
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="251" />
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="252" />
        <source>Costs</source>
        <translation>花费</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="339" />
        <source>In use: %1, from the environment variable %2, which overrides the address saved here.</source>
        <translation>正在使用：%1，来自环境变量 %2，它覆盖了此处保存的地址。</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="350" />
        <source>The key in the environment variable %1 is in use: it overrides any key stored here. A key entered here is stored, and used once %1 is unset.</source>
        <translation>正在使用环境变量 %1 中的密钥：它覆盖此处存储的任何密钥。在此输入的密钥会被存储，并在取消设置 %1 后使用。</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="370" />
        <source>in the system keychain</source>
        <translation>保存在系统钥匙串中</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="372" />
        <source>in the private file %1</source>
        <translation>保存在私有文件 %1 中</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="375" />
        <source>A key is stored (%1) %2. Leave the field empty to keep it.</source>
        <translation>已存储密钥（%1），%2。留空则保留它。</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="380" />
        <source>No key is stored yet.</source>
        <translation>尚未存储密钥。</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="414" />
        <source>Example: %1</source>
        <translation>示例：%1</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="422" />
        <source>Download folder</source>
        <translation>下载文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="440" />
        <source>Extra CA certificates</source>
        <translation>额外的 CA 证书</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="444" />
        <source>Certificates (*.pem *.crt *.cer)</source>
        <translation>证书（*.pem *.crt *.cer）</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="444" />
        <source>All files (*)</source>
        <translation>所有文件（*）</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="492" />
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="521" />
        <source>The service answered.</source>
        <translation>服务已响应。</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="523" />
        <source>The service could not be reached.</source>
        <translation>无法连接到服务。</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="525" />
        <source>The key was accepted.</source>
        <translation>密钥已被接受。</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="527" />
        <source>The key was not accepted.</source>
        <translation>密钥未被接受。</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="530" />
        <source>Balance: $%1</source>
        <translation>余额：$%1</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="533" />
        <source>Balance: %1 credits</source>
        <translation>余额：%1 积分</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="536" />
        <source>The service does not report a balance.</source>
        <translation>服务未提供余额信息。</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="572" />
        <source>Demo mode stays on until there is an API key. Enter your key in the API key field (or set the environment variable %1) and press OK, or tick Demo mode again.</source>
        <translation>在有 API 密钥之前，演示模式保持开启。请在“API 密钥”字段中输入密钥（或设置环境变量 %1）并按“确定”，或重新勾选演示模式。</translation>
    </message>
    <message>
        <location filename="../../ui/preferences.py" line="582" />
        <source>The key was not saved; nothing was changed.</source>
        <translation>密钥未保存；没有任何更改。</translation>
    </message>
</context>
<context>
    <name>ProjectControls</name>
    <message>
        <location filename="../../ui/projects.py" line="112" />
        <location filename="../../ui/projects.py" line="113" />
        <source>Show the jobs of one project</source>
        <translation>显示某个项目的任务</translation>
    </message>
    <message>
        <location filename="../../ui/projects.py" line="114" />
        <source>All projects</source>
        <translation>所有项目</translation>
    </message>
    <message>
        <location filename="../../ui/projects.py" line="115" />
        <source>No project</source>
        <translation>无项目</translation>
    </message>
    <message>
        <location filename="../../ui/projects.py" line="145" />
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location filename="../../ui/projects.py" line="145" />
        <source>New videos go into this project:</source>
        <translation>新视频将归入此项目：</translation>
    </message>
    <message>
        <location filename="../../ui/projects.py" line="179" />
        <source>Move to project</source>
        <translation>移到项目</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/projects.py" line="180" />
        <source>Move %n job(s) into the project (empty: no project):</source>
        <translation>
            <numerusform>将 %n 个任务移入项目（留空：无项目）：</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PromptSources</name>
    <message>
        <location filename="../../ui/prompt_sources.py" line="66" />
        <source>One prompt per l&amp;ine</source>
        <translation>每行一个提示词(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_sources.py" line="68" />
        <source>Each line is its own prompt; {a|b} in a prompt makes one video of each</source>
        <translation>每一行都是单独的提示词；提示词中的 {a|b} 会为每个选项各生成一个视频</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_sources.py" line="70" />
        <source>Loa&amp;d prompts…</source>
        <translation>载入提示词(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_sources.py" line="72" />
        <source>A .txt file (one prompt a line) or a .csv file with a prompt column</source>
        <translation>.txt 文件（每行一个提示词）或带 prompt 列的 .csv 文件</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_sources.py" line="74" />
        <location filename="../../ui/prompt_sources.py" line="76" />
        <source>Forget the loaded prompts</source>
        <translation>清除已载入的提示词</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_sources.py" line="87" />
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_sources.py" line="106" />
        <source>%1: 1 prompt</source>
        <translation>%1：1 个提示词</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/prompt_sources.py" line="106" />
        <source>%1: %n prompts</source>
        <translation>
            <numerusform>%1：%n 个提示词</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/prompt_sources.py" line="113" />
        <source>Load prompts</source>
        <translation>载入提示词</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_sources.py" line="115" />
        <source>Prompt lists (*.txt *.csv)</source>
        <translation>提示词列表（*.txt *.csv）</translation>
    </message>
    <message>
        <location filename="../../ui/prompt_sources.py" line="115" />
        <source>All files (*)</source>
        <translation>所有文件（*）</translation>
    </message>
</context>
<context>
    <name>RepairDialog</name>
    <message>
        <location filename="../../ui/repair.py" line="75" />
        <source>Repair history</source>
        <translation>修复历史记录</translation>
    </message>
    <message>
        <location filename="../../ui/repair.py" line="79" />
        <source>Restore a backup of the history, or rebuild it from the information saved next to each video. The history file that is replaced is kept beside it, under a new name.</source>
        <translation>恢复历史记录的备份，或根据每个视频旁保存的信息重建历史记录。被替换的历史记录文件会以新名称保留在原处。</translation>
    </message>
    <message>
        <location filename="../../ui/repair.py" line="85" />
        <source>History: %1</source>
        <translation>历史记录：%1</translation>
    </message>
    <message>
        <location filename="../../ui/repair.py" line="88" />
        <source>Backups (newest first):</source>
        <translation>备份（最新的在前）：</translation>
    </message>
    <message>
        <location filename="../../ui/repair.py" line="90" />
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../ui/repair.py" line="94" />
        <source>&amp;Restore backup</source>
        <translation>恢复备份(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/repair.py" line="96" />
        <source>Rebuild from &amp;videos</source>
        <translation>根据视频重建(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/repair.py" line="122" />
        <source>No backups yet: ReelDesk makes one each day.</source>
        <translation>还没有备份：ReelDesk 每天会做一次。</translation>
    </message>
    <message>
        <location filename="../../ui/repair.py" line="125" />
        <source>Looks for videos in %1</source>
        <translation>在 %1 中查找视频</translation>
    </message>
    <message>
        <location filename="../../ui/repair.py" line="132" />
        <source>daily</source>
        <translation>每日</translation>
    </message>
    <message>
        <location filename="../../ui/repair.py" line="134" />
        <source>before an upgrade</source>
        <translation>升级前</translation>
    </message>
    <message>
        <location filename="../../ui/repair.py" line="136" />
        <source>damaged</source>
        <translation>已损坏</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/repair.py" line="138" />
        <source>%n jobs</source>
        <translation>
            <numerusform>%n 个任务</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/repair.py" line="175" />
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/repair.py" line="186" />
        <source>Restored the backup of %1 (%n jobs).</source>
        <translation>
            <numerusform>已恢复 %1 的备份（%n 个任务）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/repair.py" line="194" />
        <source>Rebuilt from %1: %n jobs added</source>
        <translation>
            <numerusform>已根据 %1 重建：添加了 %n 个任务</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/repair.py" line="196" />
        <source>%n already in the history.</source>
        <translation>
            <numerusform>%n 个已在历史记录中。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/repair.py" line="203" />
        <source>The history it replaced was kept as %1.</source>
        <translation>被替换的历史记录已保留为 %1。</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <location filename="../../ui/shortcuts.py" line="35" />
        <source>Play or pause every take</source>
        <extracomment>The compare window's transport keys, in the order the list shows them.</extracomment>
        <translation>播放或暂停所有视频</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="36" />
        <source>One frame back</source>
        <translation>后退一帧</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="37" />
        <source>One frame forward</source>
        <translation>前进一帧</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="38" />
        <source>Play backwards (again: faster)</source>
        <translation>倒放（再按：更快）</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="39" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="40" />
        <source>Play forwards (again: faster)</source>
        <translation>正放（再按：更快）</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="43" />
        <source>Hear take %1</source>
        <translation>听第 %1 个视频的声音</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="104" />
        <source>Form</source>
        <translation>表单</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="108" />
        <source>Compare window</source>
        <translation>对比窗口</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../ui/shortcuts.py" line="136" />
        <location filename="../../ui/shortcuts.py" line="139" />
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="137" />
        <source>Search actions or keys…</source>
        <translation>搜索操作或按键…</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="138" />
        <source>Search shortcuts</source>
        <translation>搜索快捷键</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="140" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="140" />
        <source>Keys</source>
        <translation>按键</translation>
    </message>
</context>
<context>
    <name>SpendingDialog</name>
    <message>
        <location filename="../../ui/spending.py" line="30" />
        <source>Spending</source>
        <translation>花费</translation>
    </message>
    <message>
        <location filename="../../ui/spending.py" line="35" />
        <source>Total: %1 credits · on failed jobs: %2 credits (%3 jobs)</source>
        <translation>合计：%1 积分 · 失败任务：%2 积分（%3 个任务）</translation>
    </message>
    <message>
        <location filename="../../ui/spending.py" line="43" />
        <location filename="../../ui/spending.py" line="47" />
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/spending.py" line="43" />
        <location filename="../../ui/spending.py" line="47" />
        <source>Credits</source>
        <translation>积分</translation>
    </message>
    <message>
        <location filename="../../ui/spending.py" line="43" />
        <location filename="../../ui/spending.py" line="47" />
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../ui/spending.py" line="47" />
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <location filename="../../ui/spending.py" line="53" />
        <source>Per day</source>
        <translation>按日</translation>
    </message>
    <message>
        <location filename="../../ui/spending.py" line="54" />
        <source>Per batch</source>
        <translation>按批次</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <location filename="../../ui/welcome.py" line="47" />
        <location filename="../../ui/welcome.py" line="51" />
        <source>Welcome to ReelDesk</source>
        <translation>欢迎使用 ReelDesk</translation>
    </message>
    <message>
        <location filename="../../ui/welcome.py" line="55" />
        <source>Make short videos with PixVerse V6 through FoxAPI. Paste your FoxAPI key to start, or look around first in demo mode.</source>
        <translation>通过 FoxAPI 使用 PixVerse V6 制作短视频。粘贴您的 FoxAPI 密钥即可开始，或先在演示模式中看看。</translation>
    </message>
    <message>
        <location filename="../../ui/welcome.py" line="63" />
        <source>FoxAPI &amp;key</source>
        <translation>FoxAPI 密钥(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/welcome.py" line="67" />
        <source>No key yet? Create one at &lt;a href="%1"&gt;foxapi.cc&lt;/a&gt;.</source>
        <translation>还没有密钥？请在 &lt;a href="%1"&gt;foxapi.cc&lt;/a&gt; 创建。</translation>
    </message>
    <message>
        <location filename="../../ui/welcome.py" line="75" />
        <source>The key is kept in your system keychain, never in a plain file unless you agree.</source>
        <translation>密钥保存在系统钥匙串中；除非您同意，绝不会写入普通文件。</translation>
    </message>
    <message>
        <location filename="../../ui/welcome.py" line="86" />
        <source>Try &amp;demo mode (no key, no cost)</source>
        <translation>试用演示模式(&amp;D)（无需密钥，不产生费用）</translation>
    </message>
    <message>
        <location filename="../../ui/welcome.py" line="87" />
        <location filename="../../ui/welcome.py" line="142" />
        <location filename="../../ui/welcome.py" line="151" />
        <source>&amp;Use this key</source>
        <translation>使用此密钥(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/welcome.py" line="136" />
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../ui/welcome.py" line="147" />
        <source>The key was not saved. Try again or use demo mode.</source>
        <translation>密钥未保存。请重试或使用演示模式。</translation>
    </message>
</context>
</TS>