package io.skein.connectors.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.skein.core.error.HttpErrorMapping;
import io.skein.core.error.HttpErrorMapping.HttpError;
import io.skein.core.wire.SkeinJson;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What Jetty answers on its own — a request line, header or URI it cannot parse, a protocol version it does not
 * speak, a header block too large — as the JSON error body of spec 03 instead of Jetty's HTML page. Those are the
 * client's input, so a 5xx Jetty would send for them (505 for a version, 501 for a transfer coding) is a 400:
 * no input produces a 5xx (D13).
 */
final class JettyErrors extends ErrorHandler {

    /** Every method gets a body: a HEAD answer drops it on the way out, as for any other response. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        HttpError error = errorOf(code, message);
        response.setStatus(error.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Reply.JSON);
        response.write(true, ByteBuffer.wrap(body(error)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Reply.JSON);
        return ByteBuffer.wrap(body(errorOf(status, reason)));
    }

    /** The status a client error keeps (or 400 in place of a 5xx for input), with Jetty's reason as the detail. */
    private static HttpError errorOf(int code, String message) {
        String detail = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
        if (code == HttpStatus.NOT_IMPLEMENTED_501 || code == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505) {
            return HttpErrorMapping.badRequest("request: " + detail);
        }
        if (code >= 500) {
            return new HttpError(code, "bug", "bug: " + detail, false);
        }
        if (code == HttpStatus.BAD_REQUEST_400) {
            return HttpErrorMapping.badRequest("request: " + detail);
        }
        if (code == HttpStatus.NOT_FOUND_404) {
            return new HttpError(404, "not_found", "not found: " + detail, false);
        }
        if (code == HttpStatus.PAYLOAD_TOO_LARGE_413) {
            return HttpErrorMapping.payloadTooLarge();
        }
        return new HttpError(code, "invalid_input", "invalid_input: " + detail, false);
    }

    private static byte[] body(HttpError error) {
        try {
            return SkeinJson.strict().writeValueAsBytes(HttpFailure.errorBody(error));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
