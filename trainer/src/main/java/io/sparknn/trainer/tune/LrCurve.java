package io.sparknn.trainer.tune;

import java.util.Arrays;

/**
 * A learning-rate range test's curve (the rate of each step and its smoothed loss) and the rates it
 * suggests, computed as fastai 2's {@code lr_find} computes them ({@code fastai/callback/schedule.py}:
 * {@code steep}, {@code minimum}, {@code valley}), on the same part of the curve: the first
 * {@code requested / 10} steps and the last 5 left out (the start is noise, the end diverging), and
 * the curve cut at its first non-finite loss.
 *
 * <ul>
 *   <li><b>steepest</b>: the rate where the smoothed loss falls fastest per decade of rate: the
 *       smallest slope (loss[i+1] − loss[i]) / (ln lr[i+1] − ln lr[i]), at its left point lr[i];
 *   <li><b>minimum / 10</b>: a tenth of the rate at the lowest smoothed loss (the lowest loss is
 *       already too fast to train at);
 *   <li><b>valley</b>: the longest strictly decreasing subsequence of the losses (not necessarily
 *       contiguous: fastai's "longest valley"), from index s = end − its length to its end e, and the
 *       rate at s + ⌊(e − s)/3⌋ + ⌊(e − s)/6⌋, about half-way down the valley (fastai's
 *       {@code sections = (e − s) / 3; idx = s + int(sections) + int(sections / 2)}).
 * </ul>
 *
 * @param lrs    the rate of every step swept, in order
 * @param losses the smoothed loss of every step swept (NaN or infinite where it diverged)
 * @param requested the steps asked for (the window's start is a tenth of it, as fastai's)
 */
public record LrCurve(double[] lrs, double[] losses, int requested) {
    /** fastai leaves out the curve's last 5 points. */
    static final int SKIP_END = 5;

    public LrCurve {
        if (lrs.length != losses.length) {
            throw new IllegalArgumentException(lrs.length + " rates, " + losses.length + " losses");
        }
    }

    /** The suggested rates: NaN when the window holds too few points (fewer than 2; valley and minimum need 1). */
    public record Suggestions(double steepest, double minimumTenth, double valley, int from, int to) {}

    /** The suggestions over the window [from, to) of the curve. */
    public Suggestions suggestions() {
        int from = requested / 10;
        int to = lrs.length - SKIP_END;
        for (int i = from; i < to; i++) {
            if (!Double.isFinite(losses[i])) {
                to = i;
                break;
            }
        }
        if (to - from < 1) {
            return new Suggestions(Double.NaN, Double.NaN, Double.NaN, from, Math.max(from, to));
        }
        double[] l = Arrays.copyOfRange(losses, from, to);
        double[] r = Arrays.copyOfRange(lrs, from, to);
        return new Suggestions(steepest(r, l), minimumTenth(r, l), valley(r, l), from, to);
    }

    /** fastai's {@code steep}: the left rate of the most negative slope per unit of ln(rate); NaN for one point. */
    static double steepest(double[] lrs, double[] losses) {
        int best = -1;
        double slope = Double.POSITIVE_INFINITY;
        for (int i = 0; i + 1 < lrs.length; i++) {
            double g = (losses[i + 1] - losses[i]) / (Math.log(lrs[i + 1]) - Math.log(lrs[i]));
            if (g < slope) { // the first of equal slopes, as argmin
                slope = g;
                best = i;
            }
        }
        return best < 0 ? Double.NaN : lrs[best];
    }

    /** fastai's {@code minimum}: a tenth of the rate at the lowest loss (the first of equal ones). */
    static double minimumTenth(double[] lrs, double[] losses) {
        int best = 0;
        for (int i = 1; i < losses.length; i++) {
            if (losses[i] < losses[best]) {
                best = i;
            }
        }
        return lrs[best] / 10;
    }

    /** fastai's {@code valley}, step for step. */
    static double valley(double[] lrs, double[] losses) {
        return lrs[valleyIndex(losses)];
    }

    static int valleyIndex(double[] losses) {
        int n = losses.length;
        int maxStart = 0;
        int maxEnd = 0;
        int[] lds = new int[n];
        Arrays.fill(lds, 1);
        for (int i = 1; i < n; i++) {
            for (int j = 0; j < i; j++) {
                if (losses[i] < losses[j] && lds[i] < lds[j] + 1) {
                    lds[i] = lds[j] + 1;
                }
                if (lds[maxEnd] < lds[i]) {
                    maxEnd = i;
                    maxStart = maxEnd - lds[maxEnd];
                }
            }
        }
        double sections = (maxEnd - maxStart) / 3.0;
        // s = end − length can be −1 (a valley that starts at the first point); fastai's Python would then
        // read lrs[-1], the last rate: the first point is meant
        return Math.max(0, maxStart + (int) sections + (int) (sections / 2));
    }
}
