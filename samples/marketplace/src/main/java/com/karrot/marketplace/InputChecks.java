package com.karrot.marketplace;

/** Checks of request fields shared by the services; each failure is an {@link InvalidInputException} naming the field. */
public final class InputChecks {

    private InputChecks() {
    }

    /**
     * Checks that a text field is present, not blank and not too long.
     * @param field the field name used in the message
     * @param value the value to check
     * @param maxLength the longest accepted value
     * @return the value, stripped of surrounding white space
     */
    public static String text(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field + " must not be empty");
        }
        String stripped = value.strip();
        if (stripped.length() > maxLength) {
            throw new InvalidInputException(field + " must be at most " + maxLength + " characters");
        }
        return stripped;
    }

    /**
     * Checks that an amount is present and not negative.
     * @param field the field name used in the message
     * @param value the value to check
     * @return the value
     */
    public static long notNegative(String field, Long value) {
        if (value == null) {
            throw new InvalidInputException(field + " is required");
        }
        if (value < 0) {
            throw new InvalidInputException(field + " must not be negative, was " + value);
        }
        return value;
    }
}
