package dev.ember.examples.text;

import dev.ember.Generator;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.*;

class CharLanguageModelTest {
    @Test
    void theShippedSliceSplitsIntoCharacterIdsAndNextCharacterTargets() throws IOException {
        CharCorpus corpus = CharCorpus.kingJamesBible(true);
        assertTrue(CharCorpus.sample().startsWith("In the beginning God created the heaven and the earth.\n"));
        assertEquals(149_904, corpus.trainLength() + corpus.validationLength());
        assertEquals(14_990, corpus.validationLength());
        assertEquals("And God said", corpus.decode(corpus.encode("And God said")));
        // English letters, the text's punctuation, space and newline; a model that ignores context needs about 4.3 bits
        assertTrue(corpus.vocabularySize() > 50 && corpus.vocabularySize() < 70, "vocabulary " + corpus.vocabularySize());
        assertEquals(corpus.unigramEntropyBits(), corpus.unigramBaselineBits(), 0.1);
        assertTrue(corpus.unigramBaselineBits() > 4 && corpus.unigramBaselineBits() < 4.6);

        Tensor ids = corpus.trainIds();
        CharCorpus.Batch b = CharCorpus.randomBatch(ids, 3, 10, new Generator(1));
        assertArrayEquals(new int[] {3, 10}, b.inputs().shape());
        long[] in = b.inputs().toLongArray();
        long[] next = b.targets().toLongArray();
        for (int r = 0; r < 3; r++) for (int t = 0; t < 9; t++) assertEquals(in[r * 10 + t + 1], next[r * 10 + t]);
        CharCorpus.Batch w = CharCorpus.windows(corpus.validationIds(), 8, 1000);
        assertEquals(1000, w.inputs().size(0));                                    // at most the 1000 asked for
        assertArrayEquals(corpus.validationIds().narrow(0, 1, 8).toLongArray(), w.targets().select(0, 0).toLongArray());
        assertThrows(IllegalArgumentException.class, () -> corpus.encode("\u00e9"));
    }

    /**
     * A short run (a tiny one-layer Transformer, 150 steps of 16 windows) learns far more than character
     * frequencies: a model whose gradient reaches only the output bias stops at the unigram baseline, and one
     * with a broken gradient does not get below it at all.
     */
    @Test
    void aShortRunBeatsTheUnigramBaselineByHalfABit() throws IOException {
        CharCorpus corpus = CharCorpus.kingJamesBible(true);
        CharModel model = CharModels.TRANSFORMER.create(corpus.vocabularySize(), new CharModels.Size(32, 1, 2, 32, 0.0),
                new Generator(3));
        CharTraining.Result r = CharTraining.train(model, corpus, new CharTraining.Settings(150, 16, 1e-2, 150, 64, 5), System.out);
        double unigram = corpus.unigramBaselineBits();
        assertTrue(r.validationBits() < unigram - 0.5,
                "validation " + r.validationBits() + " bits/char, unigram baseline " + unigram);

        String text = CharTraining.generate(model, corpus, "And God said", 40, 0.8, 7);
        assertEquals(40, text.length());
        assertEquals(text, CharTraining.generate(model, corpus, "And God said", 40, 0.8, 7), "the same seed, the same text");
        assertEquals(corpus.decode(corpus.encode(text)), text);
    }

    /**
     * The LSTM model learns as the Transformer does (same margin, a short run of a small one-layer model), and its
     * decoder, which carries the state from call to call, gives the logits a forward pass over the whole text gives.
     */
    @Test
    void anLstmAlsoBeatsTheUnigramBaselineAndCarriesItsStateWhenGenerating() throws IOException {
        CharCorpus corpus = CharCorpus.kingJamesBible(true);
        CharModel model = CharModels.LSTM.create(corpus.vocabularySize(), new CharModels.Size(48, 1, 1, 16, 0.0),
                new Generator(3));
        CharTraining.Result r = CharTraining.train(model, corpus, new CharTraining.Settings(150, 16, 1e-2, 150, 64, 5), System.out);
        double unigram = corpus.unigramBaselineBits();
        assertTrue(r.validationBits() < unigram - 0.5,
                "validation " + r.validationBits() + " bits/char, unigram baseline " + unigram);

        long[] ids = corpus.encode("And God said, Let there be light");
        model.eval();
        try (var noGrad = dev.ember.Autograd.noGrad()) {
            double[] whole = model.forward(Tensor.of(ids, 1, ids.length)).select(1, ids.length - 1).reshape(-1).toDoubleArray();
            CharModel.Decoder decoder = model.decoder();
            decoder.next(java.util.Arrays.copyOf(ids, 5));
            for (int i = 5; i < ids.length - 1; i++) decoder.next(new long[] {ids[i]});
            assertArrayEquals(whole, decoder.next(new long[] {ids[ids.length - 1]}), 1e-5);
        }
        String text = CharTraining.generate(model, corpus, "And God said", 40, 0.8, 7);
        assertEquals(40, text.length());
        assertEquals(text, CharTraining.generate(model, corpus, "And God said", 40, 0.8, 7), "the same seed, the same text");
    }
}
