# ruff: noqa: RUF001, RUF003 - the Russian names are Cyrillic on purpose, letters that look Latin included.
"""Every spelling of a country or place this tool knows, as data: English aliases, ports and cities,
and the names written in Chinese, Russian, Korean and Japanese.

`compliance.normalise.countries` reads country cells with these tables and `compliance.normalise.mentions` finds them
inside free text. Tables are ";"-separated strings so that they stay readable and diff well.

Sources of the native-script names, beyond pycountry's own gettext catalogues (iso3166-1 in zh_CN,
zh_TW, ru, ko and ja, read by `translated_names`):
- the DPRK's names as it writes them itself (KCNA's Korean, Chinese, Russian and Japanese services:
  조선민주주의인민공화국, 朝鲜民主主义人民共和国, Корейская Народно-Демократическая Республика,
  朝鮮民主主義人民共和国) and the names used in China (朝鲜, 北韩 in Hong Kong and Taiwan), Russia (КНДР,
  Северная Корея), South Korea (북한, 북조선) and Japan (北朝鮮);
- place names as the Unicode CLDR and the Korean, Chinese, Russian and Japanese Wikipedia articles on
  each city write them (평양/平壤/Пхеньян/ピョンヤン; 남포/南浦/Нампхо/ナムポ; 라선/羅先/Расон/ラソン ...),
  with the South's initial-sound spellings (나선, 나진) beside the North's (라선, 라진);
- Russian case forms written out (Северной Кореи, в Пхеньяне), because Russian addresses decline them.
"""

from __future__ import annotations

import gettext
from functools import cache
from typing import Final

import pycountry

__all__ = [
    "ALIASES",
    "AMBIGUOUS",
    "AMBIGUOUS_MEANS",
    "EXCLUSIONS",
    "FREE_TEXT_AMBIGUOUS",
    "FREE_TEXT_IGNORED",
    "NATIVE",
    "NATIVE_PLACES",
    "ORGANISATIONS",
    "PLACES",
    "QUALIFIED",
    "QUALIFIERS",
    "listed",
    "translated_names",
]


def listed(spec: str) -> tuple[str, ...]:
    """The items of a ";"-separated table cell, stripped; tables stay readable that way."""
    return tuple(item.strip() for item in spec.split(";") if item.strip())


# Table value for spellings that name no single country; never a valid alpha-2 code.
AMBIGUOUS: Final = "?"
# The countries a spelling marked AMBIGUOUS may mean: a bare "Korea" is the North or the South.
AMBIGUOUS_MEANS: Final = frozenset({"KP", "KR"})

# Hand-written spellings pycountry lacks, ";"-separated. Keys go through `_key`, so case, accents,
# dots and commas need not be spelled out: "D.P.R.K." and "Korea, North" meet "DPRK", "Korea North".
ALIASES: Final[dict[str, str]] = {
    "KP": """
        DPRK; North Korea; N Korea; No Korea; Nth Korea; Korea DPR; DPR Korea; DPR of Korea;
        Korea DPRK; Korea North; North-Korea; Nordkorea; Korea Nord;
        Democratic People's Republic of Korea; Democratic Peoples Rep of Korea;
        Dem People's Rep of Korea; Dem People's Rep Korea; Dem Rep of Korea; Dem Rep Korea;
        Korea Dem People's Rep; Korea Dem People's Rep of; Korea Democratic People's Rep;
        Korea Democratic People's Rep of; Korea Democratic People's Republic; Korea Dem Rep;
        Democratic Republic of Korea; People's Republic of Korea;
        Korea People's Democratic Republic; Choson; Chosun; Chosen; North Korean; N Korean;
        DPRK national; Corea del Norte; Coree du Nord; Corea del Nord; Coreia do Norte;
        Noord-Korea
    """,
    "KR": """
        South Korea; S Korea; So Korea; Sth Korea; Republic of Korea; Rep of Korea;
        Korea Rep; Korea Rep of; Korea Republic; Korea Republic of; Korea South; South-Korea;
        ROK; Suedkorea; Sudkorea; Korea Sud; Corea del Sur; Coree du Sud; Corea del Sud;
        Coreia do Sul; Zuid-Korea; South Korean; S Korean
    """,
    AMBIGUOUS: "Korea; Corea; Coree; Korean; Koreas; Korea Peninsula",
    "RU": "Russia; Russian Fed; Rossiya; Russian",
    "CN": """
        PRC; PR China; China PR; China PRC; People's Rep of China; China People's Republic;
        China People's Republic of; Mainland China; China Mainland; Chinese
    """,
    "TW": "Taiwan; Republic of China; Chinese Taipei; Taiwan ROC; Formosa",
    "HK": "Hong Kong SAR; Hongkong; Hong Kong China; HKSAR",
    "MO": "Macau; Macau SAR; Macao SAR",
    "VN": "Vietnam; Viet Nam; Vietnamese",
    "IR": "Iran; Persia",
    "SY": "Syria",
    "GB": """
        UK; Great Britain; Britain; England; Scotland; Wales; Northern Ireland;
        United Kingdom of Great Britain; British
    """,
    "US": "USA; United States of America; America; US of A; American",
    "AE": "UAE; Emirates; United Arab Emirate",
    "LA": "Laos; Lao; Lao PDR",
    "BO": "Bolivia",
    "VE": "Venezuela",
    "TZ": "Tanzania",
    "CZ": "Czechia; Czech Republic; Czech Rep",
    "TR": "Turkey; Turkiye; Turkish",
    "CI": "Ivory Coast; Cote d Ivoire; Cote d'Ivoire",
    "MM": "Burma",
    "NL": "Holland",
    "MK": "Macedonia; FYROM",
    "SZ": "Swaziland",
    "CV": "Cape Verde",
    "TL": "East Timor",
    "VA": "Vatican; Vatican City; Holy See",
    "CD": """
        DR Congo; DRC; Congo DRC; Congo Kinshasa;
        Democratic Republic of Congo; Congo Dem Rep; Dem Rep Congo; Congo DR
    """,
    "CG": "Congo Brazzaville; Republic of Congo; Congo Rep",
    "BN": "Brunei",
    "FM": "Micronesia",
    "PS": "Palestine",
    "MD": "Moldova",
    "KN": "St Kitts and Nevis; St Kitts",
    "LC": "St Lucia",
    "VC": "St Vincent and the Grenadines; St Vincent",
    "VI": "US Virgin Islands",
    "VG": "BVI",
    "FK": "Falkland Islands; Falklands",
    "MF": "Saint Martin; St Martin",
    "SX": "Sint Maarten",
    "SH": "Saint Helena; St Helena",
    "JP": "Japanese",
    "IN": "Indian",
    "KG": "Kyrgyz Republic; Kirghizia",
    "SK": "Slovak Republic",
    "MY": "Malaysian",
    "SG": "Singaporean",
    "TH": "Thai",
    "ID": "Indonesian",
    "PH": "Filipino; Philippine",
    "MN": "Mongolian",
    "DE": "German; Deutschland",
    "FR": "French",
}

# Ports and cities, so "Port of Nampho" or "Busan, Korea" resolve. DPRK names come with the
# romanisations seen on bills of lading (McCune-Reischauer with or without breves, and the
# South Korean Revised Romanisation).
PLACES: Final[dict[str, str]] = {
    "KP": """
        Nampho; Nampo; Namp'o; Chinnampo; Rajin; Najin; Rason; Raseon; Rajin-Sonbong;
        Rajin Sonbong; Rajinsonbong; Najin-Sonbong; Sonbong; Unggi; Chongjin; Cheongjin;
        Wonsan; Hungnam; Heungnam; Hamhung; Hamheung; Haeju; Songrim; Songnim; Pyongyang;
        Pyeongyang; Pyong Yang; Sinuiju; Sinujiu; Sineuiju; Kimchaek; Kim Chaek; Songjin;
        Tanchon; Dancheon; Kaesong; Gaeseong; Kaesong Industrial Complex; Hyesan; Manpo;
        Sariwon; Kangso; Ryongampho; Ryongampo; Musan; Kusong; Masikryong; Tumangang; Chilbosan;
        Kumgangsan; Mount Kumgang; North Pyongan; South Pyongan; North Hamgyong; South Hamgyong;
        North Hwanghae; South Hwanghae; Chagang; Ryanggang; Yanggang
    """,
    "KR": """
        Busan; Pusan; Incheon; Inchon; Seoul; Ulsan; Gwangyang; Kwangyang; Pyeongtaek;
        Pyongtaek; Pyeongtaek-Dangjin; Mokpo; Yeosu; Yosu; Gunsan; Kunsan; Pohang; Daesan;
        Masan; Donghae; Daegu; Taegu; Gwangju; Daejeon; Changwon; Okpo; Geoje
    """,
    "CN": """
        Dandong; Tantung; Dalian; Dairen; Shanghai; Qingdao; Tsingtao; Tianjin; Tientsin;
        Xingang; Tianjin Xingang; Longkou; Yantai; Ningbo; Zhoushan; Ningbo-Zhoushan;
        Nantong; Hunchun; Yingkou; Jinzhou; Rizhao; Lianyungang; Shenzhen; Guangzhou; Xiamen;
        Fuzhou; Beijing; Peking; Shenyang; Yanji; Tumen; Ji'an; Weihai; Shidao; Qinhuangdao;
        Caofeidian; Jingtang; Huludao
    """,
    "RU": """
        Vladivostok; Nakhodka; Khasan; Vostochny; Vostochnyy; Posyet; Posiet; Slavyanka;
        Zarubino; Kholmsk; Korsakov; Moscow; St Petersburg; Saint Petersburg
    """,
    "NL": "Rotterdam; Amsterdam",
    "SG": "Singapore",
    "HK": "Kowloon",
    "TW": "Kaohsiung; Keelung; Taichung; Taipei",
    "JP": "Tokyo; Yokohama; Kobe; Osaka; Nagoya; Niigata; Maizuru; Sakaiminato",
    "AE": "Dubai; Jebel Ali; Abu Dhabi; Sharjah; Fujairah; Khor Fakkan",
    "MY": "Port Klang; Klang; Tanjung Pelepas; Kuala Lumpur; Penang",
    "VN": "Haiphong; Hai Phong; Ho Chi Minh City; Saigon; Hanoi; Cai Mep",
    "TH": "Bangkok; Laem Chabang",
    "PH": "Manila",
    "ID": "Jakarta; Tanjung Priok; Surabaya",
    "DE": "Hamburg; Bremerhaven; Berlin",
    "BE": "Antwerp; Antwerpen; Zeebrugge",
    "GB": "London; Felixstowe; Southampton",
    "US": "Los Angeles; Long Beach; New York; New Jersey; New Mexico; Houston",
    "IN": "Mumbai; Nhava Sheva; JNPT; Chennai; Kolkata; Mundra",
    "PK": "Karachi",
    "LK": "Colombo",
    "MN": "Ulaanbaatar; Ulan Bator",
    "SA": "Jeddah",
    "EG": "Port Said",
    "NA": "Walvis Bay; Windhoek",
    "AO": "Luanda",
    "SD": "Port Sudan",
    "SN": "Dakar",
    "IT": "Genoa; Genova",
    "IR": "Bandar Abbas",
    "PA": "Panama City",
}

# Country names in Chinese (simplified and traditional), Japanese, Korean (both usages) and Russian
# (every case form a ledger is likely to show), beyond what pycountry's catalogues give.
NATIVE: Final[dict[str, str]] = {
    "KP": """
        朝鲜; 北朝鲜; 北韩; 朝鲜民主主义人民共和国; 朝鲜民主主义共和国; 朝鲜国;
        朝鮮; 北朝鮮; 北韓; 朝鮮民主主義人民共和國; 朝鮮民主主義人民共和国;
        조선; 북한; 북조선; 조선민주주의인민공화국; 조선 민주주의 인민 공화국;
        КНДР; Северная Корея; Северной Кореи; Северной Корее; Северную Корею; Северной Кореей;
        Корейская Народно-Демократическая Республика; Корейской Народно-Демократической Республики;
        Корейской Народно-Демократической Республике; Корейскую Народно-Демократическую Республику;
        Корейской Народно-Демократической Республикой; Корейская НДР; Корейской НДР
    """,
    "KR": """
        韩国; 南韩; 大韩民国; 南朝鲜; 韓國; 南韓; 大韓民國; 韓国; 大韓民国; 南朝鮮;
        대한민국; 한국; 남한; 남조선;
        Южная Корея; Южной Кореи; Южной Корее; Южную Корею; Южной Кореей;
        Республика Корея; Республики Корея; Республике Корея; Республику Корея; Республикой Корея
    """,
    # "Korea" and the peninsula in every language: as undecided as the English "Korea". 高丽 is a
    # historical name, not a country name in use, so it is left out.
    AMBIGUOUS: """
        Корея; Кореи; Корее; Корею; Кореей; 코리아; コリア;
        朝鲜半岛; 朝鮮半島; 한반도; Корейский полуостров; Корейского полуострова
    """,
    "CN": """
        中国; 中國; 中华人民共和国; 中華人民共和國; 中華人民共和国; 중국; 중화인민공화국;
        Китай; Китая; Китае; КНР; Китайская Народная Республика; Китайской Народной Республики
    """,
    "RU": """
        俄罗斯; 俄羅斯; 俄国; 俄罗斯联邦; 俄羅斯聯邦; ロシア; ロシア連邦; 러시아; 러시아 연방;
        Россия; России; Россию; РФ; Российская Федерация; Российской Федерации
    """,
    "JP": "日本; 일본; Япония; Японии",
    # "Hong Kong, China" written the Chinese way names Hong Kong, not a clash of two countries.
    "HK": "香港; 홍콩; Гонконг; 中国香港; 中國香港; 中国香港特别行政区; 中國香港特別行政區; 중국 홍콩",
    "MO": "澳门; 澳門; 마카오; Макао; 中国澳门; 中國澳門",
    "TW": "台湾; 臺灣; 台灣; 中国台湾; 中國台灣",
    "MN": "蒙古国; 몽골; Монголия; Монголии",
}

# Ports and cities in the same languages. Russian declines city names ("в Пхеньяне", "из Нампхо" does
# not change: -о and -у endings are indeclinable), so the consonant-final ones carry their cases.
NATIVE_PLACES: Final[dict[str, str]] = {
    "KP": """
        平壤; 平壌; 南浦; 罗先; 羅先; 罗津; 羅津; 罗先特别市; 羅先特別市; 新义州; 新義州; 元山; 清津;
        海州; 咸兴; 咸興; 兴南; 興南; 金策; 惠山; 开城; 開城; 沙里院; 满浦; 滿浦; 端川;
        평양; 남포; 라선; 나선; 라진; 나진; 신의주; 원산; 청진; 해주; 함흥; 흥남; 김책; 혜산; 개성;
        사리원; 만포; 단천; 개성공단; 개성공업지구; 开城工业园区; 開城工業園區;
        茂山; 龟城; 龜城; 马息岭; 馬息嶺; 七宝山; 七寶山; 金刚山; 金剛山; 平壤直辖市; 平壤直轄市;
        平安北道; 平安南道; 咸镜北道; 咸鏡北道; 咸镜南道; 咸鏡南道; 黄海北道; 黃海北道; 黄海南道; 黃海南道;
        慈江道; 两江道; 兩江道;
        무산; 구성; 마식령; 칠보산; 금강산; 평양직할시; 판문역; 두만강역;
        평안북도; 평안남도; 함경북도; 함경남도; 황해북도; 황해남도; 자강도; 량강도; 양강도;
        Мусан; Кусон; Масикрён; Масикрен; Танчхон; Кымгансан; Туманган; Чагандо; Рянгандо;
        Пхёнан-Пукто; Пхёнан-Намдо; Хамгён-Пукто; Хамгён-Намдо; Хванхэ-Пукто; Хванхэ-Намдо;
        Пхеньян; Пхеньяна; Пхеньяне; Пхеньяну; Пхеньяном; Нампхо; Нампо; Расон; Расона; Расоне;
        Раджин; Раджина; Раджине; Наджин; Синыйджу; Синуйджу; Вонсан; Вонсана; Вонсане;
        Чхонджин; Чхонджина; Чхонджине; Хэджу; Хамхын; Хамхына; Хамхыне; Хыннам; Кэсон; Кэсона;
        Кэсоне; Хесан; Кимчхэк; Сонбон; Расон-Сонбон;
        ピョンヤン; ナムポ; ナンポ; ラソン; ラジン; ナジン; シニジュ; シンウィジュ; シヌイジュ;
        ウォンサン; チョンジン; ヘジュ; ハムフン; フンナム; ケソン
    """,
    "KR": """
        釜山; 仁川; 首尔; 首爾; 蔚山; 平泽; 平澤; 浦项; 浦項; 木浦; 光阳; 光陽;
        부산; 인천; 서울; 울산; 평택; 포항; 목포; 광양;
        Пусан; Пусана; Пусане; Сеул; Сеула; Сеуле; Инчхон; Инчхоне; Ульсан; Ульсане;
        ソウル; プサン; インチョン; ウルサン; 巨济; 巨濟; 玉浦; 거제; 옥포; 도라산; 도라산역
    """,
    "CN": """
        丹东; 丹東; 大连; 大連; 珲春; 琿春; 延吉; 图们; 圖們; 集安; 沈阳; 瀋陽; 北京; 上海; 天津;
        青岛; 青島; 烟台; 龙口; 营口; 南通; 宁波; 广州; 深圳; 延边; 延邊; 연변; 옌볜;
        단둥; 다롄; 훈춘; 옌지; 베이징; 상하이; 톈진; 칭다오;
        Даньдун; Далянь; Хуньчунь; Пекин; Пекина; Пекине; Шанхай; Шанхае; Тяньцзинь;
        ダンドン; 丹東市; 日照; 石岛; 石島; 舟山; 寧波; 威海; 秦皇岛; 曹妃甸; 葫芦岛; 锦州; 连云港; 連雲港;
        룽커우; 잉커우; 스다오; 선양; 저우산; 옌타이; 르자오; 닝보; 웨이하이;
        Лункоу; Инкоу; Яньтай; Циндао; Шидао; Жичжао; Чжоушань; Нинбо; Шэньян; Яньцзи
    """,
    "RU": """
        海参崴; 海參崴; 符拉迪沃斯托克; 纳霍德卡; 納霍德卡; 莫斯科;
        블라디보스토크; 나홋카; 모스크바;
        Владивосток; Владивостока; Владивостоке; Находка; Находки; Находке; Москва; Москвы;
        Москве; Зарубино; Посьет; Славянка; Восточный порт;
        ウラジオストク; ナホトカ; モスクワ; Хасан; Холмск; Корсаков; 홀름스크; 霍尔姆斯克
    """,
    "JP": """
        東京; 东京; 横浜; 横滨; 神戸; 神户; 大阪; 新潟; 舞鶴; 下関; 도쿄; 요코하마; 고베; 오사카; 니가타;
        시모노세키; Токио; Ниигата; Симоносеки; トウキョウ
    """,
    "VN": "海防; 胡志明市; 河内; 하이퐁; 호찌민; 호치민; 하노이; Хайфон; Хошимин; Ханой",
    "SG": "新加坡; 싱가포르; Сингапур",
    "NL": "鹿特丹; 로테르담; Роттердам",
    "NA": "鲸湾港; 鯨灣港; 월비스베이; Уолфиш-Бей; 温得和克; 빈트후크; Виндхук",
    "AO": "罗安达; 羅安達; 루안다; Луанда",
    "SD": "苏丹港; 蘇丹港; 포트수단; Порт-Судан",
    "SN": "达喀尔; 達喀爾; 다카르; Дакар",
    "IT": "热那亚; 熱那亞; 제노바; Генуя",
    "IR": "阿巴斯港; 반다르아바스; Бендер-Аббас",
    "US": "长滩; 長灘; 롱비치; Лонг-Бич",
}

# Free text is looser than a country cell. These spellings are left out of it: an English word.
FREE_TEXT_IGNORED: Final = frozenset({"chosen"})
# ...and these only say "Korea" there: "Westin Chosun" is in Seoul, "Choson Exim" may be anywhere.
# 조선 is the DPRK's own name, but opening an organisation's name it may as well be Chosun University
# in Gwangju; like "Korea Trading" it says only "Korea".
FREE_TEXT_AMBIGUOUS: Final = frozenset({"choson", "chosun", "조선"})

# Spellings that in free text count only with a word that makes them a place after them ("Rajin port",
# "南浦港", "해주시"), or as the whole cell in Chinese and Japanese: otherwise they are names of people,
# other towns or ordinary words - Rajin is a given name in India, 海州 a district of Lianyungang,
# 南浦 a bridge in Shanghai, 元山 and 南浦 Japanese surnames, 남포동 a district of Busan, 해주 a verb
# form, 개성 "personality", 나선 "spiral", 조선 "shipbuilding" (대우조선해양) as well as the DPRK.
QUALIFIED: Final = frozenset(
    listed(
        """
        rajin; najin; songjin; manpo; kangso; unggi; musan; хасан;
        南浦; 元山; 清津; 海州; 兴南; 興南; 金策; 惠山; 开城; 開城; 满浦; 滿浦; 端川; 茂山; 七宝山; 七寶山;
        日照; 海防; 石岛;
        조선; 남포; 나선; 나진; 원산; 청진; 해주; 흥남; 김책; 혜산; 개성; 만포; 단천; 무산; 구성
        """
    )
)
# The words that make a qualified spelling a place: following it in Latin script, or glued after it
# in Chinese, Japanese and Korean ("南浦港", "해주시"). "port of Rajin" is read as well.
QUALIFIERS: Final = frozenset(
    listed(
        """
        port; harbour; harbor; city; bay; sez; special; economic; free; county; province; sonbong;
        mine; station; порт; станция; пункт;
        港; 港口; 市; 特别市; 特別市; 直辖市; 直轄市; 经济特区; 經濟特區; 湾; 灣;
        항; 항구; 시; 특별시; 직할시; 경제특구; 만
        """
    )
)

# Endings of an enterprise's name in the DPRK's usage, in Korean and in the Chinese of its traders:
# 会社 (hoesa, "company") where China says 公司, 기업소 ("enterprise"), 제련소 ("smelter"), 공장 ("factory").
ORGANISATIONS: Final = frozenset(listed("회사; 기업소; 제련소; 공장; 会社; 會社; 企业所; 企業所; 冶炼厂"))

# Phrases of Chinese, Japanese and Korean that contain a name but are not about the place: the
# Korean minority of China (延边朝鲜族自治州 is in Jilin), artichoke (朝鲜蓟), ginseng (朝鮮人参),
# the Bukhan mountain and river in the South (북한산, 북한강), "country of origin" (원산지), the
# stethoscope (청진기), dishes named after cities, and by-products (부산물).
EXCLUSIONS: Final = frozenset(
    listed(
        """
        朝鲜族; 朝鮮族; 朝鲜语; 朝鮮語; 朝鲜文; 朝鲜蓟; 朝鮮薊; 朝鲜人参; 朝鮮人参; 朝鮮人蔘; 朝鲜参;
        朝鲜冷面; 朝鲜泡菜; 朝鲜松; 朝鮮松; 朝鮮漬; 平壤冷面; 平壌冷麺;
        북한산; 북한강; 원산지; 원산도; 남포동; 청진동; 청진기; 평양냉면; 평양면옥; 함흥냉면; 부산물;
        조선소; 조선업; 조선족; 나선형
        """
    )
)


@cache
def translated_names() -> dict[str, tuple[str, ...]]:
    """Alpha-2 -> every name pycountry's catalogues give in Chinese, Russian, Korean and Japanese."""
    names: dict[str, list[str]] = {}
    for language in ("zh_CN", "zh_TW", "zh_HK", "ru", "ko", "ja"):
        try:
            catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        except OSError:
            # A trimmed install without one catalogue still reads the others and every English name.
            continue
        for country in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                english = getattr(country, attr, None)
                if not english:
                    continue
                native = catalogue.gettext(english)
                if native == english:
                    continue
                spellings = names.setdefault(country.alpha_2, [])
                spellings.append(native)
                # "大韓民国 (韓国)": the name and its short form, each on its own as well.
                if "(" in native and native.endswith(")"):
                    outer, _, inner = native[:-1].partition("(")
                    spellings.extend((outer.strip(), inner.strip()))
    return {code: tuple(dict.fromkeys(s for s in spellings if s)) for code, spellings in names.items()}
