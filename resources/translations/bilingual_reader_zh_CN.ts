<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
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
</TS>
