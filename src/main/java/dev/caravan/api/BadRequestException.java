package dev.caravan.api;

/** The request itself is wrong: answered 400 with the message as the problem's detail. */
class BadRequestException extends RuntimeException {

    BadRequestException(String message) {
        super(message);
    }
}
