package io.sparknn.trainer.sequence;

import io.sparknn.engine.Batch;
import io.sparknn.engine.LossResult;
import io.sparknn.engine.Network;
import io.sparknn.engine.Storage;
import io.sparknn.engine.loss.Targets;
import io.sparknn.engine.train.Streams;

/**
 * Bits per character of a model on a contiguous span, scored the same way whatever the model was
 * trained with: one stateful pass, a single stream read in consecutive windows of the network's
 * length with the state carried from each window to the next (zero at the start of the span), so
 * every character but the first is predicted from all the text before it.
 * {@code bpc = Σ(token loss in nats) / (count · ln 2)}. The characters after the last whole window
 * are not scored (the network's window length is fixed).
 */
public final class BitsPerCharacter {
    private BitsPerCharacter() {}

    /** @param characters the characters predicted (the targets scored) */
    public record Score(double bitsPerCharacter, double lossSumNats, long characters) {}

    public static Score score(Network net, int[] span, int window) {
        Streams s = Streams.of(span, 1, window);
        Storage state = Storage.allocate(net.precision(), net.stateSize());
        float[] ids = new float[window];
        Storage x = Storage.allocate(net.precision(), window);
        double sum = 0;
        long count = 0;
        for (int w = 0; w < s.windows(); w++) {
            s.inputs(w, ids);
            x.copyFrom(ids, 0, 0, window);
            LossResult r = net.evaluate(Batch.of(x, 1, Targets.labels(s.labels(w))), state);
            sum += r.sum();
            count += r.count();
        }
        return new Score(sum / (count * Math.log(2)), sum, count);
    }
}
