// The IPC channel names shared by the preload and the main process: one per contract call, one for events.

/** A call `name` travels on `${CALL_CHANNEL_PREFIX}${name}`. */
export const CALL_CHANNEL_PREFIX = 'workbench:call:';
export const EVENT_CHANNEL = 'workbench:event';
