package io.sparknn.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gate activations against 50-digit references: float64 to 1 ulp, float32 to its documented bounds. */
class GateMathTest {
    private static final MathContext MC = new MathContext(50);

    /** e^x to 50 digits: Taylor series of x/2^k, squared k times. */
    static BigDecimal exp(double x) {
        int k = 12;
        BigDecimal r = new BigDecimal(x).divide(BigDecimal.valueOf(1L << k), MC);
        BigDecimal term = BigDecimal.ONE;
        BigDecimal sum = BigDecimal.ONE;
        for (int n = 1; n < 60; n++) {
            term = term.multiply(r, MC).divide(BigDecimal.valueOf(n), MC);
            sum = sum.add(term, MC);
        }
        for (int i = 0; i < k; i++) {
            sum = sum.multiply(sum, MC);
        }
        return sum;
    }

    /** tanh x = (e^{2x} − 1)/(e^{2x} + 1), exact to 50 digits before the final rounding. */
    static double tanhReference(double x) {
        if (Math.abs(x) > 30) {
            return Math.signum(x); // |tanh x − sign x| < 2e−26, below half an ulp of 1
        }
        BigDecimal e = exp(2 * x);
        return e.subtract(BigDecimal.ONE).divide(e.add(BigDecimal.ONE), MC).doubleValue();
    }

    static double sigmoidReference(double x) {
        if (x < -800) {
            return 0;
        }
        if (x > 40) {
            return 1;
        }
        return BigDecimal.ONE.divide(BigDecimal.ONE.add(exp(-x)), MC).doubleValue();
    }

    private static void assertWithinOneUlp(String f, double x, double got, double want) {
        assertTrue(Math.abs(got - want) <= Math.ulp(want), f + "(" + x + ") = " + got + ", 50 digits give " + want);
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e-10, -1e-10, 1e-5, -1e-5, 0.3, -0.3, 0.55, 1, 2.5, 20, -20, -800, 800})
    void doubleTanhIsWithinOneUlp(double x) {
        assertWithinOneUlp("tanh", x, DoubleGateMath.tanh(x), tanhReference(x));
    }

    @Test
    void doubleTanhKeepsRelativePrecisionForTinyArguments() {
        // 1 − 2/(e^{2x} + 1) is off by about 1e-16 absolute here: a relative error of 1e-6 at x = 1e-10.
        assertEquals(1e-10, DoubleGateMath.tanh(1e-10), Math.ulp(1e-10));
        assertEquals(-1e-5 + 1e-15 / 3, DoubleGateMath.tanh(-1e-5), Math.ulp(1e-5));
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e-10, -1e-10, 1e-5, -1e-5, 0.3, -0.3, 1, -2.5, 20, -20, -40, -700, -720, -800, 800})
    void doubleSigmoidIsWithinOneUlp(double x) {
        assertWithinOneUlp("σ", x, DoubleGateMath.sigmoid(x), sigmoidReference(x));
    }

    @Test
    void doubleSigmoidKeepsItsSubnormalTailAndSaturatesWithoutNaN() {
        // e^−720 ≈ 2.3e−313 is subnormal: 1/(1 + e^720) would give 1/∞ = 0.
        assertTrue(DoubleGateMath.sigmoid(-720) > 0);
        assertEquals(0, DoubleGateMath.sigmoid(-800), 0);
        assertEquals(1, DoubleGateMath.sigmoid(800), 0);
        assertEquals(0, DoubleGateMath.sigmoid(Double.NEGATIVE_INFINITY), 0);
        assertEquals(1, DoubleGateMath.sigmoid(Double.POSITIVE_INFINITY), 0);
        assertEquals(-1, DoubleGateMath.tanh(Double.NEGATIVE_INFINITY), 0);
    }

    @Test
    void fastFloatSigmoidIsAccurateInAbsoluteTermsEverywhere() {
        double worst = 0;
        for (int i = -300_000; i <= 300_000; i++) {
            float x = i * 1e-4f;
            double want = 1 / (1 + Math.exp(-(double) x));
            worst = Math.max(worst, Math.abs(FloatGateMath.sigmoid(x) - want));
        }
        assertTrue(worst < 2.3e-7, "worst absolute error " + worst);
    }

    @Test
    void fastFloatSigmoidKeepsItsRelativePrecisionDownToTheTailThresholdButNotBeyond() {
        double worst = 0;
        for (float x = FloatGateMath.SIGMOID_TAIL; x <= 0; x += 1e-3f) {
            double want = 1 / (1 + Math.exp(-(double) x));
            worst = Math.max(worst, Math.abs(FloatGateMath.sigmoid(x) - want) / want);
        }
        assertTrue(worst < 3.5e-4, "worst relative error " + worst);
        // Why the tail pass exists: σ(−16) = 1.1e−7 is a normal float, the fast σ gives 0.
        assertEquals(0, FloatGateMath.sigmoid(-16), 0);
    }

    @ParameterizedTest
    @ValueSource(floats = {-8.001f, -12, -15.9f, -16, -20, -30, -50, -80, -87, -95, -100})
    void floatSigmoidTailIsWithinAFloatUlp(float x) {
        double want = sigmoidReference(x);
        float got = FloatGateMath.sigmoidTail(x);
        assertTrue(got > 0, "σ(" + x + ") = 0");
        assertTrue(
                Math.abs(got - want) <= Math.ulp((float) want), "σ(" + x + ") = " + got + ", 50 digits give " + want);
    }

    @Test
    void floatSigmoidSaturatesAndPropagatesNaN() {
        assertEquals(1, FloatGateMath.sigmoid(20), 0);
        assertEquals(1, FloatGateMath.sigmoid(100), 0);
        assertEquals(1, FloatGateMath.sigmoid(Float.POSITIVE_INFINITY), 0);
        float far = FloatGateMath.sigmoid(-100);
        assertTrue(far >= 0 && far < 1e-37, "σ(−100) = " + far);
        assertEquals(0, FloatGateMath.sigmoid(Float.NEGATIVE_INFINITY), 0);
        assertTrue(Float.isNaN(FloatGateMath.sigmoid(Float.NaN)));
    }

    @Test
    void floatTanhIsWithinItsDocumentedAbsoluteError() {
        double worst = 0;
        for (int i = -120_000; i <= 120_000; i++) {
            float x = i * 1e-4f;
            worst = Math.max(worst, Math.abs(FloatGateMath.tanh(x) - Math.tanh(x)));
        }
        assertTrue(worst < 4e-7, "worst absolute error " + worst);
        assertEquals(1, FloatGateMath.tanh(50), 0);
        assertEquals(-1, FloatGateMath.tanh(-50), 0);
    }
}
