package io.vmledger.benchmarks.jmh;

/** The JVM options of every benchmark fork: those of {@code bin/vmledger}, with a fixed heap. */
final class JvmOptions {
    static final String HEAP_MIN = "-Xms2g";
    static final String HEAP_MAX = "-Xmx2g";
    static final String GC = "-XX:+UseParallelGC";
    /** sqlite-jdbc loads its native library. */
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    private JvmOptions() {
    }
}
