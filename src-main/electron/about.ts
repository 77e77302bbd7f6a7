// The About box's text: product, version, ML backend, workspace and runtime versions.
import type { WorkspaceInfo } from '../core/api/contract.ts';

export function aboutText(info: WorkspaceInfo): { message: string; detail: string } {
  return {
    message: `${info.productName} ${info.version}`,
    detail: [
      `ML backend: ${info.mlBackend.name} (${info.mlBackend.detail})`,
      `Workspace: ${info.workspaceDir}`,
      `Electron ${info.platform.electron ?? 'unknown'}, Node ${info.platform.node}, ${info.platform.os} ${info.platform.arch}`,
    ].join('\n'),
  };
}
