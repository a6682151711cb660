#!/usr/bin/env python3
"""Generate the bundled reference data for the Wuyang county seat (舞阳县城).

Everything written here is MODELED: no surveyed road data for Wuyang was
available, so the street network, coordinates, zones and unit positions are a
plausible approximation built around the streets, places and grids named in
the grid patrol plan 舞公（通）〔2021〕49号.  See data/wuyang/README.md.

The model is drawn in local metres (x east, y north) around an origin at
33.4380 N, 113.6050 E (WGS-84) and converted to lon/lat at the end.

Usage:  python3 build/wuyang-data/generate.py
Writes data/wuyang/{manifest.json, roads.geojson, places.geojson, grids.json,
zones.geojson, units.json}, then re-reads and validates them.  Exits non-zero
if validation fails.  Output is deterministic (byte-identical on every run).
Standard library only.
"""

import json
import math
import re
import sys
from datetime import datetime, timezone
from fractions import Fraction
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
OUT_DIR = REPO_ROOT / "data" / "wuyang"

VERSION = "wuyang-modeled-2026.12.1"
ORIGIN_LAT = 33.438
ORIGIN_LON = 113.605
M_PER_DEG_LAT = 110_900.0
M_PER_DEG_LON = 111_320.0 * math.cos(math.radians(ORIGIN_LAT))

SPEED_KPH = {"arterial": 40, "secondary": 30, "local": 20}
HIGHWAY_SPEED_KPH = 60

PLACE_MAX_OFFSET_M = 15.0      # a place must be at most this far from a road
CORNER_OFFSET_M = 8.0          # "SE corner" etc.: 8 m off each kerb line, 11.3 m from the node
MUST_PATROL_MAX_FROM_STAGING_M = 1500.0
RADIO_CHANNEL = "舞阳1频道"


def to_lonlat(x, y):
    return [round(ORIGIN_LON + float(x) / M_PER_DEG_LON, 7),
            round(ORIGIN_LAT + float(y) / M_PER_DEG_LAT, 7)]


def to_xy(lon, lat):
    return ((lon - ORIGIN_LON) * M_PER_DEG_LON, (lat - ORIGIN_LAT) * M_PER_DEG_LAT)


# ---------------------------------------------------------------------------
# Road network (modeled).  Street lines in metres.
#
#   y = 1800  北环路 (local, 南京路 .. 海南路)
#   y = 1200  张家港路 西段 | 中段 | 东段, continued east of 海南路 as 迎宾大道,
#             which hands over to the out-of-town provincial road
#   y =  600  中山路
#   y =    0  人民路 西段 (深圳路..文化路) | 中段 (文化路..南京路) | 东段 (南京路..海南路)
#   y = -500  西大街 / 东大街 (old town, one-way westbound) through 老十字街 (0, -500)
#   y = -800  建设路 (local, west side)
#   y =-1000  南大街东段 (南大街 turns east at (0, -1000))
#   y =-1500  深圳路南段
#
#   x =-1900  深圳路西段 (深圳路 is an L along the west and south edges of town)
#   x =-1200  文化路 (local)
#   x = -600  北京路 南段 | 北段 (split at 人民路)
#   x =    0  南大街 (-1000..-500) | 老十字街 | 北大街 南段 (-500..0) | 北段 (0..1200)
#   x =  600  南京路 南段 | 北段 (split at 人民路)
#   x = 1300  上海路 南段 | 中段 (人民路..张家港路) | 北段
#   x = 1800  光明路 (local)
#   x = 2300  海南路
#
# Each entry is one feature: (name, section or None, class, oneway, points).
# Only end points and bends are listed; every crossing with another street is
# inserted as an explicit shared vertex by add_crossing_vertices().
# ---------------------------------------------------------------------------
STREETS = [
    ("人民路", "西段", "arterial", False, [(-1900, 0), (-1200, 0)]),
    ("人民路", "中段", "arterial", False, [(-1200, 0), (600, 0)]),
    ("人民路", "东段", "arterial", False, [(600, 0), (2300, 0)]),
    ("张家港路", "西段", "arterial", False, [(-1900, 1200), (-600, 1200)]),
    ("张家港路", "中段", "arterial", False, [(-600, 1200), (1300, 1200)]),
    ("张家港路", "东段", "arterial", False, [(1300, 1200), (2300, 1200)]),
    ("迎宾大道", None, "arterial", False, [(2300, 1200), (3000, 1200)]),
    ("中山路", None, "secondary", False, [(-1900, 600), (2300, 600)]),
    ("北环路", None, "local", False, [(600, 1800), (2300, 1800)]),
    ("北京路", "北段", "secondary", False, [(-600, 0), (-600, 1200)]),
    ("北京路", "南段", "secondary", False, [(-600, -1500), (-600, 0)]),
    ("南京路", "北段", "secondary", False, [(600, 0), (600, 1800)]),
    ("南京路", "南段", "secondary", False, [(600, -1500), (600, 0)]),
    ("上海路", "北段", "secondary", False, [(1300, 1200), (1300, 1800)]),
    ("上海路", "中段", "secondary", False, [(1300, 0), (1300, 1200)]),
    ("上海路", "南段", "secondary", False, [(1300, -1500), (1300, 0)]),
    ("海南路", None, "secondary", False, [(2300, -1000), (2300, 1800)]),
    ("北大街", "北段", "secondary", False, [(0, 0), (0, 1200)]),
    ("北大街", "南段", "secondary", False, [(0, -500), (0, 0)]),
    # 南大街 runs south from 老十字街 and turns east at (0, -1000); the east leg
    # is the plan's 南大街东段.  The short north-south leg carries no section.
    ("南大街", None, "secondary", False, [(0, -500), (0, -1000)]),
    ("南大街", "东段", "secondary", False, [(0, -1000), (2300, -1000)]),
    # Old-town one-way couplet: both legs run westbound (coordinate order).
    ("东大街", None, "local", True, [(600, -500), (0, -500)]),
    ("西大街", None, "local", True, [(0, -500), (-600, -500)]),
    # 深圳路 is modeled as an L on the town edge: 西段 along the west side,
    # 南段 along the south side, meeting at the south-west corner.
    ("深圳路", "西段", "secondary", False, [(-1900, 1200), (-1900, -1500)]),
    ("深圳路", "南段", "secondary", False, [(-1900, -1500), (1300, -1500)]),
    ("文化路", None, "local", False, [(-1200, -1500), (-1200, 1200)]),
    ("建设路", None, "local", False, [(-1900, -800), (-600, -800)]),
    ("光明路", None, "local", False, [(1800, -1000), (1800, 1800)]),
    # Out-of-town provincial road, heading east-north-east (towards Luohe).
    # Its real route number is not known offline, so it carries a generic name.
    ("出城省道", None, "arterial", False, [(3000, 1200), (4300, 1850), (5600, 2500)]),
]
HIGHWAY_NAMES = {"出城省道"}


def _cross(o, a, b):
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _exact_intersection(p1, p2, q1, q2):
    """Intersection point of two segments in exact arithmetic, or None.
    Raises on collinear overlap (two streets drawn on top of each other)."""
    p1, p2, q1, q2 = [tuple(Fraction(c) for c in p) for p in (p1, p2, q1, q2)]
    d = (p2[0] - p1[0]) * (q2[1] - q1[1]) - (p2[1] - p1[1]) * (q2[0] - q1[0])
    if d == 0:
        if _cross(p1, p2, q1) == 0:
            lo = max(min(p1[0], p2[0]), min(q1[0], q2[0])), max(min(p1[1], p2[1]), min(q1[1], q2[1]))
            hi = min(max(p1[0], p2[0]), max(q1[0], q2[0])), min(max(p1[1], p2[1]), max(q1[1], q2[1]))
            if lo[0] < hi[0] or lo[1] < hi[1]:
                raise ValueError(f"collinear overlap {p1}-{p2} / {q1}-{q2}")
            if lo == hi:            # touching end to end
                return lo
        return None
    t = ((q1[0] - p1[0]) * (q2[1] - q1[1]) - (q1[1] - p1[1]) * (q2[0] - q1[0])) / d
    u = ((q1[0] - p1[0]) * (p2[1] - p1[1]) - (q1[1] - p1[1]) * (p2[0] - p1[0])) / d
    if 0 <= t <= 1 and 0 <= u <= 1:
        return (p1[0] + t * (p2[0] - p1[0]), p1[1] + t * (p2[1] - p1[1]))
    return None


def add_crossing_vertices(streets):
    """Insert every point where two features meet into both coordinate lists."""
    extra = [[set() for _ in range(len(s[4]) - 1)] for s in streets]
    for i, a in enumerate(streets):
        for j, b in enumerate(streets):
            if j <= i:
                continue
            for si in range(len(a[4]) - 1):
                for sj in range(len(b[4]) - 1):
                    p = _exact_intersection(a[4][si], a[4][si + 1], b[4][sj], b[4][sj + 1])
                    if p is not None:
                        extra[i][si].add(p)
                        extra[j][sj].add(p)
    result = []
    for (name, section, cls, oneway, pts), seg_extra in zip(streets, extra):
        out = [tuple(Fraction(c) for c in pts[0])]
        for k in range(len(pts) - 1):
            a, b = [tuple(Fraction(c) for c in p) for p in (pts[k], pts[k + 1])]
            length2 = (b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2
            inner = sorted(seg_extra[k], key=lambda p: ((p[0] - a[0]) * (b[0] - a[0]) + (p[1] - a[1]) * (b[1] - a[1])) / length2)
            for p in inner + [b]:
                if p != out[-1]:
                    out.append(p)
        result.append((name, section, cls, oneway, out))
    return result


def build_roads():
    features = []
    for name, section, cls, oneway, pts in add_crossing_vertices(STREETS):
        props = {"name": name}
        if section is not None:
            props["section"] = section
        props["class"] = cls
        props["speedKph"] = HIGHWAY_SPEED_KPH if name in HIGHWAY_NAMES else SPEED_KPH[cls]
        props["oneway"] = oneway
        props["modeled"] = True
        features.append({
            "type": "Feature",
            "properties": props,
            "geometry": {"type": "LineString", "coordinates": [to_lonlat(x, y) for x, y in pts]},
        })
    return {"type": "FeatureCollection", "features": features}


# ---------------------------------------------------------------------------
# Places.  Entrances and buildings sit on the road centre line; corner staging
# points sit CORNER_OFFSET_M off both kerb lines in the named quadrant.
# ---------------------------------------------------------------------------
def corner(x, y, quadrant):
    dx = CORNER_OFFSET_M if "E" in quadrant else -CORNER_OFFSET_M
    dy = CORNER_OFFSET_M if "N" in quadrant else -CORNER_OFFSET_M
    return (x + dx, y + dy)


# id, name, nameEn, (x, y), kinds, keyPoint, extra grids (beyond those derived from
# grids.json references), intersection node the place stands at (or None)
PLACES = [
    # --- staging points (停靠点) ---
    ("renmin-nanjing-se", "人民路南京路交叉口东南角", "SE corner of Renmin Rd x Nanjing Rd",
     corner(600, 0, "SE"), ["staging-point"], False, [], (600, 0)),
    ("old-crossroads-nw", "老十字街西北角", "NW corner of the Old Crossroads",
     corner(0, -500, "NW"), ["staging-point"], False, [], (0, -500)),
    ("zonghelou-entrance", "综合楼门口", "Comprehensive Building entrance",
     (-300, 0), ["staging-point"], False, [], None),
    ("renmin-beidajie-nw", "人民路与北大街交叉口西北角", "NW corner of Renmin Rd x North Street",
     corner(0, 0, "NW"), ["staging-point"], False, [], (0, 0)),
    ("wuyang-no2-high-school", "舞阳二高", "Wuyang No. 2 High School",
     (-900, 1200), ["staging-point", "must-patrol-point"], False, [], None),
    ("wandelong-entrance", "万德隆门口", "Wandelong entrance",
     (830, -1000), ["staging-point"], False, [], None),
    ("shanghai-zhangjiagang-sw", "上海路与张家港路西南角", "SW corner of Shanghai Rd x Zhangjiagang Rd",
     corner(1300, 1200, "SW"), ["staging-point"], False, [], (1300, 1200)),
    ("county-hospital-east-gate", "县医院东门", "County Hospital east gate",
     (-600, -200), ["staging-point"], False, [], None),
    ("hainan-zhangjiagang-se", "海南路与张家港路交叉口东南角", "SE corner of Hainan Rd x Zhangjiagang Rd",
     corner(2300, 1200, "SE"), ["staging-point"], False, [], (2300, 1200)),
    ("civic-square-north-gate", "市政广场北门", "Civic Square north gate",
     (-1550, 0), ["staging-point"], False, [], None),
    ("shuixie-huadu-north-gate", "水榭花都北门", "Shuixie Huadu north gate",
     (-950, -800), ["staging-point"], False, [], None),
    ("zhongshan-nanjing-nw", "中山路与南京路西北角", "NW corner of Zhongshan Rd x Nanjing Rd",
     corner(600, 600, "NW"), ["staging-point"], False, [], (600, 600)),
    ("wuyang-no1-high-school", "舞阳一高", "Wuyang No. 1 High School",
     (-1550, 600), ["staging-point"], False, [], None),
    # --- must-patrol points (必巡点) ---
    ("telecom-tower", "电信大厦", "Telecom Tower", (950, 0), ["must-patrol-point"], False, [], None),
    ("nanjing-road-night-market", "南京路夜市摊", "Nanjing Road night market stalls",
     (600, -300), ["must-patrol-point"], False, [], None),
    ("yingkelai-supermarket", "迎客来超市", "Yingkelai Supermarket", (0, -750), ["must-patrol-point"], False, [], None),
    ("xindaxin-supermarket", "新大新超市", "Xindaxin Supermarket", (400, 0), ["must-patrol-point"], False, [], None),
    ("trade-city", "商贸城", "Trade City market", (-600, 400), ["must-patrol-point"], False, [], None),
    ("central-bus-station", "中心汽车站", "Central Bus Station",
     (-1000, 0), ["must-patrol-point", "key-place"], False, [], None),
    ("tcm-hospital", "中医院", "Hospital of Traditional Chinese Medicine",
     (0, 350), ["must-patrol-point"], False, [], None),
    ("no1-experimental-primary-school", "第一实验小学", "No. 1 Experimental Primary School",
     (0, 900), ["must-patrol-point"], False, [], None),
    ("wuyang-bus-station", "舞阳汽车站", "Wuyang Bus Station", (1150, -1000), ["must-patrol-point"], False, [], None),
    ("jiahu-square", "贾湖广场", "Jiahu Square", (1300, 850), ["must-patrol-point"], False, [], None),
    ("no2-experimental-primary-school", "舞阳二实小", "Wuyang No. 2 Experimental Primary School",
     (-600, -1100), ["must-patrol-point"], False, [], None),
    ("changjian-plaza", "昌建广场", "Changjian Plaza", (2600, 1200), ["must-patrol-point"], False, [], None),
    ("citizen-service-centre", "为民服务中心", "Citizen Service Centre",
     (-1900, -450), ["must-patrol-point"], False, [], None),
    ("shuixie-huadu", "水榭花都", "Shuixie Huadu residential compound",
     (-1200, -1150), ["must-patrol-point"], False, [], None),
    ("shuixie-lidu", "水榭丽都", "Shuixie Lidu residential compound",
     (-800, -1500), ["must-patrol-point"], False, [], None),
    ("no3-experimental-primary-school", "舞阳县第三实验小学", "Wuyang County No. 3 Experimental Primary School",
     (600, 950), ["must-patrol-point"], False, [], None),
    ("no2-experimental-middle-school", "第二实验中学", "No. 2 Experimental Middle School",
     (250, 600), ["must-patrol-point"], False, [], None),
    ("xicheng-forest-park", "西城森林公园", "Xicheng (West Town) Forest Park",
     (-1900, 250), ["must-patrol-point"], False, [], None),
    # --- key places (重点部位) and the special police fixed duty point ---
    # 综合楼 (fixed duty point) and 综合楼门口 (grid 3 staging point) are two
    # places 20 m apart on 人民路中段; the key-point radius covers both.
    ("zonghelou", "综合楼", "Comprehensive Building (special police fixed duty point)",
     (-320, 0), ["fixed-post", "key-place"], True, [3], None),
    ("county-government", "县委县政府", "County Party Committee and County Government",
     (-300, 600), ["key-place"], True, [], None),
    ("xindaxin-times-square", "新大新时代广场", "Xindaxin Times Square",
     (250, 0), ["key-place"], True, [3], None),
    ("wandelong-mall", "万德隆商场", "Wandelong Shopping Centre",
     (800, -1000), ["key-place"], True, [6], None),
    ("county-hospital", "县医院", "County Hospital", (-750, 0), ["key-place"], False, [8], None),
]


# ---------------------------------------------------------------------------
# Grids (网格1号..13号), copied from the plan.
# Lines: (street, section or None for the whole street, source text if it differs)
# ---------------------------------------------------------------------------
GRIDS = [
    (1, "交警大队", "traffic police brigade", "renmin-nanjing-se",
     ["telecom-tower", "nanjing-road-night-market"], [("人民路", "东段", None), ("南京路", "南段", None)]),
    (2, "刑侦大队", "criminal investigation brigade", "old-crossroads-nw",
     ["yingkelai-supermarket"], [("南大街", None, None), ("北大街", "南段", None)]),
    (3, "治安大队", "public order brigade", "zonghelou-entrance",
     ["xindaxin-supermarket", "trade-city", "central-bus-station"], [("人民路", "中段", None), ("北京路", "北段", None)]),
    (4, "经侦大队、纪检委", "economic crime investigation brigade; discipline inspection commission", "renmin-beidajie-nw",
     ["tcm-hospital", "no1-experimental-primary-school"], [("北大街", None, None)]),
    (5, "禁毒大队、出入境", "narcotics control brigade; exit-entry administration", "wuyang-no2-high-school",
     ["wuyang-no2-high-school"], [("张家港路", "西段", None)]),
    (6, "公路所", "highway office", "wandelong-entrance",
     ["wuyang-bus-station"], [("南大街", "东段", None)]),
    (7, "森林警察大队", "forest police brigade", "shanghai-zhangjiagang-sw",
     ["jiahu-square"], [("上海路", "中段", "上海路中断")]),  # plan's typo 中断 for 中段
    (8, "国保大队", "domestic security brigade", "county-hospital-east-gate",
     ["no2-experimental-primary-school"], [("北京路", "南段", None)]),
    (9, "法制大队", "legal affairs brigade", "hainan-zhangjiagang-se",
     ["changjian-plaza"], [("迎宾大道", None, None)]),
    (10, "后勤装备股、科技通信", "logistics and equipment section; science, technology and communications", "civic-square-north-gate",
     ["citizen-service-centre"], [("深圳路", "西段", None)]),
    (11, "网警大队、控申股", "cyber police brigade; complaints and petitions section", "shuixie-huadu-north-gate",
     ["shuixie-huadu", "shuixie-lidu"], [("深圳路", "南段", None)]),
    (12, "警令部、政治处", "police command office; political department", "zhongshan-nanjing-nw",
     ["no3-experimental-primary-school", "no2-experimental-middle-school"], [("南京路", "北段", None)]),
    (13, "食药侦大队", "food and drug crime investigation brigade", "wuyang-no1-high-school",
     ["xicheng-forest-park"], [("人民路", "西段", None)]),
]


def build_grids(place_by_id):
    grids = []
    for number, unit, unit_en, staging, musts, lines in GRIDS:
        line_objs = []
        for street, section, source_text in lines:
            obj = {"street": street, "section": section, "text": street + (section or "")}
            if source_text is not None:
                obj["sourceText"] = source_text
            line_objs.append(obj)
        grids.append({
            "number": number,
            "responsibleUnit": unit,
            "responsibleUnitEn": unit_en,
            "stagingPointId": staging,
            "stagingPointText": place_by_id[staging][1],
            "mustPatrolPointIds": musts,
            "mustPatrolLines": line_objs,
            "minimumCars": 1,
            "minimumOfficersPerPoint": 2,
        })
    return {"grids": grids}


def build_places():
    grids_of = {}
    for number, _, _, staging, musts, _ in GRIDS:
        for pid in [staging] + musts:
            grids_of.setdefault(pid, set()).add(number)
    features = []
    for pid, name, name_en, (x, y), kinds, key_point, extra_grids, _node in sorted(PLACES):
        features.append({
            "type": "Feature",
            "properties": {
                "id": pid,
                "name": name,
                "nameEn": name_en,
                "kinds": kinds,
                "grids": sorted(grids_of.get(pid, set()) | set(extra_grids)),
                "keyPoint": key_point,
                "modeled": True,
            },
            "geometry": {"type": "Point", "coordinates": to_lonlat(x, y)},
        })
    return {"type": "FeatureCollection", "features": features}


# ---------------------------------------------------------------------------
# Response zones.  Rings are listed counter-clockwise and closed on output.
# ---------------------------------------------------------------------------
ZONES = [
    ("wuyang-central-city", "中心城区", "Central city", "central-city", 180,
     # old town around 老十字街 and the middle of 人民路, about 2 km across
     [(-950, -1250), (950, -1250), (1050, -300), (950, 750), (-950, 750), (-1050, -300)]),
    ("wuyang-other-urban", "其他城区", "Other urban area", "other-urban", 300,
     # the rest of the built-up county seat; the out-of-town road leaves through the east edge
     [(-2100, -1700), (2500, -1700), (2500, 1000), (3150, 1000), (3150, 1450), (2500, 2000), (-2100, 2000)]),
]


def build_zones():
    features = []
    for zid, name, name_en, zone, target, ring in ZONES:
        coords = [to_lonlat(x, y) for x, y in ring]
        coords.append(coords[0])
        features.append({
            "type": "Feature",
            "properties": {"id": zid, "name": name, "nameEn": name_en, "zone": zone,
                           "targetSeconds": target, "modeled": True},
            "geometry": {"type": "Polygon", "coordinates": [coords]},
        })
    return {"type": "FeatureCollection", "features": features}


# ---------------------------------------------------------------------------
# Units.  Ids are UUID version 7 built from a fixed timestamp (the data
# version date) and a counter, so they are stable and sort in list order.
# ---------------------------------------------------------------------------
UUID_EPOCH_MS = int(datetime(2026, 12, 1, tzinfo=timezone.utc).timestamp() * 1000)

SPECIAL_UNIT = "巡逻防暴警察大队（特巡警）"
SPECIAL_UNIT_EN = "patrol and riot police brigade (special/patrol police)"
SPECIAL_UNITS = [
    ("特巡警定点1", "SPP-POST-01", "zonghelou", 4),
    ("特巡警武装1组", "SPP-ARMED-01", "county-government", 3),
    ("特巡警武装2组", "SPP-ARMED-02", "xindaxin-times-square", 3),
    ("特巡警武装3组", "SPP-ARMED-03", "wandelong-mall", 3),
]


def uuid7(counter):
    value = (UUID_EPOCH_MS << 80) | (0x7 << 76) | (0b10 << 62) | counter
    h = f"{value:032x}"
    return f"{h[0:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def build_units():
    units = []
    for number, unit, unit_en, staging, _, _ in GRIDS:
        units.append({
            "id": uuid7(len(units) + 1),
            # "-1": first car of the grid; higher duty levels may add more
            "callSign": f"网格{number}-1",
            "callSignEn": f"GRID-{number:02d}-1",
            "kind": "grid-patrol-car",
            "grid": number,
            "responsibleUnit": unit,
            "responsibleUnitEn": unit_en,
            "homePlaceId": staging,
            "crew": 2,
            "radioChannel": RADIO_CHANNEL,
        })
    for call_sign, call_sign_en, home, crew in SPECIAL_UNITS:
        units.append({
            "id": uuid7(len(units) + 1),
            "callSign": call_sign,
            "callSignEn": call_sign_en,
            "kind": "special-police",
            "grid": None,
            "responsibleUnit": SPECIAL_UNIT,
            "responsibleUnitEn": SPECIAL_UNIT_EN,
            "homePlaceId": home,
            "crew": crew,
            "radioChannel": RADIO_CHANNEL,
        })
    return {"units": units}


def build_roster(units):
    """MODELED roster: badge numbers only (no names). The plan sets street minimums for the
    special/patrol police and for HQ staff; each grid's responsible department lends 8 officers, two
    of whom crew its grid car, and the special police brigade has 40, 13 of them in its four units."""
    officers = []

    def add(force, department, unit):
        officers.append({"badge": f"WY{len(officers) + 1:04d}", "force": force, "department": department, "unit": unit})

    for u in units["units"]:
        if u["kind"] == "grid-patrol-car":
            for i in range(8):
                add("hq-staff", u["responsibleUnit"], u["callSign"] if i < u["crew"] else None)
    special = [u for u in units["units"] if u["kind"] == "special-police"]
    for u in special:
        for _ in range(u["crew"]):
            add("special-patrol", SPECIAL_UNIT, u["callSign"])
    for _ in range(40 - sum(u["crew"] for u in special)):
        add("special-patrol", SPECIAL_UNIT, None)
    return {"officers": officers}


def build_manifest():
    return {
        "county": "舞阳县",
        "countyEn": "Wuyang County",
        "version": VERSION,
        "datum": "WGS-84",
        "modeled": True,
        "notice": ("The road network, coordinates, zones and unit positions are MODELED approximations "
                   "around the Wuyang county seat, not surveyed data. Replace roads.geojson with a "
                   "surveyed GeoJSON or an OpenStreetMap export (and re-check places and zones) before "
                   "relying on travel times."),
        "source": "舞公（通）〔2021〕49号 (2021-10-08), grid patrol plan",
        "townshipTargetSeconds": 900,
        "peakSpeedFactor": 0.7,
        "approachSpeedKph": 10,
        "keyPointRadiusMetres": 150,
        "maxOffRoadMetres": 500,
    }


def write_json(name, obj):
    text = json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
    (OUT_DIR / name).write_text(text, encoding="utf-8", newline="\n")


# ---------------------------------------------------------------------------
# Validation: re-reads the written files and checks them.
# ---------------------------------------------------------------------------
def dist_point_segment(p, a, b):
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / length2))
    return math.hypot(p[0] - (ax + t * dx), p[1] - (ay + t * dy))


def segments_touch(a, b, c, d, eps=0.05):
    """True if segments ab and cd cross or come within eps metres of each other."""
    def orient(p, q, r):
        v = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
        return 0 if abs(v) < 1e-9 else (1 if v > 0 else -1)
    if orient(a, b, c) * orient(a, b, d) < 0 and orient(c, d, a) * orient(c, d, b) < 0:
        return True
    return min(dist_point_segment(c, a, b), dist_point_segment(d, a, b),
               dist_point_segment(a, c, d), dist_point_segment(b, c, d)) < eps


def point_in_ring(p, ring):
    inside = False
    for i in range(len(ring) - 1):
        (x1, y1), (x2, y2) = ring[i], ring[i + 1]
        if (y1 > p[1]) != (y2 > p[1]):
            if p[0] < x1 + (p[1] - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def validate():
    errors = []
    load = lambda name: json.loads((OUT_DIR / name).read_text(encoding="utf-8"))
    manifest, roads, places = load("manifest.json"), load("roads.geojson"), load("places.geojson")
    grids, zones, units = load("grids.json"), load("zones.geojson"), load("units.json")

    if manifest.get("modeled") is not True or manifest.get("datum") != "WGS-84":
        errors.append("manifest: modeled/datum")

    # roads: properties, segments in metres
    segments = []          # (feature index, segment index, a, b) with a, b as lon/lat tuples
    street_sections = set()
    for fi, f in enumerate(roads["features"]):
        p = f["properties"]
        if f["geometry"]["type"] != "LineString" or len(f["geometry"]["coordinates"]) < 2:
            errors.append(f"road {fi}: not a LineString")
        if p.get("class") not in SPEED_KPH or not isinstance(p.get("speedKph"), (int, float)) \
                or not isinstance(p.get("oneway"), bool) or p.get("modeled") is not True or not p.get("name"):
            errors.append(f"road {fi}: bad properties {p}")
        street_sections.add((p["name"], p.get("section")))
        coords = [tuple(c) for c in f["geometry"]["coordinates"]]
        for si in range(len(coords) - 1):
            if coords[si] == coords[si + 1]:
                errors.append(f"road {fi}: repeated vertex")
            segments.append((fi, si, coords[si], coords[si + 1]))
    xy = {}
    for _, _, a, b in segments:
        xy.setdefault(a, to_xy(*a))
        xy.setdefault(b, to_xy(*b))

    # every contact between two segments must be an identical shared vertex
    for i in range(len(segments)):
        fi, si, a, b = segments[i]
        for j in range(i + 1, len(segments)):
            fj, sj, c, d = segments[j]
            if fi == fj and abs(si - sj) == 1:
                continue       # consecutive segments of one line share their joint
            if (min(xy[a][0], xy[b][0]) > max(xy[c][0], xy[d][0]) + 1 or
                    min(xy[c][0], xy[d][0]) > max(xy[a][0], xy[b][0]) + 1 or
                    min(xy[a][1], xy[b][1]) > max(xy[c][1], xy[d][1]) + 1 or
                    min(xy[c][1], xy[d][1]) > max(xy[a][1], xy[b][1]) + 1):
                continue
            shared = {a, b} & {c, d}
            if len(shared) == 2:
                errors.append(f"roads {fi}/{fj}: duplicate segment")
            elif len(shared) == 1:
                s = shared.pop()
                other1 = b if a == s else a
                other2 = d if c == s else c
                # a contact away from the shared vertex means an overlap
                if dist_point_segment(xy[other1], xy[c], xy[d]) < 0.05 or \
                        dist_point_segment(xy[other2], xy[a], xy[b]) < 0.05:
                    errors.append(f"roads {fi}/{fj}: overlapping segments at {s}")
            elif segments_touch(xy[a], xy[b], xy[c], xy[d]):
                errors.append(f"roads {fi}/{fj}: cross or touch without a shared vertex near {a}")

    # graph: undirected connectivity and strong connectivity respecting oneway
    fwd, rev = {}, {}
    for fi, si, a, b in segments:
        for n in (a, b):
            fwd.setdefault(n, set())
            rev.setdefault(n, set())
        fwd[a].add(b)
        rev[b].add(a)
        if not roads["features"][fi]["properties"]["oneway"]:
            fwd[b].add(a)
            rev[a].add(b)

    def reach(adj, start):
        seen, stack = {start}, [start]
        while stack:
            for m in adj[stack.pop()]:
                if m not in seen:
                    seen.add(m)
                    stack.append(m)
        return seen
    nodes = sorted(fwd)
    undirected = {n: fwd[n] | rev[n] for n in nodes}
    if len(reach(undirected, nodes[0])) != len(nodes):
        errors.append("road graph is not connected")
    if len(reach(fwd, nodes[0])) != len(nodes) or len(reach(rev, nodes[0])) != len(nodes):
        errors.append("road graph is not strongly connected (respecting oneway)")

    # places
    place_by_id = {}
    node_of = {pid: node for pid, *_rest, node in PLACES}
    for f in places["features"]:
        p = f["properties"]
        pid = p["id"]
        if pid in place_by_id:
            errors.append(f"place {pid}: duplicate id")
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", pid):
            errors.append(f"place {pid}: id not kebab-case ASCII")
        if not p["kinds"] or not set(p["kinds"]) <= {"staging-point", "must-patrol-point", "key-place", "fixed-post"}:
            errors.append(f"place {pid}: bad kinds")
        if p.get("modeled") is not True or not isinstance(p.get("keyPoint"), bool):
            errors.append(f"place {pid}: modeled/keyPoint")
        place_by_id[pid] = p
        pt = to_xy(*f["geometry"]["coordinates"])
        nearest = min(dist_point_segment(pt, xy[a], xy[b]) for _, _, a, b in segments)
        if nearest > PLACE_MAX_OFFSET_M:
            errors.append(f"place {pid}: {nearest:.1f} m from the nearest road")
        if node_of.get(pid) is not None:
            node = to_xy(*to_lonlat(*node_of[pid]))
            if math.dist(pt, node) > PLACE_MAX_OFFSET_M or len(undirected.get(tuple(to_lonlat(*node_of[pid])), ())) < 3:
                errors.append(f"place {pid}: not at its intersection")
        p["_xy"] = pt

    # grids
    if [g["number"] for g in grids["grids"]] != list(range(1, 14)):
        errors.append("grids: expected numbers 1..13 in order")
    for g in grids["grids"]:
        n = g["number"]
        st = place_by_id.get(g["stagingPointId"])
        if st is None or "staging-point" not in st["kinds"] or st["name"] != g["stagingPointText"] or n not in st["grids"]:
            errors.append(f"grid {n}: staging point {g['stagingPointId']} does not resolve")
            continue
        for mid in g["mustPatrolPointIds"]:
            mp = place_by_id.get(mid)
            if mp is None or "must-patrol-point" not in mp["kinds"] or n not in mp["grids"]:
                errors.append(f"grid {n}: must-patrol point {mid} does not resolve")
            elif math.dist(mp["_xy"], st["_xy"]) > MUST_PATROL_MAX_FROM_STAGING_M:
                errors.append(f"grid {n}: {mid} is far from the staging point")
        for line in g["mustPatrolLines"]:
            if line["section"] is None:
                ok = any(name == line["street"] for name, _ in street_sections)
            else:
                ok = (line["street"], line["section"]) in street_sections
            if not ok:
                errors.append(f"grid {n}: line {line['text']} not in roads")

    # zones
    rings = {}
    for f in zones["features"]:
        p = f["properties"]
        ring = [tuple(c) for c in f["geometry"]["coordinates"][0]]
        if f["geometry"]["type"] != "Polygon" or len(ring) < 4 or ring[0] != ring[-1]:
            errors.append(f"zone {p['id']}: ring not closed")
            continue
        area2 = sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] for i in range(len(ring) - 1))
        if area2 <= 0:
            errors.append(f"zone {p['id']}: exterior ring is not counter-clockwise")
        m = [to_xy(*c) for c in ring]
        edges = len(m) - 1
        for i in range(edges):
            for j in range(i + 2, edges):
                if i == 0 and j == edges - 1:
                    continue
                if segments_touch(m[i], m[i + 1], m[j], m[j + 1]):
                    errors.append(f"zone {p['id']}: ring self-intersects")
        expected = {"central-city": 180, "other-urban": 300}.get(p["zone"])
        if p["targetSeconds"] != expected or p.get("modeled") is not True:
            errors.append(f"zone {p['id']}: zone/targetSeconds")
        rings[p["zone"]] = m
    if set(rings) == {"central-city", "other-urban"}:
        inner, outer = rings["central-city"], rings["other-urban"]
        if not all(point_in_ring(v, outer) for v in inner) or any(
                segments_touch(inner[i], inner[i + 1], outer[j], outer[j + 1])
                for i in range(len(inner) - 1) for j in range(len(outer) - 1)):
            errors.append("zones: other-urban does not contain central-city")
        for pid, p in place_by_id.items():
            if not point_in_ring(p["_xy"], outer):
                errors.append(f"place {pid}: outside the urban zones")
    else:
        errors.append("zones: need one central-city and one other-urban polygon")

    # units
    v7 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
    ids, calls = set(), set()
    staging_of = {g["number"]: g["stagingPointId"] for g in grids["grids"]}
    for u in units["units"]:
        if not v7.fullmatch(u["id"]) or u["id"] in ids:
            errors.append(f"unit {u['id']}: not a unique UUIDv7")
        if u["callSign"] in calls or u["callSignEn"] in calls:
            errors.append(f"unit {u['callSign']}: duplicate call sign")
        ids.add(u["id"])
        calls.update([u["callSign"], u["callSignEn"]])
        if u["homePlaceId"] not in place_by_id:
            errors.append(f"unit {u['callSign']}: home place does not resolve")
        if u["kind"] == "grid-patrol-car" and (staging_of.get(u["grid"]) != u["homePlaceId"] or u["crew"] < 2):
            errors.append(f"unit {u['callSign']}: not at its grid's staging point")
        if u["kind"] == "special-police" and u["grid"] is not None:
            errors.append(f"unit {u['callSign']}: special police must have grid null")
    if sorted(u["grid"] for u in units["units"] if u["kind"] == "grid-patrol-car") != list(range(1, 14)):
        errors.append("units: expected one grid patrol car per grid")

    # summary
    km = sum(math.dist(xy[a], xy[b]) for _, _, a, b in segments) / 1000
    junctions = sum(1 for n in nodes if len(undirected[n]) >= 3)
    oneway = sorted({f["properties"]["name"] for f in roads["features"] if f["properties"]["oneway"]})
    print(f"roads: {len(roads['features'])} features, {len(nodes)} vertices ({junctions} junctions), "
          f"{len(segments)} segments, {km:.2f} km")
    print(f"one-way: {', '.join(oneway)}")
    print(f"places: {len(places['features'])}, grids: {len(grids['grids'])}, "
          f"zones: {len(zones['features'])}, units: {len(units['units'])}")
    return errors


def main():
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    place_by_id = {p[0]: p for p in PLACES}
    write_json("manifest.json", build_manifest())
    write_json("roads.geojson", build_roads())
    write_json("places.geojson", build_places())
    write_json("grids.json", build_grids(place_by_id))
    write_json("zones.geojson", build_zones())
    units = build_units()
    write_json("units.json", units)
    write_json("roster.json", build_roster(units))
    errors = validate()
    if errors:
        for e in errors:
            print("INVALID:", e, file=sys.stderr)
        sys.exit(1)
    print(f"OK: {OUT_DIR.relative_to(REPO_ROOT)} validated ({VERSION}, MODELED data)")


if __name__ == "__main__":
    main()
