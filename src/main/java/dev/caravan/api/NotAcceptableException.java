package dev.caravan.api;

/** The request's Accept takes none of what the operation answers: answered 406. */
class NotAcceptableException extends RuntimeException {

    NotAcceptableException(String message) {
        super(message);
    }
}
