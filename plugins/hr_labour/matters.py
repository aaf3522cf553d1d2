"""Routing table of a human-resources and social-security bureau (人社局).

A transcription of Article 11 of the source document, 《分类处理人社领域信访投诉请求九项途径》
(焦作市人力资源和社会保障局, revised 2017-07-21; DOMAIN.md "hr_labour"): the nine
statutory channels a request may take, the matters (事项) each channel handles, the legal
basis the article cites for each, and the time limits and receiving bodies it names.

Only what the article states is encoded. Where it gives no value the field is ``None``
(or ``""`` for a missing legal basis); nothing is filled in from outside knowledge. In
particular the article gives no acceptance or decision time limits for arbitration or
labour inspection, and no ordinary time limit for applying for administrative review.

Article 11 has a table of contents (目录) and a detailed part (明细). Where they disagree
(administrative-review room and phone, the appeal body), the detailed part is used unless
noted otherwise on the field.

Pure data, stdlib only.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Channel:
    """One of the nine statutory channels (途径) of Art. 11."""

    code: str
    label_zh: str
    label_en: str
    # True when the bureau itself has the unit that handles it per the text.
    own_unit: bool
    # Suggested department code for own units ("ARB", "INSP", "PET", "LAW").
    department: str | None
    # Receiving body, address and phone as the text gives them (verbatim).
    body_zh: str | None
    body_en: str | None
    address_zh: str | None
    phone: str | None
    # Kept for the agreed shape; the article's limits are split into accept_within /
    # decide_within below, so this is None throughout.
    handling_limit: tuple | None
    # (amount, unit): to accept, or to tell the requester whether it is accepted.
    accept_within: tuple | None
    # (amount, unit, extension_amount or None): to conclude.
    decide_within: tuple | None


@dataclass(frozen=True)
class Matter:
    """A matter type (事项) and the channel that handles it."""

    code: str
    channel: str
    label_zh: str
    label_en: str
    # Legal basis as the text cites it; "" if none given.
    basis_zh: str
    # The complainant's own window: (amount, unit, starts_from_en), or None.
    window: tuple | None
    # Routing remarks from the text (other bodies, sub-cases, further limits).
    note_zh: str = ""


_CHANNELS = (
    Channel(
        code="arbitration", label_zh="调解仲裁", label_en="Mediation and arbitration",
        own_unit=True, department="ARB",
        body_zh="人社局劳动仲裁院",
        body_en="Labour Arbitration Institute of the Human Resources and Social Security Bureau",
        address_zh="老劳动大厦13楼", phone="2118860",
        handling_limit=None, accept_within=None, decide_within=None,
    ),
    Channel(
        code="inspection", label_zh="劳动监察", label_en="Labour inspection",
        own_unit=True, department="INSP",
        body_zh="市劳动保障监察支队",
        body_en="Municipal Labour Security Inspection Detachment",
        # Source prints "老 劳动大厦12楼" (a line-break artefact); the space is dropped.
        address_zh="老劳动大厦12楼", phone="8826733",
        handling_limit=None, accept_within=None, decide_within=None,
    ),
    Channel(
        code="administrative_review", label_zh="行政复议", label_en="Administrative review",
        own_unit=True, department="LAW",
        body_zh="市法治办、市人社局法规科",
        body_en="Municipal Office for the Rule of Law; Legal Affairs Section of the "
                "Municipal Human Resources and Social Security Bureau",
        # Detailed part (明细). The table of contents has 人社大厦705室 and 2118968 instead.
        address_zh="市政大厦西侧4楼、人社大厦715室", phone="2118967",
        handling_limit=None, accept_within=None, decide_within=None,
    ),
    Channel(
        code="appeal", label_zh="申诉", label_en="Appeal",
        own_unit=False, department=None,
        # Table of contents wording, which also names 焦作市公务员局; the detailed part omits it.
        body_zh="原处理机关、同级公务员主管部门焦作市公务员局或者作出该人事处理的机关的上一级机关",
        body_en="The authority that made the original decision, the civil-service authority "
                "at the same level (Jiaozuo Civil Service Bureau), or the authority one level "
                "above the one that made the personnel decision",
        address_zh=None, phone=None,
        handling_limit=None, accept_within=None, decide_within=None,
    ),
    Channel(
        code="disclosure", label_zh="信息公开", label_en="Information disclosure",
        own_unit=False, department=None,
        body_zh="政府及行政机关", body_en="Governments and administrative agencies",
        address_zh=None, phone=None,
        handling_limit=None, accept_within=None, decide_within=None,
    ),
    Channel(
        code="reassessment", label_zh="再次鉴定", label_en="Re-assessment",
        own_unit=False, department=None,
        body_zh="省劳动能力鉴定委员会,省人社厅",
        body_en="Provincial Work Capacity Assessment Committee, Provincial Department of "
                "Human Resources and Social Security",
        address_zh="郑州市郑东新区正光路11号", phone="69690170、69690171",
        handling_limit=None, accept_within=None, decide_within=None,
    ),
    Channel(
        code="report", label_zh="举报", label_en="Report",
        own_unit=True, department=None,
        body_zh="市人社局",
        body_en="Municipal Human Resources and Social Security Bureau",
        address_zh="市人社大厦", phone="2118999",
        # 《社会保险基金监督举报工作管理办法》第十条: 30 days from acceptance, complex cases
        # may be extended, at most 60 days in all. The text gives it for fund reports only.
        handling_limit=None, accept_within=None, decide_within=(30, "days", 30),
    ),
    Channel(
        code="petition", label_zh="信访", label_en="Petition",
        own_unit=True, department="PET",
        # Given in the table of contents only.
        body_zh="信访调解科", body_en="Petition and Mediation Section",
        address_zh="市人社大厦1001", phone="2118902",
        # 《信访条例》第二十二条: answer on the spot whether accepted; otherwise tell the
        # petitioner in writing within 15 days of receiving the matter.
        handling_limit=None, accept_within=(15, "days"), decide_within=None,
    ),
    Channel(
        code="court", label_zh="司法", label_en="Judicial (courts and other judicial organs)",
        own_unit=False, department=None,
        body_zh="县、区人民法院", body_en="County and district people's courts",
        address_zh=None, phone=None,
        handling_limit=None, accept_within=None, decide_within=None,
    ),
)

CHANNELS: dict[str, Channel] = {c.code: c for c in _CHANNELS}


MATTERS: tuple[Matter, ...] = (
    # ---- 一、调解仲裁 ------------------------------------------------------------
    # (一)劳动人事关系
    Matter(
        code="labour_relation_confirm_terminate", channel="arbitration",
        label_zh="确认和解除劳动关系,解除人事关系",
        label_en="Confirming or ending a labour relationship; ending a personnel relationship",
        basis_zh="《中华人民共和国劳动争议调解仲裁法》第二条;《劳动人事争议仲裁办案规则》第二条;"
                 "《关于确立劳动关系有关事项的通知》五;《关于贯彻执行若干问题的意见》84;"
                 "《事业单位人事管理条例》第三十七条;"
                 "《全民所有制事业单位专业技术人员和管理人员辞职暂行规定》第八条;"
                 "《全民所有制事业单位辞退专业技术人员和管理人员暂行规定》第六条",
        window=None,
        note_zh="被辞退的全民所有制事业单位专业技术人员和管理人员:接到《辞退证明书》十五日内"
                "可向当地人才流动争议仲裁机构申请仲裁;当地尚未成立仲裁机构的,由被辞退人所在"
                "单位上级主管部门协调解决。",
    ),
    # (二)劳动合同、集体合同、聘(任)用合同
    Matter(
        code="labour_contract", channel="arbitration",
        label_zh="订立、履行、变更、解除和终止劳动合同",
        label_en="Concluding, performing, amending, rescinding and terminating a labour contract",
        basis_zh="《中华人民共和国劳动争议调解仲裁法》第二条;《中华人民共和国劳动法》第十八条;"
                 "《中华人民共和国劳动合同法》第二十六条",
        window=None,
        note_zh="劳动合同无效或者部分无效,由劳动争议仲裁机构或者人民法院确认。",
    ),
    Matter(
        code="collective_contract", channel="arbitration",
        label_zh="履行集体合同争议",
        label_en="Dispute over performing a collective contract",
        basis_zh="《中华人民共和国劳动法》第八十四条;《中华人民共和国劳动合同法》第五十六条",
        window=None,
        note_zh="协商解决不成的申请仲裁,工会可以依法申请仲裁、提起诉讼;对仲裁裁决不服的,"
                "可以自收到仲裁裁决书之日起十五日内向人民法院提起诉讼。",
    ),
    Matter(
        code="appointment_contract", channel="arbitration",
        label_zh="履行聘任合同",
        label_en="Performing an appointment contract (appointed civil servants)",
        basis_zh="《中华人民共和国公务员法》第一百条;《劳动人事争议仲裁办案规则》第二条;"
                 "《人事争议处理规定》第二条",
        window=(60, "days", "the day the dispute arises"),
        note_zh="聘任制公务员与所在机关之间、参照公务员法管理的机关(单位)与聘任工作人员之间;"
                "向人事争议仲裁委员会申请仲裁。",
    ),
    Matter(
        code="engagement_contract", channel="arbitration",
        label_zh="履行聘用合同",
        label_en="Performing an engagement contract (public institutions, social organisations, "
                 "army civilian staff)",
        basis_zh="《事业单位人事管理条例》第三十七条;《中国人民解放军文职人员条例》第三十四条;"
                 "《劳动人事争议仲裁办案规则》第二条;《人事争议处理规定》第二条",
        window=None,
        note_zh="军队文职人员向聘用单位所在地的人事争议仲裁机构申请仲裁;对仲裁裁决不服的,"
                "可以依法向人民法院提起诉讼。",
    ),
    # (三) — a heading without a numbered 事项 in the text
    Matter(
        code="remuneration_compensation", channel="arbitration",
        label_zh="劳动报酬、工伤医疗费、经济补偿或者赔偿金",
        label_en="Labour remuneration, work-injury medical expenses, economic compensation "
                 "or damages",
        basis_zh="《中华人民共和国劳动争议调解仲裁法》第二条;《劳动人事争议仲裁办案规则》第二条;"
                 "《事业单位人事管理条例》第三十七条",
        window=None,
    ),
    # (四) — a heading without a numbered 事项; the text quotes 调解仲裁法 without its article
    Matter(
        code="working_conditions_social_insurance", channel="arbitration",
        label_zh="工作时间、休息休假、社会保险、福利、培训以及劳动保护",
        label_en="Working hours, rest and leave, social insurance, welfare, training and "
                 "labour protection",
        basis_zh="《中华人民共和国劳动争议调解仲裁法》(引文未标条号);"
                 "《中华人民共和国社会保险法》第八十三条;《事业单位人事管理条例》第三十七条;"
                 "《劳动人事争议仲裁办案规则》第二条;《非法用工单位伤亡人员一次性赔偿办法》第八条",
        window=None,
        note_zh="个人与所在用人单位发生社会保险争议的,可以依法申请调解、仲裁,提起诉讼;"
                "非法用工单位伤亡人员(含童工)近亲属就赔偿数额与单位发生争议的,按劳动争议处理。",
    ),
    # ---- 二、劳动监察 ------------------------------------------------------------
    Matter(
        code="workplace_rules", channel="inspection",
        label_zh="用人单位制定直接涉及劳动者切身利益的规章制度及其执行的情况",
        label_en="Employer's rules directly affecting workers' vital interests and how they "
                 "are applied",
        basis_zh="《中华人民共和国劳动合同法》第七十四条",
        window=None,
    ),
    Matter(
        code="contract_conclusion_termination", channel="inspection",
        label_zh="用人单位与劳动者订立和解除劳动合同的情况",
        label_en="Employer's concluding and rescinding of labour contracts with workers",
        basis_zh="《中华人民共和国劳动合同法》第七十四条;《劳动保障监察条例》第十一条",
        window=None,
    ),
    Matter(
        code="labour_dispatch", channel="inspection",
        label_zh="劳务派遣单位和用工单位遵守劳务派遣有关规定的情况",
        label_en="Compliance of labour-dispatch agencies and host employers with labour-"
                 "dispatch rules",
        basis_zh="《中华人民共和国劳动合同法》第七十四条",
        window=None,
    ),
    Matter(
        code="working_hours_rest", channel="inspection",
        label_zh="用人单位遵守国家关于劳动者工作时间和休息休假规定的情况",
        label_en="Employer's compliance with national rules on working hours, rest and leave",
        basis_zh="《中华人民共和国劳动合同法》第七十四条;《劳动保障监察条例》第十一条",
        window=None,
    ),
    Matter(
        code="wages_minimum_wage", channel="inspection",
        label_zh="用人单位支付劳动者工资和执行最低工资标准的情况",
        label_en="Employer's payment of wages and application of the minimum wage",
        basis_zh="《劳动保障监察条例》第十一条",
        window=None,
        note_zh="对恶意欠薪的介绍到公安部门处理(见司法途径“其他还有”第5项)。",
    ),
    Matter(
        code="women_minors_protection", channel="inspection",
        label_zh="用人单位遵守女职工和未成年工特殊劳动保护规定的情况",
        label_en="Employer's compliance with special protection rules for women workers and "
                 "juvenile workers",
        basis_zh="《劳动保障监察条例》第十一条",
        window=None,
    ),
    Matter(
        code="social_insurance_contributions", channel="inspection",
        label_zh="用人单位参加各项社会保险和缴纳社会保险费的情况",
        label_en="Employer's enrolment in social insurance schemes and payment of contributions",
        basis_zh="《中华人民共和国劳动合同法》第七十四条;《劳动保障监察条例》第十一条",
        window=None,
    ),
    Matter(
        code="child_labour", channel="inspection",
        label_zh="用人单位遵守禁止使用童工规定的情况",
        label_en="Employer's compliance with the ban on child labour",
        basis_zh="《劳动保障监察条例》第十一条",
        window=None,
    ),
    Matter(
        code="employment_agencies_training", channel="inspection",
        label_zh="职业介绍机构、职业技能培训机构和职业技能考核鉴定机构遵守国家有关职业介绍、"
                 "职业技能培训和职业技能考核鉴定的规定的情况",
        label_en="Compliance of employment agencies, vocational-skills training bodies and "
                 "skills-testing bodies with national rules on job placement, training and "
                 "skills testing",
        basis_zh="《劳动保障监察条例》第十一条",
        window=None,
    ),
    Matter(
        code="other_inspection", channel="inspection",
        label_zh="法律、法规规定的其他劳动保障监察事项",
        label_en="Other labour-security inspection matters provided by laws and regulations",
        basis_zh="《劳动保障监察条例》第十一条",
        window=None,
    ),
    # ---- 三、行政复议 (the text lists no specific 事项; grouped by the rules it cites) ----
    Matter(
        code="administrative_act", channel="administrative_review",
        label_zh="认为具体行政行为侵犯其合法权益",
        label_en="A specific administrative act considered to infringe lawful rights and "
                 "interests",
        basis_zh="《中华人民共和国行政复议法》第六条、第八条;《人力资源社会保障行政复议办法》第七条",
        window=None,
        note_zh="人社领域所有针对管理相对人的具体行政行为均属行政复议范围,不再列具体事项。"
                "不服行政处分或者其他人事处理决定的走申诉;不服行政机关对民事纠纷作出的调解或者"
                "其他处理的,申请仲裁或者向人民法院提起诉讼。",
    ),
    Matter(
        code="social_insurance_administrative_dispute", channel="administrative_review",
        label_zh="社会保险行政争议",
        label_en="Social-insurance administrative dispute (acts of the insurance agency)",
        basis_zh="《社会保险行政争议处理办法》第四条、第五条、第六条、第十条",
        window=(2, "years",
                "the day the applicant learns of the right to review or its time limit; outer "
                "limit that applies only when the agency did not inform the applicant (the "
                "ordinary limit is not stated in the text)"),
        note_zh="由经办机构和劳动保障行政部门的法制工作机构处理;第六条第2、5、6、7项情形可直接"
                "向劳动保障行政部门申请行政复议,也可先向经办机构申请复查,对复查决定不服再申请"
                "行政复议。",
    ),
    Matter(
        code="recruitment_exam_discipline_candidate", channel="administrative_review",
        label_zh="报考者对违纪违规行为处理决定不服",
        label_en="Exam candidate contesting a decision on a breach of civil-service recruitment "
                 "exam rules",
        basis_zh="《公务员考试录用违纪违规行为处理办法》第十八条、第十九条",
        window=None,
        note_zh="可以依法申请行政复议或者提起行政诉讼。",
    ),
    # ---- 四、申诉 ----------------------------------------------------------------
    Matter(
        code="civil_servant_personnel_decision", channel="appeal",
        label_zh="公务员对涉及本人的有关人事处理不服的申诉",
        label_en="Civil servant's appeal against a personnel decision concerning them",
        basis_zh="《中华人民共和国公务员法》第九十条",
        window=(30, "days",
                "the day the civil servant learns of the personnel decision (review by the "
                "original authority, or direct appeal without review)"),
        note_zh="自知道该人事处理之日起三十日内向原处理机关申请复核;对复核结果不服的,自接到复核"
                "决定之日起十五日内向同级公务员主管部门或者上一级机关提出申诉;也可不经复核,"
                "自知道之日起三十日内直接申诉。对省级以下机关的申诉处理决定不服的可再申诉;"
                "对处分不服向行政监察机关申诉的,按《中华人民共和国行政监察法》办理。",
    ),
    Matter(
        code="recruitment_exam_discipline_staff", channel="appeal",
        label_zh="公务员录用考试中录用工作人员违纪违规处理",
        label_en="Disciplinary decisions on recruitment staff in civil-service recruitment exams",
        basis_zh="《公务员录用考试违纪违规行为处理办法》第十八条第二款、第十九条、第十六条",
        window=None,
        note_zh="录用工作人员可以依法申请复核或者申诉。",
    ),
    Matter(
        code="public_institution_staff_decision", channel="appeal",
        label_zh="事业单位工作人员对涉及本人的考核结果、处分决定等不服的",
        label_en="Public-institution staff contesting an appraisal result, sanction or other "
                 "decision concerning them",
        basis_zh="《事业单位工作人员申诉规定》第十一条",
        window=None,
        note_zh="可以申请复核或者提出申诉、再申诉。",
    ),
    # ---- 五、信息公开 (no numbered 事项 in the text) -------------------------------------
    Matter(
        code="government_information_request", channel="disclosure",
        label_zh="申请获取相关政府信息",
        label_en="Request for government information",
        basis_zh="《中华人民共和国政府信息公开条例》第九条、第十条",
        window=None,
        note_zh="除主动公开的政府信息外,可根据自身生产、生活、科研等特殊需要,向国务院各部门、"
                "地方各级人民政府及县级以上地方人民政府部门申请。",
    ),
    # ---- 六、再次鉴定 ------------------------------------------------------------
    Matter(
        code="work_capacity_reassessment", channel="reassessment",
        label_zh="用人单位或者职工对设区的市级劳动能力鉴定委员会作出的鉴定结论不服的",
        label_en="Employer or worker contesting the conclusion of the municipal work capacity "
                 "assessment committee",
        basis_zh="《工伤保险条例》第二十六条",
        window=(15, "days", "receipt of the assessment conclusion"),
        note_zh="向省劳动能力鉴定委员会提出再次鉴定申请;省级鉴定结论为最终结论。",
    ),
    # ---- 七、举报 ----------------------------------------------------------------
    Matter(
        code="social_insurance_fund_violation", channel="report",
        label_zh="公民、法人和其他社会组织对养老保险基金、医疗保险基金、失业保险基金、工伤保险基金、"
                 "生育保险基金收支、管理等方面的违法违纪行为进行检举控告",
        label_en="Reports of unlawful conduct in the income, spending or management of the "
                 "pension, medical, unemployment, work-injury and maternity insurance funds",
        basis_zh="《社会保险基金监督举报工作管理办法》第三条、第七条、第十条",
        window=None,
        note_zh="自受理之日起30日内办结;情况复杂的可以适当延长,但最长不得超过60日。"
                "举报人可以不留姓名。",
    ),
    Matter(
        code="labour_contract_law_violation", channel="report",
        label_zh="组织或者个人对违反劳动合同法的行为进行举报",
        label_en="Reports by organisations or individuals of violations of the Labour Contract Law",
        basis_zh="《中华人民共和国劳动合同法》第七十九条",
        window=None,
        note_zh="县级以上人民政府劳动行政部门应当及时核实、处理,并对举报有功人员给予奖励。",
    ),
    Matter(
        code="labour_dispatch_licence_violation", channel="report",
        label_zh="组织或者个人对违反劳务派遣行政许可的行为进行举报",
        label_en="Reports by organisations or individuals of violations in labour-dispatch "
                 "licensing",
        basis_zh="《劳务派遣行政许可实施办法》第二十九条",
        window=None,
        note_zh="人力资源社会保障行政部门应当及时核实、处理。",
    ),
    # ---- 八、信访 (no numbered 事项 in the text) ----------------------------------------
    Matter(
        code="official_conduct_petition", channel="petition",
        label_zh="信访人不服有关组织、人员的职务行为",
        label_en="Petitioner objecting to the official conduct of agencies, authorised bodies, "
                 "public-service enterprises and institutions, appointed officers, or village "
                 "and residents' committees",
        basis_zh="《信访条例》第十四条、第二十二条",
        window=None,
        note_zh="依法应当通过诉讼、仲裁、行政复议等法定途径解决的,应依照相应程序向有关机关提出;"
                "不属于本机关职权范围的,告知信访人向有权的机关提出。能当场答复是否受理的当场书面答复,"
                "否则自收到之日起15日内书面告知;信访人姓名(名称)、住址不清的除外。",
    ),
    # ---- 九、司法 ----------------------------------------------------------------
    Matter(
        code="arbitral_award_lawsuit", channel="court",
        label_zh="当事人不服劳动争议仲裁委员会作出的裁决,依法向人民法院起诉的",
        label_en="Party contesting a labour-dispute arbitration award and suing in a people's court",
        basis_zh="最高人民法院《关于审理劳动争议案件适用法律若干问题的解释(一)》第一条、第二十条;"
                 "最高人民法院《关于审理劳动争议案件适用法律若干问题的解释(二)》第四条、第五条、"
                 "第六条、第七条",
        window=None,
        note_zh="解释(二)第七条所列纠纷不属于劳动争议:如请求社会保险经办机构发放社会保险金、"
                "对劳动能力鉴定或职业病诊断鉴定结论的异议、家政服务人员纠纷等。",
    ),
    Matter(
        code="unenrolled_social_insurance_damages", channel="court",
        label_zh="劳动者以用人单位未为其办理社会保险手续,且社会保险经办机构不能补办导致其无法享受"
                 "社会保险待遇为由,要求用人单位赔偿损失而发生争议的",
        label_en="Worker claiming damages because the employer did not enrol them in social "
                 "insurance and the agency cannot enrol them retroactively, so they cannot "
                 "receive benefits",
        basis_zh="最高人民法院《关于审理劳动争议案件适用法律若干问题的解释(三)》第一条",
        window=None,
    ),
    Matter(
        code="enterprise_restructuring", channel="court",
        label_zh="因企业自主进行改制引发的争议",
        label_en="Disputes arising from an enterprise's own restructuring",
        basis_zh="最高人民法院《关于审理劳动争议案件适用法律若干问题的解释(三)》第二条",
        window=None,
    ),
    Matter(
        code="additional_compensation", channel="court",
        label_zh="要求用人单位支付加付赔偿金的",
        label_en="Claim that the employer pay additional compensation",
        basis_zh="最高人民法院《关于审理劳动争议案件适用法律若干问题的解释(三)》第三条",
        window=None,
        note_zh="劳动者依据劳动合同法第八十五条规定向人民法院提起诉讼。",
    ),
    # 司法途径 "其他还有": referrals to courts, procuratorate, police, justice administration
    Matter(
        code="court_filing_judgment_enforcement", channel="court",
        label_zh="该立案不立案、对判决不服、判决后不执行",
        label_en="Court failing to register a case, dissatisfaction with a judgment, or a "
                 "judgment not enforced",
        basis_zh="", window=None,
        note_zh="引导群众向法院投诉。",
    ),
    Matter(
        code="official_malfeasance_corruption", channel="court",
        label_zh="反映国家公职人员渎职、贪污受贿犯罪",
        label_en="Reports of dereliction of duty, embezzlement or bribery by public officials",
        basis_zh="", window=None,
        note_zh="引导群众向检察机关投诉。",
    ),
    Matter(
        code="work_injury_traffic_accident_finding", channel="court",
        label_zh="工伤认定中对交通事故认定不服",
        label_en="In a work-injury determination, contesting the traffic-accident finding",
        basis_zh="", window=None,
        note_zh="介绍到公安部门处理。",
    ),
    Matter(
        code="work_injury_forensic_appraisal", channel="court",
        label_zh="工伤认定中对司法鉴定有异议",
        label_en="In a work-injury determination, objecting to a forensic appraisal",
        basis_zh="", window=None,
        note_zh="介绍到司法行政部门处理。",
    ),
    Matter(
        code="malicious_wage_arrears", channel="court",
        label_zh="恶意欠薪",
        label_en="Malicious wage arrears",
        basis_zh="", window=None,
        note_zh="介绍到公安部门处理。",
    ),
    Matter(
        code="normative_document_objection", channel="court",
        label_zh="对行政规范性文件有异议",
        label_en="Objection to an administrative normative document",
        basis_zh="《河南省行政规范性文件管理办法》第三十条",
        window=None,
        note_zh="可以向制定机关或者负责备案审查的县级以上人民政府法制机构提出书面审查建议。",
    ),
)

_BY_CODE: dict[str, Matter] = {m.code: m for m in MATTERS}


def matters_of(channel_code: str) -> list[Matter]:
    """The matters handled by a channel, in the article's order."""
    return [m for m in MATTERS if m.channel == channel_code]


def matter(code: str) -> Matter:
    """The matter with this code; ``KeyError`` if unknown."""
    return _BY_CODE[code]
