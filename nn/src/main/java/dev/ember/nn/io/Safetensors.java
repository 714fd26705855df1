package dev.ember.nn.io;

import dev.ember.Shape;
import dev.ember.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format, the one
 * PyTorch and Hugging Face exchange weights in: an 8-byte little-endian header length, a JSON header giving
 * each tensor's {@code dtype}, {@code shape} and {@code data_offsets} (plus an optional {@code __metadata__}
 * map of strings), then the raw little-endian data.
 *
 * <p>Writing is atomic ({@link AtomicFile}): a failure never damages the file already there. Reading checks the
 * whole header against the file (lengths, JSON, dtypes, shapes, offsets that tile the data exactly, with no
 * overlap, hole or trailing bytes) before it builds any tensor, and throws {@link SafetensorsException} naming
 * the file and the problem; it never returns part of a file.
 *
 * <p>Ember puts a CRC-32C of the whole file in the metadata ({@code "ember.crc32c"}, 8 hex digits, computed
 * with those digits as {@code 0}s) with {@code "ember.checksum": "crc32c"} beside it, so a flipped bit anywhere
 * in a file it wrote, data included, is refused rather than read as a different number: one entry without the
 * other is a damaged header too. Other readers see two more metadata strings and ignore them; files without
 * them (PyTorch's) are read unchecked; {@link Contents#metadata()} leaves them out. A tool that rewrites an
 * Ember file with different contents but keeps these entries makes it unreadable here: remove both entries
 * from such a file.
 *
 * <pre>{@code
 * Safetensors.write(Path.of("model.safetensors"), model.stateDict(), Map.of("format", "pt"));
 * model.loadStateDict(Safetensors.read(Path.of("model.safetensors")).tensors());
 * }</pre>
 */
public final class Safetensors {
    /** The same bound as the reference implementation, so a corrupt length cannot make us allocate gigabytes. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";
    /** The metadata entry holding the file's CRC-32C; always the first entry of a file Ember writes. */
    static final String CHECKSUM_KEY = "ember.crc32c";
    /** Names the checksum's kind; with {@link #CHECKSUM_KEY}, so that damage to either key is seen. */
    static final String CHECKSUM_KIND_KEY = "ember.checksum";
    private static final String CHECKSUM_KIND = "crc32c";
    private static final String CHECKSUM_PLACEHOLDER = "00000000";

    /**
     * What a file holds: tensors by name in file order, the metadata strings, and the type each tensor was
     * stored in (its dtype in {@link #tensors()} is {@link SafetensorsDType#readAs()}).
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata, Map<String, SafetensorsDType> storedAs) {}

    private Safetensors() {}

    // ---- writing ----

    /** Writes {@code tensors}, each in its own dtype, with no metadata. */
    public static void write(Path path, Map<String, Tensor> tensors) throws IOException {
        write(path, tensors, Map.of(), Map.of());
    }

    /** Writes {@code tensors}, each in its own dtype, and the {@code metadata} strings. */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        write(path, tensors, metadata, Map.of());
    }

    /**
     * As {@link #write(Path, Map, Map)}, storing the tensors named in {@code storeAs} in the given type
     * ({@code F16} or {@code BF16} to halve a float32 file; narrow integers are range-checked).
     */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata,
                             Map<String, SafetensorsDType> storeAs) throws IOException {
        List<String> names = new ArrayList<>(tensors.keySet());
        List<SafetensorsDType> types = new ArrayList<>();
        StringBuilder header = new StringBuilder("{");
        header.append(Json.quote(METADATA_KEY)).append(":{").append(Json.quote(CHECKSUM_KIND_KEY)).append(':')
                .append(Json.quote(CHECKSUM_KIND)).append(',').append(Json.quote(CHECKSUM_KEY)).append(':');
        int checksumAt = header.length() + 1; // after the opening quote; the header so far is ASCII
        header.append(Json.quote(CHECKSUM_PLACEHOLDER));
        for (var e : metadata.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) throw new IllegalArgumentException("safetensors metadata cannot hold null: " + e);
            if (e.getKey().equals(CHECKSUM_KEY) || e.getKey().equals(CHECKSUM_KIND_KEY)) continue; // written afresh
            header.append(',').append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
        }
        header.append('}');
        long offset = 0;
        for (String name : names) {
            Tensor t = tensors.get(name);
            if (name == null || t == null) throw new IllegalArgumentException("safetensors cannot hold a null name or tensor (" + name + ")");
            if (name.equals(METADATA_KEY)) throw new IllegalArgumentException("'" + METADATA_KEY + "' is reserved for metadata, not a tensor name");
            SafetensorsDType type = storeAs.getOrDefault(name, SafetensorsDType.of(t.dtype()));
            if (!type.canStore(t.dtype())) throw new IllegalArgumentException("tensor '" + name + "' of dtype " + t.dtype() + " cannot be stored as " + type);
            types.add(type);
            long bytes = (long) t.numel() * type.byteSize();
            if (header.length() > 1) header.append(',');
            header.append(Json.quote(name)).append(":{\"dtype\":\"").append(type).append("\",\"shape\":[");
            int[] shape = t.shape();
            for (int d = 0; d < shape.length; d++) header.append(d == 0 ? "" : ",").append(shape[d]);
            header.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        header.append('}');
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        // pad with spaces so the data starts 8-byte aligned, as the reference writer does
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) head.put((byte) ' ');
        head.flip();

        AtomicFile.write(path, channel -> {
            CRC32C crc = new CRC32C();
            crc.update(head.duplicate());
            writeFully(channel, head);
            for (int i = 0; i < names.size(); i++) {
                Tensor t = tensors.get(names.get(i));
                SafetensorsDType type = types.get(i);
                ByteBuffer data = ByteBuffer.allocate(Math.toIntExact((long) t.numel() * type.byteSize())).order(ByteOrder.LITTLE_ENDIAN);
                type.encode(names.get(i), t, data);
                data.flip();
                crc.update(data.duplicate());
                writeFully(channel, data);
            }
            ByteBuffer digits = ByteBuffer.wrap(hex(crc.getValue()).getBytes(StandardCharsets.US_ASCII));
            long at = 8 + checksumAt;
            while (digits.hasRemaining()) at += channel.write(digits, at);
        });
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) channel.write(buffer);
    }

    // ---- reading ----

    private record Entry(int index, String name, SafetensorsDType type, int[] shape, long begin, long end) {}

    private static String hex(long crc) { return String.format("%08x", crc); }

    /** Reads a whole file; see the class comment for what is checked. */
    public static Contents read(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            if (fileSize < 8) throw new SafetensorsException(path, "file is " + fileSize + " bytes, shorter than the 8-byte header length");
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(path, channel, lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength < 0 || headerLength > fileSize - 8) {
                throw new SafetensorsException(path, "header length " + Long.toUnsignedString(headerLength)
                        + " runs past the end of the file (" + fileSize + " bytes)");
            }
            if (headerLength > MAX_HEADER_BYTES) throw new SafetensorsException(path, "header length " + headerLength + " exceeds the limit of " + MAX_HEADER_BYTES);
            if (headerLength < 2) throw new SafetensorsException(path, "header length " + headerLength + " is too short for a JSON object");
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(path, channel, headerBytes, 8);
            headerBytes.flip();
            String json = decodeUtf8(path, headerBytes.duplicate());
            if (json.charAt(0) != '{') throw new SafetensorsException(path, "header does not start with '{'");

            Object parsed;
            try {
                parsed = Json.parse(json);
            } catch (Json.ParseException e) {
                throw new SafetensorsException(path, "header is not valid JSON: " + e.getMessage());
            }
            if (!(parsed instanceof Map<?, ?> top)) throw new SafetensorsException(path, "header is not a JSON object");

            long dataStart = 8 + headerLength;
            long dataLength = fileSize - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = new ArrayList<>();
            for (var e : top.entrySet()) {
                String name = (String) e.getKey();
                if (name.equals(METADATA_KEY)) metadata = metadata(path, e.getValue());
                else entries.add(entry(path, entries.size(), name, e.getValue(), dataLength));
            }
            List<Entry> byOffset = checkTiling(path, entries, dataLength);

            String stored = metadata.remove(CHECKSUM_KEY);
            String kind = metadata.remove(CHECKSUM_KIND_KEY);
            if ((stored == null) != (kind == null)) {
                throw new SafetensorsException(path, "metadata has " + (stored == null ? "'" + CHECKSUM_KIND_KEY + "' but no '" + CHECKSUM_KEY
                        : "'" + CHECKSUM_KEY + "' but no '" + CHECKSUM_KIND_KEY) + "': the header is damaged");
            }
            if (kind != null && !kind.equals(CHECKSUM_KIND)) {
                throw new SafetensorsException(path, "metadata '" + CHECKSUM_KIND_KEY + "' names an unknown checksum \"" + kind + "\" (expected " + CHECKSUM_KIND + ")");
            }
            CRC32C crc = stored == null ? null : new CRC32C();
            if (crc != null) {
                crc.update(lengthBytes.flip());
                crc.update(withoutChecksum(path, headerBytes, stored));
            }
            // in file order, so the checksum sees the data as written; one tensor's raw bytes in memory at a time
            Tensor[] decoded = new Tensor[entries.size()];
            String badBool = null;
            for (Entry entry : byOffset) {
                long bytes = entry.end - entry.begin;
                if (bytes > Integer.MAX_VALUE - 8) {
                    throw new SafetensorsException(path, "tensor '" + entry.name + "' is " + bytes + " bytes; this reader holds at most 2 GiB per tensor");
                }
                ByteBuffer data = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
                readFully(path, channel, data, dataStart + entry.begin);
                data.flip();
                if (crc != null) crc.update(data.duplicate());
                decoded[entry.index] = entry.type.decode(data, (int) Shape.numel(entry.shape), entry.shape);
                if (decoded[entry.index] == null && badBool == null) badBool = entry.name;
            }
            if (crc != null && !hex(crc.getValue()).equals(stored)) {
                throw new SafetensorsException(path, "the file does not match its " + CHECKSUM_KEY + " checksum (stored " + stored
                        + ", computed " + hex(crc.getValue()) + "): it is damaged, or was changed by a tool that kept Ember's checksum entry");
            }
            if (badBool != null) throw new SafetensorsException(path, "tensor '" + badBool + "': a BOOL byte is neither 0 nor 1");

            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Map<String, SafetensorsDType> storedAs = new LinkedHashMap<>();
            for (Entry entry : entries) {
                tensors.put(entry.name, decoded[entry.index]);
                storedAs.put(entry.name, entry.type);
            }
            return new Contents(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata), Collections.unmodifiableMap(storedAs));
        }
    }

    /** The tensors of a file, without its metadata. */
    public static Map<String, Tensor> load(Path path) throws IOException {
        return read(path).tensors();
    }

    private static Map<String, String> metadata(Path path, Object value) throws SafetensorsException {
        if (!(value instanceof Map<?, ?> map)) throw new SafetensorsException(path, "'" + METADATA_KEY + "' is not a JSON object");
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new SafetensorsException(path, "'" + METADATA_KEY + "' value of \"" + e.getKey() + "\" is not a string");
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    /**
     * The header with the checksum's digits as {@code 0}s, as the writer summed it. The entry must be where Ember
     * writes it, {@code "ember.crc32c":"<8 hex digits>"} with no space: only a rewrite by another tool moves it.
     */
    private static ByteBuffer withoutChecksum(Path path, ByteBuffer header, String stored) throws SafetensorsException {
        if (!stored.matches("[0-9a-f]{8}")) {
            throw new SafetensorsException(path, "metadata '" + CHECKSUM_KEY + "' is \"" + stored + "\", not 8 lowercase hex digits");
        }
        byte[] bytes = new byte[header.remaining()];
        header.duplicate().get(bytes);
        byte[] entry = (Json.quote(CHECKSUM_KEY) + ":" + Json.quote(stored)).getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(bytes, entry);
        if (at < 0) {
            throw new SafetensorsException(path, "metadata '" + CHECKSUM_KEY + "' is not written as Ember writes it (was the header"
                    + " rewritten by another tool? remove the entry to read the file unchecked)");
        }
        int digits = at + entry.length - 1 - CHECKSUM_PLACEHOLDER.length();
        for (int i = 0; i < CHECKSUM_PLACEHOLDER.length(); i++) bytes[digits + i] = '0';
        return ByteBuffer.wrap(bytes);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static Entry entry(Path path, int index, String name, Object value, long dataLength) throws SafetensorsException {
        String where = "tensor '" + name + "': ";
        if (!(value instanceof Map<?, ?> info)) throw new SafetensorsException(path, where + "its header entry is not a JSON object");
        for (Object key : info.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw new SafetensorsException(path, where + "unknown field \"" + key + "\"");
            }
        }
        if (!(info.get("dtype") instanceof String dtypeName)) throw new SafetensorsException(path, where + "no \"dtype\" string");
        SafetensorsDType type = SafetensorsDType.byName(dtypeName);
        if (type == null) {
            throw new SafetensorsException(path, where + "unknown or unsupported dtype \"" + dtypeName + "\" (supported: "
                    + java.util.Arrays.toString(SafetensorsDType.values()) + ")");
        }
        if (!(info.get("shape") instanceof List<?> dims)) throw new SafetensorsException(path, where + "no \"shape\" array");
        int[] shape = new int[dims.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                throw new SafetensorsException(path, where + "shape " + dims + " is not a list of non-negative 32-bit integers");
            }
            shape[i] = (int) (long) d;
            numel *= d;
            if (numel > Integer.MAX_VALUE) throw new SafetensorsException(path, where + "shape " + dims + " has more elements than a tensor can hold");
        }
        if (!(info.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2
                || !(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end)) {
            throw new SafetensorsException(path, where + "\"data_offsets\" is not a pair of integers");
        }
        if (begin < 0 || end < begin) throw new SafetensorsException(path, where + "data_offsets [" + begin + ", " + end + "] are not an increasing pair");
        if (end > dataLength) {
            throw new SafetensorsException(path, where + "data_offsets [" + begin + ", " + end + "] run past the end of the data ("
                    + dataLength + " bytes; the file may be truncated)");
        }
        long expected = numel * type.byteSize();
        if (end - begin != expected) {
            throw new SafetensorsException(path, where + "data_offsets [" + begin + ", " + end + "] hold " + (end - begin)
                    + " bytes, but shape " + Shape.str(shape) + " of " + type + " needs " + expected);
        }
        return new Entry(index, name, type, shape, begin, end);
    }

    /** The tensors must cover the data section exactly: no overlap, no hole, nothing after the last one. */
    private static List<Entry> checkTiling(Path path, List<Entry> entries, long dataLength) throws SafetensorsException {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        String previous = null;
        for (Entry e : byOffset) {
            if (e.begin < covered) {
                throw new SafetensorsException(path, "tensor '" + e.name + "' [" + e.begin + ", " + e.end + ") overlaps tensor '" + previous + "' (which ends at " + covered + ")");
            }
            if (e.begin > covered) throw new SafetensorsException(path, "bytes [" + covered + ", " + e.begin + ") of the data belong to no tensor");
            covered = e.end;
            previous = e.name;
        }
        if (covered != dataLength) {
            throw new SafetensorsException(path, (dataLength - covered) + " trailing bytes after the last tensor (data is " + dataLength + " bytes, tensors cover " + covered + ")");
        }
        return byOffset;
    }

    private static String decodeUtf8(Path path, ByteBuffer bytes) throws SafetensorsException {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new SafetensorsException(path, "header is not valid UTF-8");
        }
    }

    private static void readFully(Path path, FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) throw new SafetensorsException(path, "file ended at byte " + at + " while reading (truncated while open?)");
            at += n;
        }
    }
}
