package io.vmledger.aggregation;

/**
 * An aggregation that cannot run or whose input breaks an assumption (rows out of order, a period
 * without data, a path the storage plugin does not offer). Nothing is written when it is thrown.
 */
public class AggregationException extends RuntimeException {

    public AggregationException(String message) {
        super(message);
    }

    public AggregationException(String message, Throwable cause) {
        super(message, cause);
    }
}
