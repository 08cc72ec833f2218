package io.vmledger.web.ui;

/**
 * A page of a server-side paged listing: which rows it shows and the links to its neighbours.
 *
 * @param page     1-based page number
 * @param pages    number of pages (at least 1)
 * @param first    1-based number of the first row shown (0 when there is none)
 * @param last     number of the last row shown
 * @param total    rows in all pages
 * @param previous link to the previous page, or null
 * @param next     link to the next page, or null
 * @param label    accessible name of the pager
 */
record Paging(int page, long pages, long first, long last, long total, String previous, String next, String label) {

    /** The paging of {@code page} (beyond the last page shows the last) over {@code total} rows. */
    static Paging of(int page, int size, long total, Links links, String label) {
        long pages = Math.max(1, (total + size - 1) / size);
        int p = (int) Math.min(page, pages);
        long offset = (long) (p - 1) * size;
        long first = total == 0 ? 0 : offset + 1;
        long last = Math.min(total, offset + size);
        return new Paging(p, pages, first, last, total,
                p > 1 ? links.withParam("page", p - 1 == 1 ? null : p - 1) : null,
                p < pages ? links.withParam("page", p + 1) : null,
                label);
    }

    long offset(int size) {
        return (long) (page - 1) * size;
    }
}
