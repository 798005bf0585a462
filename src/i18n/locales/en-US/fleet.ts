/**
 * English (United States), the fleet kill switch (issue 19): one card for a change in many customers. Part of the
 * reference locale.
 */
export const fleet = {
  fleet: {
    title: '{{kind}} {{name}} in {{count}} customers?',
    runningTitle: '{{kind}} {{name}}: in progress in {{count}} customers',
    finishedTitle: '{{kind}} {{name}}: finished',
    cancelledTitle: '{{kind}} {{name}}: cancelled',
    expiredTitle: '{{kind}} {{name}}: the request expired',
    customers: 'Customers: {{selector}}',
    nothingToDo: 'Nothing to do in any customer.',
    approval: {
      title: 'Request for approval: {{kind}} {{name}} in {{count}} customers',
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
      queued: 'Queued',
      running: 'In progress',
      done: 'Done',
      refused: 'Refused: {{reason}}',
      unknown: 'Outcome not known: settled by a later read',
      cancelled: 'Cancelled',
    },
  },
};
