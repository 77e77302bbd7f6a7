// Typed SQL over the saved_models table: layer-list networks by their unique name.
import type { Database } from 'better-sqlite3';
import type { LayerEntry } from '../learn/layer-list.ts';

export interface SavedModelRecord {
  readonly name: string;
  readonly description: string;
  readonly layers: readonly LayerEntry[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

interface SavedModelRow {
  name: string;
  description: string;
  layers: string;
  created_at: string;
  updated_at: string;
}

function toRecord(row: SavedModelRow): SavedModelRecord {
  return { name: row.name, description: row.description, layers: JSON.parse(row.layers) as LayerEntry[], createdAt: row.created_at, updatedAt: row.updated_at };
}

/** Saved models by name. */
export function listSavedModels(db: Database): SavedModelRecord[] {
  return (db.prepare('SELECT * FROM saved_models ORDER BY name').all() as SavedModelRow[]).map(toRecord);
}

export function findSavedModel(db: Database, name: string): SavedModelRecord | null {
  const row = db.prepare('SELECT * FROM saved_models WHERE name = ?').get(name) as SavedModelRow | undefined;
  return row ? toRecord(row) : null;
}

/** Inserts a model, or replaces one of the same name keeping its creation time. */
export function upsertSavedModel(db: Database, model: Pick<SavedModelRecord, 'name' | 'description' | 'layers'>, now = new Date()): SavedModelRecord {
  const row = db
    .prepare(
      `INSERT INTO saved_models (name, description, layers, created_at, updated_at) VALUES (@name, @description, @layers, @now, @now)
       ON CONFLICT (name) DO UPDATE SET description = excluded.description, layers = excluded.layers, updated_at = excluded.updated_at
       RETURNING *`,
    )
    .get({ name: model.name, description: model.description, layers: JSON.stringify(model.layers), now: now.toISOString() }) as SavedModelRow;
  return toRecord(row);
}

/** Whether a model of that name was there to delete. */
export function deleteSavedModel(db: Database, name: string): boolean {
  return db.prepare('DELETE FROM saved_models WHERE name = ?').run(name).changes > 0;
}
