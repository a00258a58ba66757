package org.fhirgateway.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.fhirgateway.server.rest.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Cookie;

/** Sign-in and sign-out of the console in a real headless Chromium against a real gateway. */
class SignInBrowserTest {

    @TempDir
    static Path dir;
    private static RunningGateway gateway;
    private static ConsoleBrowser browser;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(dir);
        browser = new ConsoleBrowser(gateway.root());
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aBadTokenIsRefusedAGoodOneOpensTheMessagesAndSignOutEndsTheSession() throws Exception {
        browser.open("/messages");
        assertEquals("/console/sign-in", browser.currentPath(), "no session: the pages send to the sign-in form");

        browser.signIn("not-a-configured-token");
        assertEquals("/console/sign-in", browser.currentPath());
        assertTrue(browser.text("#sign-in-error").contains("GW-CONSOLE-401"), browser.text("#sign-in-error"));
        assertNull(browser.driver().manage().getCookieNamed("GW_CONSOLE"), "no session for a bad token");
        browser.screenshot("sign-in-refused");

        browser.signIn(RunningGateway.ADMIN);
        assertEquals("/console/messages", browser.currentPath(), "the token travelled in the form body, not the URL");
        assertEquals("admin", browser.text("#client-name"));
        assertNotNull(browser.find("table#messages"));
        assertEquals("Messages", browser.text("header nav a.active"));
        Cookie cookie = browser.driver().manage().getCookieNamed("GW_CONSOLE");
        assertNotNull(cookie);
        assertTrue(cookie.isHttpOnly(), "HttpOnly");
        assertTrue(cookie.isSecure(), "Secure");
        assertEquals("Strict", cookie.getSameSite());
        assertEquals("/console", cookie.getPath());
        assertTrue(cookie.getValue().length() >= 43, "256 random bits, base64url");
        assertFalse(browser.driver().getPageSource().contains(RunningGateway.ADMIN), "the token is never echoed");

        browser.signOut();
        assertEquals("/console/sign-in", browser.currentPath());
        assertNull(browser.driver().manage().getCookieNamed("GW_CONSOLE"), "the cookie is cleared");
        browser.driver().manage().addCookie(cookie); // the old cookie is worth nothing once signed out
        browser.open("/messages");
        assertEquals("/console/sign-in", browser.currentPath());
    }
}
