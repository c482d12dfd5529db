package com.karrot.marketplace;

/** Thrown when the user, item or other resource a request names in its path does not exist; answered with 404. */
public class NotFoundException extends RuntimeException {

    /**
     * Creates the exception for one missing resource.
     * @param resource what was looked for, for example {@code item}
     * @param id the id that matched nothing
     */
    public NotFoundException(String resource, String id) {
        super("no " + resource + " with id " + id);
    }
}
