package dev.ember.examples.search;

import dev.ember.nn.train.HyperparameterSearch.Result;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SearchStrategiesTest {
    @Test
    void threeStrategiesFillOneTableAndEachFindsASettingThatLearns() {
        var text = new ByteArrayOutputStream();
        Map<String, Result> results = SearchStrategies.run(new PrintStream(text), 6, 15);
        String table = text.toString();
        assertEquals(java.util.List.of("grid", "random", "bayesian"), java.util.List.copyOf(results.keySet()));
        assertTrue(table.startsWith("strategy"), table);
        assertEquals(4, table.lines().count(), table);
        assertEquals(9, results.get("grid").trials().size());
        assertEquals(6, results.get("bayesian").trials().size());
        for (Result r : results.values()) assertTrue(r.best().score() < Math.log(2), "better than chance: " + table);
    }
}
