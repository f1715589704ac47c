package io.sparknn.engine.kernel;

import io.sparknn.engine.FloatStorage;
import io.sparknn.engine.Storage;

/** float32 {@link OptimizerKernels}; the float64 twin is generated from this file. */
final class FloatOptimizerKernels implements OptimizerKernels {
    public static final FloatOptimizerKernels INSTANCE = new FloatOptimizerKernels();

    private FloatOptimizerKernels() {}

    private static float[] d(Storage s) {
        return ((FloatStorage) s).data;
    }

    @Override
    public void sgd(
            Storage p,
            Storage g,
            Storage buf,
            boolean firstStep,
            int count,
            double lr,
            double wd,
            double momentum,
            double dampening,
            boolean nesterov) {
        float[] pv = d(p);
        float[] gv = d(g);
        float[] b = buf == null ? null : d(buf);
        float w = (float) wd;
        float mu = (float) momentum;
        float damp = (float) (1 - dampening);
        float rate = (float) lr;
        for (int i = 0; i < count; i++) {
            float dp = gv[i];
            if (w != 0) {
                dp += w * pv[i];
            }
            if (b != null) {
                b[i] = firstStep ? dp : mu * b[i] + damp * dp;
                dp = nesterov ? dp + mu * b[i] : b[i];
            }
            pv[i] -= rate * dp;
        }
    }

    @Override
    public void adagrad(Storage p, Storage g, Storage sum, int count, double clr, double wd, double eps) {
        float[] pv = d(p);
        float[] gv = d(g);
        float[] s = d(sum);
        float w = (float) wd;
        float rate = (float) clr;
        float e = (float) eps;
        for (int i = 0; i < count; i++) {
            float gi = gv[i];
            if (w != 0) {
                gi += w * pv[i];
            }
            s[i] += gi * gi;
            float std = (float) Math.sqrt(s[i]) + e;
            pv[i] -= rate * gi / std;
        }
    }

    @Override
    public void adadelta(
            Storage p,
            Storage g,
            Storage squareAvg,
            Storage accDelta,
            int count,
            double lr,
            double rho,
            double eps,
            double wd) {
        float[] pv = d(p);
        float[] gv = d(g);
        float[] sq = d(squareAvg);
        float[] acc = d(accDelta);
        float w = (float) wd;
        float r = (float) rho;
        float c = (float) (1 - rho);
        float e = (float) eps;
        float rate = (float) lr;
        for (int i = 0; i < count; i++) {
            float gi = gv[i];
            if (w != 0) {
                gi += w * pv[i];
            }
            sq[i] = sq[i] * r + c * gi * gi;
            float std = (float) Math.sqrt(sq[i] + e);
            float delta = (float) Math.sqrt(acc[i] + e) / std * gi;
            acc[i] = acc[i] * r + c * delta * delta;
            pv[i] -= rate * delta;
        }
    }

    @Override
    public void rmsprop(
            Storage p,
            Storage g,
            Storage squareAvg,
            Storage gradAvg,
            Storage buf,
            int count,
            double lr,
            double alpha,
            double eps,
            double wd,
            double momentum) {
        float[] pv = d(p);
        float[] gv = d(g);
        float[] sq = d(squareAvg);
        float[] ga = gradAvg == null ? null : d(gradAvg);
        float[] b = buf == null ? null : d(buf);
        float w = (float) wd;
        float a = (float) alpha;
        float c = (float) (1 - alpha);
        float e = (float) eps;
        float mu = (float) momentum;
        float rate = (float) lr;
        for (int i = 0; i < count; i++) {
            float gi = gv[i];
            if (w != 0) {
                gi += w * pv[i];
            }
            sq[i] = sq[i] * a + c * gi * gi;
            float avg;
            if (ga != null) {
                ga[i] = ga[i] * a + c * gi;
                avg = (float) Math.sqrt(sq[i] - ga[i] * ga[i]) + e;
            } else {
                avg = (float) Math.sqrt(sq[i]) + e;
            }
            if (b != null) {
                b[i] = b[i] * mu + gi / avg;
                pv[i] -= rate * b[i];
            } else {
                pv[i] -= rate * gi / avg;
            }
        }
    }

    @Override
    public void adam(
            Storage p,
            Storage g,
            Storage m,
            Storage v,
            Storage maxV,
            int count,
            double lr,
            double l2Wd,
            double decoupledWd,
            double beta1,
            double beta2,
            double eps,
            double bc1,
            double bc2) {
        float[] pv = d(p);
        float[] gv = d(g);
        float[] mv = d(m);
        float[] vv = d(v);
        float[] mx = maxV == null ? null : d(maxV);
        float decay = (float) (1 - lr * decoupledWd);
        float l2 = (float) l2Wd;
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1 - beta1);
        float c2 = (float) (1 - beta2);
        float stepSize = (float) (lr / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        float e = (float) eps;
        for (int i = 0; i < count; i++) {
            if (decoupledWd != 0) {
                pv[i] *= decay;
            }
            float gi = gv[i];
            if (l2 != 0) {
                gi += l2 * pv[i];
            }
            mv[i] = b1 * mv[i] + c1 * gi;
            vv[i] = b2 * vv[i] + c2 * gi * gi;
            float u = vv[i];
            if (mx != null) {
                // torch.maximum: NaN propagates, as Math.max does
                mx[i] = Math.max(mx[i], u);
                u = mx[i];
            }
            float denom = (float) Math.sqrt(u) / bc2Sqrt + e;
            pv[i] -= stepSize * mv[i] / denom;
        }
    }
}
