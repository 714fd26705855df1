package dev.ember.nn.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON a safetensors header needs: objects (insertion-ordered maps), arrays (lists), strings, integers
 * (as {@code Long}, or {@code Double} when not integral), booleans and null. Strict: duplicate keys, trailing
 * commas, leading zeros, unescaped control characters and anything after the value are errors.
 */
final class Json {
    /** A parse error, with the character position where it was found. */
    static final class ParseException extends Exception {
        ParseException(String message, int position) { super(message + " at character " + position); }
    }

    private final String text;
    private int pos;

    private Json(String text) { this.text = text; }

    /** Parses one JSON value that fills {@code text} (surrounding whitespace allowed). */
    static Object parse(String text) throws ParseException {
        Json p = new Json(text);
        p.skipSpace();
        Object value = p.value(0);
        p.skipSpace();
        if (p.pos != text.length()) throw new ParseException("unexpected text after the JSON value", p.pos);
        return value;
    }

    private static final int MAX_DEPTH = 64;

    private Object value(int depth) throws ParseException {
        if (depth > MAX_DEPTH) throw new ParseException("nesting deeper than " + MAX_DEPTH, pos);
        if (pos >= text.length()) throw new ParseException("unexpected end of JSON", pos);
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) yield number();
                throw new ParseException("unexpected character '" + c + "'", pos);
            }
        };
    }

    private Map<String, Object> object(int depth) throws ParseException {
        Map<String, Object> out = new LinkedHashMap<>();
        pos++;
        skipSpace();
        if (peek() == '}') { pos++; return out; }
        while (true) {
            skipSpace();
            if (peek() != '"') throw new ParseException("expected a string key", pos);
            int keyAt = pos;
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            Object v = value(depth + 1);
            if (out.containsKey(key)) throw new ParseException("duplicate key \"" + key + "\"", keyAt);
            out.put(key, v);
            skipSpace();
            char c = peek();
            pos++;
            if (c == '}') return out;
            if (c != ',') throw new ParseException("expected ',' or '}' in an object", pos - 1);
        }
    }

    private List<Object> array(int depth) throws ParseException {
        List<Object> out = new ArrayList<>();
        pos++;
        skipSpace();
        if (peek() == ']') { pos++; return out; }
        while (true) {
            skipSpace();
            out.add(value(depth + 1));
            skipSpace();
            char c = peek();
            pos++;
            if (c == ']') return out;
            if (c != ',') throw new ParseException("expected ',' or ']' in an array", pos - 1);
        }
    }

    private String string() throws ParseException {
        expect('"');
        StringBuilder s = new StringBuilder();
        while (true) {
            if (pos >= text.length()) throw new ParseException("unterminated string", pos);
            char c = text.charAt(pos++);
            if (c == '"') return s.toString();
            if (c < 0x20) throw new ParseException("unescaped control character in a string", pos - 1);
            if (c != '\\') { s.append(c); continue; }
            if (pos >= text.length()) throw new ParseException("unterminated escape", pos);
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> s.append(e);
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'n' -> s.append('\n');
                case 'r' -> s.append('\r');
                case 't' -> s.append('\t');
                case 'u' -> {
                    int at = pos - 2;
                    char unit = hexUnit(at);
                    if (Character.isHighSurrogate(unit)) {
                        if (!text.startsWith("\\u", pos)) throw new ParseException("lone surrogate \\u" + Integer.toHexString(unit) + " (not followed by a low surrogate)", at);
                        char low = hexUnit(pos);
                        if (!Character.isLowSurrogate(low)) throw new ParseException("lone surrogate \\u" + Integer.toHexString(unit) + " (not followed by a low surrogate)", at);
                        s.append(unit).append(low);
                    } else if (Character.isLowSurrogate(unit)) {
                        throw new ParseException("lone surrogate \\u" + Integer.toHexString(unit) + " (a low surrogate with no high one before it)", at);
                    } else {
                        s.append(unit);
                    }
                }
                default -> throw new ParseException("invalid escape '\\" + e + "' (JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", pos - 2);
            }
        }
    }

    /**
     * The UTF-16 unit of the {@code \\uXXXX} escape at {@code at} (its backslash); moves past it. Exactly four hex
     * digits: {@code Integer.parseInt} would also take a sign ({@code \\u+06d}).
     */
    private char hexUnit(int at) throws ParseException {
        int digits = at + 2;
        int value = 0;
        for (int i = digits; i < digits + 4; i++) {
            int d = i < text.length() ? hexDigit(text.charAt(i)) : -1;
            if (d < 0) {
                String seen = text.substring(at, Math.min(text.length(), digits + 4));
                throw new ParseException("invalid \\u escape '" + seen + "' (needs four hex digits)", at);
            }
            value = value * 16 + d;
        }
        pos = digits + 4;
        return (char) value;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    private Object number() throws ParseException {
        int start = pos;
        if (peek() == '-') pos++;
        if (peek() == '0') pos++;
        else if (isDigit(peek())) while (isDigit(peek())) pos++;
        else throw new ParseException("bad number", start);
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            if (!isDigit(peek())) throw new ParseException("bad number", start);
            while (isDigit(peek())) pos++;
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') pos++;
            if (!isDigit(peek())) throw new ParseException("bad number", start);
            while (isDigit(peek())) pos++;
        }
        String n = text.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(n);
            } catch (NumberFormatException e) {
                throw new ParseException("integer " + n + " does not fit in 64 bits", start);
            }
        }
        return Double.parseDouble(n);
    }

    private Object literal(String word, Object value) throws ParseException {
        if (!text.startsWith(word, pos)) throw new ParseException("unexpected character '" + text.charAt(pos) + "'", pos);
        pos += word.length();
        return value;
    }

    private void expect(char c) throws ParseException {
        if (peek() != c) throw new ParseException("expected '" + c + "'", pos);
        pos++;
    }

    private char peek() { return pos < text.length() ? text.charAt(pos) : '\0'; }

    private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    // ---- writing ----

    /** A JSON string literal for {@code s}, quoted and escaped. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }
}
