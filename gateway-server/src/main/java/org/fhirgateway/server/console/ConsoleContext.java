package org.fhirgateway.server.console;

import java.util.List;

/** What the console's servlet, filter and exchanges share: the templates, the sessions and the pages. */
record ConsoleContext(Templates templates, ConsoleSessions sessions, List<ConsolePage> pages, SignIn signIn) {

    ConsoleContext {
        pages = List.copyOf(pages);
    }
}
