package io.vmledger.storage.spi;

import java.util.Objects;

/**
 * A trace look-up: a VM by managed object id, instance UUID or name, optionally within one vCenter.
 *
 * @param by      which identity {@code value} is
 * @param value   the id, UUID or exact name
 * @param vcenter vCenter key, or null for all vCenters
 */
public record VmLookup(By by, String value, String vcenter) {

    public enum By { VM_ID, VM_UUID, NAME }

    public VmLookup {
        Objects.requireNonNull(by, "by");
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a look-up value is required");
        }
    }

    /**
     * The least string greater than every string that starts with {@code prefix}, in code-point order
     * (the order of SQLite's BINARY and PostgreSQL's "C" collation over UTF-8), or null when there is
     * none (a prefix of only U+10FFFF). {@code "Name" >= prefix AND "Name" < end} is then an index range.
     */
    public static String prefixEnd(String prefix) {
        int[] cps = prefix.codePoints().toArray();
        for (int i = cps.length - 1; i >= 0; i--) {
            if (cps[i] < Character.MAX_CODE_POINT) {
                int next = cps[i] + 1;
                cps[i] = next == Character.MIN_SURROGATE ? Character.MAX_SURROGATE + 1 : next;
                return new String(cps, 0, i + 1);
            }
        }
        return null;
    }
}
