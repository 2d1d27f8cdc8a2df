package dev.caravan.api;

/** The body's Content-Type (or Content-Encoding) is not one the operation reads: answered 415. */
class UnsupportedMediaTypeException extends RuntimeException {

    UnsupportedMediaTypeException(String message) {
        super(message);
    }
}
