"""What may be uploaded: each allowed content type, the file extensions that belong to it (the
first names the object key), and how its first bytes look.

One table, so the declared type, the name's extension and the stored bytes must all agree:
`invoice.exe` declared as a PDF is refused at presign, and a PDF whose bytes are an executable
is refused at attach (the portal reads the object's first bytes with a ranged GET).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

HEAD_BYTES = 16  # enough for every signature below


@dataclass(frozen=True)
class FileType:
    extensions: tuple[str, ...]
    signatures: tuple[bytes, ...] = ()  # the file starts with one of these; () means text
    riff_form: bytes = b""  # RIFF containers (WebP) name their form at offset 8

    def matches(self, head: bytes) -> bool:
        """Whether `head` (the object's first bytes) can be the start of a file of this type."""
        if self.riff_form:
            return head[:4] == b"RIFF" and head[8:12] == self.riff_form
        if self.signatures:
            return head.startswith(self.signatures)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return True  # UTF-16 with its byte-order mark ("Unicode text" from Excel or Notepad)
        return b"\x00" not in head  # text: any encoding (CSV from Excel is often CP949), no NUL


_ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # Office Open XML and HWPX are ZIP files
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # legacy Office and HWP 5 documents
_HWP = FileType(("hwp",), _OLE)

ALLOWED_TYPES: dict[str, FileType] = {
    "image/png": FileType(("png",), (b"\x89PNG\r\n\x1a\n",)),
    "image/jpeg": FileType(("jpg", "jpeg"), (b"\xff\xd8\xff",)),
    "image/gif": FileType(("gif",), (b"GIF87a", b"GIF89a")),
    "image/webp": FileType(("webp",), riff_form=b"WEBP"),
    "application/pdf": FileType(("pdf",), (b"%PDF-",)),
    "text/plain": FileType(("txt", "text", "log", "md")),
    "text/csv": FileType(("csv",)),
    "application/zip": FileType(("zip",), _ZIP),
    "application/x-zip-compressed": FileType(("zip",), _ZIP),
    "application/msword": FileType(("doc",), _OLE),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": FileType(("docx",), _ZIP),
    "application/vnd.ms-excel": FileType(("xls",), _OLE),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": FileType(("xlsx",), _ZIP),
    "application/vnd.ms-powerpoint": FileType(("ppt",), _OLE),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": FileType(("pptx",), _ZIP),
    # 한글 (Hancom) documents, common in Korean offices.
    "application/x-hwp": _HWP,
    "application/vnd.hancom.hwp": _HWP,
    "application/vnd.hancom.hwpx": FileType(("hwpx",), _ZIP),
}


def extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename.strip(".") else ""


def without_invisible(text: str) -> str:
    """`text` without control, format (bidi overrides, zero-width) and separator characters,
    which can make `invoice<U+202E>fdp.exe` read as `invoiceexe.pdf`."""
    return "".join(ch for ch in text if unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Zl", "Zp"})
