/** English (United States), the operation kinds' names. Part of the reference locale (index.ts). */
export const kinds = {
  kind: {
    disconnect: 'Disconnect',
    reconnect: 'Reconnect',
    view: 'View',
  },
};
