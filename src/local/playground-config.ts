/**
 * The Agents Playground's config file (.m365agentsplayground.yml, schema 0.1.1): who the current user is,
 * the other five users, the chats and the team. The playground has no "switch user" in its UI; the current
 * user comes from this file. Local mode writes one into DATA_DIR so LOCAL_PLAYGROUND_USER can pick the user
 * (Alex Wilber by default) and the bot shows under its own name.
 *
 * The six users below are the playground's built-in ones (node_modules/@microsoft/m365agentsplayground,
 * default config): same channel ids, object ids and tenant. The simulated tenant knows the first four
 * (src/simulator/seed.ts): only they can be chosen, the others would have no account to sign in with.
 */
import { randomUUID } from 'node:crypto';
import { defaultUsers } from '../simulator';

export interface PlaygroundUser {
  id: string;
  name: string;
  userPrincipleName: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
  email: string;
}

export const PLAYGROUND_TENANT_ID = '00000000-0000-0000-0000-0000000000001';
/** The playground's default bot id: the mention entity and activity.recipient carry it. */
export const PLAYGROUND_BOT_ID = '00000000-0000-0000-0000-00000000000011';
export const PLAYGROUND_BOT_NAME = 'Remote Assistance';

const user = (n: number, given: string, surname: string, mail: string, upn = mail): PlaygroundUser => ({
  id: `user-id-${n}`,
  name: `${given} ${surname}`,
  userPrincipleName: upn,
  aadObjectId: `00000000-0000-0000-0000-00000000000${20 + n}`,
  givenName: given,
  surname,
  email: mail,
});

export const PLAYGROUND_USERS: readonly PlaygroundUser[] = [
  user(0, 'Alex', 'Wilber', 'alexw@example.com'),
  user(1, 'Megan', 'Bowen', 'meganb@example.com'),
  user(2, 'Adele', 'Vance', 'adelev@example.com'),
  user(3, 'Isaiah', 'Langer', 'isaiahl@example.com', 'isaiah@example.com'),
  user(4, 'Patti', 'Fernandez', 'pattif@example.com'),
  user(5, 'Lynne', 'Robbins', 'lynner@example.com'),
];

/** The users local mode can be: the playground's users that the simulated tenant knows. */
export function selectableUsers(): PlaygroundUser[] {
  const known = new Set(defaultUsers().map((u) => u.aadObjectId));
  return PLAYGROUND_USERS.filter((u) => known.has(u.aadObjectId));
}

/** Finds a user by display name, first name, channel id or object id (case-insensitive). */
export function findPlaygroundUser(query: string): PlaygroundUser | undefined {
  const q = query.trim().toLowerCase();
  return selectableUsers().find((u) => [u.name, u.givenName, u.id, u.aadObjectId].some((v) => v.toLowerCase() === q));
}

const q = (v: string) => JSON.stringify(v); // a JSON string is a valid YAML scalar

function userYaml(u: PlaygroundUser, indent: string, first: string): string {
  const keys: (keyof PlaygroundUser)[] = [
    'id',
    'name',
    'userPrincipleName',
    'aadObjectId',
    'givenName',
    'surname',
    'email',
  ];
  return keys.map((k, i) => `${i === 0 ? first : indent}${k}: ${q(u[k])}`).join('\n');
}

/** The config file's text with `current` as the current user and the other five as the tenant's users. */
export function playgroundConfigYaml(current: PlaygroundUser): string {
  const others = PLAYGROUND_USERS.filter((u) => u.id !== current.id);
  return [
    '# Written by local mode (src/local/playground-config.ts) at every start; edits here are overwritten.',
    '# Choose the user with LOCAL_PLAYGROUND_USER (see env/local-mode.env).',
    'version: "0.1.1"',
    `tenantId: ${q(PLAYGROUND_TENANT_ID)}`,
    'bot:',
    `  id: ${q(PLAYGROUND_BOT_ID)}`,
    `  name: ${q(PLAYGROUND_BOT_NAME)}`,
    'currentUser:',
    userYaml(current, '  ', '  '),
    'users:',
    ...others.map((u) => userYaml(u, '    ', '  - ')),
    'personalChat:',
    `  id: ${q(randomUUID())}`,
    'groupChat:',
    `  id: ${q(randomUUID())}`,
    '  name: "Group Chat"',
    'team:',
    '  id: "team-id"',
    '  name: "My Team"',
    '  aadGroupId: "00000000-0000-0000-0000-000000000031"',
    '  channels:',
    '    - id: "channel-announcements-id"',
    '      name: "Announcements"',
    '',
  ].join('\n');
}
