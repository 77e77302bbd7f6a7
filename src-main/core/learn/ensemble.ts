// The arithmetic of an ensemble: the average of its members' physical predictions, and its
// uncertainty from the spread between members combined with the members' own predicted variances.

/** One member's predictions for the same curves as the others: n x 3 (alpha, xi, d), physical units. */
export interface MemberPredictions {
  readonly labels: Float64Array;
  /** The member's own standard deviations, n x 3, when it predicts them. */
  readonly std: Float64Array | null;
}

export interface EnsemblePredictions {
  /** Mean of the members' predictions, n x 3. */
  readonly labels: Float64Array;
  /** Total standard deviation: sqrt(mean of member variances + variance of member means), n x 3. */
  readonly std: Float64Array;
  /** Population standard deviation of the member means alone (the disagreement between members), n x 3. */
  readonly spread: Float64Array;
  /** Members that brought their own variances. */
  readonly membersWithStd: number;
}

/**
 * Combines members as a uniform mixture: its mean is the mean of the member means, and by the law
 * of total variance its variance is the mean of the member variances plus the (population)
 * variance of the member means. A member without its own variance counts as a point prediction
 * (variance 0), so mixing such members with uncertain ones only narrows the first term.
 */
export function combinePredictions(members: readonly MemberPredictions[]): EnsemblePredictions {
  if (members.length === 0) throw new RangeError('an ensemble needs at least one member');
  const size = members[0].labels.length;
  if (size === 0 || size % 3 !== 0) throw new RangeError(`member predictions must be rows of 3 values, not ${size} values`);
  for (const [index, member] of members.entries()) {
    if (member.labels.length !== size) throw new RangeError(`member ${index + 1} predicts ${member.labels.length / 3} rows, member 1 ${size / 3}`);
    if (member.std && member.std.length !== size) throw new RangeError(`member ${index + 1} has ${member.std.length / 3} rows of std for ${size / 3} predictions`);
  }
  const count = members.length;
  const labels = new Float64Array(size);
  const spread = new Float64Array(size);
  const std = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    let sum = 0;
    let ownVariance = 0;
    for (const member of members) {
      sum += member.labels[k];
      if (member.std) ownVariance += member.std[k] ** 2;
    }
    const mean = sum / count;
    let squares = 0;
    for (const member of members) squares += (member.labels[k] - mean) ** 2;
    labels[k] = mean;
    spread[k] = Math.sqrt(squares / count);
    std[k] = Math.sqrt(ownVariance / count + squares / count);
  }
  return { labels, std, spread, membersWithStd: members.filter((member) => member.std !== null).length };
}

/** Sum over rows and parameters of the squared standardised errors of the mean of `chosen`. */
function errorOfMean(candidates: readonly MemberPredictions[], chosen: readonly number[], truth: Float64Array, scale: ArrayLike<number>): number {
  let err = 0;
  for (let k = 0; k < truth.length; k++) {
    let sum = 0;
    for (const index of chosen) sum += candidates[index].labels[k];
    const error = (sum / chosen.length - truth[k]) / scale[k % 3];
    err += error * error;
  }
  return err;
}

/**
 * Greedy forward selection on a validation split (Caruana et al., 2004, without replacement):
 * start from the best candidate alone, then add the candidate that lowers the error of the mean
 * most, while one does. A plain top-k average can be worse than its best member when weaker
 * members join; this never is, on the split it selects on. Answers candidate indices in the order
 * chosen.
 */
export function selectMembersGreedily(candidates: readonly MemberPredictions[], truth: Float64Array, scale: ArrayLike<number>): number[] {
  if (candidates.length === 0) throw new RangeError('no candidates to choose from');
  for (const [index, candidate] of candidates.entries()) {
    if (candidate.labels.length !== truth.length) throw new RangeError(`candidate ${index + 1} predicts ${candidate.labels.length / 3} rows for ${truth.length / 3} true rows`);
  }
  const chosen: number[] = [];
  let best = Infinity;
  for (;;) {
    let pick = -1;
    for (let index = 0; index < candidates.length; index++) {
      if (chosen.includes(index)) continue;
      const err = errorOfMean(candidates, [...chosen, index], truth, scale);
      if (err < best) {
        best = err;
        pick = index;
      }
    }
    if (pick < 0) return chosen;
    chosen.push(pick);
  }
}
