package dev.caravan.state;

/** A write named a version of a key that is no longer the current one: answered 412. */
public class StaleVersionException extends RuntimeException {

    public StaleVersionException(String key, long expected, Long current) {
        super(current == null
                ? "state '" + key + "' does not exist, so version " + expected + " is not current"
                : "state '" + key + "' is at version " + current + ", not " + expected + ": read it again and retry");
    }
}
