package dev.caravan.run;

/** A callback whose token is missing or is not the one of its step: answered 401, changes nothing. */
public class InvalidCallbackTokenException extends RuntimeException {

    public InvalidCallbackTokenException() {
        super("this callback URL's token is not valid for this step: use the callbackUrl Caravan sent with the call");
    }
}
