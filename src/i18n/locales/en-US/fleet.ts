/**
 * English (United States), the fleet kill switch (issue 19): one card for a change in many customers. Part of the
 * reference locale.
 */
export const fleet = {
  fleet: {
    title: '{{kind}} {{name}} in {{count}} customers?',
    nothingTitle: '{{kind}} {{name}}: nothing to do',
    titleOne: '{{kind}} {{name}} in 1 customer?',
    runningTitle: '{{kind}} {{name}}: in progress in {{count}} customers',
    runningTitleOne: '{{kind}} {{name}}: in progress in 1 customer',
    finishedTitle: '{{kind}} {{name}}: finished',
    cancelledTitle: '{{kind}} {{name}}: cancelled',
    expiredTitle: '{{kind}} {{name}}: the request expired',
    customers: 'Customers: {{selector}}',
    nothingToDo: 'Nothing to do in any customer.',
    approval: {
      title: 'Request for approval: {{kind}} {{name}} in {{count}} customers',
      titleOne: 'Request for approval: {{kind}} {{name}} in 1 customer',
      waiting:
        'Waiting for another admin or approver: the requester cannot approve it. Their approval runs it with their own sign-in, in the customers where they may act.',
      buttons: 'Approve and Reject are for another admin or approver; Withdraw is for the requester.',
    },
    requestedBy: 'Requested by {{name}} at {{when}}.',
    historyTitle: 'Changes in many customers (@{{selector}})',
    historyNone: 'No change was asked in many customers yet.',
    row: {
      ready: 'Will change (now: {{status}})',
      alreadyThere: 'Already there: nothing to do',
      alreadyOpen: 'Another request is open there',
      notAllowed: 'Not allowed: you may not act in this customer',
      unreachable: 'Cannot reach: {{reason}}',
      unreachableCode: 'Cannot reach: {{reason}} (Entra answered {{code}})',
      queued: 'Queued',
      running: 'In progress',
      done: 'Done',
      refused: 'Refused: {{reason}}',
      unknown: 'Outcome not known: settled by a later read',
      cancelled: 'Cancelled',
      expired: 'Expired: not confirmed in time',
    },
  },
  fleetRead: {
    statusTitle: '{{name}} in {{count}} customers',
    listTitle: 'Partners in {{count}} customers',
    none: 'You may read none of these customers.',
    hidden: 'Left out: {{count}} of the customers of @{{selector}}, which you may not read.',
    changeAll: '{{button}} in all',
    changeGroup: '{{button}} in @{{selector}}',
    row: {
      status: '{{status}} · last connection {{when}}',
      partner: '{{name}}: {{status}}',
      noPartners: 'No remote-assistance partner there',
      noPartner: 'No partner named “{{name}}” there',
      several: 'Several partners match “{{name}}” there',
      unreachable: 'Cannot reach: {{reason}}',
      unreachableCode: 'Cannot reach: {{reason}} ({{code}})',
    },
  },
};
