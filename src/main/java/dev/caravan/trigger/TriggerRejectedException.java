package dev.caravan.trigger;

import java.io.Serial;

/**
 * A trigger's message started no run. Thrown after the rejection was published and logged, so
 * that the consumer treats the message as failed (a file moves to {@code .rejected/}); it carries
 * no stack trace, which would say nothing the reason does not.
 */
class TriggerRejectedException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    TriggerRejectedException(String reason) {
        super(reason, null, false, false);
    }
}
