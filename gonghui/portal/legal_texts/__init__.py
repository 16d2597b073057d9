"""The default 用户协议 and 隐私政策 (version 1) a fresh install publishes.

The texts are files beside this module, one per kind and version; they are never edited once
published: a 系统管理员 publishes a changed text as the next version in the workbench.
"""

from pathlib import Path

DEFAULT_TITLES = {"terms": "智慧工会用户服务协议", "privacy": "智慧工会个人信息保护政策"}


def default_body(kind: str) -> str:
    return (Path(__file__).parent / f"{kind}_v1.txt").read_text(encoding="utf-8").strip()


def seed_default_documents(document_model) -> None:
    """Publish version 1 of every kind that has none. Takes the model so that the data
    migration can pass its historical one."""
    for kind, title in DEFAULT_TITLES.items():
        if not document_model.objects.filter(kind=kind).exists():
            document_model.objects.get_or_create(
                kind=kind, version=1, defaults={"title": title, "body": default_body(kind)}
            )
