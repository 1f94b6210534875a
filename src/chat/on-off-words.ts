/**
 * The words a person types for "on" and "off" in a command value, in English and Chinese (开/关 as the
 * Chinese settings line shows them): one list for every setting, pause and watch that reads them.
 */
export const ON_WORDS: readonly string[] = ['on', 'true', 'yes', '1', '开', '开启', '是'];
export const OFF_WORDS: readonly string[] = ['off', 'false', 'no', '0', '关', '关闭', '否'];
