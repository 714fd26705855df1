package dev.ember.nn.data;

import dev.ember.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Zalando's 28x28 grey images of 10 kinds of clothing): images float32 {@code [N, 1, 28, 28]}
 * scaled to [0, 1], labels int64 {@code [N]}. {@link #load()} reads the full set (60000 training, 10000 test
 * images) from Debian's {@code dataset-fashion-mnist} package at {@value #DEBIAN_DIR} when it is installed, and
 * otherwise the sample shipped in this module's resources: the first 400 training and 100 test images of each
 * class, in the original order (4000 + 1000 images, exactly balanced), made by
 * {@code src/main/resources/dev/ember/nn/data/fashion-mnist-sample/make_sample.py} from the Debian files.
 *
 * <pre>{@code
 * FashionMnist data = FashionMnist.load();
 * System.out.println(data.source() + (data.isSample() ? " (sample)" : ""));
 * DataLoader train = DataLoader.builder(data.train()).batchSize(64).shuffle(42).build();
 * String name = FashionMnist.CLASS_NAMES.get(label);        // "T-shirt/top", "Trouser", ...
 * }</pre>
 */
public final class FashionMnist {
    /** Where Debian's {@code dataset-fashion-mnist} package puts the files. */
    public static final String DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";
    /** The resource folder of the shipped sample. */
    public static final String SAMPLE_RESOURCE = "/dev/ember/nn/data/fashion-mnist-sample/";
    /** The label names, indexed by label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    public static final int CLASSES = 10;

    private final TensorDataset train;
    private final TensorDataset test;
    private final String source;
    private final boolean sample;

    private FashionMnist(TensorDataset train, TensorDataset test, String source, boolean sample) {
        this.train = train;
        this.test = test;
        this.source = source;
        this.sample = sample;
    }

    /** The full set from {@value #DEBIAN_DIR} when present, else the shipped sample. */
    public static FashionMnist load() { return installed() ? load(Path.of(DEBIAN_DIR)) : loadSample(); }

    /** Whether Debian's package is installed, so that {@link #load()} reads the full set. */
    public static boolean installed() {
        Path dir = Path.of(DEBIAN_DIR);
        for (String split : new String[] {"train", "t10k"}) {
            for (String kind : new String[] {"images", "labels"}) if (!Files.isRegularFile(dir.resolve(file(split, kind)))) return false;
        }
        return true;
    }

    /** The four {@code {train,t10k}-{images-idx3,labels-idx1}-ubyte.gz} files in {@code dir}. */
    public static FashionMnist load(Path dir) {
        try {
            return new FashionMnist(read(dir, "train"), read(dir, "t10k"), dir.toString(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("FashionMnist: cannot load from " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The sample shipped in this module's resources (4000 training, 1000 test images). */
    public static FashionMnist loadSample() {
        try {
            return new FashionMnist(readSample("train"), readSample("t10k"), "classpath:" + SAMPLE_RESOURCE, true);
        } catch (IOException e) {
            throw new UncheckedIOException("FashionMnist: cannot load the shipped sample: " + e.getMessage(), e);
        }
    }

    /** Training set: images {@code [N, 1, 28, 28]} in [0, 1], labels int64 {@code [N]}. */
    public TensorDataset train() { return train; }

    /** Test set, as {@link #train()}. */
    public TensorDataset test() { return test; }

    /** True when this is the shipped sample rather than the full set. */
    public boolean isSample() { return sample; }

    /** The folder the files came from, or {@code classpath:...} for the sample. */
    public String source() { return source; }

    private static String file(String split, String kind) {
        return split + "-" + (kind.equals("images") ? "images-idx3" : "labels-idx1") + "-ubyte.gz";
    }

    private static TensorDataset read(Path dir, String split) throws IOException {
        return dataset(IdxReader.read(dir.resolve(file(split, "images"))), IdxReader.read(dir.resolve(file(split, "labels"))),
                dir.resolve(file(split, "images")).toString());
    }

    private static TensorDataset readSample(String split) throws IOException {
        return dataset(resource(file(split, "images")), resource(file(split, "labels")), SAMPLE_RESOURCE + file(split, "images"));
    }

    private static IdxData resource(String name) throws IOException {
        try (InputStream in = FashionMnist.class.getResourceAsStream(SAMPLE_RESOURCE + name)) {
            if (in == null) throw new IOException("resource " + SAMPLE_RESOURCE + name + " is missing from the classpath");
            return IdxReader.read(in, SAMPLE_RESOURCE + name);
        }
    }

    private static TensorDataset dataset(IdxData images, IdxData labels, String name) throws IOException {
        int[] d = images.dims();
        if (d.length != 3 || d[1] != 28 || d[2] != 28 || images.type() != IdxData.Type.UBYTE) {
            throw new IdxFormatException(name, "expected ubyte images [N, 28, 28], got " + images);
        }
        if (labels.dims().length != 1 || labels.dims()[0] != d[0] || labels.type() != IdxData.Type.UBYTE) {
            throw new IdxFormatException(name.replace("images-idx3", "labels-idx1"), "expected " + d[0] + " ubyte labels, got " + labels);
        }
        for (byte b : labels.data()) {
            if ((b & 0xFF) >= CLASSES) throw new IdxFormatException(name.replace("images-idx3", "labels-idx1"), "label " + (b & 0xFF) + " is not a class 0.." + (CLASSES - 1));
        }
        Tensor x = images.toFloatTensor(1.0 / 255).reshape(d[0], 1, 28, 28);
        return new TensorDataset(x, labels.toLongTensor());
    }
}
