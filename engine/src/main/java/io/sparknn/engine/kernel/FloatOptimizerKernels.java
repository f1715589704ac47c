package io.sparknn.engine.kernel;

import static io.sparknn.engine.FloatStorage.arrayOf;

import io.sparknn.engine.Storage;

/** float32 {@link OptimizerKernels}; the float64 twin is generated from this file. */
final class FloatOptimizerKernels implements OptimizerKernels {
    public static final FloatOptimizerKernels INSTANCE = new FloatOptimizerKernels();

    private FloatOptimizerKernels() {}

    @Override
    public void sgd(Storage p, Storage g, Storage buf, int from, int to, SgdStep step) {
        float[] pv = arrayOf(p);
        float[] gv = arrayOf(g);
        float[] b = buf == null ? null : arrayOf(buf);
        float w = (float) step.wd();
        float mu = (float) step.momentum();
        float damp = (float) (1 - step.dampening());
        float rate = (float) step.lr();
        boolean firstStep = step.firstStep();
        boolean nesterov = step.nesterov();
        for (int i = from; i < to; i++) {
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
        float[] pv = arrayOf(p);
        float[] gv = arrayOf(g);
        float[] s = arrayOf(sum);
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
    public void adadelta(Storage p, Storage g, Storage squareAvg, Storage accDelta, int count, AdadeltaStep step) {
        float[] pv = arrayOf(p);
        float[] gv = arrayOf(g);
        float[] sq = arrayOf(squareAvg);
        float[] acc = arrayOf(accDelta);
        float w = (float) step.wd();
        float r = (float) step.rho();
        float c = (float) (1 - step.rho());
        float e = (float) step.eps();
        float rate = (float) step.lr();
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
            Storage p, Storage g, Storage squareAvg, Storage gradAvg, Storage buf, int count, RmsPropStep step) {
        float[] pv = arrayOf(p);
        float[] gv = arrayOf(g);
        float[] sq = arrayOf(squareAvg);
        float[] ga = gradAvg == null ? null : arrayOf(gradAvg);
        float[] b = buf == null ? null : arrayOf(buf);
        float w = (float) step.wd();
        float a = (float) step.alpha();
        float c = (float) (1 - step.alpha());
        float e = (float) step.eps();
        float mu = (float) step.momentum();
        float rate = (float) step.lr();
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
    public void adam(Storage p, Storage g, Storage m, Storage v, Storage maxV, int from, int to, AdamStep step) {
        float[] pv = arrayOf(p);
        float[] gv = arrayOf(g);
        float[] mv = arrayOf(m);
        float[] vv = arrayOf(v);
        float[] mx = maxV == null ? null : arrayOf(maxV);
        double decoupledWd = step.decoupledWd();
        float decay = (float) (1 - step.lr() * decoupledWd);
        float l2 = (float) step.l2Wd();
        float b1 = (float) step.beta1();
        float b2 = (float) step.beta2();
        float c1 = (float) (1 - step.beta1());
        float c2 = (float) (1 - step.beta2());
        float stepSize = (float) (step.lr() / step.bc1());
        float bc2Sqrt = (float) Math.sqrt(step.bc2());
        float e = (float) step.eps();
        for (int i = from; i < to; i++) {
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
