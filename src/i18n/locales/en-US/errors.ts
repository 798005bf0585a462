/**
 * English (United States): the texts of failures (what happened and what to do), kept in an area of their own (index.ts). Part of the reference locale: its shape is the contract zh-CN follows.
 */
export const enUSErrors = {
  internal: {
    title: 'The bot could not finish this',
    detail:
      'Something went wrong inside the bot, not in Intune. Try again in a moment; if it keeps happening, tell whoever runs this bot.',
  },
  unknownKind: 'Error ({{kind}})',
  reconciledNotApplied: 'Intune did not apply the change (the bot was interrupted)',
  reconciledSuperseded:
    'Outcome not settled (the bot was interrupted, and a newer request for the partner replaced this one)',
  reconciledCannotTell:
    'the bot cannot tell whether Intune made the change: check the partner in the Intune admin center',
  graph: {
    badRequest: {
      title: 'Microsoft Graph refused the request',
      detail:
        'Microsoft Graph said the request was not valid. Try again; if it keeps happening, give the request ID below to your support team.',
    },
    unauthorized: {
      title: 'Microsoft Graph did not accept your sign-in',
      detail: 'Microsoft Graph did not accept your sign-in. Sign in again, then try again.',
    },
    forbidden: {
      title: 'Not permitted in Intune',
      detail:
        'Microsoft Intune did not allow this for your account. You need an Intune role with the remote assistance (remote assistance connectors) permissions, and an Intune licence. Ask your Intune administrator.',
    },
    notFound: {
      title: 'Partner not found',
      detail:
        'This remote-assistance partner no longer exists in Intune. List the partners again and pick one from the list.',
    },
    conflict: {
      title: 'Intune is busy with this partner',
      detail: 'Intune could not do this now because the partner is changing state. Check its status, then try again.',
    },
    throttled: {
      title: 'Microsoft Graph is busy',
      detail: 'Too many requests reached Microsoft Graph. Try again in {{seconds}} s.',
      detailNoDelay: 'Too many requests reached Microsoft Graph. Try again in a minute.',
    },
    unavailable: {
      title: 'Microsoft Graph is unavailable',
      detail: 'Microsoft Graph or Intune is temporarily unavailable. Try again in a few minutes.',
    },
    incompleteList: {
      title: 'The list of partners is incomplete',
      detail:
        'Intune sent the partners in more pages than the bot reads, or sent a next page from an unexpected address, so the bot stopped rather than show a partial list. Nothing was changed. Tell whoever runs this bot.',
    },
    network: {
      title: 'Microsoft Graph could not be reached',
      detail:
        'The bot could not reach Microsoft Graph (a network problem). Try again in a moment; if it keeps happening, tell whoever runs this bot.',
    },
    outcomeUnknown: {
      title: 'No answer from Microsoft Graph',
      detail:
        'The change may have reached Intune, but its answer was lost (a time-out or a broken connection). The bot never sends a change twice without knowing: it reads the partner’s state to find out what happened.',
    },
    unexpected: {
      title: 'Something unexpected happened',
      detail:
        'Microsoft Graph gave an unexpected answer. Try again; if it keeps happening, give the request ID below to your support team.',
    },
  },
  auth: {
    signInRequired: {
      title: 'Sign-in needed',
      detail: 'Sign in so that the bot can act for you in Intune, then try again.',
    },
    consentRequired: {
      title: 'Consent needed',
      detail:
        'The bot may not use Microsoft Graph for your organization yet. An administrator must grant consent for the permissions it asks for (DeviceManagementServiceConfig.ReadWrite.All, DeviceManagementRBAC.Read.All).',
    },
    interactionRequired: {
      title: 'Sign in again',
      detail:
        'Your sign-in must be renewed (for example for multi-factor authentication). Sign in again, then try again.',
    },
    tokenEndpointUnreachable: {
      title: 'Microsoft Entra ID could not be reached',
      detail: 'The bot could not reach Microsoft Entra ID to sign you in. Try again in a moment.',
    },
    failed: {
      title: 'Sign-in failed',
      detail:
        'The bot could not get a token for you. Sign in again; if it keeps happening, tell whoever runs this bot.',
    },
    customerNotConsented: {
      title: 'Not consented in this customer',
      detail:
        "The customer's tenant has not authorized the bot's app. An administrator there (or your Partner Center application consent) must grant it, then try again.",
    },
    customerNoAccess: {
      title: 'No access to this customer',
      detail:
        "You have no role in the customer's tenant: your GDAP relationship with the customer may have ended, or none of your groups is assigned there. Ask whoever manages your GDAP relationships.",
    },
    entraAnswered: 'Microsoft Entra answered {{codes}}.',
  },
  input: {
    invalidPartnerId: {
      title: 'Not a valid partner',
      detail: 'That is not a valid partner id or name. List the partners and pick one.',
    },
  },
};
