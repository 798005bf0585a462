/** English (United States), the conversation around the commands: unknown or stale cards, sign-in, did-you-mean. Part of the reference locale (index.ts). */
export const session = {
  unknownOperation: {
    title: 'Request not found',
    text: 'This card belongs to a request that I do not know (it may come from another organization, or it was removed). Run the command again.',
  },
  staleAction: {
    title: 'This button no longer works',
    text: 'It belongs to an older card or to an earlier version of this bot. Send the command again, or see what I can do with Help.',
  },
  signIn: {
    button: 'Sign in',
    prompt: 'Sign in so that I can manage the remote-assistance partner for you.',
    promptFor:
      '{{name}}: sign in so that I can manage the remote-assistance partner for you. This sign-in is for {{name}} only.',
    failedTitle: 'Automatic sign-in did not work',
    failedDetail: 'Teams could not sign you in by itself (code {{code}}). Sign in with the button below instead.',
    failedReport: 'If this keeps happening, tell whoever runs this bot: the bot’s log says what to fix.',
    doneTitle: 'You are signed in, {{name}}',
    doneDetail: 'Now send your command again (or click the card’s button again) to run it.',
    foreignCard: 'The sign-in card you used was for {{owner}}; what {{owner}} asked for was not run for you.',
    notDoneTitle: 'Sign-in did not complete',
    notDoneDetail: '{{name}}, the sign-in did not complete. Send your command again to get a sign-in card of your own.',
  },
  didYouMean: {
    title: 'Did you mean “{{command}}”?',
    unknown: '“{{typed}}” is not a command I know.',
    hint: 'Run it with the button, or see every command with Help.',
  },
};
