"""The round's documents: a certificate (荣誉证书, DOCX) per honoree, a 推荐审批表 (DOCX) per
candidate of a round recommending upward, and the list as XLSX. No ID number or phone in any."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from gonghui.core.tabular import xlsx_file
from gonghui.honors.models import Nomination, Round
from gonghui.honors.rounds.layouts import layout_of, opinion_text, rows_of


def _centered(doc, text: str, size: int, bold: bool = False) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold


def certificate_docx(n: Nomination) -> io.BytesIO:
    rnd = n.round
    doc = Document()
    _centered(doc, "荣 誉 证 书", 36, bold=True)
    doc.add_paragraph()
    _centered(doc, f"{n.name}：", 20)
    _centered(doc, f"被授予{rnd.year}年度“{n.honor_type.title}”荣誉称号。", 18)
    doc.add_paragraph()
    _centered(doc, f"{n.honor_type.conferring_body}", 16)
    _centered(doc, f"{rnd.decided_on:%Y年%m月%d日}" if rnd.decided_on else "", 14)
    _centered(doc, f"证书编号：{n.certificate_no}　表彰决定：{rnd.decision_no}", 10)
    out = io.BytesIO()
    doc.save(out)
    out.seek(0)
    return out


def recommendation_docx(n: Nomination) -> io.BytesIO:
    """推荐审批表 in the honor type's layout (rounds/layouts.py): its title, its fields and
    one opinion box per level or stage, filled from the nomination's history."""
    layout = layout_of(n)
    doc = Document()
    _centered(doc, layout.title.format(title=n.honor_type.title), 18, bold=True)
    _centered(doc, f"{n.round.title}　推荐单位：{n.org.name}", 10)
    grid = doc.add_table(rows=0, cols=2)
    grid.style = "Table Grid"
    for label, value in rows_of(n):
        cells = grid.add_row().cells
        cells[0].text = label
        cells[1].text = value
    for label, box in layout.opinions:
        cells = grid.add_row().cells
        cells[0].text = label
        cells[1].text = opinion_text(n, box) or "（盖章）　　年　月　日"
    if layout.note:
        doc.add_paragraph(layout.note)
    out = io.BytesIO()
    doc.save(out)
    out.seek(0)
    return out


LIST_HEADER = [
    "序号",
    "荣誉",
    "姓名/名称",
    "性别",
    "工作单位",
    "岗位",
    "一线职工",
    "推荐单位",
    "状态",
    "证书编号",
]


def round_list_xlsx(rnd: Round, nominations) -> io.BytesIO:
    rows = (
        [
            i,
            n.honor_type.title,
            n.name,
            {"1": "男", "2": "女"}.get(n.gender, ""),
            n.employer,
            n.post,
            "是" if n.front_line else "否",
            n.org.name,
            n.get_status_display(),
            n.certificate_no,
        ]
        for i, n in enumerate(nominations, start=1)
    )
    out = io.BytesIO()
    xlsx_file("名单", LIST_HEADER, rows, out)
    out.seek(0)
    return out
