package io.vmledger.api;

import java.util.List;
import java.util.Locale;

/**
 * The four tier pools (default Tin, Bronze, Silver, Gold). A resource pool matches a tier when
 * its name equals the tier name case-insensitively; every other pool counts as Other.
 * The tiers map in order onto the columns {@code PoolTinPct}, {@code PoolBronzePct},
 * {@code PoolSilverPct}, {@code PoolGoldPct}.
 */
public record PoolTiers(List<String> names) {
    public static final int TIER_COUNT = 4;
    /** Index returned by {@link #classify} for pools outside the tiers. */
    public static final int OTHER = TIER_COUNT;

    public PoolTiers {
        names = List.copyOf(names);
        if (names.size() != TIER_COUNT) {
            throw new IllegalArgumentException("exactly " + TIER_COUNT + " tier names are needed, got " + names.size());
        }
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (n == null || n.isBlank()) {
                throw new IllegalArgumentException("tier names must not be blank");
            }
            for (int j = 0; j < i; j++) {
                if (names.get(j).equalsIgnoreCase(n)) {
                    throw new IllegalArgumentException("tier name '" + n + "' is given twice");
                }
            }
        }
    }

    public static PoolTiers defaults() {
        return new PoolTiers(List.of("Tin", "Bronze", "Silver", "Gold"));
    }

    /** 0..3 for the tiers in order, {@link #OTHER} for any other pool (null included). */
    public int classify(String pool) {
        if (pool != null) {
            for (int i = 0; i < TIER_COUNT; i++) {
                if (names.get(i).equalsIgnoreCase(pool)) {
                    return i;
                }
            }
        }
        return OTHER;
    }

    public String lowerCaseName(int tier) {
        return names.get(tier).toLowerCase(Locale.ROOT);
    }
}
