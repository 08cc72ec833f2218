package io.vmledger.web.ui;

import io.vmledger.api.settings.AuthSettings;
import io.vmledger.storage.spi.VmLookup;
import io.vmledger.web.auth.Caller;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The UI's small parts: formats, paging, links, sessions, the return path of a sign-in, job details. */
class UiUnitsTest {

    @Test
    void numbersAndTimesAreWrittenOneWay() {
        assertEquals("14,850", Format.number(14_849.6, 0));
        assertEquals("0.50", Format.number(0.5, 2));
        assertEquals("0", Format.number(-0.0001, 0), "no negative zero");
        assertEquals("95.8\u00a0%", Format.percent(0.958));
        assertEquals("350 ms", Format.duration(350));
        assertEquals("4.2 s", Format.duration(4_200));
        assertEquals("3 min 5 s", Format.duration(185_000));
        assertEquals("2 h 10 min", Format.duration(7_800_000));
        Format paris = new Format(ZoneId.of("Europe/Paris"));
        long midnightUtc = java.time.LocalDate.of(2026, 10, 5).atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond();
        assertEquals("2026-10-05 02:00", paris.time(midnightUtc), "summer time in Paris");
        assertEquals("2026-10-04", paris.day(midnightUtc - 3 * 3600));
        Format utc = new Format(java.time.ZoneOffset.UTC);
        assertEquals("14:00", utc.timeWithin(midnightUtc + 14 * 3600, "daily", midnightUtc));
        assertEquals("2026-10-06 00:00", utc.timeWithin(midnightUtc + 24 * 3600, "daily", midnightUtc), "the next day's");
        assertEquals("10-05 14:00", utc.timeWithin(midnightUtc + 14 * 3600, "monthly", midnightUtc - 4 * 86400));
        assertEquals("2026-11-01 00:00", utc.timeWithin(midnightUtc + 27 * 86400, "monthly", midnightUtc - 4 * 86400));
    }

    @Test
    void pagingClampsAndLinksItsNeighbours() {
        Links links = Links.to("/jobs").with("status", "failed");
        Paging first = Paging.of(1, 50, 120, links, "p");
        assertEquals(3, first.pages());
        assertNull(first.previous());
        assertEquals("/jobs?status=failed&page=2", first.next());
        Paging second = Paging.of(2, 50, 120, links, "p");
        assertEquals("/jobs?status=failed", second.previous(), "page 1 has no page parameter");
        assertEquals(51, second.first());
        assertEquals(100, second.last());
        Paging beyond = Paging.of(9, 50, 120, links, "p");
        assertEquals(3, beyond.page());
        assertEquals(100, beyond.offset(50));
        Paging none = Paging.of(1, 50, 0, links, "p");
        assertEquals(1, none.pages());
        assertEquals(0, none.first());
        assertEquals("/trace?q=a%20b%26c&vcenter=x", Links.to("/trace").with("q", "a b&c").with("vcenter", "x")
                .with("name", null).toString());
    }

    @Test
    void aSignInReturnsOnlyToAPathOfThisSite() {
        assertEquals("/jobs?status=failed", SignIn.safeNext("/jobs?status=failed"));
        assertEquals("/", SignIn.safeNext("https://evil.example/"));
        assertEquals("/", SignIn.safeNext("//evil.example/"));
        assertEquals("/", SignIn.safeNext("/\\evil.example"));
        assertEquals("/", SignIn.safeNext("/x\r\nSet-Cookie: a=b"));
        assertEquals("/", SignIn.safeNext("/signin?next=/signin"));
    }

    @Test
    void sessionsExpireWhenIdleAndAtTheirMaximumLifetime() {
        MutableClock clock = new MutableClock();
        Sessions sessions = new Sessions(clock, Duration.ofMinutes(30));
        Sessions.Session s = sessions.open(new Caller("ops", AuthSettings.Role.ADMIN));
        assertNotEquals(s.id(), s.csrf());
        assertTrue(s.id().length() >= 43, "256 random bits");
        assertTrue(s.csrfMatches(s.csrf()));
        assertTrue(!s.csrfMatches(null) && !s.csrfMatches(s.id()));
        for (int i = 0; i < 25; i++) {
            clock.advance(Duration.ofMinutes(29));
            if (i < 24) {
                assertInstanceOf(Sessions.Active.class, sessions.find(s.id()), "kept alive by use, minute " + (i + 1) * 29);
            }
        }
        assertInstanceOf(Sessions.Expired.class, sessions.find(s.id()), "12 hours at most");
        assertInstanceOf(Sessions.Absent.class, sessions.find(s.id()), "and then forgotten");

        Sessions.Session idle = sessions.open(new Caller("v", AuthSettings.Role.VIEWER));
        clock.advance(Duration.ofMinutes(30));
        assertInstanceOf(Sessions.Expired.class, sessions.find(idle.id()));
        assertInstanceOf(Sessions.Absent.class, sessions.find(null));
    }

    @Test
    void sessionsAreBounded() {
        Sessions sessions = new Sessions(new MutableClock(), Duration.ofMinutes(30));
        for (int i = 0; i < Sessions.CAPACITY + 5; i++) {
            sessions.open(new Caller("v", AuthSettings.Role.VIEWER));
        }
        assertEquals(Sessions.CAPACITY, sessions.size());
    }

    @Test
    void aCapturesDetailSplitsIntoWhoAskedStagesAndTheRest() {
        JobsPages.Detail d = JobsPages.Detail.parse("requested by ops (web UI); snapshot=2026-10-05T00:00:07Z fallbacks=0 "
                + "stages: fetch=0.120s/40 persist=0.004s/40 report=0.000s/0");
        assertEquals("ops (web UI)", d.requestedBy());
        assertEquals("snapshot=2026-10-05T00:00:07Z fallbacks=0", d.text());
        assertEquals(List.of(new JobsPages.Detail.Stage("fetch", 0.12, 40), new JobsPages.Detail.Stage("persist", 0.004, 40),
                new JobsPages.Detail.Stage("report", 0.0, 0)), d.stages());
        assertEquals(new JobsPages.Detail(null, "daily 2026-10-05: 64 rows", List.of()),
                JobsPages.Detail.parse("daily 2026-10-05: 64 rows"));
        assertEquals(new JobsPages.Detail(null, null, List.of()), JobsPages.Detail.parse(null));
    }

    @Test
    void aNamePrefixRangeEndsJustAfterItsLastCharacter() {
        assertEquals("web.", VmLookup.prefixEnd("web-"));
        assertEquals("\ue000", VmLookup.prefixEnd("\ud7ff"), "the surrogate range is skipped");
        assertEquals("a", VmLookup.prefixEnd("`"));
        assertEquals("b", VmLookup.prefixEnd("a\udbff\udfff"), "a last U+10FFFF carries over");
        assertNull(VmLookup.prefixEnd("\udbff\udfff"));
    }
}
