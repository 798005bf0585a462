/**
 * 简体中文 (zh-CN): the texts of failures, kept in an area of their own (index.ts). Typed as the reference's error section.
 */
import type { Messages } from '../../messages';

export const zhCNErrors: Messages['error'] = {
  internal: {
    title: '机器人无法完成此操作',
    detail: '问题出在机器人内部，而不是 Intune。请稍后重试；如果问题持续出现，请告知此机器人的运维人员。',
  },
  unknownKind: '错误（{{kind}}）',
  reconciledNotApplied: 'Intune 未应用此更改（机器人在执行时中断）',
  reconciledSuperseded: '结果未确认（机器人在执行时中断，且此合作伙伴的一个更新的请求取代了此请求）',
  reconciledCannotTell: '机器人无法确定 Intune 是否已完成更改：请在 Intune 管理中心检查该合作伙伴',
  graph: {
    badRequest: {
      title: 'Microsoft Graph 拒绝了请求',
      detail: 'Microsoft Graph 认为该请求无效。请重试；如果问题持续出现，请将下面的请求 ID 提供给支持团队。',
    },
    unauthorized: {
      title: 'Microsoft Graph 未接受你的登录',
      detail: 'Microsoft Graph 未接受你的登录。请重新登录，然后重试。',
    },
    forbidden: {
      title: 'Intune 中无权执行',
      detail:
        'Microsoft Intune 不允许你的帐户执行此操作。你需要一个包含远程协助（远程协助连接器）权限的 Intune 角色，以及 Intune 许可证。请联系你的 Intune 管理员。',
    },
    notFound: {
      title: '找不到合作伙伴',
      detail: '此远程协助合作伙伴在 Intune 中已不存在。请重新列出合作伙伴，并从列表中选择一个。',
    },
    conflict: {
      title: 'Intune 正在处理此合作伙伴',
      detail: '合作伙伴的状态正在变化，Intune 暂时无法执行此操作。请查看其状态，然后重试。',
    },
    throttled: {
      title: 'Microsoft Graph 繁忙',
      detail: '发送到 Microsoft Graph 的请求过多。请在 {{seconds}} 秒后重试。',
      detailNoDelay: '发送到 Microsoft Graph 的请求过多。请在一分钟后重试。',
    },
    unavailable: {
      title: 'Microsoft Graph 暂时不可用',
      detail: 'Microsoft Graph 或 Intune 暂时不可用。请过几分钟后重试。',
    },
    incompleteList: {
      title: '合作伙伴列表不完整',
      detail:
        'Intune 返回的合作伙伴分页超过了机器人读取的上限，或下一页来自意外的地址，因此机器人没有显示不完整的列表。未做任何更改。请告知此机器人的管理员。',
    },
    network: {
      title: '无法连接到 Microsoft Graph',
      detail: '机器人无法连接到 Microsoft Graph（网络问题）。请稍后重试；如果问题持续出现，请告知此机器人的运维人员。',
    },
    outcomeUnknown: {
      title: '未收到 Microsoft Graph 的答复',
      detail:
        '更改可能已到达 Intune，但答复丢失了（超时或连接中断）。机器人从不在不清楚结果的情况下再次发送更改：它会读取合作伙伴的状态来确认发生了什么。',
    },
    unexpected: {
      title: '发生了意外错误',
      detail: 'Microsoft Graph 返回了意外的应答。请重试；如果问题持续出现，请将下面的请求 ID 提供给支持团队。',
    },
  },
  auth: {
    signInRequired: {
      title: '需要登录',
      detail: '请登录，以便机器人代表你在 Intune 中执行操作，然后重试。',
    },
    consentRequired: {
      title: '需要同意',
      detail:
        '此机器人尚不能为你的组织使用 Microsoft Graph。管理员必须为它请求的权限（DeviceManagementServiceConfig.ReadWrite.All、DeviceManagementRBAC.Read.All）授予同意。',
    },
    interactionRequired: {
      title: '请重新登录',
      detail: '你的登录需要更新（例如需要多重身份验证）。请重新登录，然后重试。',
    },
    tokenEndpointUnreachable: {
      title: '无法连接到 Microsoft Entra ID',
      detail: '机器人无法连接到 Microsoft Entra ID 为你登录。请稍后重试。',
    },
    failed: {
      title: '登录失败',
      detail: '机器人无法为你获取令牌。请重新登录；如果问题持续出现，请告知此机器人的运维人员。',
    },
    customerNotConsented: {
      title: '此客户尚未同意',
      detail:
        '客户的租户尚未授权机器人的应用。须由该租户的管理员（或你在合作伙伴中心的应用程序同意）授予授权，然后重试。',
    },
    customerNoAccess: {
      title: '无权访问此客户',
      detail:
        '你在客户的租户中没有角色：你与该客户的 GDAP 关系可能已结束，或你的组均未在其中获得分配。请联系管理 GDAP 关系的人员。',
    },
    entraAnswered: 'Microsoft Entra 的答复：{{codes}}。',
  },
  input: {
    invalidPartnerId: {
      title: '无效的合作伙伴',
      detail: '这不是有效的合作伙伴 ID 或名称。请列出合作伙伴并选择一个。',
    },
  },
};
