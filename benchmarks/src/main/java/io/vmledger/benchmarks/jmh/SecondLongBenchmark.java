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
 * How the second-long operations are measured (aggregations, the persistence of an hour): each
 * invocation is one whole job run, timed alone ({@code SingleShotTime}), with per-invocation
 * preparation outside the measured time ({@code Level.Iteration} set-ups, one invocation per iteration),
 * a fixed number of warm-up and measured invocations in a fixed number of forks, and fixed JVM options
 * (those of {@code bin/vmledger}, with a fixed heap). Why: docs/decisions/0130-jmh-benchmarks-and-sql-promotion.md.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 2, jvmArgs = {JvmOptions.HEAP_MIN, JvmOptions.HEAP_MAX, JvmOptions.GC, JvmOptions.NATIVE_ACCESS})
@State(Scope.Benchmark)
public abstract class SecondLongBenchmark {
}
