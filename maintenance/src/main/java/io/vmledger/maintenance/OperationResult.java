package io.vmledger.maintenance;

/**
 * What an operation did, as recorded in its job run.
 *
 * @param rows   rows written
 * @param detail one line of figures for the job record
 */
public record OperationResult(long rows, String detail) {
}
