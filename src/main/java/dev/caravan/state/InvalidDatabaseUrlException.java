package dev.caravan.state;

/** DATABASE_URL cannot be used; the message shows it without its password. */
public class InvalidDatabaseUrlException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    InvalidDatabaseUrlException(String message) {
        super(message);
    }
}
