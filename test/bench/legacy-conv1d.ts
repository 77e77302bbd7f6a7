// The convolution layer as it was before convolution.ts (commit 2a8de01, stride 1 only), kept so
// that layers.bench.ts can measure the new one against it: every step of its gradient was a
// forward Conv2D, the kernel gradient one whose filter is dy itself.
import * as tf from '@tensorflow/tfjs';

export function legacyConv1d(x: tf.Tensor3D, kernel: tf.Tensor2D, bias: tf.Tensor1D, kernelSize: number): tf.Tensor3D {
  const channels = x.shape[2];
  const filters = kernel.shape[1];
  const before = Math.floor((kernelSize - 1) / 2);
  const after = kernelSize - 1 - before;
  const convolve = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, flatKernel, b, save] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    const kernel3d = tf.reshape(flatKernel, [kernelSize, channels, filters]) as tf.Tensor3D;
    save([input, kernel3d]);
    return {
      value: tf.add(tf.conv1d(input, kernel3d, 1, 'same'), b) as tf.Tensor3D,
      gradFunc: (dy: tf.Tensor3D, saved: tf.Tensor[]) => {
        const [xs, k3] = saved as [tf.Tensor3D, tf.Tensor3D];
        const [batch, time] = xs.shape;
        const flipped = tf.transpose(tf.reverse(k3, 0), [0, 2, 1]) as tf.Tensor3D;
        const dyPadded = kernelSize > 1 ? tf.pad(dy, [[0, 0], [after, before], [0, 0]]) : dy;
        const dx = tf.conv1d(dyPadded, flipped, 1, 'valid');
        const xPadded = kernelSize > 1 ? tf.pad(xs, [[0, 0], [before, after], [0, 0]]) : xs;
        const image = tf.reshape(tf.transpose(xPadded, [2, 1, 0]), [channels, 1, time + kernelSize - 1, batch]) as tf.Tensor4D;
        const dyFilter = tf.reshape(tf.transpose(dy, [1, 0, 2]), [1, time, batch, filters]) as tf.Tensor4D;
        const dKernel = tf.reshape(tf.transpose(tf.conv2d(image, dyFilter, 1, 'valid'), [2, 0, 1, 3]), [kernelSize * channels, filters]);
        return [dx, dKernel, tf.sum(dy, [0, 1])];
      },
    };
  }) as (input: tf.Tensor3D, flatKernel: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor3D;
  return convolve(x, kernel, bias);
}
