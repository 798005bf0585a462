/** English (United States), refusals: who may not do what (the bot's lists, Intune's role). Part of the reference locale (index.ts). */
export const access = {
  denial: {
    title: 'You are not allowed to do this',
    wrongTenant: 'This bot serves another organization; it cannot act for yours.',
    notAllowed: 'You are not on the list of people who may use this bot.',
    askContact: 'Ask {{contact}} to add you.',
    askAdmin: 'Ask your Intune administrator to add you.',
    readOnly: 'You may view the partners and their status, but not change them or see the history.',
    who: 'Denied: {{name}}',
    labelWrongTenant: 'Another organization',
    labelNotAllowed: 'Not on the list',
    labelReadOnly: 'Read-only',
    otherConversation:
      'This card belongs to a request made in another conversation; its buttons work only there. To ask here, send the command in this conversation.',
    labelOtherConversation: 'Another conversation',
    ownRequest:
      'You asked for this request yourself, so another admin or approver must approve it: two people decide every change.',
    ownRequestTodo: 'Ask another admin or approver to approve it, or withdraw it if it is no longer needed.',
    labelOwnRequest: 'Own request',
    approvalRequired:
      'Two-person approval became required after this was asked, so the click did not make the change: it is now a request that another admin or approver must approve.',
    approvalRequiredTodo: 'Ask another admin or approver to approve it; the requester may withdraw it.',
    labelApprovalRequired: 'Approval now required',
    tokenUserMismatch:
      'The sign-in the bot holds for this click belongs to somebody else, so nothing was done: the bot acts only with the token of the person who clicked.',
    tokenUserMismatchTodo:
      'Sign out of the bot and sign in again as yourself, then try again. If it happens again, tell whoever runs this bot.',
    labelTokenUserMismatch: 'Sign-in of another user',
  },
  intune: {
    noButtons:
      'Disconnect and Reconnect are not offered: your Intune role does not include the permission **Remote assistance connectors: Update** ({{action}}), and Intune would refuse them.',
    advice:
      'Intune says your role does not include **Remote assistance connectors: Update** ({{action}}). The buttons are offered all the same: Intune decides when you click.',
    why: 'Intune allows a partner to be disconnected or reconnected only with the permission **Remote assistance connectors: Update** ({{action}}), and your Intune role does not include it. Nothing was changed.',
    askContact: 'Ask {{contact}} to add it to your Intune role.',
    askAdmin: 'Ask your Intune administrator to add it to your Intune role.',
  },
};
