package dev.caravan.api;

/** The request's body is larger than the operation takes: answered 413 with the message as the problem's detail. */
class ContentTooLargeException extends RuntimeException {

    ContentTooLargeException(String message) {
        super(message);
    }
}
