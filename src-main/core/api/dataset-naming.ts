// How a data set's name and its kernel go together: the default name of an import (its folder's
// name with the kernel, said once) and whether a name already says its kernel. Plain functions, so
// that the renderer can import them too.

/** Whether `name` holds the kernel's name as a word of its own ("gauss", "rkky_2024"; not "gaussian"). */
export function namesKernel(name: string, kernel: string): boolean {
  return name.toLowerCase().split(/[^a-z0-9]+/).includes(kernel.toLowerCase());
}

/** The name of a data set imported from the folder `folderName` without a name given: "gauss", not "gauss gauss". */
export function importedDatasetName(folderName: string, kernel: string): string {
  return namesKernel(folderName, kernel) ? folderName : `${folderName} ${kernel}`;
}
