package io.vmledger.web.ui;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;

import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * VM names are whatever the vCenter's users typed: the seeded store has a VM named
 * {@code <img src=x onerror=alert(1)>} and one named {@code "><script>alert(1)</script>}. Every page that
 * shows them shows their text, runs nothing and adds no element.
 */
class HostileNamesBrowserTest {
    private final UiFixture f = UiFixture.get();
    private final Browser b = Browser.get();

    private void assertShownAsText(String path, String css) {
        b.width(1280);
        b.open(f.publicUrl() + path);
        List<String> texts = b.all(css).stream().map(e -> e.getText()).toList();
        assertTrue(texts.contains(UiFixture.HOSTILE_IMG), path + ": " + texts);
        assertTrue(texts.contains(UiFixture.HOSTILE_SCRIPT), path + ": " + texts);
        assertNothingInjected(path);
    }

    private void assertNothingInjected(String path) {
        assertEquals(0L, b.js("return document.querySelectorAll('img[src=\"x\"], img[onerror]').length"), path);
        assertEquals(0L, b.js("return Array.from(document.scripts).filter(s => s.text.includes('alert(1)')).length"), path);
        assertThrows(NoAlertPresentException.class, () -> b.driver.switchTo().alert(), "an alert opened on " + path);
        assertEquals(List.of(), b.consoleErrors(), path);
    }

    @Test
    void summaryPagesShowTheNamesAsText() {
        assertShownAsText("/snapshots/daily/" + UiFixture.DAY1, "table.data tbody th.name");
        assertShownAsText("/snapshots/monthly/" + UiFixture.MONTH, "table.data tbody th.name");
        // the filter form gives a hostile prefix back as the input's value, not as markup
        b.open(f.publicUrl() + "/snapshots/daily/" + UiFixture.DAY1 + "?name_prefix=" + Links.encode(UiFixture.HOSTILE_SCRIPT));
        assertEquals(UiFixture.HOSTILE_SCRIPT, b.find("#f-prefix").getDomProperty("value"));
        assertEquals(List.of(UiFixture.HOSTILE_SCRIPT), b.all("table.data tbody th.name").stream().map(e -> e.getText()).toList());
        assertNothingInjected("filtered summary");
    }

    @Test
    void traceShowsTheNameInTheTitleIdentityAndSamples() {
        for (int i = 0; i < 2; i++) {
            String name = i == 0 ? UiFixture.HOSTILE_IMG : UiFixture.HOSTILE_SCRIPT;
            b.width(1280);
            b.open(f.publicUrl() + "/trace?vcenter=" + Links.encode(UiFixture.VC1) + "&vm_id=" + f.hostileIds.get(i));
            assertEquals("VM " + name, b.find("h1").getText());
            assertEquals("VM " + name + " · vmledger", b.driver.getTitle());
            assertEquals(name, b.find(".identity dd.name").getText());
            assertTrue(b.all("table.data tbody td.name").stream().allMatch(e -> e.getText().equals(name)));
            assertNothingInjected("trace of " + name);
        }
        // searched by name: the search box keeps the text, the candidates list shows it
        b.open(f.publicUrl() + "/trace?q=" + Links.encode("<"));
        assertEquals("<", b.find("#f-q").getDomProperty("value"));
        assertTrue(b.all("table.data tbody th.name").stream().anyMatch(e -> e.getText().equals(UiFixture.HOSTILE_IMG))
                || b.find("h1").getText().equals("VM " + UiFixture.HOSTILE_IMG));
        assertNothingInjected("trace search");
    }

    @Test
    void theHtmlCarriesTheNamesEscapedAndTheCsvCarriesThemVerbatim() {
        UiFixture.Http http = UiFixture.http();
        String html = http.get(f.publicUrl() + "/snapshots/daily/" + UiFixture.DAY1).body();
        assertFalse(html.contains(UiFixture.HOSTILE_IMG));
        assertFalse(html.contains("<script>alert(1)</script>"));
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        HttpResponse<String> csv = http.get(f.publicUrl() + "/snapshots/daily/" + UiFixture.DAY1 + "/export.csv");
        assertTrue(csv.headers().firstValue("Content-Type").orElseThrow().startsWith("text/csv"));
        assertTrue(csv.body().contains(UiFixture.HOSTILE_IMG));
        assertTrue(csv.body().contains("\"\"\"><script>alert(1)</script>\""), "quoted as CSV");
    }

    @Test
    void theBrowserNeverRunsTheNames() {
        b.width(360);
        b.open(f.publicUrl() + "/snapshots/daily/" + UiFixture.DAY1 + "?name_prefix=" + Links.encode("<img"));
        assertEquals(1, b.driver.findElements(By.cssSelector("table.data tbody tr")).size());
        assertNothingInjected("phone width");
    }
}
