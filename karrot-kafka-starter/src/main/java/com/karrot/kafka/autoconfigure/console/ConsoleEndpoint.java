package com.karrot.kafka.autoconfigure.console;

import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.util.MimeType;

/**
 * The {@code kafkaconsole} actuator endpoint: the operations console, a page of plain HTML, CSS and JavaScript over the
 * {@code kafkaoutbox}, {@code kafkadlq}, {@code kafkalag}, {@code kafkatopics}, {@code kafkaschemas} and
 * {@code kafkastreams} endpoints. Being an endpoint, it lives under the management base path (and port), and Spring
 * Security's {@code EndpointRequest} matchers cover it as they cover the endpoints it calls. The page holds no data of
 * its own: it shows what those endpoints return to the caller, and offers a write control only where a harmless probe
 * of the write operation succeeds; the endpoints refuse writes that are not granted whatever the page shows.
 */
@WebEndpoint(id = "kafkaconsole", defaultAccess = Access.READ_ONLY)
public class ConsoleEndpoint {

    static final String LOCATION = "karrot-kafka-console/";

    /** Only the console's own flat file names, so that no other class path resource can be asked for. */
    private static final Pattern FILE = Pattern.compile("[a-z0-9-]+\\.(html|css|js|svg|txt)");

    private static final Map<String, MimeType> TYPES = Map.of("html", MimeType.valueOf("text/html;charset=UTF-8"),
            "css", MimeType.valueOf("text/css;charset=UTF-8"), "js",
            MimeType.valueOf("text/javascript;charset=UTF-8"), "svg", MimeType.valueOf("image/svg+xml"), "txt",
            MimeType.valueOf("text/plain;charset=UTF-8"));

    /**
     * The console's page.
     * @return the page
     */
    @ReadOperation(produces = "text/html")
    public WebEndpointResponse<Resource> page() {
        return file("index.html");
    }

    /**
     * One file of the console: a script, a style sheet, an image or a licence.
     * @param path the file name
     * @return the file, or 404 when the console has no such file
     */
    @ReadOperation(produces = { "text/javascript", "text/css", "image/svg+xml", "text/plain", "text/html" })
    public WebEndpointResponse<Resource> asset(@Selector(match = Match.ALL_REMAINING) String... path) {
        return (path.length == 1) ? file(path[0]) : new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
    }

    private static WebEndpointResponse<Resource> file(String name) {
        if (!FILE.matcher(name).matches()) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        Resource resource = new ClassPathResource(LOCATION + name, ConsoleEndpoint.class.getClassLoader());
        if (!resource.exists()) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        return new WebEndpointResponse<>(resource, TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
    }
}
