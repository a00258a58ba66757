package org.fhirgateway.server.console;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The console's CSS, scripts and images, from the jar's {@code console/static/}: nothing is fetched from the
 * internet. Names are plain (letters, digits, dots, dashes), so no path can leave that folder.
 */
final class StaticFiles {

    private static final Pattern NAME = Pattern.compile("/[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.(css|js|svg|png|ico|woff2)");
    private static final Map<String, String> TYPES = Map.of("css", "text/css;charset=utf-8",
            "js", "text/javascript;charset=utf-8", "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon",
            "woff2", "font/woff2");

    void serve(String path, HttpServletResponse resp) throws IOException {
        if (!NAME.matcher(path).matches()) {
            throw ConsoleException.notFound();
        }
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream("console/static" + path)) {
            if (in == null) {
                throw ConsoleException.notFound();
            }
            byte[] bytes = in.readAllBytes();
            resp.setStatus(200);
            resp.setContentType(TYPES.get(path.substring(path.lastIndexOf('.') + 1)));
            resp.setHeader("Cache-Control", "private, max-age=300"); // no patient data in these files
            resp.setContentLength(bytes.length);
            resp.getOutputStream().write(bytes);
        }
    }
}
