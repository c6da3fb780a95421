package dev.latchkey.app.observability;

import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal OTLP/HTTP trace receiver on 127.0.0.1 (what a collector's {@code otlphttp} receiver
 * does, minus everything else): it accepts {@code POST /v1/traces} in protobuf, keeps the raw
 * bodies, and decodes the few fields of {@code ExportTraceServiceRequest} the tests read. The
 * protobuf reading is done by hand (wire types 0, 1, 2, 5) so the test depends on the OTLP format
 * itself, not on the SDK's own classes.
 */
final class OtlpReceiver implements AutoCloseable {
    /** One received span: ids as hex, SERVER = 2 in OTLP's SpanKind, string attributes only. */
    record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, int kind,
                        Map<String, String> attributes) {
    }

    private final HttpServer server;
    private final List<byte[]> bodies = new CopyOnWriteArrayList<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/traces", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if ("POST".equals(exchange.getRequestMethod())) {
                bodies.add(body);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, 0); // an empty ExportTraceServiceResponse: all accepted
            exchange.close();
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every export body received so far, concatenated: for "this string was never sent". */
    byte[] raw() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        bodies.forEach(all::writeBytes);
        return all.toByteArray();
    }

    List<ReceivedSpan> spans() {
        List<ReceivedSpan> spans = new ArrayList<>();
        for (byte[] body : bodies) {
            for (Field resourceSpans : fields(body)) {
                if (resourceSpans.number != 1) {
                    continue;
                }
                for (Field scopeSpans : fields(resourceSpans.bytes)) {
                    if (scopeSpans.number != 2) {
                        continue;
                    }
                    for (Field span : fields(scopeSpans.bytes)) {
                        if (span.number == 2) {
                            spans.add(span(span.bytes));
                        }
                    }
                }
            }
        }
        return spans;
    }

    private static ReceivedSpan span(byte[] bytes) {
        String trace = "";
        String id = "";
        String parent = "";
        String name = "";
        int kind = 0;
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Field f : fields(bytes)) {
            switch (f.number) {
                case 1 -> trace = HexFormat.of().formatHex(f.bytes);
                case 2 -> id = HexFormat.of().formatHex(f.bytes);
                case 4 -> parent = HexFormat.of().formatHex(f.bytes);
                case 5 -> name = new String(f.bytes, java.nio.charset.StandardCharsets.UTF_8);
                case 6 -> kind = (int) f.varint;
                case 9 -> {
                    String key = null;
                    String value = null;
                    for (Field kv : fields(f.bytes)) {
                        if (kv.number == 1) {
                            key = new String(kv.bytes, java.nio.charset.StandardCharsets.UTF_8);
                        } else if (kv.number == 2) {
                            value = anyValue(kv.bytes);
                        }
                    }
                    attributes.put(key, value);
                }
                default -> { }
            }
        }
        return new ReceivedSpan(trace, id, parent, name, kind, attributes);
    }

    /** An AnyValue as text: string, bool, int or double (arrays and maps are not used here). */
    private static String anyValue(byte[] bytes) {
        for (Field f : fields(bytes)) {
            switch (f.number) {
                case 1 -> {
                    return new String(f.bytes, java.nio.charset.StandardCharsets.UTF_8);
                }
                case 2 -> {
                    return String.valueOf(f.varint != 0);
                }
                case 3 -> {
                    return String.valueOf(f.varint);
                }
                case 4 -> {
                    return String.valueOf(Double.longBitsToDouble(f.varint));
                }
                default -> { }
            }
        }
        return "";
    }

    private record Field(int number, long varint, byte[] bytes) {
    }

    private static List<Field> fields(byte[] message) {
        List<Field> fields = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
        while (in.hasRemaining()) {
            long tag = varint(in);
            int number = (int) (tag >>> 3);
            switch ((int) (tag & 7)) {
                case 0 -> fields.add(new Field(number, varint(in), null));
                case 1 -> fields.add(new Field(number, in.getLong(), null));
                case 2 -> {
                    byte[] bytes = new byte[(int) varint(in)];
                    in.get(bytes);
                    fields.add(new Field(number, 0, bytes));
                }
                case 5 -> fields.add(new Field(number, in.getInt(), null));
                default -> throw new IllegalStateException("unexpected protobuf wire type in " + tag);
            }
        }
        return fields;
    }

    private static long varint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
