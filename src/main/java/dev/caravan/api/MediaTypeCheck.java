package dev.caravan.api;

import java.util.List;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.spi.RestClientRequestValidator;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Camel's client request validation ({@code camel.rest.client-request-validation}) with Caravan's
 * checks and answers: a body whose Content-Type is not one the operation consumes (its
 * {@code consumes:} in routes/rest.yaml) is a 415, an Accept that takes nothing the operation
 * produces is a 406, each a problem that names the types. A body sent without a Content-Type is
 * read as the operation's own type (an agent or script that leaves it out still works); an empty
 * body is not checked (a signal may have none).
 *
 * <p>Camel's own validator answered with an empty body and the request's Content-Type, read every
 * JSON body into a String first to see that it parses (the handlers read it as a stream and say
 * where it does not), took {@code a} for a type of {@code application/json} (it compares text), and
 * answered 400 for a callback without its token where the handler answers 401.
 */
@Component
class MediaTypeCheck implements RestClientRequestValidator {

    private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

    private final ApiProblems problems;

    MediaTypeCheck(ApiProblems problems) {
        this.problems = problems;
    }

    @Override
    public ValidationError validate(Exchange exchange, ValidationContext operation) {
        RuntimeException refused = refusal(exchange.getMessage(), operation);
        if (refused == null) {
            return null;
        }
        problems.answer(exchange, refused);
        Message answer = exchange.getMessage();
        if (refused instanceof UnsupportedMediaTypeException) {
            // what it would have taken (RFC 9110, 15.5.16)
            answer.setHeader("Accept", operation.consumes());
        }
        return new ValidationError(answer.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class),
                answer.getBody(String.class));
    }

    private static RuntimeException refusal(Message request, ValidationContext operation) {
        RuntimeException unsupported = unsupportedBody(request, operation.consumes());
        return unsupported != null ? unsupported : unacceptable(request, operation.produces());
    }

    private static RuntimeException unsupportedBody(Message request, String consumes) {
        String sent = request.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (consumes == null || sent == null || sent.isBlank() || !hasBody(request)) {
            return null;
        }
        List<MediaType> taken = MediaType.parseMediaTypes(consumes);
        MediaType type;
        try {
            type = MediaType.parseMediaType(sent);
        } catch (InvalidMediaTypeException notAType) {
            return new UnsupportedMediaTypeException("Content-Type '" + sent + "' is not a media type; this operation "
                    + "takes " + names(taken));
        }
        if (taken.stream().anyMatch(range -> includes(range, type))) {
            return null;
        }
        String hint = MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(type)
                ? " (curl -d sends " + MediaType.APPLICATION_FORM_URLENCODED_VALUE + " unless told: add -H 'Content-Type: "
                        + taken.getFirst() + "')"
                : "";
        return new UnsupportedMediaTypeException("this operation takes " + names(taken) + ", not "
                + type.getType() + "/" + type.getSubtype() + hint);
    }

    private static RuntimeException unacceptable(Message request, String produces) {
        String accept = request.getHeader("Accept", String.class);
        if (produces == null || accept == null || accept.isBlank()) {
            return null;
        }
        List<MediaType> ranges;
        try {
            ranges = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException notTypes) {
            return new BadRequestException("Accept '" + accept + "' is not a list of media types");
        }
        List<MediaType> produced = MediaType.parseMediaTypes(produces);
        boolean acceptable = ranges.stream().filter(range -> range.getQualityValue() > 0)
                .anyMatch(range -> produced.stream().anyMatch(type -> includes(range, type)));
        if (acceptable) {
            return null;
        }
        return new NotAcceptableException("this operation answers " + names(produced) + " (its errors "
                + PROBLEM + "), which Accept '" + accept + "' does not take");
    }

    /**
     * Whether a type the operation names (or the client accepts) takes this one: as Spring matches
     * types, wildcards included, and JSON takes any JSON type ({@code application/vnd.x+json}).
     */
    private static boolean includes(MediaType range, MediaType type) {
        return range.includes(type) || MediaType.APPLICATION_JSON.equalsTypeAndSubtype(range)
                && "json".equals(type.getSubtypeSuffix());
    }

    /** Camel maps the request's headers, Content-Length among them; a chunked body has none. */
    private static boolean hasBody(Message request) {
        Long length = request.getHeader("Content-Length", Long.class);
        return length == null ? request.getHeader("Transfer-Encoding") != null : length > 0;
    }

    private static String names(List<MediaType> types) {
        List<String> names = types.stream().map(type -> type.toString().toLowerCase(Locale.ROOT)).toList();
        return names.size() == 1 ? names.getFirst()
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
    }
}
