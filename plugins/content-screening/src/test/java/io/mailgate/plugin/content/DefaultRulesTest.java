package io.mailgate.plugin.content;

import io.mailgate.api.ContentRules.Screening;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.mailgate.api.Verdict;

/** The default rule set of conf/: every CON-1 and CON-2 category, in English and in Russian. */
class DefaultRulesTest {

    private static final ContentScreener SCREENER = Screen.defaults();

    @Test
    void defaultRulesShouldCoverEveryCategoryInEnglishAndRussian() {
        List<ContentRule> rules = Screen.defaultRules();
        for (Category category : EnumSet.allOf(Category.class)) {
            for (String language : Set.of("en", "ru")) {
                assertTrue(rules.stream().anyMatch(rule -> rule.category().equals(category.id()) && rule.languages().contains(language)),
                        "no default rule for " + category.id() + " in " + language);
            }
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            get-rich-quick     | Start working from home today and earn big.
            get-rich-quick     | Заработайте без вложений уже сегодня!
            get-rich-quick     | Работа на дому для всех желающих.
            guaranteed-results | Results guaranteed or it is free.
            guaranteed-results | Гарантированный результат за неделю.
            prize-winnings     | Congratulations, you have won a new car!
            prize-winnings     | Поздравляем, вы выиграли автомобиль!
            hate-violence      | They call for ethnic cleansing of the region.
            hate-violence      | Они призывают к этнической чистке.
            weapons-drugs      | Where to buy pure cocaine online.
            weapons-drugs      | Здесь можно купить чистый кокаин.
            adult              | Meet hot singles in your area tonight.
            adult              | Лучшие интим услуги города.
            malware-phishing   | Please verify your account within 24 hours.
            malware-phishing   | Ваш аккаунт заблокирован, подтвердите пароль.
            pirate-software    | Download the cracked version of Photoshop.
            pirate-software    | Скачайте взломанную версию программы.
            tobacco-vaping     | The best vape juice at low prices.
            tobacco-vaping     | Электронные сигареты со скидкой.
            counterfeit-drugs  | Cheap Viagra shipped overnight.
            counterfeit-drugs  | Антибиотики без рецепта с доставкой.
            list-brokers       | Ten million email addresses for your campaign.
            list-brokers       | Продам базу адресов для рассылки.
            """)
    void prohibitedTopicsShouldBeRefusedWithTheirCategory(String category, String body) {
        Screening result = SCREENER.screen(Screen.text("Hello", body), "t1");

        assertEquals(Verdict.Kind.REJECT, result.verdict().kind(), body + " -> " + result.findings());
        assertEquals("CON-1", result.verdict().policyId());
        assertTrue(result.verdict().reason().contains("category " + category), result.verdict().reason());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            loans       | Get a payday loan in minutes.
            loans       | Микрозаймы на любые цели.
            investment  | Our Forex trading signals make you rich.
            investment  | Торговля на форекс для начинающих.
            gambling    | Play at our online casino tonight.
            gambling    | Лучшее казино с бонусами.
            mlm         | Join our network marketing team.
            mlm         | Сетевой маркетинг нового уровня.
            crypto      | Buy Bitcoin before the price goes up.
            crypto      | Криптовалюты для всех.
            medicines   | Order from our online pharmacy.
            medicines   | Интернет аптека с доставкой.
            """)
    void highRiskTopicsShouldBeQuarantinedUnlessApproved(String category, String body) {
        Screening held = SCREENER.screen(Screen.text("Hello", body), "t1");
        ContentScreener approving = Screen.screener(Screen.defaultRules(), ScreeningSettings.defaults(),
                (tenant, approved) -> tenant.equals("t1") && approved.equals(category));
        Screening passed = approving.screen(Screen.text("Hello", body), "t1");

        assertEquals(Verdict.Kind.QUARANTINE, held.verdict().kind(), body + " -> " + held.findings());
        assertEquals("CON-2", held.verdict().policyId());
        assertTrue(held.verdict().reason().contains("category " + category), held.verdict().reason());
        assertEquals(Verdict.Kind.ACCEPT, passed.verdict().kind(), passed.findings().toString());
        assertEquals("approved", passed.findings().get(0).outcome());
    }

    @Test
    void ordinaryMailShouldPass() {
        Screening en = SCREENER.screen(Screen.text("Minutes of Tuesday's meeting",
                "Hi all, attached are the minutes. We agreed to move the release to Friday. Regards, Ann"), "t1");
        Screening ru = SCREENER.screen(Screen.text("Протокол встречи",
                "Коллеги, во вложении протокол. Релиз переносим на пятницу. С уважением, Анна"), "t1");

        assertEquals(Verdict.Kind.ACCEPT, en.verdict().kind(), en.findings().toString());
        assertEquals(Verdict.Kind.ACCEPT, ru.verdict().kind(), ru.findings().toString());
    }

    @Test
    void russianStopWordShouldNotTurnWithoutIntoWith() {
        Screening result = SCREENER.screen(Screen.text("Привет", "Заработок с вложениями от 100 тысяч."), "t1");

        assertEquals(Verdict.Kind.ACCEPT, result.verdict().kind(), result.findings().toString());
    }

    @Test
    void fakeTransactionSubjectShouldBeQuarantined() {
        Screening result = SCREENER.screen(Screen.text("Your order is confirmed", "Thanks."), "t1");

        assertEquals(Verdict.Kind.QUARANTINE, result.verdict().kind());
        assertEquals("CON-4", result.verdict().policyId());
    }
}
