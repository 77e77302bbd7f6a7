// The charts' theme as reactive state: what depends on it is drawn again when the system switches
// between light and dark.
import { followTheme, readChartTheme, type ChartTheme } from './chart-theme.ts';

class LiveTheme {
  current = $state.raw<ChartTheme>(readChartTheme());

  constructor() {
    followTheme(() => (this.current = readChartTheme()));
  }
}

export const liveTheme = new LiveTheme();
