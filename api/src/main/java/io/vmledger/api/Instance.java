package io.vmledger.api;

/**
 * One process that opened the store (a {@code serve}, a {@code capture-once}, a test...): an instance. Its
 * job runs carry its id; while it runs it sends a heartbeat; when it stops it records its end, and when it
 * dies another instance finds out and closes its running job runs as {@link JobStatus#ABANDONED}.
 *
 * @param id          random id, fixed for the life of the open store
 * @param role        what it runs: the command ({@code serve}, {@code demo}, ...)
 * @param host        host name of its machine
 * @param pid         its process id on that machine
 * @param startedAt   when it opened the store, epoch milliseconds
 * @param heartbeatAt its latest heartbeat, epoch milliseconds
 * @param endedAt     when it stopped, or was found dead; null while it runs
 * @param status      {@code running}, {@code stopped} (a clean close) or {@code dead} (found dead by another)
 * @param detail      how it ended, for a dead instance the evidence ({@code process 1234 is gone})
 */
public record Instance(String id, String role, String host, long pid, long startedAt, long heartbeatAt, Long endedAt,
                       String status, String detail) {
    public static final String RUNNING = "running";
    public static final String STOPPED = "stopped";
    public static final String DEAD = "dead";

    public boolean running() {
        return RUNNING.equals(status);
    }

    /** {@code serve, pid 1234 on host-a}: how messages name it. */
    public String describe() {
        return role + ", pid " + pid + " on " + host;
    }
}
