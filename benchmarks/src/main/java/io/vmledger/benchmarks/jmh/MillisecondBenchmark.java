package io.vmledger.benchmarks.jmh;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * How reads of milliseconds are measured (a trace, a page of a summary): the average time of as many
 * invocations as fit in one-second iterations, after warm-up iterations, in fixed forks with the JVM
 * options of every benchmark. They only read, so invocations need no preparation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgs = {JvmOptions.HEAP_MIN, JvmOptions.HEAP_MAX, JvmOptions.GC, JvmOptions.NATIVE_ACCESS})
@State(Scope.Benchmark)
public abstract class MillisecondBenchmark {
}
