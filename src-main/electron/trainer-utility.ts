// Entry of the trainer utility process (bundled as out/electron/trainer-utility.cjs): the learn
// module's trainer process, over the utility process's parentPort.
import { bridgeParentPort } from './parent-port-bridge.ts';

bridgeParentPort(process as unknown as Parameters<typeof bridgeParentPort>[0]);
void import('../core/learn/trainer-process.ts');
