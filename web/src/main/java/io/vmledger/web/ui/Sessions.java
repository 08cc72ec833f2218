package io.vmledger.web.ui;

import io.vmledger.api.settings.AuthSettings.Role;
import io.vmledger.web.auth.Caller;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The UI's signed-in sessions, in memory (a restart signs everyone out). A session is created by a
 * sign-in with a token, named by a random id that only its HttpOnly cookie carries, and holds the
 * token's label and role (never the token) and the random CSRF token of its forms. It expires after
 * {@code auth.ui_session_minutes} without a request, and at the latest {@link #MAX_LIFETIME} after
 * sign-in.
 */
final class Sessions {
    static final Duration MAX_LIFETIME = Duration.ofHours(12);
    /** Sessions kept at most; beyond it the least recently used go first. */
    static final int CAPACITY = 10_000;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ID = Base64.getUrlEncoder().withoutPadding();

    private final Clock clock;
    private final long idleMillis;
    private final Map<String, Session> byId = new ConcurrentHashMap<>();

    Sessions(Clock clock, Duration idle) {
        this.clock = clock;
        this.idleMillis = idle.toMillis();
    }

    /** One signed-in session; {@code lastSeen} moves with each request. */
    static final class Session {
        private final String id;
        private final Caller caller;
        private final String csrf;
        private final long created;
        private volatile long lastSeen;

        private Session(String id, Caller caller, String csrf, long created) {
            this.id = id;
            this.caller = caller;
            this.csrf = csrf;
            this.created = created;
            this.lastSeen = created;
        }

        String id() {
            return id;
        }

        Caller caller() {
            return caller;
        }

        String csrf() {
            return csrf;
        }

        boolean isAdmin() {
            return caller.role() == Role.ADMIN;
        }

        /** Whether {@code presented} is this session's CSRF token (compared in constant time). */
        boolean csrfMatches(String presented) {
            return presented != null && MessageDigest.isEqual(csrf.getBytes(), presented.getBytes());
        }
    }

    /** What a session cookie names. */
    sealed interface Lookup permits Active, Expired, Absent {
    }

    record Active(Session session) implements Lookup {
    }

    /** The cookie named a session that expired (so the sign-in page can say so). */
    record Expired() implements Lookup {
    }

    record Absent() implements Lookup {
    }

    /** Opens a session for a caller who just signed in. */
    Session open(Caller caller) {
        long now = clock.millis();
        if (byId.size() >= CAPACITY) {
            byId.values().removeIf(s -> expired(s, now));
            while (byId.size() >= CAPACITY) {
                byId.values().stream().min(Comparator.comparingLong(s -> s.lastSeen))
                        .ifPresent(oldest -> byId.remove(oldest.id));
            }
        }
        Session s = new Session(random(), caller, random(), now);
        byId.put(s.id, s);
        return s;
    }

    /** The session an id names, touched when active; an expired one is removed. */
    Lookup find(String id) {
        if (id == null) {
            return new Absent();
        }
        Session s = byId.get(id);
        if (s == null) {
            return new Absent();
        }
        long now = clock.millis();
        if (expired(s, now)) {
            byId.remove(id);
            return new Expired();
        }
        s.lastSeen = now;
        return new Active(s);
    }

    void close(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    int size() {
        return byId.size();
    }

    private boolean expired(Session s, long now) {
        return now - s.lastSeen >= idleMillis || now - s.created >= MAX_LIFETIME.toMillis();
    }

    static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return ID.encodeToString(b);
    }
}
