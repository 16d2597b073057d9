"""The words of the demo year's cases: complaints by category, outcomes and reasons by result."""

from gonghui.hotline.codes import Category, Result

DESCRIPTIONS = {
    Category.WAGES: "在{employer}务工，单位拖欠{n}名工友{months}个月工资共约{amount}元，多次讨要未果。",
    Category.CONTRACT: "在{employer}工作{months}个月，单位未签订书面劳动合同，现要求解除劳动关系。",
    Category.SOCIAL_INSURANCE: "{employer}未为{n}名职工缴纳社会保险，要求补缴。",
    Category.INJURY: "在{employer}工作中受伤，单位不申报工伤，也不支付医疗费用。",
    Category.POLICY: "咨询灵活就业人员参加社会保险和工会入会的有关政策。",
    Category.REST: "{employer}长期每周工作六天，法定节假日加班未支付加班费。",
    Category.WOMEN: "在{employer}工作，怀孕后被调岗降薪，要求恢复原岗位和工资。",
    Category.SAFETY: "{employer}车间粉尘大，未发放防护用品，担心职业病。",
    Category.HARDSHIP: "家中患病致困，询问工会困难职工帮扶的申请条件。",
    Category.DEMOCRATIC: "{employer}调整工资分配办法未经职工代表大会讨论。",
    Category.OTHER: "反映{employer}食堂和宿舍条件差，希望工会协调改善。",
}
OUTCOMES = {
    Result.RESOLVED: "约谈企业负责人并督促整改，职工诉求已解决。",
    Result.PARTLY: "经协调企业已支付部分款项，余款约定分期支付。",
    Result.MEDIATION: "已转劳动争议调解组织调解，工会全程跟进。",
    Result.LEGAL_AID: "已为职工提供法律援助，由工会法律顾问代理仲裁。",
    Result.NOT_ACCEPTED: "经核实不属于工会维权受理范围，已告知职工向相关部门反映。",
}
CONSULT_OUTCOME = "已向来电人解答有关政策并告知办理渠道。"
REASONS = {
    Result.PARTLY: "企业资金困难，余款分期支付",
    Result.MEDIATION: "双方对金额分歧较大",
    Result.LEGAL_AID: "企业拒不配合，需走仲裁程序",
    Result.NOT_ACCEPTED: "属于商事纠纷",
}
