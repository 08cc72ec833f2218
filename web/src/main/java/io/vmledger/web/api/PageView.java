package io.vmledger.web.api;

import java.util.List;

/** A page of items with the total number of matches, as every API listing returns it. */
public record PageView<T>(List<T> items, long total, int limit, long offset) {

    /** The page {@code [offset, offset + limit)} of an in-memory list. */
    public static <T> PageView<T> slice(List<T> all, int limit, long offset) {
        int from = (int) Math.min(offset, all.size());
        int to = (int) Math.min((long) from + limit, all.size());
        return new PageView<>(all.subList(from, to), all.size(), limit, offset);
    }
}
