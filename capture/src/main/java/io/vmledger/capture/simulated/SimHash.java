package io.vmledger.capture.simulated;

/**
 * Stateless hashing behind the simulated inventory: every random choice is a hash of
 * (seed, vCenter, slot, period or hour, purpose), so any instant can be computed directly and
 * computing it twice gives the same answer. SplitMix64 finaliser, which mixes well enough that
 * consecutive inputs give independent-looking outputs.
 */
final class SimHash {
    private static final long GOLDEN = 0x9e3779b97f4a7c15L;

    private SimHash() {
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static long of(long a, long b) {
        return mix(mix(a + GOLDEN) ^ (b + 2 * GOLDEN));
    }

    static long of(long a, long b, long c) {
        return mix(of(a, b) ^ (c + 3 * GOLDEN));
    }

    static long of(long a, long b, long c, long d) {
        return mix(of(a, b, c) ^ (d + 4 * GOLDEN));
    }

    static long of(long a, long b, long c, long d, long e) {
        return mix(of(a, b, c, d) ^ (e + 5 * GOLDEN));
    }

    /** A uniform double in [0, 1) from a hash. */
    static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }

    /** A second independent uniform from the same hash, for a different purpose. */
    static double unit(long hash, int purpose) {
        return unit(mix(hash + purpose * GOLDEN));
    }

    /** A uniform long in [min, max] from a hash. */
    static long between(long hash, long min, long max) {
        return min + (long) Math.floor(unit(hash) * (max - min + 1));
    }

    /** Index into cumulative weights. */
    static int pick(double u, int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        double target = u * total;
        int acc = 0;
        for (int i = 0; i < weights.length; i++) {
            acc += weights[i];
            if (target < acc) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
