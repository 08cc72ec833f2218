package io.vmledger.storage.jdbc;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Who this process is, in the terms another process on the same machine can check: its host name (for
 * people), a machine key (Linux: the boot id and the PID namespace, so two containers with the same host
 * name never pass for one machine), its process id and the instant it started (so a reused process id is
 * told from the original).
 *
 * @param host         host name
 * @param machineKey   boot id and PID namespace; null where they cannot be read (then only heartbeats tell
 *                     whether an instance lives)
 * @param pid          process id
 * @param processStart start of the process, epoch milliseconds; null when unknown
 */
record ProcessIdentity(String host, String machineKey, long pid, Long processStart) {
    /** Two readings of one process's start may differ by a clock tick or two. */
    private static final long START_TOLERANCE_MILLIS = 1_000;

    private static final ProcessIdentity CURRENT = read();

    static ProcessIdentity current() {
        return CURRENT;
    }

    private static ProcessIdentity read() {
        ProcessHandle me = ProcessHandle.current();
        String bootId = readFirstLine(Path.of("/proc/sys/kernel/random/boot_id"));
        String pidNamespace = null;
        try {
            pidNamespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // not Linux, or /proc hidden: heartbeats only
        }
        String key = bootId != null && pidNamespace != null ? bootId + "/" + pidNamespace : null;
        return new ProcessIdentity(hostName(), key, me.pid(), startOf(me).orElse(null));
    }

    /** Whether {@code machineKey} names this machine (and PID namespace), so that its process ids can be checked here. */
    boolean sameMachine(String otherMachineKey) {
        return machineKey != null && machineKey.equals(otherMachineKey);
    }

    /** Whether a process of this machine with {@code pid}, started at {@code start} (null: unknown), is this one. */
    boolean isThisProcess(String otherMachineKey, long otherPid, Long start) {
        return sameMachine(otherMachineKey) && otherPid == pid && sameStart(processStart, start);
    }

    /**
     * Why the process {@code otherPid}, started at {@code start} (null: unknown), no longer runs on this
     * machine, or null when it does.
     */
    static String whyGone(long otherPid, Long start) {
        Optional<ProcessHandle> handle = ProcessHandle.of(otherPid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return "process " + otherPid + " is gone";
        }
        if (start != null) {
            Optional<Long> now = startOf(handle.get());
            if (now.isPresent() && !sameStart(now.get(), start)) {
                return "process " + otherPid + " is gone (the id now belongs to a process started at "
                        + Instant.ofEpochMilli(now.get()) + ")";
            }
        }
        return null;
    }

    private static boolean sameStart(Long a, Long b) {
        return a == null || b == null || Math.abs(a - b) <= START_TOLERANCE_MILLIS;
    }

    private static Optional<Long> startOf(ProcessHandle p) {
        try {
            return p.info().startInstant().map(Instant::toEpochMilli);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String hostName() {
        String name = readFirstLine(Path.of("/proc/sys/kernel/hostname"));
        if (name != null) {
            return name;
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    private static String readFirstLine(Path file) {
        try {
            String s = Files.readString(file).strip();
            return s.isEmpty() ? null : s;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
