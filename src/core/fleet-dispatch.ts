/**
 * A command's fleet target (`@all`, `@eu`; issue 19): dispatch (service.ts) hands status and list to the fleet reads
 * (core/fleet-status.ts), disconnect, reconnect and history to the fleet kill switch (core/fleet.ts) when the fleet
 * store is wired, `watch @all` to the watch, and answers any other command with the card saying it takes one customer.
 */
import type { Target } from './customers';

export type FleetTarget = Extract<Target, { kind: 'fleet' }>;
