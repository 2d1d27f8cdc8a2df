package dev.caravan.run;

/**
 * What the caller asked for is wrong in itself (a step the run does not have, a range the wrong
 * way round): the message says why in the caller's terms, and the REST API answers 400 with it.
 * An IllegalArgumentException for Java callers; the API answers any other one as its own fault
 * (500), since its message was written for no client (a library's {@code long overflow}).
 */
public class InvalidRequestException extends IllegalArgumentException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
