// Which compiled better-sqlite3 binding to load. Electron needs one built for its own ABI; npm start
// prepares it apart from the one Node uses and names it in SPIN_ECHO_SQLITE_BINDING, so the CLI,
// the browser mode and the tests keep the default binding.
export const SQLITE_BINDING_ENV = 'SPIN_ECHO_SQLITE_BINDING';

/** The `nativeBinding` option for better-sqlite3, or nothing to use the package's own build. */
export function sqliteBindingOptions(): { nativeBinding?: string } {
  const path = process.env[SQLITE_BINDING_ENV];
  return path ? { nativeBinding: path } : {};
}
