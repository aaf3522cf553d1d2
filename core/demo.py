"""Demo tenants for every plugin, with staff of every role and complaints drawn from the
scenarios of the source documents (Art. 3, 4, 5, 7, 11, 12, 18). Loading is idempotent."""
from datetime import timedelta

from core.auth.models import ROLES
from core.auth.service import create_platform_admin, create_user, user_by_email
from core.cases.intake import register_case
from core.extensions import db
from core.tenancy import create_department, tenant_by_slug, create_tenant
from core.types import utcnow

PASSWORD = "demo-pass-2026"
PLATFORM_ADMIN = "root@platform.demo"

TENANTS = [
    {
        "slug": "demo-bank", "name": "示范农商银行城东支行", "plugins": ["bank"], "prefix": "BANK",
        "departments": [("GEN", "综合部"), ("RETAIL", "个人金融部"), ("OPS", "运营管理部"),
                        ("LEGAL", "法律合规部"), ("INSP", "监察室"), ("OFFICE", "办公室")],
        "domain": "bank.demo", "department_of": {"handler": "GEN", "supervisor": "GEN"},
        "cases": [
            {"channel": "walk_in", "title": "营业厅排队等候时间过长",
             "description": "周一上午在城东支行办理转账，取号后等候了一个多小时，营业厅只开了两个窗口，大堂经理也没有引导使用自助设备。",
             "demand": "希望增开窗口，并对等候时间给出解释。", "category": "service_channel",
             "complainant": {"name": "王建国", "phone": "13812345678"},
             "subject": {"department": "OPS"}, "fields": {"branch": "城东支行", "hall_scenario": "queueing"}},
            {"channel": "phone", "title": "ATM取款疑似取到假币",
             "description": "在支行门口ATM取款2000元，到商场消费时被告知其中一张100元疑似假币，要求银行核实。",
             "demand": "核实并兑换真币。", "category": "work_error",
             "complainant": {"name": "李秀英", "phone": "13998765432"},
             "fields": {"branch": "城东支行", "amount": "100.00", "hall_scenario": "counterfeit_note"}},
            {"channel": "walk_in", "title": "大额取款被要求预约",
             "description": "客户到柜台取现金6万元，柜员告知超过5万元需提前一天预约，客户认为事先没有告知，情绪激动。",
             "demand": "当天取款，并要求银行书面说明预约规定。", "category": "service_product",
             "complainant": {"name": "张伟", "phone": "13700001111"},
             "fields": {"branch": "城东支行", "amount": "60000.00", "hall_scenario": "large_withdrawal"}},
            {"channel": "walk_in", "title": "过号后要求插队办理",
             "description": "客户离开营业厅接电话错过叫号，回来后要求立即办理，保安和大堂经理拒绝后发生争执。",
             "demand": "对大堂经理的态度道歉。", "category": "service_attitude",
             "complainant": {"name": "赵敏", "phone": "13611112222"}, "subject": {"department": "GEN"}},
            {"channel": "letter", "title": "柜员转账金额输错",
             "description": "客户办理跨行转账3000元，柜员误输为5000元，已转出，客户要求追回多转的2000元。",
             "demand": "追回多转款项并赔偿损失。", "category": "work_error",
             "complainant": {"name": "陈平", "phone": "13522223333"},
             "fields": {"branch": "城东支行", "amount": "2000.00", "account": "6222 0212 3456 6621"}},
            {"channel": "government", "title": "理财产品亏损，销售时未提示风险",
             "description": "客户经12345热线转来投诉：2025年在我行购买的理财产品亏损8万元，称客户经理销售时承诺保本，未做风险评估。",
             "demand": "赔偿全部本金损失。", "category": "rule_violation",
             "complainant": {"name": "刘淑芬", "phone": "13433334444"},
             "fields": {"branch": "城东支行", "amount": "80000.00", "origin": "12345政务服务便民热线"}},
            {"channel": "web", "title": "未经同意扣除短信服务费",
             "description": "客户发现账户每月被扣除短信通知费2元，本人从未开通此项服务。",
             "demand": "退还已扣费用并关闭服务。", "category": "service_product", "anonymous": False,
             "complainant": {"name": "孙磊", "email": "sunlei@example.com"}, "fields": {"amount": "24.00"}},
            {"channel": "phone", "title": "信用卡被盗刷6万元",
             "description": "客户致电95580：信用卡在境外被连续盗刷6万元，本人卡片一直在身边，要求银行先行赔付。",
             "demand": "冻结卡片并赔付损失。", "category": "service_product",
             "complainant": {"name": "钱程", "phone": "13399998888"},
             "fields": {"amount": "60000.00", "account": "6225 8801 2345 9087"}},
            {"channel": "media", "title": "晚报记者反映：老年客户被拒绝办理存折业务",
             "description": "某晚报记者来电，称接到读者爆料：七旬老人在网点办理存折取款被要求使用手机银行，记者要求银行回应。",
             "demand": "给出书面说明。", "category": "service_channel",
             "complainant": {"name": "晚报记者 林", "phone": "13500001234"}},
            {"channel": "letter", "title": "举报客户经理私售非本行理财产品",
             "description": "来信举报城东支行客户经理向客户推销非本行发行的理财产品（飞单），涉及金额约20万元。",
             "category": "financial_crime", "confidential": True,
             "complainant": {"name": "匿名客户家属", "phone": "13677778888"},
             "fields": {"amount": "200000.00"}},
            {"channel": "comment_box", "title": "意见箱：柜台服务态度冷淡",
             "description": "意见箱中的匿名留言：柜员办理业务时一直看手机，问话不耐烦。",
             "category": "service_attitude", "anonymous": True},
        ],
    },
    {
        "slug": "demo-hotel", "name": "示范国际大酒店", "plugins": ["hotel"], "prefix": "HOTEL",
        "departments": [("DUTY", "大堂副理"), ("FO", "前厅部"), ("HK", "客房部"), ("FB", "餐饮部"),
                        ("ENG", "工程部")],
        "domain": "hotel.demo", "department_of": {"handler": "DUTY", "supervisor": "DUTY"},
        "cases": [
            {"channel": "walk_in", "title": "预订的房间已被售出（双重售房）",
             "description": "客人持确认的预订单于晚上22点到店，前台告知房间已满，预订的豪华间被重复出售。",
             "demand": "立即安排同等或更高级别房间，并赔偿。", "category": "double_sold_room",
             "complainant": {"name": "Mr. John Smith", "phone": "+44 7700 900123"},
             "subject": {"department": "FO"}, "fields": {"stay_from": "2026-11-20", "stay_to": "2026-11-22"}},
            {"channel": "phone", "title": "空调噪音大，无法入睡",
             "description": "1208房间空调运行时噪音很大，半夜打电话给前台，半小时后工程部才来人。",
             "demand": "换房并减免房费。", "category": "facilities",
             "complainant": {"name": "周杰", "phone": "13800138000"},
             "subject": {"department": "ENG"}, "fields": {"room_number": "1208"}},
            {"channel": "walk_in", "title": "房间有异味",
             "description": "入住的无烟房有明显烟味和霉味，要求换房被告知没有空房。",
             "demand": "换房或退房。", "category": "product_quality",
             "complainant": {"name": "吴芳", "phone": "13900139000"},
             "subject": {"department": "HK"}, "fields": {"room_number": "0817"}},
            {"channel": "walk_in", "title": "餐厅菜品中有头发",
             "description": "客人在中餐厅用餐，清蒸鱼中发现头发，服务员只说了句不好意思。",
             "demand": "免单并道歉。", "category": "product_quality",
             "complainant": {"name": "郑强", "phone": "13700137000"}, "subject": {"department": "FB"}},
            {"channel": "phone", "title": "电梯故障被困十分钟",
             "description": "客人乘坐3号电梯时电梯停在两层之间约十分钟，紧急呼叫无人应答。",
             "demand": "解释原因并赔偿。", "category": "facilities",
             "complainant": {"name": "冯丽", "phone": "13600136000"}, "subject": {"department": "ENG"}},
            {"channel": "email", "title": "迷你吧被误收费",
             "description": "退房时账单上有迷你吧饮料两瓶共60元，客人称从未使用。",
             "demand": "取消该笔费用。", "category": "service_efficiency",
             "complainant": {"name": "Ms. Anna Müller", "email": "anna.mueller@example.de"},
             "fields": {"room_number": "1503"}},
            {"channel": "comment_box", "title": "意见簿：前台办理入住太慢",
             "description": "意见簿留言：晚上8点入住排队40分钟，前台只有一人。", "category": "service_efficiency",
             "anonymous": True, "subject": {"department": "FO"}},
            {"channel": "phone", "title": "暴雨导致航班取消，要求免费延住",
             "description": "因暴雨航班取消，客人要求酒店按原价延住一晚并安排机场接送。",
             "demand": "免费延住一晚。", "category": "emergency",
             "complainant": {"name": "何军", "phone": "13500135000"}},
        ],
    },
    {
        "slug": "demo-auto", "name": "示范汽车销售服务有限公司（4S店）", "plugins": ["auto_dealer"],
        "prefix": "AUTO",
        "departments": [("CRM", "客户关系部"), ("SVC", "售后服务部"), ("SALES", "销售部"),
                        ("PARTS", "配件部")],
        "domain": "auto.demo", "department_of": {"handler": "CRM", "supervisor": "CRM"},
        "cases": [
            {"channel": "phone", "title": "保养后发动机异响",
             "description": "车辆在本店做完3万公里保养后第二天发动机出现异响，怀疑机油加注不当。",
             "demand": "免费返修并检查发动机。", "category": "repair_quality",
             "complainant": {"name": "林涛", "phone": "13312341234"}, "subject": {"department": "SVC"},
             "fields": {"plate": "沪A12345", "work_order": "WO-20261118-032"}},
            {"channel": "walk_in", "title": "维修时间远超承诺",
             "description": "事故车维修承诺5天交车，已经过去12天仍未修好，期间无人主动联系。",
             "demand": "尽快交车并提供代步车。", "category": "repair_delay",
             "complainant": {"name": "高峰", "phone": "13212345678"}, "subject": {"department": "SVC"},
             "fields": {"plate": "沪B67890"}},
            {"channel": "phone", "title": "维修收费不透明",
             "description": "结算单上出现未经客户同意的项目“发动机舱清洗”收费380元。",
             "demand": "退还未同意项目费用。", "category": "charges",
             "complainant": {"name": "罗红", "phone": "13112345678"},
             "fields": {"work_order": "WO-20261120-011"}},
            {"channel": "walk_in", "title": "新车交付时发现漆面划痕",
             "description": "新车提车时在左后门发现明显划痕，销售顾问称运输途中产生，建议补漆。",
             "demand": "更换新车或给予补偿。", "category": "vehicle_quality",
             "complainant": {"name": "梁静", "phone": "13012345678"}, "subject": {"department": "SALES"},
             "fields": {"vin": "LSVAU2180N2123456"}},
            {"channel": "web", "title": "客户经理电话一直不回",
             "description": "预约保养后多次致电客户经理改期，电话无人接听，短信也不回复。",
             "demand": "更换客户经理。", "category": "service_attitude",
             "complainant": {"name": "宋佳", "phone": "15912345678"}, "subject": {"department": "CRM"}},
            {"channel": "government", "title": "12315转来：配件以次充好",
             "description": "12315转来投诉：客户称更换的刹车片并非原厂配件，但按原厂价格收费。",
             "demand": "退还差价并更换原厂配件。", "category": "charges",
             "complainant": {"name": "唐亮", "phone": "15812345678"}, "subject": {"department": "PARTS"},
             "fields": {"plate": "沪C24680"}},
            {"channel": "phone", "title": "返修后问题仍未解决",
             "description": "空调不制冷问题已返修两次，仍未解决，客户要求店总出面处理。",
             "demand": "彻底修好并赔偿交通费。", "category": "repair_quality",
             "complainant": {"name": "韩梅", "phone": "15712345678"}, "subject": {"department": "SVC"},
             "fields": {"plate": "沪D13579"}},
        ],
    },
    {
        "slug": "demo-labour", "name": "示范区人力资源和社会保障局", "plugins": ["hr_labour"],
        "prefix": "HRSS",
        "departments": [("PET", "信访办"), ("ARB", "劳动人事争议仲裁院"), ("INSP", "劳动保障监察大队"),
                        ("LAW", "法规科"), ("SI", "社会保险科"), ("ASSESS", "劳动能力鉴定委员会办公室")],
        "domain": "labour.demo", "department_of": {"handler": "PET", "supervisor": "PET"},
        "cases": [
            {"channel": "walk_in", "title": "建筑工地拖欠农民工工资",
             "description": "12名农民工反映某建筑公司拖欠2026年8月至10月工资共计36万元，包工头失联。",
             "demand": "督促用人单位支付拖欠工资。", "category": "wages_minimum_wage",
             "complainant": {"name": "马国强", "phone": "18812345678"},
             "fields": {"employer": "某建筑工程有限公司", "workers_affected": 12}},
            {"channel": "walk_in", "title": "被解除劳动合同未获经济补偿",
             "description": "申请人在某科技公司工作5年，公司以业务调整为由解除劳动合同，拒绝支付经济补偿。",
             "demand": "支付经济补偿金。", "category": "remuneration_compensation",
             "complainant": {"name": "黄丽", "phone": "18712345678"},
             "fields": {"employer": "某科技有限公司"}},
            {"channel": "letter", "title": "不服工伤认定决定",
             "description": "来信人对本局作出的不予认定工伤决定不服，认为上下班途中的交通事故应认定为工伤。",
             "demand": "撤销不予认定决定。", "category": "social_insurance_administrative_dispute",
             "complainant": {"name": "曹文", "phone": "18612345678"}},
            {"channel": "walk_in", "title": "对劳动能力鉴定结论有异议",
             "description": "申请人对市劳动能力鉴定委员会作出的十级伤残结论不服，申请再次鉴定。",
             "demand": "再次鉴定。", "category": "work_capacity_reassessment",
             "fields": {"window_start": "2026-11-16"},
             "complainant": {"name": "彭辉", "phone": "18512345678"}},
            {"channel": "phone", "title": "单位未缴纳社会保险",
             "description": "举报人称所在餐饮公司入职一年未为员工缴纳社会保险，涉及员工约30人。",
             "demand": "责令单位补缴社保。", "category": "social_insurance_contributions", "confidential": True,
             "complainant": {"name": "袁野", "phone": "18412345678"},
             "fields": {"employer": "某餐饮管理有限公司", "workers_affected": 30}},
            {"channel": "email", "title": "申请公开最低工资标准调整依据",
             "description": "申请人要求公开本区2026年最低工资标准调整的测算依据。",
             "category": "government_information_request",
             "complainant": {"name": "邓超", "email": "dengchao@example.com"}},
            {"channel": "superior", "title": "市局转来信访件：退休待遇核定",
             "description": "市人社局转来信访件：信访人对退休养老金核定标准有异议，认为视同缴费年限计算错误。",
             "demand": "重新核定养老金。", "category": "official_conduct_petition",
             "complainant": {"name": "许建华", "phone": "18312345678"}},
            {"channel": "web", "title": "劳务派遣工同工不同酬",
             "description": "劳务派遣员工反映与正式员工从事相同岗位，工资相差40%。",
             "demand": "同工同酬。", "category": "labour_dispatch", "anonymous": True,
             "fields": {"employer": "某物流有限公司"}},
        ],
    },
]


MALL = {
    # Art. 17 (a shopping centre): 责任投诉 (重大/一般), 无责任投诉, 协助处理投诉; decide within 3
    # days (5.2.1); major ones to the department manager the same day; general ones within 2
    # days; assistance within 3 days; return visit within 2 working days (6.5.2).
    "slug": "demo-mall", "name": "示范购物中心", "plugins": [], "prefix": "MALL",
    "departments": [("SVC", "客服中心（咨询台）"), ("MGMT", "运营部"), ("ENG", "工程物业部"), ("SEC", "安保部")],
    "domain": "mall.demo", "department_of": {"handler": "SVC", "supervisor": "SVC"},
    "settings": {
        "categories": [
            {"code": "liable_major", "label_zh": "责任投诉（重大）", "label_en": "Liable, major", "group": "liable"},
            {"code": "liable_general", "label_zh": "责任投诉（一般）", "label_en": "Liable, general", "group": "liable"},
            {"code": "not_liable", "label_zh": "无责任投诉", "label_en": "Not liable", "group": "not_liable"},
            {"code": "assistance", "label_zh": "协助处理投诉", "label_en": "Assistance", "group": "assistance"}],
        "routing": {"liable_major": "MGMT", "liable_general": "SVC", "not_liable": "SVC", "assistance": "ENG"},
        "deadlines": [
            {"kind": "decide", "amount": 3, "unit": "days"},
            {"kind": "acknowledge", "amount": 8, "unit": "hours", "category": "liable_major"},
            {"kind": "resolve", "amount": 2, "unit": "days", "category": "liable_general"},
            {"kind": "resolve", "amount": 3, "unit": "days", "category": "assistance"},
            {"kind": "follow_up", "amount": 2, "unit": "working_days"}],
        "approval_limits": {"handler": 200, "supervisor": 2000},
        "major_categories": ["liable_major"],
        "compensation_menu": ["voucher", "refund", "gift"],
        "contact": {"phone": "0571-87000000", "address": "示范购物中心一楼咨询台"},
    },
    "cases": [
        {"channel": "walk_in", "title": "地下车库积水导致车辆受损", "category": "liable_major",
         "description": "暴雨后地下车库B2层积水，顾客车辆底盘进水，要求购物中心赔偿维修费用约2万元。",
         "demand": "赔偿维修费用。", "complainant": {"name": "沈浩", "phone": "13012340001"}},
        {"channel": "phone", "title": "电梯停运无人告知", "category": "liable_general",
         "description": "3号客梯停运检修，现场没有任何提示，老人推着婴儿车只能绕行。",
         "demand": "设置提示并道歉。", "complainant": {"name": "许敏", "phone": "13012340002"}},
        {"channel": "walk_in", "title": "商户拒绝七天无理由退货", "category": "assistance",
         "description": "在三楼服装店购买的外套未穿，商户以打折商品为由拒绝退货。",
         "demand": "协调退货。", "complainant": {"name": "杨帆", "phone": "13012340003"}},
        {"channel": "comment_box", "title": "意见箱：洗手间卫生差", "category": "liable_general",
         "description": "二楼洗手间地面湿滑、无纸巾。", "anonymous": True},
        {"channel": "phone", "title": "停车收费标准与公示不符", "category": "not_liable",
         "description": "顾客认为停车2小时被收取15元，与公示不符；经查公示为首小时5元、之后每小时10元。",
         "demand": "退还多收费用。", "complainant": {"name": "谢军", "phone": "13012340004"}},
    ],
}

SCHOOL = {
    # Art. 15 (a school): complaints answered within 7 working days; records kept intact.
    "slug": "demo-school", "name": "示范实验中学", "plugins": [], "prefix": "SCH",
    "departments": [("XZB", "校长办公室"), ("JWC", "教务处"), ("ZWC", "总务处"), ("BWC", "保卫处")],
    "domain": "school.demo", "department_of": {"handler": "XZB", "supervisor": "XZB"},
    "settings": {
        "categories": [
            {"code": "teaching", "label_zh": "教育教学", "label_en": "Teaching"},
            {"code": "staff_conduct", "label_zh": "师德师风", "label_en": "Staff conduct"},
            {"code": "fees", "label_zh": "收费", "label_en": "Fees"},
            {"code": "safety", "label_zh": "校园安全", "label_en": "Safety"},
            {"code": "canteen", "label_zh": "食堂", "label_en": "Canteen"}],
        "routing": {"teaching": "JWC", "staff_conduct": "XZB", "fees": "ZWC", "safety": "BWC", "canteen": "ZWC"},
        "deadlines": [{"kind": "resolve", "amount": 7, "unit": "working_days"}],
        "reply_requirements": ["parent_contacted"],
        "contact": {"phone": "0571-86000000", "address": "示范实验中学校长办公室"},
    },
    "cases": [
        {"channel": "phone", "title": "班主任在家长群公开批评学生", "category": "staff_conduct",
         "description": "家长反映班主任在家长群点名批评孩子成绩差，孩子情绪低落不愿上学。",
         "demand": "老师道歉并改进方式。", "complainant": {"name": "刘女士", "phone": "13912340001"}},
        {"channel": "letter", "title": "课后服务费收取不透明", "category": "fees",
         "description": "来信反映课后服务费每学期800元，未公示收费依据和服务内容。",
         "demand": "公示收费依据。", "complainant": {"name": "赵先生", "phone": "13912340002"}},
        {"channel": "web", "title": "食堂饭菜有异物", "category": "canteen",
         "description": "学生在食堂午餐中发现塑料片，家长要求学校检查食品安全。",
         "demand": "彻查并公布结果。", "complainant": {"name": "孙女士", "email": "sun@example.com"}},
        {"channel": "walk_in", "title": "放学时校门口交通混乱", "category": "safety",
         "description": "放学时段校门口车辆乱停，学生过马路存在安全隐患。",
         "demand": "安排人员疏导。", "complainant": {"name": "周先生", "phone": "13912340003"}},
    ],
}
TENANTS.extend([MALL, SCHOOL])


def _logins(spec):
    return {role: f"{role}@{spec['domain']}" for role in ROLES}


def load() -> list[str]:
    """Create whatever demo tenant is missing; return the slugs created."""
    from sqlalchemy import select
    from core.auth.models import PlatformAdmin

    created = []
    if db.session.execute(select(PlatformAdmin).where(PlatformAdmin.email == PLATFORM_ADMIN)).first() is None:
        create_platform_admin(PLATFORM_ADMIN, PASSWORD, name="Platform admin")
    now = utcnow()
    for spec in TENANTS:
        if tenant_by_slug(spec["slug"]) is not None:
            continue
        tenant = create_tenant(spec["slug"], spec["name"], plugins=spec["plugins"],
                               reference_prefix=spec["prefix"], settings=spec.get("settings"))
        for code, name in spec["departments"]:
            create_department(tenant, code, name)
        for role, email in _logins(spec).items():
            create_user(tenant, email, role=role, password=PASSWORD,
                        name=f"{spec['name'][:6]} {role}",
                        department=spec["department_of"].get(role))
        staff = {role: user_by_email(tenant, email) for role, email in _logins(spec).items()}
        cases = spec["cases"]
        registered = []
        for index, case in enumerate(cases):
            payload = dict(case)
            received = now - timedelta(days=2 * (len(cases) - index), hours=index)
            payload["received_at"] = received.isoformat()
            registered.append((register_case(tenant, staff["intake"], payload, now=received)[0], received))
        _progress(tenant, staff, spec, registered)
        created.append(tenant.slug)
    return created


def _progress(tenant, staff, spec, registered):
    """Take the first few demo complaints along the lifecycle, so every stage shows."""
    from core.plugins import hooks_for
    from core.workflow import perform
    from core.workflow.authority import compensation_menu

    def act(case, user, name, at, **params):
        perform(tenant, user, case.id, name, params, version=case.version, now=at)

    department = spec["department_of"]["handler"]
    reply = {"text": "经调查核实，已按规定处理，感谢您的监督。", "cause": "工作人员操作不规范",
             "findings": "经调阅记录，情况属实", "staff_action": "已对相关人员进行批评教育",
             "corrective_measures": "加强培训，完善复核流程", "contact": "客户服务热线 400-000-0000",
             "extra": {name: "已电话联系" for name in (tenant.settings or {}).get("reply_requirements", [])}}
    for index, (case, received) in enumerate(registered[:4]):
        at = received + timedelta(hours=2)
        if index == 3:
            act(case, staff["intake"], "request_info", at, missing="请提供相关凭证或照片")
            continue
        if index == 2:
            act(case, staff["intake"], "accept", at, category=case.category)
            act(case, staff["supervisor"], "assign", at, department=department,
                assignee=staff["handler"].email, deputy=staff["supervisor"].email)
            continue
        act(case, staff["intake"], "accept", at, category=case.category)
        act(case, staff["supervisor"], "assign", at, department=department, assignee=staff["handler"].email,
            deputy=staff["supervisor"].email)
        act(case, staff["handler"], "determine", at + timedelta(hours=20), responsibility="liable",
            findings="经核实，投诉情况属实")
        menu = compensation_menu(tenant) or ["gift"]
        act(case, staff["handler"], "propose", at + timedelta(hours=21), resolution="向客户道歉并给予补偿",
            compensation={"kind": menu[-1] if "goodwill_gift" not in menu else "goodwill_gift",
                          "amount": "100"})
        for check in sorted({c for batch in hooks_for(tenant).required_checks(tenant=tenant, case=case, action=None)
                             for c in (batch or ())}):
            act(case, staff["supervisor"], "record_check", at + timedelta(hours=21, minutes=30), check=check,
                note="已完成")
        act(case, staff["handler"], "reply", at + timedelta(hours=22), **reply)
        if index == 0:
            act(case, staff["intake"], "follow_up", at + timedelta(days=1), satisfaction="satisfied",
                note="回访客户，表示满意")


def describe(created) -> str:
    lines = ["Demo loaded." if created else "Demo already loaded.",
             f"Every demo password: {PASSWORD}", "",
             f"Platform admin: http://127.0.0.1:5000/admin/login  {PLATFORM_ADMIN}"]
    for spec in TENANTS:
        lines.append("")
        lines.append(f"{spec['name']} ({', '.join(spec['plugins']) or 'no plugin: settings only'}): "
                     f"http://127.0.0.1:5000/t/{spec['slug']}/login")
        for role, email in _logins(spec).items():
            lines.append(f"  {role:<10} {email}")
    return "\n".join(lines)
