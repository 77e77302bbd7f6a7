// Streams echo curves to a challenge pair of files (`*_echos_*_r.txt` and `_i.txt`), atomically:
// both files appear only when the whole set is committed.
import { AtomicFileWriter } from '../files/atomic-write.ts';
import type { CurveBuffer } from './curves.ts';

export class EchoPairWriter {
  private readonly real: AtomicFileWriter;
  private readonly imaginary: AtomicFileWriter;
  private rows = 0;

  constructor(
    realPath: string,
    imaginaryPath: string,
    /** Time points per curve. */
    readonly length: number,
  ) {
    this.real = new AtomicFileWriter(realPath);
    this.imaginary = new AtomicFileWriter(imaginaryPath);
  }

  get rowsWritten(): number {
    return this.rows;
  }

  /** Appends `count` curves laid out as count x length x 2 (see CurveSet). */
  async append(data: CurveBuffer, count: number): Promise<void> {
    if (data.length !== count * this.length * 2) {
      throw new RangeError(`expected ${count * this.length * 2} values, got ${data.length}`);
    }
    let realText = '';
    let imaginaryText = '';
    const realRow: string[] = new Array(this.length);
    const imaginaryRow: string[] = new Array(this.length);
    for (let curve = 0; curve < count; curve++) {
      const base = curve * this.length * 2;
      for (let t = 0; t < this.length; t++) {
        realRow[t] = String(data[base + 2 * t]);
        imaginaryRow[t] = String(data[base + 2 * t + 1]);
      }
      realText += realRow.join('\t') + '\n';
      imaginaryText += imaginaryRow.join('\t') + '\n';
    }
    await Promise.all([this.real.write(realText), this.imaginary.write(imaginaryText)]);
    this.rows += count;
  }

  async commit(): Promise<void> {
    await Promise.all([this.real.commit(), this.imaginary.commit()]);
  }

  async abort(): Promise<void> {
    await Promise.all([this.real.abort(), this.imaginary.abort()]);
  }
}
