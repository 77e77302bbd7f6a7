// Svelte compiler options for the build and svelte-check: runes everywhere, no legacy syntax.
export default {
  compilerOptions: { runes: true },
};
