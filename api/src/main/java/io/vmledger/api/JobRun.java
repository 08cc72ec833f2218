package io.vmledger.api;

/**
 * One recorded run of a job (capture of a vCenter, aggregation, report, repair...).
 *
 * @param id        store-assigned id
 * @param type      job kind, e.g. {@code capture}, {@code daily-aggregation}
 * @param target    what it ran on, e.g. a vCenter key or a date
 * @param startedAt start, epoch milliseconds
 * @param endedAt   end, epoch milliseconds; null while running
 * @param status    running, succeeded, failed or abandoned
 * @param rows      rows written
 * @param detail    free text: the error message of a failure, or stage figures
 * @param instance  id of the instance (process) that ran it ({@link Instance#id()}); null for runs recorded by
 *                  versions before instances were recorded
 */
public record JobRun(long id, String type, String target, long startedAt, Long endedAt, JobStatus status, long rows,
                     String detail, String instance) {

    public Long durationMillis() {
        return endedAt == null ? null : endedAt - startedAt;
    }
}
