package dev.evalunit.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonMatchTest {

  @Test
  void equalityIgnoresKeyOrderAndWhitespaceAndComparesNumbersByValue() {
    assertThat(Scorers.jsonEquals().score("{\"a\": 1, \"b\": [true, null, \"x\"]}",
        "{ \"b\":[true,null,\"x\"],\n \"a\":1.0 }").value()).isEqualTo(1.0);
    assertThat(Scorers.jsonEquals().score("1e2", "100").value()).isEqualTo(1.0);
    assertThat(Scorers.jsonEquals().score("0.1", "0.10000000000000000001").value()).isZero();
    Score typed = Scorers.jsonEquals().score("{\"n\": 1}", "{\"n\": \"1\"}");
    assertThat(typed.value()).isZero();
    assertThat(typed.reason()).contains("$.n: expected number 1, got string \"1\"");
  }

  @Test
  void equalityNamesEveryDifferenceByPath() {
    Score score = Scorers.jsonEquals().score(
        "{\"user\": {\"id\": 7, \"tags\": [\"a\", \"b\"]}, \"ok\": true}",
        "{\"user\": {\"id\": 8, \"tags\": [\"a\"], \"extra\": 1}, \"ok\": true, \"my key\": 2}");
    assertThat(score.value()).isZero();
    assertThat(score.details().get("differences")).asList().containsExactly(
        "$.user.id: expected 7, got 8",
        "$.user.tags: expected 2 elements, got 1",
        "$.user.extra: not expected (got 1)",
        "$[\"my key\"]: not expected (got 2)");
    assertThat(score.reason()).startsWith("4 differences from the expected JSON: $.user.id");
  }

  @Test
  void arraysAreOrderedUnlessAskedOtherwise() {
    assertThat(Scorers.jsonEquals().score("[1, 2, 3]", "[3, 2, 1]").value()).isZero();
    assertThat(Scorers.jsonEquals().ignoringArrayOrder().score("[1, 2, 2]", "[2, 1, 2]").value())
        .isEqualTo(1.0);
    // A multiset: one answer element cannot stand for two expected ones.
    Score twice = Scorers.jsonEquals().ignoringArrayOrder().score("[2, 2]", "[2, 3]");
    assertThat(twice.value()).isZero();
    assertThat(twice.reason()).contains("no element matches expected element [1] 2");
  }

  @Test
  void subsetAllowsExtraKeysAtAnyDepthButArraysKeepTheirLength() {
    JsonMatch subset = Scorers.jsonSubset();
    assertThat(subset.score("{\"intent\": \"refund\"}",
        "{\"confidence\": 0.9, \"intent\": \"refund\"}").value()).isEqualTo(1.0);
    assertThat(subset.score("{\"items\": [{\"sku\": \"A\"}, {\"sku\": \"B\"}]}",
        "{\"items\": [{\"sku\": \"A\", \"qty\": 1}, {\"sku\": \"B\", \"qty\": 2}], \"n\": 2}")
        .value()).isEqualTo(1.0);
    Score longer = subset.score("{\"items\": [1]}", "{\"items\": [1, 2]}");
    assertThat(longer.value()).isZero();
    assertThat(longer.reason()).contains("$.items: expected 1 elements, got 2");
    Score missing = subset.score("{\"a\": {\"b\": 1}}", "{\"a\": {\"c\": 1}}");
    assertThat(missing.reason()).contains("$.a.b: missing (expected 1)");
  }

  @Test
  void subsetWithoutOrderFindsEachExpectedElementAmongMore() {
    JsonMatch subset = Scorers.jsonSubset().ignoringArrayOrder();
    assertThat(subset.score("[{\"id\": 2}, {\"id\": 1}]",
        "[{\"id\": 1, \"x\": 0}, {\"id\": 3}, {\"id\": 2}]").value()).isEqualTo(1.0);
    // {"id":1} fits both answer elements; the matching must give {"id":1,"k":1} to the second.
    assertThat(subset.score("[{\"id\": 1}, {\"id\": 1, \"k\": 1}]",
        "[{\"id\": 1, \"k\": 1}, {\"id\": 1}]").value()).isEqualTo(1.0);
    assertThat(subset.score("[1, 2]", "[2]").reason())
        .contains("$: expected at least 2 elements, got 1");
  }

  @Test
  void theAnswerIsReadStrictly() {
    Score prose = Scorers.jsonEquals().score("{}", "Sure! {}");
    assertThat(prose.value()).isZero();
    assertThat(prose.reason()).contains("is not JSON").contains("line 1, column");
    assertThat(Scorers.jsonEquals().score("{\"a\":1}", "{\"a\":1} trailing").reason())
        .contains("is not JSON");
    assertThat(Scorers.jsonEquals().score("{\"a\":1}", "{\"a\":1,\"a\":2}").reason())
        .contains("Duplicate field 'a'");
    assertThat(Scorers.jsonEquals().score("{}", "  ").reason()).contains("is empty");
    String fenced = "```json\n{\"a\": 1}\n```";
    assertThat(Scorers.jsonEquals().score("{\"a\": 1}", fenced).value()).isZero();
    assertThat(Scorers.jsonEquals().acceptingCodeFence().score("{\"a\": 1}", fenced).value())
        .isEqualTo(1.0);
    assertThatThrownBy(() -> Scorers.jsonEquals().score("{a: 1}", "{}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the expected JSON \"{a: 1}\" is not valid JSON");
  }

  @Test
  void expectedValuesMayBePlainJdkValues() {
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("ids", List.of(1, 2));
    expected.put("name", "Ann");
    expected.put("none", null);
    assertThat(Scorers.jsonEquals().scoreAgainst(expected,
        "{\"none\": null, \"name\": \"Ann\", \"ids\": [1.0, 2]}").value()).isEqualTo(1.0);
    assertThat(Scorers.jsonSubset().scoreAgainst(Map.of("name", "Ann"),
        "{\"name\": \"Bob\"}").reason()).contains("$.name: expected string \"Ann\", got string \"Bob\"");
  }
}
