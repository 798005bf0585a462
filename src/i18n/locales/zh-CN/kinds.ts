/**
 * 简体中文 (zh-CN): the operation kinds' names.
 * Typed as the reference's areas: a missing or extra key is a compile error.
 */
import type { Messages } from '../../messages';

export const kinds: Pick<Messages, 'kind'> = {
  kind: {
    disconnect: '断开连接',
    reconnect: '重新连接',
    view: '查看',
  },
};
