/** English (United States), a change of a partner: confirmation, outcome, the open one, its history entry, two-person approval. Part of the reference locale (index.ts). */
export const operations = {
  confirm: {
    requestedBy: 'Requested by {{name}} at {{when}}.',
    expires: 'This request expires at {{when}}.',
    continuedPersonal:
      'Continued in a personal chat by {{name}} at {{when}}. Both cards work: the first click decides.',
    continuedGroupChat: 'Continued in a group chat by {{name}} at {{when}}. Both cards work: the first click decides.',
    continuedChannel: 'Continued in a channel by {{name}} at {{when}}. Both cards work: the first click decides.',
  },
  operation: {
    runningBy: 'In progress (started by {{name}}).',
    cancelledTitle: 'Cancelled',
    cancelledBy: 'Cancelled by {{name}}.',
    expiredTitle: 'Request expired',
    expired: 'This request expired. Ask again.',
    deniedTitle: 'Not allowed',
    deniedBy: '{{name}} was not allowed to do this.',
    notDone: 'Nothing was changed. You can click again.',
    alreadyDone: 'This was already done by {{name}} at {{when}}.',
    alreadyRunning: '{{name}} already started this at {{when}}.',
    alreadyCancelled: 'This request was already cancelled by {{name}} at {{when}}.',
    alreadyFailed: 'This request already failed at {{when}}.',
    alreadyDenied: 'This request was already refused.',
  },
  outcome: {
    unknownTitle: 'Outcome not known yet',
    unknown:
      'Microsoft Graph’s answer was lost, and the partner’s state could not be read either, so the bot cannot tell yet whether Intune made the change. It is not sent again: the bot settles it from the partner’s state. Check the status in a minute.',
    readApplied: 'Settled by reading the partner’s state afterwards: Intune shows the change as made.',
    readNotApplied: 'Settled by reading the partner’s state afterwards: Intune shows the change as not made.',
    sweeperApplied:
      'Settled later by the bot’s background check of the partner’s state: Intune shows the change as made.',
    sweeperNotApplied:
      'Settled later by the bot’s background check of the partner’s state: Intune shows the change as not made.',
    notKnownTitle: 'Outcome not known',
    notKnownState: 'Outcome not known',
    notKnown:
      'The bot did not get Microsoft Graph’s answer (it was lost, or the bot was interrupted), and the partner’s state read before and after the call does not show whether this request made the change. It is not sent again, and not guessed. Check the partner in the Intune admin center (Tenant administration > Connectors and tokens > TeamViewer connector), and ask again if it still needs changing.',
  },
  openOperation: {
    titlePending: 'Already waiting for confirmation',
    titleRunning: 'Already in progress',
    one: 'Only one change of a partner can be open at a time, and this one is: requested by {{name}} at {{when}}.',
    here: 'Its card is above in this conversation: confirm or cancel it there.',
    elsewhere:
      'Its card is in another conversation; an admin who asks for the same change gets it where they ask. It expires at {{when}}.',
    running: 'It is being carried out now (started by {{name}}).',
    titleApproval: 'Already waiting for approval',
    approvalHere:
      'Its card is above in this conversation: another admin or approver can approve or reject it there, and the requester can withdraw it.',
    approvalElsewhere:
      'It waits for approval by another admin or approver, on its card in another conversation (and in the approvers’ channel, if there is one). It expires at {{when}}.',
  },
  history: {
    title: 'History',
    filter: 'Only entries for “{{query}}”.',
    empty: 'Nothing has been recorded yet.',
    emptyFor: 'Nothing has been recorded for “{{query}}”.',
    what: '{{kind}} {{partner}}: {{state}}',
    requestedBy: 'requested by {{name}}',
    doneBy: 'by {{name}}',
    failure: 'reason: {{reason}}',
    approvedBy: 'approved by {{name}} at {{when}}',
    rejectedBy: 'rejected by {{name}} at {{when}}',
    withdrawnBy: 'withdrawn by {{name}} at {{when}}',
    notApproved: 'nobody approved it before {{when}}',
    waitingUntil: 'waiting for approval until {{when}}',
    more: '{{n}} older entries not shown.',
  },
  approval: {
    waiting: 'Waiting for another admin or approver.',
    expires: 'It can be approved until {{when}}; then it expires.',
    youAsked: 'You asked for this; another admin or approver must approve it. You can withdraw it.',
    onlooker: 'Only an admin or approver other than the requester can approve or reject this request.',
    notDone: 'Nothing was changed; the request still waits for approval.',
    nowRequired:
      'Two-person approval became required after this was asked: the click did not make the change, and this is now a request that another admin or approver must approve.',
    approvedBy: 'Approved by {{name}} at {{when}}.',
    rejectedBy: 'Rejected by {{name}} at {{when}}.',
    withdrawnBy: 'Withdrawn by {{name}} at {{when}}.',
    notApproved: 'Nobody approved it before {{when}} (expired).',
    rejectedTitle: 'Request rejected',
    withdrawnTitle: 'Request withdrawn',
    expiredTitle: 'Request expired without approval',
    nothingChanged: 'Nothing was changed.',
    askAgain: 'Ask again to start a new request.',
    alreadyClosed: 'This request was already closed; your click changed nothing.',
    stateWaiting: 'Waiting for approval',
    stateRejected: 'Rejected',
    stateWithdrawn: 'Withdrawn',
    stateExpired: 'Expired without approval',
  },
};
