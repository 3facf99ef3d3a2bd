package dev.topowatch.it.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * A Prometheus HTTP API answer: the HTTP status and the JSON envelope
 * ({@code status}, {@code data}, {@code errorType}, {@code error}, {@code warnings}).
 */
public record PromResponse(int httpStatus, JsonNode body) {

    /** HTTP 200 and {@code "status":"success"}: the expression parsed and evaluated. */
    public boolean isSuccess() {
        return httpStatus == 200 && "success".equals(body.path("status").asText());
    }

    /** Prometheus's error message ("parse error: ..."), or empty. */
    public String error() {
        return body.path("errorType").asText("") + (body.has("error") ? ": " + body.path("error").asText() : "");
    }

    public JsonNode data() {
        return body.path("data");
    }

    /** {@code vector}, {@code matrix}, {@code scalar} or {@code string} for queries. */
    public String resultType() {
        return data().path("resultType").asText("");
    }

    /** The {@code data.result} array (or scalar pair); a missing node when absent. */
    public JsonNode result() {
        JsonNode result = data().path("result");
        return result.isMissingNode() ? MissingNode.getInstance() : result;
    }

    /** Number of series in a vector or matrix result; 1 for a scalar or string; 0 otherwise. */
    public int seriesCount() {
        return switch (resultType()) {
            case "vector", "matrix" -> result().size();
            case "scalar", "string" -> 1;
            default -> 0;
        };
    }

    /** The value of the first sample of an instant vector or scalar result. */
    public double firstValue() {
        JsonNode pair = "vector".equals(resultType()) ? result().path(0).path("value") : result();
        if (!pair.isArray() || pair.size() != 2) {
            throw new IllegalStateException("no sample in " + body);
        }
        return Double.parseDouble(pair.get(1).asText());
    }

    @Override
    public String toString() {
        return httpStatus + " " + body;
    }
}
