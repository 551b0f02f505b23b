package dev.opencic.server.speech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.nlu.IntentMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Choosing among N-best texts with the server's own English templates. */
class TemplateHypothesisSelectorTest {

    static final IntentMatcher MATCHER = IntentMatcher.forLanguage("en");
    final TemplateHypothesisSelector selector = new TemplateHypothesisSelector(MATCHER);

    @Test
    void aBestScoringTextUnderstoodWordForWordIsKept() {
        assertThat(selector.select(List.of("what time is it", "what time is it now"))).isZero();
        // even when a lower path is understood as well: the recogniser's ranking decides ties
        assertThat(selector.select(List.of("set a timer for ten minutes", "set a timer for two minutes"))).isZero();
    }

    @Test
    void aLowerTextTheTemplatesUnderstandWinsOverOneTheyDoNot() {
        assertThat(selector.select(List.of("q is shaming", "who is singing"))).isEqualTo(1);
        // another intent, much more confidently: "arms" is a likelier word than "alarms" in general English
        assertThat(selector.select(List.of("remove all my arms", "remove all my alarms"))).isEqualTo(1);
    }

    @Test
    void candidatesDifferingInAFreeTextSlotAreLeftToTheRecogniser() {
        // "take" is a template word, so the matcher likes "trade my vitamins" better: not a reason to switch
        assertThat(selector.select(List.of("new reminder of take my vitamins after breakfast",
                "new reminder of trade my vitamins after breakfast"))).isZero();
        assertThat(selector.select(List.of("please play take five for me", "please play tricks live for me"))).isZero();
    }

    @Test
    void aMisheardCommandWordIsTakenBackFromTheFreeTextSlot() {
        // "then" for "add": the fuzzy match still finds the calendar intent, with "then" in the event
        assertThat(selector.select(List.of("then piano lesson on wednesday at four to my calendar",
                "add piano lesson on wednesday at four to my calendar"))).isEqualTo(1);
        assertThat(selector.select(List.of("write them the spare batteries are in the drawer",
                "write down the spare batteries are in the drawer"))).isEqualTo(1);
        // the same words in the slot, the first one changed: still the recogniser's call
        assertThat(selector.select(List.of("then piano lesson on wednesday at four to my calendar",
                "add piano lessons on wednesday at four to my calendar"))).isZero();
    }

    @Test
    void aSlotValueThatLooksRightWinsOverOneThatDoesNot() {
        // "three minute she": the duration slot takes a word no duration has
        int i = selector.select(List.of("can you make a timer of three minute she",
                "can you make a timer of three minutes"));
        assertThat(i).isEqualTo(1);
    }

    @Test
    void onlyATextNotUnderstoodWordForWordAsksForAlternatives() {
        assertThat(selector.wantsAlternatives("what time is it")).isFalse();
        assertThat(selector.wantsAlternatives("can you make a timer of three minute she")).isTrue();
        assertThat(selector.wantsAlternatives("blue green yellow")).isTrue();
    }

    @Test
    void nothingUnderstoodKeepsTheFirst() {
        assertThat(selector.select(List.of("blue green yellow", "purple orange"))).isZero();
        assertThat(selector.select(List.of("only one"))).isZero();
    }
}
