import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEMO_RECIPE_FORMAT, parseDemoRecipe, readDemoRecipe, writeDemoRecipe } from '../../../src-main/core/demo/demo-recipe.ts';
import { InputError } from '../../../src-main/core/errors.ts';
import { DEFAULT_SIMULATION_OPTIONS } from '../../../src-main/core/physics/options.ts';
import { demoResourcesDir } from '../../../src-main/core/shipped-resources.ts';

const gauss = { name: 'Demo gauss', kernel: 'gauss', seed: 5, modelCount: 10, evalCount: 2 };

function recipe(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { format: DEMO_RECIPE_FORMAT, about: 'test', options: { lattice: 12 }, datasets: [gauss], ...overrides };
}

describe('demo recipe', () => {
  it('resolves the options it leaves out to the defaults, and keeps the ones it sets', () => {
    const parsed = parseDemoRecipe(recipe(), 'recipe.json');
    expect(parsed.options).toEqual({ ...DEFAULT_SIMULATION_OPTIONS, lattice: 12 });
    expect(parsed.datasets).toEqual([gauss]);
    expect(parsed.generated).toBeUndefined();
  });

  it.each([
    [{ format: 'other/1' }, /recipe\.json: format must be spin-echo-demo-recipe\/1/],
    [{ datasets: [] }, /datasets must be a non-empty list/],
    [{ datasets: [{ ...gauss, kernel: 'lorentz' }] }, /data set 1: kernel must be one of gauss, rkky, not lorentz/],
    [{ datasets: [{ ...gauss, seed: -1 }] }, /data set 1: seed must be an integer/],
    [{ datasets: [{ ...gauss, modelCount: 0 }] }, /data set 1: modelCount must be an integer in \[1, /],
    [{ datasets: [{ ...gauss, evalCount: 2.5 }] }, /data set 1: evalCount must be an integer in \[0, /],
    [{ datasets: [gauss, { ...gauss, name: 'again' }] }, /one demo data set only/],
    [{ datasets: [{ ...gauss, name: ' ' }] }, /name must be a non-empty string/],
    [{ options: { lattice: 1 } }, /recipe\.json: lattice must be an integer/],
  ])('refuses %j with a clear InputError', (overrides, message) => {
    expect(() => parseDemoRecipe(recipe(overrides), 'recipe.json')).toThrow(InputError);
    expect(() => parseDemoRecipe(recipe(overrides), 'recipe.json')).toThrow(message);
  });

  it('reads back what it wrote, and names the file when it is missing or not JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spin-echo-demo-recipe-'));
    await expect(readDemoRecipe(dir)).rejects.toThrow(/cannot read the demo recipe .*recipe\.json/);
    const written = parseDemoRecipe(recipe(), 'x');
    await writeDemoRecipe(dir, written);
    expect(await readDemoRecipe(dir)).toEqual(written);
    writeFileSync(join(dir, 'recipe.json'), '{ "format": ');
    await expect(readDemoRecipe(dir)).rejects.toThrow(/recipe\.json: not valid JSON/);
  });
});

describe('demo resources folder', () => {
  it('is resources/demo of the source tree outside a packaged app', () => {
    const source = fileURLToPath(new URL('../../../resources/demo', import.meta.url));
    expect(demoResourcesDir(undefined)).toBe(source);
    // Electron run from the sources has a resourcesPath too, without the demo in it.
    expect(demoResourcesDir(mkdtempSync(join(tmpdir(), 'spin-echo-resources-')))).toBe(source);
  });

  it('is the demo folder beside a packaged app resources', () => {
    const resources = mkdtempSync(join(tmpdir(), 'spin-echo-resources-'));
    mkdirSync(join(resources, 'demo'));
    expect(demoResourcesDir(resources)).toBe(join(resources, 'demo'));
  });
});
