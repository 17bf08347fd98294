"""``documents``: one row per source document."""

import pyarrow as pa

from schemas._base import TIMESTAMP, dataset_schema, doc_year_field, field

SCHEMA_VERSION = 5

AFFILIATION = pa.struct(
    [
        field("name", pa.string(), "Institution as printed (spaces between its Chinese parts removed)."),
        field("role", pa.string(), "Role or title held there when printed (教授, 主任 …), '、'-joined when several."),
        field("city", pa.string(), "City printed with a numbered affiliation (（1.某大学，北京 100084）)."),
        field("postcode", pa.string(), "Six-digit postcode printed with the affiliation."),
        field(
            "marker",
            pa.string(),
            "The affiliation's number linking it to author markers (¹, 1, …); null when unnumbered.",
        ),
    ]
)

AUTHOR = pa.struct(
    [
        field("name", pa.string(), "Author's name as printed, padding and markers removed."),
        field("affiliation", pa.string(), "Affiliation(s) as printed, '；'-joined when several."),
        field(
            "role", pa.string(), "Title(s) or role(s) when printed (教授, 研究员, 所长 …), '、'-joined when several."
        ),
        field(
            "affiliations",
            pa.list_(AFFILIATION),
            "Each affiliation with its role, city and postcode: from the numbered affiliation list of a research "
            "article, or split from a forum author line ('…学院教授、…中心主任' is two).",
        ),
        field("name_en", pa.string(), "The author's name in the English front matter (ZHANG Wei), matched by order."),
        field("email", pa.string(), "E-mail from 作者简介 or 通信作者."),
        field("corresponding", pa.bool_(), "True for the corresponding author (marked * or named after 通信作者)."),
    ]
)

SCHEMA = dataset_schema(
    "documents",
    grain="one row per source document",
    keys=["doc_id"],
    version=SCHEMA_VERSION,
    partition_by=["doc_year"],
    fields=[
        field(
            "doc_id",
            pa.string(),
            "Deterministic id derived from source_key (stable when the content changes).",
            nullable=False,
        ),
        field("source_key", pa.string(), "Path of the source relative to the input root, POSIX form.", nullable=False),
        field(
            "source_uri",
            pa.string(),
            "Full path or URL the source was read from; `qikan reprocess` reads it again from here.",
            nullable=False,
        ),
        field("source_format", pa.string(), "Input format: txt, md or pdf.", nullable=False),
        field(
            "content_sha256",
            pa.string(),
            "SHA-256 of the source bytes; with pipeline_version it decides whether a rerun skips the source.",
            nullable=False,
        ),
        field(
            "encoding",
            pa.string(),
            "Text encoding detected for txt/md sources (utf-8, utf-8-sig, gb18030, big5, utf-16); null for PDFs.",
        ),
        field(
            "title",
            pa.string(),
            "Document title; a two-line title (title and ——subtitle) joined, its footnote marker (*, ①) removed.",
        ),
        field("title_en", pa.string(), "English title printed with the front matter."),
        field(
            "journal",
            pa.string(),
            "Journal name from the masthead (letter spacing removed: 中 文 信 息 学 报 → 中文信息学报), else the "
            "name most running heads print, else a CNKI online-first cover (《…》网络首发论文) or a footer.",
        ),
        field("journal_latin", pa.string(), "Latin (pinyin or English) journal name when printed."),
        field(
            "year",
            pa.int32(),
            "Publication year (文章编号, masthead, running heads, CNKI DOI, online-first date, in that order); "
            "the table is partitioned on it (null: year=__HIVE_DEFAULT_PARTITION__).",
        ),
        field(
            "volume",
            pa.int32(),
            "Volume (卷) of the issue, from the masthead (第38卷, Vol. 38) or the running heads.",
        ),
        field(
            "issue",
            pa.int32(),
            "Issue number (期) within the year or volume, from the masthead (第2期, No. 2, 2024年第3期), "
            "the 文章编号, the running heads or a CNKI DOI (j.issn.….2024.02.…).",
        ),
        field(
            "first_page",
            pa.int32(),
            "First printed page of the article: from the 文章编号 (…（2024）02-0084-06: 84), else the page "
            "numbers of the running heads and feet (printed number minus page, as most pages agree).",
        ),
        field(
            "last_page",
            pa.int32(),
            "Last printed page: first page + page count − 1 from the 文章编号, else as first_page.",
        ),
        field("authors", pa.list_(AUTHOR), "Authors in printed order: name, affiliation, role."),
        field("keywords", pa.list_(pa.string()), "Printed keywords (关键词), split on ；;，,、."),
        field(
            "auto_keywords",
            pa.list_(pa.string()),
            "Up to 10 keywords computed by TF-IDF over the document's body and abstract tokens (content words of "
            "two characters or more, jieba's IDF table), best first; next to the printed keywords.",
        ),
        field("abstract", pa.string(), "Printed abstract (摘要), label removed, wrapped lines joined."),
        field("keywords_en", pa.list_(pa.string()), "Printed English keywords (Key words), split on ; and ,."),
        field("abstract_en", pa.string(), "Printed English abstract (Abstract)."),
        field("editor", pa.string(), "Responsible editor (责任编辑)."),
        field("clc", pa.string(), "Chinese Library Classification number (中图分类号)."),
        field("doc_code", pa.string(), "Document code (文献标识码 / 文献标志码), a letter such as A."),
        field("article_no", pa.string(), "Article number (文章编号), as 1002-0241（2024）03-0012-09."),
        field("doi", pa.string(), "DOI of the document, without a resolver prefix."),
        field("received_date", pa.date32(), "Date the manuscript was received (收稿日期)."),
        field("revised_date", pa.date32(), "Date of the revised manuscript (修回日期)."),
        field("funding", pa.string(), "Funding (基金项目) as printed."),
        field(
            "author_notes",
            pa.string(),
            "Author biographies (作者简介) as printed; roles and e-mails are also in authors.",
        ),
        field("corresponding_author", pa.string(), "The 通信作者 note as printed (name, e-mail)."),
        field(
            "n_pages",
            pa.int32(),
            "Pages in the source: PDF pages; in text, pages separated by form feeds or, without form feeds, "
            "by the blank-line page breaks its running heads and page numbers show.",
        ),
        field("n_chars", pa.int64(), "Characters of repaired text."),
        field("n_repairs_fixed", pa.int32(), "Rows of repairs with action 'fixed' for this document."),
        field("n_repairs_flagged", pa.int32(), "Rows of repairs with action 'flagged' for this document."),
        field("pipeline_version", pa.string(), "qikan version that produced the row.", nullable=False),
        field(
            "run_id",
            pa.string(),
            "Id of the run (the Prefect flow run id under Prefect) that wrote the row.",
            nullable=False,
        ),
        field("processed_at", TIMESTAMP, "When the document was processed (UTC).", nullable=False),
        field(
            "status",
            pa.string(),
            "'ok', or 'flagged' when repairs flagged something a person should look at.",
            nullable=False,
        ),
        doc_year_field(),
    ],
)
