<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>EncodingPicker</name>
    <message>
        <source>Choose the text encoding</source>
        <translation>选择文本编码</translation>
    </message>
    <message>
        <source>The encoding of this file is uncertain: {0}
Pick the one whose preview reads correctly.</source>
        <translation>无法确定此文件的编码:{0}
请选择预览显示正确的那一种。</translation>
    </message>
    <message>
        <source>The text encoding of {0} could not be told for sure.
Pick the one whose preview reads correctly.</source>
        <translation>无法确定 {0} 的文字编码。
请选择预览显示正确的编码。</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find:</source>
        <translation>查找:</translation>
    </message>
    <message>
        <source>Both panes</source>
        <translation>两个窗格</translation>
    </message>
    <message>
        <source>Chinese pane</source>
        <translation>中文窗格</translation>
    </message>
    <message>
        <source>English pane</source>
        <translation>英文窗格</translation>
    </message>
    <message>
        <source>Previous match (Shift+F3)</source>
        <translation>上一个匹配 (Shift+F3)</translation>
    </message>
    <message>
        <source>Next match (F3)</source>
        <translation>下一个匹配 (F3)</translation>
    </message>
    <message>
        <source>{0}{1} matches (Chinese {2}, English {3})</source>
        <translation>{0}{1} 处匹配(中文 {2},英文 {3})</translation>
    </message>
</context>
<context>
    <name>Legend</name>
    <message>
        <source>No counterpart</source>
        <translation>无对应段落</translation>
    </message>
    <message>
        <source>A paragraph with no counterpart in the other language</source>
        <translation>在另一种语言中没有对应内容的段落</translation>
    </message>
    <message>
        <source>Uncertain link</source>
        <translation>对应存疑</translation>
    </message>
    <message>
        <source>Paragraphs the aligner matched with low confidence</source>
        <translation>对齐程序以较低置信度匹配的段落</translation>
    </message>
    <message>
        <source>Current link</source>
        <translation>当前对应</translation>
    </message>
    <message>
        <source>The paragraphs being read and their counterparts</source>
        <translation>正在阅读的段落及其对应段落</translation>
    </message>
    <message>
        <source>Counterpart</source>
        <translation>对应段落</translation>
    </message>
    <message>
        <source>The counterpart of the paragraph under the mouse</source>
        <translation>鼠标所指段落的对应段落</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>批注</translation>
    </message>
    <message>
        <source>A paragraph with a note (ticks in the overview ruler)</source>
        <translation>带批注的段落(概览标尺中的刻度)</translation>
    </message>
    <message>
        <source>Manual link</source>
        <translation>手动链接</translation>
    </message>
    <message>
        <source>A link you made: its band in the link map, a bar at the panes' edge and ticks in the overview ruler</source>
        <translation>您建立的链接：链接图中的色带、窗格边缘的色条和总览标尺上的刻度</translation>
    </message>
    <message>
        <source>Confirmed link</source>
        <translation>已确认链接</translation>
    </message>
    <message>
        <source>A link you reviewed and confirmed: its band, bar and ruler ticks</source>
        <translation>您审阅并确认的链接：其色带、色条和标尺刻度</translation>
    </message>
    <message>
        <source>Check flag</source>
        <translation>检查标记</translation>
    </message>
    <message>
        <source>A translation check's finding, underlined in the panes (red: likely an error, magenta: worth a look, grey: advisory) and ticked in the overview ruler while the checks are shown</source>
        <translation>翻译检查的发现：在窗格中加下划线（红色：可能有误；品红：值得一看；灰色：建议），显示检查时在总览标尺上标出</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;Two Files (Chinese, English)…</source>
        <translation>打开两个文件(中文、英文)(&amp;T)…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
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
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>Find &amp;Next</source>
        <translation>查找下一个(&amp;N)</translation>
    </message>
    <message>
        <source>Find &amp;Previous</source>
        <translation>查找上一个(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Next Omission</source>
        <translation>下一处缺漏(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous Omission</source>
        <translation>上一处缺漏(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Go to Paragraph…</source>
        <translation>转到段落(&amp;G)…</translation>
    </message>
    <message>
        <source>Focus &amp;Left Pane</source>
        <translation>聚焦左窗格(&amp;L)</translation>
    </message>
    <message>
        <source>Focus &amp;Right Pane</source>
        <translation>聚焦右窗格(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Link Scrolling</source>
        <translation>联动滚动(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Swap Panes</source>
        <translation>交换窗格(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Refine Alignment in the Background</source>
        <translation>在后台精细对齐(&amp;R)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom In</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Reset Zoom</source>
        <translation>重置缩放(&amp;R)</translation>
    </message>
    <message>
        <source>As Written</source>
        <translation>保持原文</translation>
    </message>
    <message>
        <source>Simplified</source>
        <translation>简体</translation>
    </message>
    <message>
        <source>Traditional</source>
        <translation>繁体</translation>
    </message>
    <message>
        <source>Chinese Pane Script</source>
        <translation>中文窗格的简繁显示</translation>
    </message>
    <message>
        <source>English Pane Script</source>
        <translation>英文窗格的简繁显示</translation>
    </message>
    <message>
        <source>Interface &amp;Language</source>
        <translation>界面语言(&amp;L)</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Bilingual Reader</source>
        <translation>关于双语阅读器(&amp;A)</translation>
    </message>
    <message>
        <source>Opening {0}…</source>
        <translation>正在打开 {0}…</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Loading</source>
        <translation>正在加载</translation>
    </message>
    <message>
        <source>Aligning</source>
        <translation>正在对齐</translation>
    </message>
    <message>
        <source>Refining alignment</source>
        <translation>正在精细对齐</translation>
    </message>
    <message>
        <source>Refining alignment…</source>
        <translation>正在精细对齐…</translation>
    </message>
    <message>
        <source>Instant alignment shown; refining in the background…</source>
        <translation>已显示快速对齐结果;正在后台精细对齐…</translation>
    </message>
    <message>
        <source>Refined alignment ready</source>
        <translation>精细对齐已完成</translation>
    </message>
    <message>
        <source>Could not open the document: {0}</source>
        <translation>无法打开文档:{0}</translation>
    </message>
    <message>
        <source>Internal error while opening the document ({0}: {1}). Details were written to the terminal.</source>
        <translation>打开文档时发生内部错误({0}:{1})。详细信息已输出到终端。</translation>
    </message>
    <message>
        <source>{0} Chinese · {1} English paragraphs · {2} without counterpart</source>
        <translation>中文 {0} 段 · 英文 {1} 段 · {2} 段无对应</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(无)</translation>
    </message>
    <message>
        <source>Open one bilingual file (or select a Chinese file and its English translation)</source>
        <translation>打开一个双语文件(或选择一个中文文件及其英文译文)</translation>
    </message>
    <message>
        <source>Open the Chinese text</source>
        <translation>打开中文文本</translation>
    </message>
    <message>
        <source>Open its English translation</source>
        <translation>打开其英文译文</translation>
    </message>
    <message>
        <source>Linked scrolling on</source>
        <translation>联动滚动已开启</translation>
    </message>
    <message>
        <source>Linked scrolling off</source>
        <translation>联动滚动已关闭</translation>
    </message>
    <message>
        <source>Go to Paragraph</source>
        <translation>转到段落</translation>
    </message>
    <message>
        <source>Paragraph number in the {0} pane (1–{1}):</source>
        <translation>{0}窗格中的段落编号(1–{1}):</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>About Bilingual Reader</source>
        <translation>关于双语阅读器</translation>
    </message>
    <message>
        <source>Bilingual Reader {0}
Chinese and English side by side, aligned paragraph by paragraph.
Chinese fonts: WenQuanYi Micro Hei (Apache-2.0), Noto Sans CJK SC subset (SIL OFL 1.1).</source>
        <translation>双语阅读器 {0}
中文与英文并排显示,逐段对齐。
中文字体:文泉驿微米黑(Apache-2.0)、思源黑体简体子集 Noto Sans CJK SC(SIL OFL 1.1)。</translation>
    </message>
    <message>
        <source>{0} holds Chinese only: its English translation is missing.</source>
        <translation>{0} 只有中文：缺少英文译文。</translation>
    </message>
    <message>
        <source>{0} holds English only: its Chinese original is missing.</source>
        <translation>{0} 只有英文：缺少中文原文。</translation>
    </message>
    <message>
        <source>Open the Translation…</source>
        <translation>打开译文…</translation>
    </message>
    <message>
        <source>Open the Original…</source>
        <translation>打开原文…</translation>
    </message>
    <message>
        <source>Open the Chinese original</source>
        <translation>打开中文原文</translation>
    </message>
    <message>
        <source>Instant alignment only: refining it would need about {0} GB of memory and {1} GB is free</source>
        <translation>仅显示即时对齐：精细对齐约需 {0} GB 内存，而空闲内存只有 {1} GB</translation>
    </message>
    <message>
        <source>{0} Chinese · {1} English sentences · {2} without counterpart</source>
        <translation>中文 {0} 句 · 英文 {1} 句 · {2} 句无对应</translation>
    </message>
    <message>
        <source>{0} Chinese · {1} English lines · {2} without counterpart</source>
        <translation>中文 {0} 行 · 英文 {1} 行 · {2} 行无对应</translation>
    </message>
    <message>
        <source>&amp;Align By</source>
        <translation>对齐单位(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Paragraphs</source>
        <translation>段落(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Sentences</source>
        <translation>句子(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Lines of the File</source>
        <translation>文件的行(&amp;L)</translation>
    </message>
    <message>
        <source>Only plain-text and Markdown files can be aligned by their lines</source>
        <translation>只有纯文本和 Markdown 文件可以按行对齐</translation>
    </message>
    <message>
        <source>Each line of a text file a unit: for files of one sentence (or one paragraph) a line</source>
        <translation>文本文件的每一行作为一个单位：适用于每行一句（或每行一段）的文件</translation>
    </message>
    <message>
        <source>Lines aligned as sentences</source>
        <translation>已按句子对齐各行</translation>
    </message>
    <message>
        <source>Lines aligned as paragraphs</source>
        <translation>已按段落对齐各行</translation>
    </message>
    <message>
        <source>&amp;Start of Document</source>
        <translation>文档开头(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;End of Document</source>
        <translation>文档结尾(&amp;E)</translation>
    </message>
    <message>
        <source>La&amp;yout</source>
        <translation>布局(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;Linked</source>
        <translation>联动(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Paired Rows</source>
        <translation>成对行(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Interleaved (One Column)</source>
        <translation>交错（单栏）(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Reveal (Translation Hidden)</source>
        <translation>揭示（隐藏译文）(&amp;R)</translation>
    </message>
    <message>
        <source>Bilingual Reader {0}
Chinese and English side by side, aligned paragraph by paragraph.
Chinese fonts: WenQuanYi Micro Hei (Apache-2.0), Noto Sans CJK SC subset (SIL OFL 1.1).
Dictionary: CC-CEDICT ({1}), release of {2}, by MDBG and its contributors.</source>
        <translation>双语阅读器 {0}
中英文并排显示，逐段对齐。
中文字体：文泉驿微米黑（Apache-2.0）、Noto Sans CJK SC 子集（SIL OFL 1.1）。
词典：CC-CEDICT（{1}），{2} 版，由 MDBG 及其贡献者编写。</translation>
    </message>
</context>
<context>
    <name>OverviewRuler</name>
    <message>
        <source>Overview: omissions and notes of the whole document; click or drag to scroll</source>
        <translation>概览:整篇文档的缺漏与批注;单击或拖动以滚动</translation>
    </message>
    <message>
        <source>Overview ruler</source>
        <translation>概览标尺</translation>
    </message>
    <message>
        <source>Overview: omissions, notes, your links and check flags of the whole document; click or drag to scroll</source>
        <translation>总览：整个文档的遗漏、笔记、您的链接和检查标记；单击或拖动以滚动</translation>
    </message>
    <message>
        <source>… and {0} more flagged paragraphs</source>
        <translation>……另有 {0} 个被标记的段落</translation>
    </message>
</context>
<context>
    <name>ReaderView</name>
    <message>
        <source>No English counterpart</source>
        <translation>无英文对应段落</translation>
    </message>
    <message>
        <source>No Chinese counterpart</source>
        <translation>无中文对应段落</translation>
    </message>
    <message>
        <source>Uncertain match (confidence {0:.0%})</source>
        <translation>匹配存疑(置信度 {0:.0%})</translation>
    </message>
    <message>
        <source>Link made by you</source>
        <translation>您建立的链接</translation>
    </message>
    <message>
        <source>Link confirmed by you</source>
        <translation>您确认的链接</translation>
    </message>
</context>
<context>
    <name>AnnotationsPanel</name>
    <message>
        <source>Notes</source>
        <translation>批注</translation>
    </message>
    <message>
        <source>Filter notes…</source>
        <translation>筛选批注…</translation>
    </message>
    <message>
        <source>Write the note here; it is saved as you type.</source>
        <translation>在此输入批注;输入时自动保存。</translation>
    </message>
    <message>
        <source>tags, separated by commas</source>
        <translation>标签,以逗号分隔</translation>
    </message>
    <message>
        <source>Retry Saving</source>
        <translation>重试保存</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Export, import, colour meanings</source>
        <translation>导出、导入、颜色含义</translation>
    </message>
</context>
<context>
    <name>AnnotationsController</name>
    <message>
        <source>Add &amp;Note</source>
        <translation>添加批注(&amp;N)</translation>
    </message>
    <message>
        <source>Add Note to the &amp;Pair</source>
        <translation>为这对段落添加批注(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Undo Delete Note</source>
        <translation>撤销删除批注(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Notes</source>
        <translation>批注(&amp;N)</translation>
    </message>
    <message>
        <source>All colours</source>
        <translation>所有颜色</translation>
    </message>
    <message>
        <source>All tags</source>
        <translation>所有标签</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(空)</translation>
    </message>
    <message>
        <source>Not found in this version of the text ({0})</source>
        <translation>在此版本的文本中未找到({0})</translation>
    </message>
    <message>
        <source>Add Note to the Selection</source>
        <translation>为所选文字添加批注</translation>
    </message>
    <message>
        <source>Add Note to This Paragraph</source>
        <translation>为此段落添加批注</translation>
    </message>
    <message>
        <source>Add Note to This Pair</source>
        <translation>为这对段落添加批注</translation>
    </message>
    <message>
        <source>Edit Note “{0}”</source>
        <translation>编辑批注“{0}”</translation>
    </message>
    <message>
        <source>Delete Note “{0}”</source>
        <translation>删除批注“{0}”</translation>
    </message>
    <message>
        <source>Export Notes as &amp;Markdown…</source>
        <translation>将笔记导出为 Markdown(&amp;M)…</translation>
    </message>
    <message>
        <source>Export Notes as &amp;JSON…</source>
        <translation>将笔记导出为 JSON(&amp;J)…</translation>
    </message>
    <message>
        <source>Export Notes as &amp;CSV…</source>
        <translation>将笔记导出为 CSV(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Import Notes from JSON…</source>
        <translation>从 JSON 导入笔记(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Name the Current Colour…</source>
        <translation>为当前颜色命名(&amp;N)…</translation>
    </message>
    <message>
        <source>Could not export the notes: {0}</source>
        <translation>无法导出笔记：{0}</translation>
    </message>
    <message>
        <source>Exported %n note(s) to {1}</source>
        <translation>已将 %n 条笔记导出到 {1}</translation>
    </message>
    <message>
        <source>Could not import {0}: {1}</source>
        <translation>无法导入 {0}：{1}</translation>
    </message>
    <message>
        <source>Imported notes: {0} added, {1} updated, {2} unchanged</source>
        <translation>已导入笔记：新增 {0} 条，更新 {1} 条，未变 {2} 条</translation>
    </message>
    <message>
        <source>Export Notes</source>
        <translation>导出笔记</translation>
    </message>
    <message>
        <source>Import Notes</source>
        <translation>导入笔记</translation>
    </message>
    <message>
        <source>Notes (*.json);;All files (*)</source>
        <translation>笔记 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Name the Colour</source>
        <translation>为颜色命名</translation>
    </message>
    <message>
        <source>What does this colour mean to you?</source>
        <translation>这个颜色对您意味着什么？</translation>
    </message>
</context>
<context>
    <name>CrashHandler</name>
    <message>
        <source>A report was written to:
{0}</source>
        <translation>错误报告已写入：
{0}</translation>
    </message>
    <message>
        <source>No report could be written ({0}); the details were printed to the terminal.</source>
        <translation>无法写入错误报告({0})；详细信息已输出到终端。</translation>
    </message>
    <message>
        <source>Internal Error</source>
        <translation>内部错误</translation>
    </message>
    <message>
        <source>Bilingual Reader ran into an internal error. It keeps running; notes being edited were saved where possible.</source>
        <translation>双语阅读器遇到内部错误。程序仍在运行；正在编辑的笔记已尽可能保存。</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Dismiss the message</source>
        <translation>关闭此消息</translation>
    </message>
</context>
<context>
    <name>ChecksPanel</name>
    <message>
        <source>No document open</source>
        <translation>未打开文档</translation>
    </message>
    <message>
        <source>Next &amp;Flag</source>
        <translation>下一个问题(&amp;F)</translation>
    </message>
    <message>
        <source>Pre&amp;vious Flag</source>
        <translation>上一个问题(&amp;V)</translation>
    </message>
    <message>
        <source>C&amp;hecks Panel</source>
        <translation>检查面板(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Checks</source>
        <translation>检查(&amp;C)</translation>
    </message>
    <message>
        <source>Checked once the document is aligned</source>
        <translation>文档对齐后即进行检查</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>The checks failed ({0}: {1}). Details were written to the terminal.</source>
        <translation>检查失败({0}:{1})。详细信息已输出到终端。</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Omission</source>
        <translation>缺漏</translation>
    </message>
    <message>
        <source>Untranslated</source>
        <translation>未翻译</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <source>Punctuation</source>
        <translation>标点</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Advisories</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>ZH {0} · EN {1}</source>
        <translation>中 {0} · 英 {1}</translation>
    </message>
    <message>
        <source>Chinese: {0}</source>
        <translation>中文：{0}</translation>
    </message>
    <message>
        <source>English: {0}</source>
        <translation>英文：{0}</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Hide this flag for this document; Undo Ignore brings it back</source>
        <translation>在此文档中隐藏这个问题；“撤销忽略”可恢复</translation>
    </message>
    <message>
        <source>Undo Ignore</source>
        <translation>撤销忽略</translation>
    </message>
    <message>
        <source>Show ignored</source>
        <translation>显示已忽略</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0}({1})</translation>
    </message>
    <message>
        <source>{0} of {1} flags listed · {2} ignored</source>
        <translation>列出 {0} / {1} 个问题 · 已忽略 {2} 个</translation>
    </message>
    <message>
        <source>No flags: nothing to check, or nothing found</source>
        <translation>没有问题：无可检查的内容，或未发现问题</translation>
    </message>
    <message>
        <source>Stop Ignoring</source>
        <translation>取消忽略</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>Go to Flag</source>
        <translation>转到此问题</translation>
    </message>
</context>
<context>
    <name>Contents</name>
    <message>
        <source>Contents</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>No headings in this document</source>
        <translation>本文档没有标题</translation>
    </message>
    <message>
        <source>&amp;Contents</source>
        <translation>目录(&amp;C)</translation>
    </message>
    <message>
        <source>Chapter being read, and how much of the document is above the pane's bottom</source>
        <translation>正在阅读的章节，以及窗格底部以上的文档所占比例</translation>
    </message>
</context>
<context>
    <name>DictionaryController</name>
    <message>
        <source>Look Up on &amp;Hover</source>
        <translation>悬停查词(&amp;H)</translation>
    </message>
    <message>
        <source>Readings in &amp;Zhuyin</source>
        <translation>以注音显示读音(&amp;Z)</translation>
    </message>
    <message>
        <source>&amp;Vocabulary Panel</source>
        <translation>生词面板(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Dictionary</source>
        <translation>词典(&amp;D)</translation>
    </message>
    <message>
        <source>The dictionary could not be loaded: {0}</source>
        <translation>无法加载词典：{0}</translation>
    </message>
    <message>
        <source>Could not save the word: {0}</source>
        <translation>无法保存该词：{0}</translation>
    </message>
    <message>
        <source>Could not read the vocabulary: {0}</source>
        <translation>无法读取生词表：{0}</translation>
    </message>
    <message>
        <source>Could not delete the word: {0}</source>
        <translation>无法删除该词：{0}</translation>
    </message>
    <message>
        <source>Export Vocabulary as CSV</source>
        <translation>将生词表导出为 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export Vocabulary for Anki</source>
        <translation>为 Anki 导出生词表</translation>
    </message>
    <message>
        <source>Anki text files (*.txt *.tsv)</source>
        <translation>Anki 文本文件 (*.txt *.tsv)</translation>
    </message>
    <message>
        <source>{0} words exported to {1}</source>
        <translation>已将 {0} 个词导出到 {1}</translation>
    </message>
    <message>
        <source>Could not export the vocabulary: {0}</source>
        <translation>无法导出生词表：{0}</translation>
    </message>
</context>
<context>
    <name>VocabularyPanel</name>
    <message>
        <source>Vocabulary</source>
        <translation>生词表</translation>
    </message>
    <message>
        <source>Word</source>
        <translation>词语</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>读音</translation>
    </message>
    <message>
        <source>Senses</source>
        <translation>释义</translation>
    </message>
    <message>
        <source>Sentence</source>
        <translation>句子</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>导出 CSV(&amp;C)…</translation>
    </message>
    <message>
        <source>Export for &amp;Anki…</source>
        <translation>为 Anki 导出(&amp;A)…</translation>
    </message>
    <message>
        <source>Saved words: {0}</source>
        <translation>已保存的词：{0}</translation>
    </message>
    <message>
        <source>No saved words: look a word up and press S (or Save Word).</source>
        <translation>没有保存的词：查一个词，然后按 S（或“保存词语”）。</translation>
    </message>
</context>
<context>
    <name>DictionaryPopup</name>
    <message>
        <source>Not in the dictionary</source>
        <translation>词典中没有</translation>
    </message>
    <message>
        <source>… {0} more</source>
        <translation>……另有 {0} 条</translation>
    </message>
    <message>
        <source>Inside</source>
        <translation>所含词语</translation>
    </message>
    <message>
        <source>&amp;Save Word</source>
        <translation>保存词语(&amp;S)</translation>
    </message>
    <message>
        <source>S save · ← → words · Esc close</source>
        <translation>S 保存 · ← → 切换词语 · Esc 关闭</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
</context>
<context>
    <name>AlignmentEditor</name>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>{0}: none</source>
        <translation>{0}：无</translation>
    </message>
    <message>
        <source>&amp;Link These</source>
        <translation>链接所选(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;No Counterpart</source>
        <translation>无对应(&amp;N)</translation>
    </message>
    <message>
        <source>Not an &amp;Omission</source>
        <translation>并非遗漏(&amp;O)</translation>
    </message>
    <message>
        <source>Merge with &amp;Previous Link</source>
        <translation>与上一链接合并(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Merge with Next Link</source>
        <translation>与下一链接合并(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Split Link…</source>
        <translation>拆分链接(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Unlink</source>
        <translation>取消链接(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Confirm Link</source>
        <translation>确认链接(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Release Link (Automatic Again)</source>
        <translation>释放链接（恢复自动）(&amp;R)</translation>
    </message>
    <message>
        <source>Next &amp;Uncertain Link</source>
        <translation>下一个不确定链接(&amp;U)</translation>
    </message>
    <message>
        <source>Least C&amp;ertain Link</source>
        <translation>最不确定的链接(&amp;E)</translation>
    </message>
    <message>
        <source>Cancel Linking</source>
        <translation>取消链接操作</translation>
    </message>
    <message>
        <source>Edits No Longer Appl&amp;ied…</source>
        <translation>不再适用的编辑(&amp;I)…</translation>
    </message>
    <message>
        <source>Link the paragraphs selected in both panes, or the one at the cursor and then the one you click in the other pane</source>
        <translation>链接两个窗格中选中的段落，或光标所在段落与您随后在另一窗格中单击的段落</translation>
    </message>
    <message>
        <source>Mark the selected paragraphs as having no counterpart (a real omission)</source>
        <translation>将选中的段落标为无对应（真正的遗漏）</translation>
    </message>
    <message>
        <source>Join a paragraph without counterpart to the link it belongs to</source>
        <translation>将无对应的段落并入它所属的链接</translation>
    </message>
    <message>
        <source>Split the link in two, choosing where on each side</source>
        <translation>将链接一分为二，并选择两侧的拆分位置</translation>
    </message>
    <message>
        <source>Mark the link as reviewed: the aligner keeps it as it is</source>
        <translation>将链接标为已审阅：对齐器保持其原样</translation>
    </message>
    <message>
        <source>Drop your edit of the link: the aligner decides it again</source>
        <translation>放弃您对该链接的编辑：由对齐器重新决定</translation>
    </message>
    <message>
        <source>The next link the aligner is unsure of, in reading order</source>
        <translation>按阅读顺序，对齐器不确定的下一个链接</translation>
    </message>
    <message>
        <source>The link the aligner is least sure of, then the next least</source>
        <translation>对齐器最不确定的链接，然后是次不确定的</translation>
    </message>
    <message>
        <source>&amp;Alignment Editing Keys</source>
        <translation>对齐编辑快捷键(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Alignment</source>
        <translation>对齐(&amp;A)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Link across the link map</source>
        <translation>跨链接图建立链接</translation>
    </message>
    <message>
        <source>drag from a paragraph to its counterpart</source>
        <translation>从一个段落拖到它的对应段落</translation>
    </message>
    <message>
        <source>Link with the Selection Opposite</source>
        <translation>与对面的选区链接</translation>
    </message>
    <message>
        <source>Link with {0}</source>
        <translation>与{0}链接</translation>
    </message>
    <message>
        <source>Link This with…</source>
        <translation>将此段链接到…</translation>
    </message>
    <message>
        <source>No Counterpart</source>
        <translation>无对应</translation>
    </message>
    <message>
        <source>Join the Better Neighbour</source>
        <translation>并入更合适的相邻链接</translation>
    </message>
    <message>
        <source>Join the Link Before</source>
        <translation>并入前一链接</translation>
    </message>
    <message>
        <source>Join the Link After</source>
        <translation>并入后一链接</translation>
    </message>
    <message>
        <source>Merge with Previous Link</source>
        <translation>与上一链接合并</translation>
    </message>
    <message>
        <source>Merge with Next Link</source>
        <translation>与下一链接合并</translation>
    </message>
    <message>
        <source>Split Link…</source>
        <translation>拆分链接…</translation>
    </message>
    <message>
        <source>Unlink</source>
        <translation>取消链接</translation>
    </message>
    <message>
        <source>Confirm Link</source>
        <translation>确认链接</translation>
    </message>
    <message>
        <source>Release Link (Automatic Again)</source>
        <translation>释放链接（恢复自动）</translation>
    </message>
    <message>
        <source>{0} of your alignment edits no longer match the text and are not applied.</source>
        <translation>您有 {0} 项对齐编辑与文本不再相符，未被应用。</translation>
    </message>
    <message>
        <source>Show Them…</source>
        <translation>查看…</translation>
    </message>
    <message>
        <source>Your alignment edits could not be read: {0}</source>
        <translation>无法读取您的对齐编辑：{0}</translation>
    </message>
    <message>
        <source>{0} is shown but not saved: the notes database is not open.</source>
        <translation>{0}已显示但未保存：笔记数据库未打开。</translation>
    </message>
    <message>
        <source>The alignment edit is shown but not saved: {0}</source>
        <translation>对齐编辑已显示但未保存：{0}</translation>
    </message>
    <message>
        <source>Every alignment edit of this document is applied</source>
        <translation>本文档的所有对齐编辑均已应用</translation>
    </message>
    <message>
        <source>The alignment was not changed: {0}</source>
        <translation>对齐未更改：{0}</translation>
    </message>
    <message>
        <source>Internal error while re-aligning ({0}: {1}). Details were written to the terminal.</source>
        <translation>重新对齐时发生内部错误（{0}：{1}）。详细信息已写入终端。</translation>
    </message>
    <message>
        <source>Edits wait until the alignment is shown</source>
        <translation>显示对齐后才能编辑</translation>
    </message>
    <message>
        <source>Undone: {0}</source>
        <translation>已撤销：{0}</translation>
    </message>
    <message>
        <source>Redone: {0}</source>
        <translation>已重做：{0}</translation>
    </message>
    <message>
        <source>{0} (saved)</source>
        <translation>{0}（已保存）</translation>
    </message>
    <message>
        <source>Link {0} with {1}</source>
        <translation>链接{0}与{1}</translation>
    </message>
    <message>
        <source>No Counterpart for {0}</source>
        <translation>{0}无对应</translation>
    </message>
    <message>
        <source>Not an Omission: {0}</source>
        <translation>并非遗漏：{0}</translation>
    </message>
    <message>
        <source>Merge Links</source>
        <translation>合并链接</translation>
    </message>
    <message>
        <source>Split Link</source>
        <translation>拆分链接</translation>
    </message>
    <message>
        <source>Release Link</source>
        <translation>释放链接</translation>
    </message>
    <message>
        <source>No uncertain link left</source>
        <translation>没有剩余的不确定链接</translation>
    </message>
    <message>
        <source>Uncertain link (confidence {0:.0%})</source>
        <translation>不确定的链接（置信度 {0:.0%}）</translation>
    </message>
    <message>
        <source>Select the paragraphs to link in both panes, or one and then click its counterpart</source>
        <translation>在两个窗格中选择要链接的段落，或先选一个再单击其对应段落</translation>
    </message>
    <message>
        <source>Linking {0}: click its counterpart in the {1} pane (Esc cancels).</source>
        <translation>正在链接{0}：请在{1}窗格中单击其对应段落（Esc 取消）。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Select the paragraphs that have no counterpart</source>
        <translation>请选择没有对应的段落</translation>
    </message>
    <message>
        <source>Put the cursor in a paragraph without counterpart</source>
        <translation>请将光标放在没有对应的段落中</translation>
    </message>
    <message>
        <source>No link here</source>
        <translation>此处没有链接</translation>
    </message>
    <message>
        <source>The first link keeps the units up to the chosen ones; the second the rest.</source>
        <translation>第一个链接保留到所选单元为止的内容，第二个链接保留其余部分。</translation>
    </message>
    <message>
        <source>Chinese: the first link ends</source>
        <translation>中文：第一个链接的结尾</translation>
    </message>
    <message>
        <source>English: the first link ends</source>
        <translation>英文：第一个链接的结尾</translation>
    </message>
    <message>
        <source>before the first (none in the first link)</source>
        <translation>在第一个之前（第一个链接中没有）</translation>
    </message>
    <message>
        <source>after {0}: “{1}”</source>
        <translation>在 {0} 之后：“{1}”</translation>
    </message>
    <message>
        <source>{0} {1}</source>
        <translation>{0} {1}</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>linked by hand</source>
        <translation>手动链接</translation>
    </message>
    <message>
        <source>{0} · {1} ({2}, by {3}, {4})</source>
        <translation>{0} · {1}（{2}，按{3}，{4}）</translation>
    </message>
    <message>
        <source>Alignment Edits No Longer Applied</source>
        <translation>不再适用的对齐编辑</translation>
    </message>
    <message>
        <source>The text of these edits' paragraphs changed (or they would now cross another edit), so they are not applied. Make them again where they belong, or discard them.</source>
        <translation>这些编辑所涉及段落的文本已更改（或它们现在会与另一项编辑交叉），因此未被应用。请在合适的位置重新编辑，或将其丢弃。</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>丢弃(&amp;D)</translation>
    </message>
    <message>
        <source>Alignment Editing Keys</source>
        <translation>对齐编辑快捷键</translation>
    </message>
    <message>
        <source>&lt;p&gt;Correct a wrong link where you read it: select paragraphs in both panes (or one, then click its counterpart) and link them.&lt;/p&gt;</source>
        <translation>&lt;p&gt;在阅读处纠正错误的链接：在两个窗格中选择段落（或先选一个，再单击其对应段落），然后将它们链接。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>WindowHistory</name>
    <message>
        <source>&amp;Undo {0}</source>
        <translation>撤销{0}(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo {0}</source>
        <translation>重做{0}(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Delete Note</source>
        <translation>删除笔记</translation>
    </message>
</context>
<context>
    <name>Interleaved</name>
    <message>
        <source>No English counterpart</source>
        <translation>没有英文对应</translation>
    </message>
    <message>
        <source>No Chinese counterpart</source>
        <translation>没有中文对应</translation>
    </message>
    <message>
        <source>Interleaved: find selects each match in the column in turn; all matches are marked in the two-pane layouts</source>
        <translation>交错布局：查找会依次选中栏中的每个匹配项；所有匹配项在双窗格布局中都会标出</translation>
    </message>
</context>
<context>
    <name>LinkMap</name>
    <message>
        <source>Click a band to go to its link; drag from a paragraph to its counterpart on the other side to link them (Esc cancels)</source>
        <translation>单击色带转到其链接；从一个段落拖到另一侧的对应段落即可将其链接（Esc 取消）</translation>
    </message>
</context>
<context>
    <name>Project</name>
    <message>
        <source>Could not save the project: a text file is gone ({0})</source>
        <translation>无法保存项目：某个文本文件已不存在（{0}）</translation>
    </message>
    <message>
        <source>Project saved: {0}</source>
        <translation>项目已保存：{0}</translation>
    </message>
    <message>
        <source>Could not save the project: {0}</source>
        <translation>无法保存项目：{0}</translation>
    </message>
    <message>
        <source>Could not open the project: {0}</source>
        <translation>无法打开项目：{0}</translation>
    </message>
    <message>
        <source>Save Project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <source>Bilingual Reader projects (*{0})</source>
        <translation>双语阅读器项目 (*{0})</translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Open &amp;Project…</source>
        <translation>打开项目(&amp;P)…</translation>
    </message>
    <message>
        <source>Save Pro&amp;ject…</source>
        <translation>保存项目(&amp;J)…</translation>
    </message>
</context>
<context>
    <name>Reveal</name>
    <message>
        <source>Re&amp;veal the Current Pair</source>
        <translation>显示当前对照(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Cover Everything Again</source>
        <translation>重新全部遮盖(&amp;C)</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;System</source>
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
</context>
<context>
    <name>Export</name>
    <message>
        <source>HTML page</source>
        <translation>HTML 网页</translation>
    </message>
    <message>
        <source>EPUB e-book</source>
        <translation>EPUB 电子书</translation>
    </message>
    <message>
        <source>Word document (DOCX)</source>
        <translation>Word 文档(DOCX)</translation>
    </message>
    <message>
        <source>TMX translation memory</source>
        <translation>TMX 翻译记忆库</translation>
    </message>
    <message>
        <source>TSV table</source>
        <translation>TSV 表格</translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown 文本</translation>
    </message>
    <message>
        <source>Anki deck (text)</source>
        <translation>Anki 卡组(文本)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>左右对照</translation>
    </message>
    <message>
        <source>Interleaved (Chinese, then English)</source>
        <translation>交替排列(先中文，后英文)</translation>
    </message>
    <message>
        <source>Include the notes</source>
        <translation>包含批注</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Layout:</source>
        <translation>版式(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Save to:</source>
        <translation>保存到(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>This format has one layout</source>
        <translation>此格式只有一种版式</translation>
    </message>
    <message>
        <source>The deck holds a card for each noted pair</source>
        <translation>卡组为每对带批注的段落各生成一张卡片</translation>
    </message>
    <message>
        <source>Preview: the first {0} of the {1} noted pairs (a card each)</source>
        <translation>预览：{1} 对带批注段落中的前 {0} 对(每对一张卡片)</translation>
    </message>
    <message>
        <source>Preview: the first {0} of {1} links</source>
        <translation>预览：{1} 个链接中的前 {0} 个</translation>
    </message>
    <message>
        <source>Exported {0} without the notes ({1})</source>
        <translation>已导出 {0}，未含批注({1})</translation>
    </message>
    <message>
        <source>Exported {0} ({1} links, {2} notes)</source>
        <translation>已导出 {0}({1} 个链接，{2} 条批注)</translation>
    </message>
    <message>
        <source>Could not export to {0}: {1}</source>
        <translation>无法导出到 {0}：{1}</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
</context>
<context>
    <name>Palette</name>
    <message>
        <source>Important</source>
        <translation>重要</translation>
    </message>
    <message>
        <source>Good translation</source>
        <translation>译文出色</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>疑问</translation>
    </message>
    <message>
        <source>Translation problem</source>
        <translation>翻译问题</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>词汇</translation>
    </message>
</context>
<context>
    <name>Readings</name>
    <message>
        <source>Show &amp;Readings</source>
        <translation>显示注音(&amp;R)</translation>
    </message>
    <message>
        <source>Show the pinyin the text came with when the pointer rests on a character</source>
        <translation>指针停在字上时，显示原文附带的拼音</translation>
    </message>
</context>
<context>
    <name>CheckMessages</name>
    <message>
        <source>Numbers differ: Chinese {0}; English {1}</source>
        <translation>数字不一致：中文 {0}；英文 {1}</translation>
    </message>
    <message>
        <source>Numbers differ: Chinese {0} not in the other side</source>
        <translation>数字不一致：中文的 {0} 在英文中没有</translation>
    </message>
    <message>
        <source>Numbers differ: English {0} not in the other side</source>
        <translation>数字不一致：英文的 {0} 在中文中没有</translation>
    </message>
    <message>
        <source>{0} in the Chinese, not in the English</source>
        <translation>中文有 {0}，英文没有</translation>
    </message>
    <message>
        <source>{0} in the English, not in the Chinese</source>
        <translation>英文有 {0}，中文没有</translation>
    </message>
    <message>
        <source>{0} ({1} elsewhere) in the Chinese; the English has {2} instead</source>
        <translation>中文为{0}（别处译作 {1}），英文却作 {2}</translation>
    </message>
    <message>
        <source>Chinese paragraph with no English counterpart: {0}</source>
        <translation>中文段落没有对应的英文：{0}</translation>
    </message>
    <message>
        <source>Chinese sentence with no English counterpart: {0}</source>
        <translation>中文句子没有对应的英文：{0}</translation>
    </message>
    <message>
        <source>English paragraph with no Chinese counterpart: {0}</source>
        <translation>英文段落没有对应的中文：{0}</translation>
    </message>
    <message>
        <source>English sentence with no Chinese counterpart: {0}</source>
        <translation>英文句子没有对应的中文：{0}</translation>
    </message>
    <message>
        <source>Chinese left in the English: {0}</source>
        <translation>英文中残留中文：{0}</translation>
    </message>
    <message>
        <source>The same text on both sides</source>
        <translation>两侧文字完全相同</translation>
    </message>
    <message>
        <source>The Chinese is {0}x longer than usual in this document ({1} English characters per Chinese one, usually {2})</source>
        <translation>中文相对英文的长度是本文档通常的 {0} 倍（每个中文字符对应 {1} 个英文字符，通常为 {2} 个）</translation>
    </message>
    <message>
        <source>The English is {0}x longer than usual in this document ({1} English characters per Chinese one, usually {2})</source>
        <translation>英文相对中文的长度是本文档通常的 {0} 倍（每个中文字符对应 {1} 个英文字符，通常为 {2} 个）</translation>
    </message>
    <message>
        <source>Unpaired {0} in the Chinese</source>
        <translation>中文中有未配对的 {0}</translation>
    </message>
    <message>
        <source>Unpaired {0} in the English</source>
        <translation>英文中有未配对的 {0}</translation>
    </message>
    <message>
        <source>A question in the Chinese only</source>
        <translation>仅中文中有问句</translation>
    </message>
    <message>
        <source>A question in the English only</source>
        <translation>仅英文中有问句</translation>
    </message>
</context>
</TS>