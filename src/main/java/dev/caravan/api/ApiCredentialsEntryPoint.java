package dev.caravan.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * The API's 401: a problem that tells a client that sent no credentials from one whose credentials
 * are wrong, without telling which of the user name and the password was.
 */
final class ApiCredentialsEntryPoint implements AuthenticationEntryPoint {

    private static final String BASIC = "Basic ";

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException denied)
            throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"caravan\"");
        HttpProblems.write(response, 401, detail(request.getHeader(HttpHeaders.AUTHORIZATION), denied),
                request.getRequestURI());
    }

    private static String detail(String authorization, AuthenticationException denied) {
        if (authorization == null || authorization.isBlank()) {
            return "no credentials sent: this API takes HTTP Basic credentials";
        }
        if (!authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return "the Authorization header is not HTTP Basic: this API takes HTTP Basic credentials";
        }
        if (!readable(authorization.substring(BASIC.length()).strip())) {
            return "the HTTP Basic credentials are not base64 of user:password";
        }
        // Spring Security says bad credentials for an unknown user too (it hides which one it was)
        return denied instanceof BadCredentialsException ? "wrong user name or password"
                : "the credentials were not accepted";
    }

    private static boolean readable(String token) {
        try {
            return new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8).contains(":");
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }
}
