// The data set and curve the user last picked, shared by the Data, Curves and Explorer views.

class Selection {
  datasetId = $state<string | null>(null);
  split = $state<'model' | 'eval'>('model');
  curveIndex = $state(0);

  pick(datasetId: string, curveIndex = 0, split: 'model' | 'eval' = 'model'): void {
    this.datasetId = datasetId;
    this.split = split;
    this.curveIndex = curveIndex;
  }
}

export const selection = new Selection();
