package dev.caravan.api;

/** What the request names does not exist: answered 404. */
class NotFoundException extends RuntimeException {

    NotFoundException(String message) {
        super(message);
    }
}
