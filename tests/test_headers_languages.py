"""Headers written in Chinese, Russian, Korean and Japanese map to the same fields as English ones."""

# ruff: noqa: RUF001 - Russian headers are Cyrillic, letters that look Latin included.

from __future__ import annotations

import pytest

from compliance.intake.headers import CLEANED, EXACT, TOLERANT, layout_for_row, match_header
from compliance.model.fields import FIELD_SYNONYMS, header_key

ZH = {
    "参考号": "reference",
    "日期": "date",
    "合同日期": "contract_date",
    "发货人": "shipper",
    "发货人国家": "shipper_country",
    "收货人": "consignee",
    "收货人国家": "consignee_country",
    "原产国": "origin",
    "原产地": "origin",
    "装货港": "loading_port",
    "卸货港": "discharge_port",
    "目的国": "destination",
    "HS编码": "hs_code",
    "海关编码": "hs_code",
    "货物描述": "description",
    "品名": "description",
    "数量": "quantity",
    "单位": "unit",
    "金额": "value",
    "币种": "currency",
    "船名": "vessel",
    "船旗": "flag",
}
RU = {
    "Номер": "reference",
    "Дата": "date",
    "Дата контракта": "contract_date",
    "Грузоотправитель": "shipper",
    "Страна грузоотправителя": "shipper_country",
    "Грузополучатель": "consignee",
    "Страна грузополучателя": "consignee_country",
    "Страна происхождения": "origin",
    "Порт погрузки": "loading_port",
    "Порт выгрузки": "discharge_port",
    "Страна назначения": "destination",
    "Код ТН ВЭД": "hs_code",
    "Описание товара": "description",
    "Количество": "quantity",
    "Единица": "unit",
    "Стоимость": "value",
    "Валюта": "currency",
    "Судно": "vessel",
    "Флаг": "flag",
}
KO = {
    "참조번호": "reference",
    "일자": "date",
    "계약일자": "contract_date",
    "송하인": "shipper",
    "송하인 국가": "shipper_country",
    "수하인": "consignee",
    "수하인 국가": "consignee_country",
    "원산지": "origin",
    "선적항": "loading_port",
    "양하항": "discharge_port",
    "목적국": "destination",
    "HS코드": "hs_code",
    "품명": "description",
    "수량": "quantity",
    "단위": "unit",
    "금액": "value",
    "통화": "currency",
    "선박명": "vessel",
    "선적국": "flag",
}
MORE = {
    # a few more natural ones per language, and Japanese
    "货物名称": "description",
    "出口商": "shipper",
    "进口商": "consignee",
    "提单号": "reference",
    "Наименование товара": "description",
    "Экспортер": "shipper",
    "Покупатель": "consignee",
    "Таможенная стоимость": "value",
    "Номер контракта": "reference",
    "№ контракта": "reference",
    "수출자": "shipper",
    "수입자": "consignee",
    "상품명": "description",
    "수출국": "shipper_country",
    "原産国": "origin",
    "品目": "description",
    "荷送人": "shipper",
    "荷受人": "consignee",
    "通貨": "currency",
    "船積港": "loading_port",
}


@pytest.mark.parametrize(("header", "field"), [*ZH.items(), *RU.items(), *KO.items(), *MORE.items()])
def test_local_headers_match_exactly(header: str, field: str) -> None:
    assert match_header(header) == (field, EXACT)


@pytest.mark.parametrize(("header", "field"), [*ZH.items(), *RU.items(), *KO.items()])
def test_case_spacing_and_width_do_not_matter(header: str, field: str) -> None:
    variants = {f" {header.upper()} ", header.lower(), header.replace(" ", "  ")}
    # Full-width Latin letters come from CJK input methods: "ＨＳ编码".
    variants.add("".join(chr(ord(c) + 0xFEE0) if "A" <= c <= "Z" else c for c in header))
    for variant in variants:
        assert match_header(variant) == (field, EXACT), variant


@pytest.mark.parametrize(
    ("header", "field", "level"),
    [
        ("金额(美元)", "value", CLEANED),
        ("货物描述 / 品名", "description", CLEANED),
        ("Описание товара (на английском)", "description", CLEANED),
        ("Стоимость, USD", "value", CLEANED),
        ("원산지 (국가)", "origin", CLEANED),
        ("Страна происхождения товара", "origin", TOLERANT),
        ("Порт погрузки груза", "loading_port", TOLERANT),
        ("송하인 국가 코드", "shipper_country", TOLERANT),
    ],
)
def test_local_headers_with_extras(header: str, field: str, level: int) -> None:
    assert match_header(header) == (field, level)


def test_header_key_keeps_every_script() -> None:
    assert header_key("货物描述") == "货物描述"
    assert header_key("Страна происхождения") == "странапроисхождения"
    assert header_key("송하인 국가") == "송하인국가"
    assert header_key("ＨＳ编码") == "hs编码"
    assert header_key("Référence") == "reference"
    # English keys are what they were.
    assert header_key("Country of Origin (COO)") == "countryoforigincoo"
    assert header_key("B/L No.") == "blno"
    assert header_key("—") == ""


def test_no_local_header_is_claimed_by_two_fields() -> None:
    owner: dict[str, str] = {}
    clashes = []
    for field, synonyms in FIELD_SYNONYMS.items():
        for synonym in synonyms:
            key = header_key(synonym)
            if owner.setdefault(key, field) != field and not synonym.isascii():
                clashes.append((synonym, owner[key], field))
    assert clashes == []


@pytest.mark.parametrize("table", [ZH, RU, KO])
def test_a_whole_header_row_maps_every_column(table: dict[str, str]) -> None:
    headers = list(table)
    layout = layout_for_row(1, headers)
    # 原产国 and 原产地 both mean origin: the first takes the field, the second stays unmapped.
    first: dict[str, str] = {}
    for header, field in table.items():
        first.setdefault(field, header)
    assert {field: headers[index] for field, index in layout.columns.items()} == first
    # The second header of a field is never read as another field: it stays unmapped, or is kept as a
    # further column of the same field where the layout records those.
    further = getattr(layout, "duplicates", {})
    for header, field in table.items():
        if header not in first.values():
            assert header in layout.unmapped or headers.index(header) in further.get(field, ()), header
