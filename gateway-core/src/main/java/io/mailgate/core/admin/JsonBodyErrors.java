package io.mailgate.core.admin;

import java.io.IOException;
import java.util.Collection;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

/**
 * Turns a request body that Jackson cannot read into a 400 whose detail says what is wrong in the
 * client's terms (line and column, an unknown field, a field of the wrong type), without Jackson's
 * own messages, class names or source excerpts. Also refuses an empty JSON body, which Jackson would
 * read as {@code null}. Only request bodies pass here, so a failure to write a response stays a 500.
 */
final class JsonBodyErrors implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (!isJson(context.getMediaType())) {
            return context.proceed();
        }
        Object body;
        try {
            body = context.proceed();
        } catch (JsonProcessingException e) {
            throw ApiException.malformed(describe(e));
        }
        if (body == null) {
            throw ApiException.malformed("the request needs a JSON object as its body");
        }
        return body;
    }

    static String describe(JsonProcessingException error) {
        if (error instanceof JsonEOFException) {
            return "the JSON body ends before it is complete";
        }
        if (error instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "'" + known(unknown.getKnownPropertyIds());
        }
        if (error instanceof MismatchedInputException mismatch) {
            String field = field(mismatch);
            return field.isEmpty()
                    ? "the body must be a JSON object"
                    : "the field '" + field + "' must be " + expected(mismatch.getTargetType());
        }
        if (error instanceof StreamReadException read) {
            return "the body is not valid JSON" + where(read.getLocation());
        }
        if (error instanceof JsonMappingException mapping && !field(mapping).isEmpty()) {
            return "the field '" + field(mapping) + "' has a value that cannot be used";
        }
        return "the body is not valid JSON";
    }

    private static boolean isJson(MediaType type) {
        return type != null && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"));
    }

    private static String field(JsonMappingException error) {
        return error.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String known(Collection<Object> ids) {
        if (ids == null || ids.isEmpty()) {
            return "";
        }
        return "; the fields are " + new TreeSet<>(ids.stream().map(String::valueOf).toList()).stream()
                .map(id -> "'" + id + "'").collect(Collectors.joining(", "));
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
