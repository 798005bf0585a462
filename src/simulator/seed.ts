/**
 * Default seed of the simulated tenant. The users are the Microsoft 365 Agents Playground's own (same channel
 * ids, object ids and tenant), so local mode works with the Playground without configuration.
 */
import type { Partner } from '../core/model';
import type { SimUser } from './types';

/** The Agents Playground's tenant id (not a well-formed GUID, exactly as the Playground sends it). */
export const DEFAULT_TENANT_ID = '00000000-0000-0000-0000-0000000000001';
/** A fixed bot (Entra app) id for local mode and tests. */
export const DEFAULT_BOT_ID = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
export const DEFAULT_CLIENT_SECRET = 'local-secret';
/** The group that local mode treats as "Intune remote-assistance admins". */
export const DEFAULT_ADMIN_GROUP_ID = '3b9f8c2e-1d4a-4e6b-9c7d-2f5a8e1b0c3d';
/**
 * A security group of the home (partner) tenant whose members GDAP makes Intune Administrators in the customer
 * tenants (seed-customers.ts): Alex and Isaiah.
 */
export const MSP_TECHNICIANS_GROUP_ID = '4c8e2a61-7f3b-4d5c-a1e9-6b2d8f0c3e57';
export const TEAMVIEWER_PARTNER_ID = '5f0c5e2a-8b1d-4c3e-9a7f-2d6b4e8c1a90';
export const OTHER_PARTNER_ID = 'a2e4c6b8-0d1f-4a3b-8c5d-7e9f1a3b5c7d';

/**
 * The Graph scopes (short names) an admin consented to for the bot in the simulated tenant: what
 * aad.manifest.json asks for (DeviceManagementRBAC.Read.All for getEffectivePermissions, User.ReadBasic.All +
 * GroupMember.Read.All for checkMemberGroups).
 */
export const DEFAULT_CONSENTED_SCOPES = [
  'DeviceManagementServiceConfig.ReadWrite.All',
  'DeviceManagementServiceConfig.Read.All',
  'DeviceManagementRBAC.Read.All',
  'GroupMember.Read.All',
  'User.ReadBasic.All',
  'User.Read',
  // GET tenantRelationships/delegatedAdminCustomers and delegatedAdminRelationships (partner tenant; no app-only).
  'DelegatedAdminRelationship.Read.All',
];

/** Graph application permissions (app roles) admin-consented for the bot: what an app-only token carries. */
export const DEFAULT_APPLICATION_PERMISSIONS = ['DeviceManagementServiceConfig.Read.All'];

export function defaultUsers(): SimUser[] {
  return [
    {
      channelUserId: 'user-id-0',
      aadObjectId: '00000000-0000-0000-0000-0000000000020',
      tenantId: DEFAULT_TENANT_ID,
      name: 'Alex Wilber',
      userPrincipalName: 'alexw@example.com',
      signedIn: true,
      groups: [DEFAULT_ADMIN_GROUP_ID, MSP_TECHNICIANS_GROUP_ID],
      intuneAdmin: true,
    },
    {
      channelUserId: 'user-id-1',
      aadObjectId: '00000000-0000-0000-0000-0000000000021',
      tenantId: DEFAULT_TENANT_ID,
      name: 'Megan Bowen',
      userPrincipalName: 'meganb@example.com',
      signedIn: false,
      groups: [DEFAULT_ADMIN_GROUP_ID],
      intuneAdmin: true,
    },
    {
      channelUserId: 'user-id-2',
      aadObjectId: '00000000-0000-0000-0000-0000000000022',
      tenantId: DEFAULT_TENANT_ID,
      name: 'Adele Vance',
      userPrincipalName: 'adelev@example.com',
      signedIn: true,
      groups: [],
      intuneAdmin: false,
    },
    {
      // A second admin who is signed in: the one who approves Alex's requests under two-person approval
      // (APPROVAL_REQUIRED=true) in local mode (LOCAL_PLAYGROUND_USER=Isaiah). One of the playground's own users.
      channelUserId: 'user-id-3',
      aadObjectId: '00000000-0000-0000-0000-0000000000023',
      tenantId: DEFAULT_TENANT_ID,
      name: 'Isaiah Langer',
      userPrincipalName: 'isaiah@example.com',
      signedIn: true,
      groups: [DEFAULT_ADMIN_GROUP_ID, MSP_TECHNICIANS_GROUP_ID],
      intuneAdmin: true,
    },
  ];
}

export function defaultPartners(): Partner[] {
  return [
    {
      id: TEAMVIEWER_PARTNER_ID,
      displayName: 'TeamViewer Connector',
      onboardingUrl: 'https://login.teamviewer.com/nav/integrations/intune',
      onboardingStatus: 'onboarded',
      lastConnectionDateTime: '2025-11-03T08:42:17.3895271Z',
      onboardingRequestExpiryDateTime: null,
    },
    {
      id: OTHER_PARTNER_ID,
      displayName: 'Contoso Remote Help',
      onboardingUrl: 'https://remotehelp.contoso.example/onboarding',
      onboardingStatus: 'notOnboarded',
      lastConnectionDateTime: null,
      onboardingRequestExpiryDateTime: null,
    },
  ];
}
