// Native file dialogs, which only the Electron face can show; elsewhere the user types a path.

export interface NativeDialogs {
  /** A folder chosen by the user, or null when the dialog was cancelled. */
  chooseFolder(options: { title: string; forSaving: boolean }): Promise<string | null>;
}

/** A call that needs the Electron app, made from the browser mode. */
export class UnavailableError extends Error {
  constructor(what: string, instead = 'type a path instead') {
    super(`${what} is not available in the browser: ${instead}`);
    this.name = 'UnavailableError';
  }
}
