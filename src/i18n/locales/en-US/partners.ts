/** English (United States), the partners: the list, choosing one, the watch's intervals and notices. Part of the reference locale (index.ts). */
export const partners = {
  list: {
    title: 'Remote-assistance partners ({{n}})',
    empty: 'No remote-assistance partner is set up in Intune for this organization.',
    more: '{{n}} more not shown. Use status _partner_ to see one.',
  },
  choose: {
    noMatch: 'No partner is named “{{query}}”.',
    several: 'Several partners match “{{query}}”.',
    which: 'Which partner?',
    pick: 'Choose one:',
    none: 'There are no partners to choose from.',
    more: '{{n}} more not shown: type a more exact name or the id.',
  },
  watch: {
    everySeconds: 'every {{n}} s',
    everyMinutes: 'every {{n}} min',
    everyHours: 'every {{n}} h',
  },
  notice: {
    statusChangedTitle: '{{name}} changed state',
    statusChanged: 'The remote-assistance partner is in a new state.',
    before: 'Before',
    now: 'Now',
    whoChanged:
      'Changed in Intune: by this bot, the Intune admin center, PowerShell or the partner. history shows what was done through this bot.',
    expiringTitle: 'The onboarding request of {{name}} runs out soon',
    expiring: 'Finish the onboarding in TeamViewer before the request runs out, or reconnect later to start a new one.',
    expiredTitle: 'The onboarding request of {{name}} ran out',
    expired: 'The partner is still not onboarded and its onboarding request has run out. Reconnect to start a new one.',
    addedTitle: 'New partner: {{name}}',
    added: 'A remote-assistance partner appeared in Intune.',
    removedTitle: 'Partner gone: {{name}}',
    removed: 'This remote-assistance partner is no longer in Intune.',
    noticedAt: 'Noticed',
    why: 'Posted because this conversation watches the partners (unwatch stops it).',
    customer: 'Customer: {{customer}}',
    unreadableTitle: 'Cannot read {{customer}}',
    unreadable:
      'I cannot read the partners of this customer with my own permission, so its changes are not posted until I can: {{reason}}. An administrator of the customer must grant admin consent to this app there. I keep trying and say nothing more until it works again.',
    newCustomersTitle: 'New customers, not watched here yet',
    newCustomer: '{{customer}} is now served by this bot; this channel does not hear about it yet.',
    newCustomersHow:
      'This channel watches every customer (watch @all), but who may read a customer is decided with the groups of the person who asks, and I post here with nobody asking. Type watch @all again, or click below: the customers you may read (as a reader or technician) are added; the others are listed as not allowed.',
    watchAllAgain: 'Watch @all again',
    whyAll: 'Posted because this conversation watches the partners of every customer (unwatch @all stops it).',
  },
};
