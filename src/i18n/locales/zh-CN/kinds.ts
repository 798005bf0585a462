/**
 * 简体中文 (zh-CN): the operation kinds. Each operation kind's words live in its row (core/kinds/<kind>.ts) and are
 * filed here as kind.<kind>.*. Typed as the reference's areas: a missing or extra key is a compile error.
 */
import { kindWords } from '../../../core/kinds';
import type { Messages } from '../../messages';

export const kinds: Pick<Messages, 'kind'> = {
  kind: {
    ...kindWords('zh-CN'),
    view: '查看',
  },
};
