"""The completion certificate (结业证书) of an enrolment, as a Word document (python-docx, as
the honors' certificates). No ID number or phone in it."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from gonghui.competitions.models.training import Enrollment

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _centered(doc, text: str, size: int, bold: bool = False) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold


def certificate_filename(enrollment: Enrollment) -> str:
    return f"结业证书-{enrollment.member.name}-{enrollment.certificate_no}.docx"


def certificate_docx(enrollment: Enrollment) -> io.BytesIO:
    training_class = enrollment.training_class
    course = training_class.course
    doc = Document()
    _centered(doc, "结 业 证 书", 36, bold=True)
    doc.add_paragraph()
    _centered(doc, f"{enrollment.member.name}：", 20)
    _centered(
        doc,
        f"于{training_class.starts_on:%Y年%m月%d日}至{training_class.ends_on:%Y年%m月%d日}"
        f"参加「{training_class.name}」（{course.title}）培训，",
        16,
    )
    _centered(doc, f"修满{enrollment.hours}学时，考核合格，准予结业。", 16)
    doc.add_paragraph()
    _centered(doc, course.academy.name, 16)
    _centered(doc, f"{enrollment.completed_on:%Y年%m月%d日}", 14)
    _centered(doc, f"证书编号：{enrollment.certificate_no}", 10)
    out = io.BytesIO()
    doc.save(out)
    out.seek(0)
    return out
