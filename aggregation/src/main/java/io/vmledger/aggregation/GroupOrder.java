package io.vmledger.aggregation;

import java.util.HashSet;
import java.util.Set;

/**
 * Checks that an input stream is grouped by vCenter and VM key (the order the stores promise), so a
 * store bug can never split one VM into two summary rows silently. It does not rely on a particular
 * collation: it only requires that a vCenter, and a VM key within its vCenter, never come back.
 */
final class GroupOrder {
    private final String what;
    private final Set<String> finishedVcenters = new HashSet<>();
    private final Set<String> keysOfVcenter = new HashSet<>();
    private String vcenter;
    private String key;

    GroupOrder(String what) {
        this.what = what;
    }

    /** The kind of boundary a row with these keys crosses. */
    enum Step { SAME_GROUP, NEW_GROUP, NEW_VCENTER }

    Step next(String rowVcenter, String rowKey) {
        if (rowVcenter.equals(vcenter)) {
            if (rowKey.equals(key)) {
                return Step.SAME_GROUP;
            }
            if (!keysOfVcenter.add(rowKey)) {
                throw new AggregationException(what + " are not grouped by VM: " + rowVcenter + "/" + rowKey
                        + " appears again after other VMs");
            }
            key = rowKey;
            return Step.NEW_GROUP;
        }
        if (vcenter != null) {
            finishedVcenters.add(vcenter);
        }
        if (finishedVcenters.contains(rowVcenter)) {
            throw new AggregationException(what + " are not grouped by vCenter: " + rowVcenter
                    + " appears again after other vCenters");
        }
        vcenter = rowVcenter;
        key = rowKey;
        keysOfVcenter.clear();
        keysOfVcenter.add(rowKey);
        return Step.NEW_VCENTER;
    }
}
