/** 简体中文，批量操作（issue 19）：一张卡片在多个客户中执行同一更改。 */
export const fleet = {
  fleet: {
    title: '在 {{count}} 个客户中{{kind}} {{name}}？',
    runningTitle: '{{kind}} {{name}}：正在 {{count}} 个客户中进行',
    finishedTitle: '{{kind}} {{name}}：已完成',
    cancelledTitle: '{{kind}} {{name}}：已取消',
    expiredTitle: '{{kind}} {{name}}：请求已过期',
    customers: '客户：{{selector}}',
    nothingToDo: '所有客户中都无需操作。',
    approval: {
      title: '审批请求：在 {{count}} 个客户中{{kind}} {{name}}',
      waiting:
        '等待另一位管理员或审批人审批：请求人不能自己审批。审批后将以审批人自己的登录身份，在其有权操作的客户中执行。',
      buttons: '“批准”和“驳回”供另一位管理员或审批人使用；“撤回”供请求人使用。',
    },
    requestedBy: '由 {{name}} 于 {{when}} 请求。',
    historyTitle: '多客户更改（@{{selector}}）',
    historyNone: '尚未在多个客户中请求过更改。',
    row: {
      ready: '将更改（当前：{{status}}）',
      alreadyThere: '已是目标状态：无需操作',
      alreadyOpen: '该客户中已有另一个进行中的请求',
      notAllowed: '不允许：你无权在此客户中操作',
      unreachable: '无法访问：{{reason}}',
      queued: '排队中',
      running: '进行中',
      done: '已完成',
      refused: '被拒绝：{{reason}}',
      unknown: '结果未知：稍后读取确认',
      cancelled: '已取消',
    },
  },
};
