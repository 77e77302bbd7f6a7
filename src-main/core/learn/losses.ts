// Training losses: the notebook's mean squared error, and the (beta-weighted) Gaussian negative
// log-likelihood of a network that predicts a mean and a log-variance per parameter, with its
// gradient in closed form.
import * as tf from '@tensorflow/tfjs';

/**
 * The log-variance (of a standardised target) is clamped to [-8, 8], std 0.018 to 55 target
 * standard deviations. Below, one curve whose residual happens to be tiny would earn a precision
 * e^-s so large that its gradient drowns the batch, and the mean of every other curve stops
 * learning (the NLL's known instability); above, e^-s vanishes and the network could give up on a
 * curve by calling it unknowable. Both ends lie far beyond what a useful prediction needs. As with
 * tf.clipByValue, the log-variance gets no gradient outside the range; the mean keeps its own.
 */
export const LOG_VARIANCE_RANGE = [-8, 8] as const;

export function clampLogVariance(s: number): number {
  return Math.min(LOG_VARIANCE_RANGE[1], Math.max(LOG_VARIANCE_RANGE[0], s));
}

/** Mean over the batch and the parameters of (output - target)^2. */
export function meanSquaredErrorLoss(outputs: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  return tf.mean(tf.squaredDifference(outputs, targets));
}

/**
 * The beta-weighted Gaussian negative log-likelihood (Seitzer et al., ICLR 2022), mean over the
 * batch and the P parameters: 0.5 v^beta (s + (y - mu)^2 e^-s), with v = e^s held constant in the
 * gradient, outputs [batch, 2P] laid out as P means mu then P log-variances s, and targets y
 * [batch, P]. beta = 0 is the plain NLL, whose mean learns little where the variance is large: the
 * hard curves, which dominate a squared-error score. beta = 1 gives the mean the gradient of the
 * squared error, while s still learns the variance. The gradient is written out, as the layers' are:
 * d/dmu = -(y - mu) e^((beta - 1) s) / (batch P), d/ds = 0.5 e^(beta s) (1 - (y - mu)^2 e^-s) / (batch P).
 */
export function gaussianNllLoss(beta: number): (outputs: tf.Tensor2D, targets: tf.Tensor2D) => tf.Scalar {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [outputs, targets, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    const [batch, width] = outputs.shape;
    const parameters = width / 2;
    const mu = tf.slice(outputs, [0, 0], [batch, parameters]);
    const rawLogVariance = tf.slice(outputs, [0, parameters], [batch, parameters]);
    const logVariance = tf.clipByValue(rawLogVariance, LOG_VARIANCE_RANGE[0], LOG_VARIANCE_RANGE[1]);
    const precision = tf.exp(tf.neg(logVariance));
    const weight = tf.exp(tf.mul(logVariance, beta));
    const residual = tf.sub(targets, mu);
    const weightedSquare = tf.mul(tf.square(residual), precision);
    const inRange = tf.logicalAnd(tf.greaterEqual(rawLogVariance, LOG_VARIANCE_RANGE[0]), tf.lessEqual(rawLogVariance, LOG_VARIANCE_RANGE[1]));
    save([residual, precision, weightedSquare, inRange, weight]);
    return {
      value: tf.mul(tf.mean(tf.mul(weight, tf.add(logVariance, weightedSquare))), 0.5) as tf.Scalar,
      gradFunc: (dy: tf.Scalar, saved: tf.Tensor[]) => {
        const [r, p, w, mask, v] = saved;
        const scale = tf.mul(tf.div(dy, batch * parameters), v);
        const dTarget = tf.mul(tf.mul(r, p), scale);
        const dLogVariance = tf.where(mask, tf.mul(tf.sub(1, w), tf.mul(scale, 0.5)), tf.zerosLike(w));
        return [tf.concat([tf.neg(dTarget), dLogVariance], 1), dTarget];
      },
    };
  }) as (outputs: tf.Tensor2D, targets: tf.Tensor2D) => tf.Scalar;
}

/** The loss a run trains on: the beta-weighted NLL when it predicts its own uncertainty, else the MSE. */
export function trainingLoss(uncertainty: boolean, beta: number): (outputs: tf.Tensor2D, targets: tf.Tensor2D) => tf.Scalar {
  return uncertainty ? gaussianNllLoss(beta) : meanSquaredErrorLoss;
}
