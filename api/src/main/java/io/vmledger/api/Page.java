package io.vmledger.api;

import java.util.List;

/** One page of a listing with the total number of matches. */
public record Page<T>(List<T> items, long total, int limit, long offset) {

    public Page {
        items = List.copyOf(items);
    }
}
