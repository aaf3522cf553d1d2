"""The Art. 11 routing table: structure and figures checked against the source text."""
import pytest

from plugins.hr_labour.matters import CHANNELS, MATTERS, matter, matters_of

NINE = {"arbitration", "inspection", "administrative_review", "appeal", "disclosure",
        "reassessment", "report", "petition", "court"}


def test_all_nine_channels_present():
    assert set(CHANNELS) == NINE
    assert all(code == ch.code for code, ch in CHANNELS.items())


def test_matter_codes_unique_and_channels_exist():
    codes = [m.code for m in MATTERS]
    assert len(codes) == len(set(codes))
    assert all(m.channel in CHANNELS for m in MATTERS)
    assert all(matters_of(code) for code in CHANNELS)  # every channel has a matter


def test_labels_non_empty():
    for item in (*CHANNELS.values(), *MATTERS):
        assert item.label_zh.strip() and item.label_en.strip()


def test_limit_tuples_well_formed():
    for ch in CHANNELS.values():
        assert ch.accept_within is None or (len(ch.accept_within) == 2
                                            and ch.accept_within[1] in {"days", "working_days"})
        assert ch.decide_within is None or (len(ch.decide_within) == 3
                                            and ch.decide_within[1] in {"days", "working_days"})
    for m in MATTERS:
        assert m.window is None or (len(m.window) == 3 and m.window[1] in {"days", "years"}
                                    and m.window[2])


def test_matter_lookup():
    assert matter("child_labour").channel == "inspection"
    with pytest.raises(KeyError):
        matter("no_such_matter")


def test_counts_follow_the_article():
    # 7 arbitration headings (5 numbered + (三)(四)), 10 inspection items, 3 appeal,
    # 3 report, 4 numbered court matters + 6 "其他还有".
    assert len(matters_of("arbitration")) == 7
    assert len(matters_of("inspection")) == 10
    assert len(matters_of("appeal")) == 3
    assert len(matters_of("report")) == 3
    assert len(matters_of("court")) == 10


def test_petition_notice_within_15_days_of_receipt():
    # 《信访条例》第二十二条 (source l.1701)
    assert CHANNELS["petition"].accept_within == (15, "days")
    assert CHANNELS["petition"].phone == "2118902"


def test_report_30_days_extendable_to_60():
    # 《社会保险基金监督举报工作管理办法》第十条 (l.1665)
    amount, unit, ext = CHANNELS["report"].decide_within
    assert (amount, unit, amount + ext) == (30, "days", 60)


def test_reassessment_window_15_days_from_conclusion():
    # 《工伤保险条例》第二十六条 (l.1651)
    assert matter("work_capacity_reassessment").window[:2] == (15, "days")
    assert CHANNELS["reassessment"].own_unit is False
    assert CHANNELS["reassessment"].phone == "69690170、69690171"


def test_civil_servant_appeal_30_then_15_days():
    # 《公务员法》第九十条 (l.1587)
    m = matter("civil_servant_personnel_decision")
    assert m.window[:2] == (30, "days") and "十五日" in m.note_zh


def test_appointed_civil_servant_arbitration_60_days():
    # 《公务员法》第一百条 (l.1395)
    assert matter("appointment_contract").window[:2] == (60, "days")


def test_social_insurance_review_outer_limit_two_years():
    # 《社会保险行政争议处理办法》第十条 (l.1565)
    assert matter("social_insurance_administrative_dispute").window[:2] == (2, "years")


def test_no_invented_limits_for_arbitration_and_inspection():
    # The article states no acceptance/decision limits for these two channels.
    for code in ("arbitration", "inspection"):
        assert CHANNELS[code].accept_within is None and CHANNELS[code].decide_within is None


def test_own_units_and_contacts():
    assert CHANNELS["arbitration"].own_unit and CHANNELS["arbitration"].department == "ARB"
    assert CHANNELS["arbitration"].phone == "2118860"
    assert CHANNELS["inspection"].department == "INSP" and CHANNELS["inspection"].phone == "8826733"
    assert CHANNELS["court"].own_unit is False


def test_referrals_to_other_bodies_noted():
    assert "公安" in matter("malicious_wage_arrears").note_zh
    assert "检察机关" in matter("official_malfeasance_corruption").note_zh
    assert "公安" in matter("wages_minimum_wage").note_zh
