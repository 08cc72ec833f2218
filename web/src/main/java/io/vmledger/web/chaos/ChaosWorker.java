package io.vmledger.web.chaos;

import io.vmledger.capture.CaptureFaults;

import java.util.List;

/**
 * The process {@link ChaosRun} starts and kills: runs {@link ChaosWorkload} on one store and prints each
 * phase on its own line ({@code phase backfill 12/48}), so that the killer can tell where a kill landed.
 * Exit status 0 when the workload completed, 1 when it failed.
 */
public final class ChaosWorker {
    /** The prefix of a phase line on standard output. */
    static final String PHASE = "phase ";

    private ChaosWorker() {
    }

    public static void main(String[] args) {
        ChaosWorkload.Spec spec;
        try {
            spec = ChaosWorkload.Spec.parse(List.of(args));
        } catch (RuntimeException e) {
            System.err.println("chaos worker: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            ChaosWorkload.run(spec, CaptureFaults.NONE, p -> {
                System.out.println(PHASE + p);
                System.out.flush();
            });
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
